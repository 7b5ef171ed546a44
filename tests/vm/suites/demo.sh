# shellcheck shell=bash
# Suite "demo": the mission demo that devtools/setup-and-run ends with. In a
# QEMU guest running the patched kernel, fpk-testpmd forwards frames between
# the two emulated e1000e NICs, whose DMA addresses come from
# IOMMU_IOAS_NOIOMMU_GET_PA through the noiommu VFIO cdev: the log line naming
# the path, statistics every 2 s, then the forward statistics on SIGINT.
# It reuses the pmd suite's host build (a static, corei7 fpk-testpmd).

# shellcheck source=tests/vm/suites/pmd.sh
. "$(dirname "${BASH_SOURCE[0]}")/pmd.sh"

# Keep pmd's build, but expect only this suite's one case.
eval "pmd_suite_build() $(declare -f suite_build | tail -n +2)"
suite_build() {
	pmd_suite_build "$@" || return
	echo demo-forwarding >"$FPK_EXPECT"
}

SUITE_DESC="demo: fpk-testpmd forwarding between two e1000e NICs through the noiommu cdev"
SUITE_TIMEOUT=600
SUITE_VMXNET3_PAIR=0  # pmd.sh, sourced above, asks for it

suite_guest_script() {
	cat <<'GUEST'
TP=/opt/fpk/bin/fpk-testpmd
echo "== fpk-testpmd io forwarding, e1000e 0000:00:02.0 <-> 0000:00:03.0, 12 s"
timeout -s INT 14 $TP -l 0-1 -m 192 -a 0000:00:02.0 -a 0000:00:03.0 -- \
	--forward-mode=io --tx-first --stats-period=2 --nb-cores=1 >/tmp/demo.out 2>&1
rc=$?
cat /tmp/demo.out
rx=$(awk '/Accumulated forward statistics/ { a = 1 } a && /RX-packets:/ { print $2; exit }' /tmp/demo.out)
if [ -z "$rx" ]; then
	echo "FAIL - demo-forwarding: exit $rc, no RX-packets in an Accumulated forward statistics block (see the output above)"
	echo "0 passed, 1 failed"
elif [ "$rc" = 0 ] && [ "$rx" -gt 0 ] && grep -q "noiommu cdev path" /tmp/demo.out; then
	echo "ok - demo-forwarding # $rx packets forwarded through the noiommu cdev + GET_PA path"
	echo "1 passed, 0 failed"
else
	echo "FAIL - demo-forwarding: exit $rc, $rx packets received (see the output above)"
	echo "0 passed, 1 failed"
fi
GUEST
}
