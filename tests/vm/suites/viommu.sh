# shellcheck shell=bash disable=SC2034  # SUITE_* are read by tests/vm/run
# Suite "viommu": a real (virtual) IOMMU beside noiommu devices in one guest.
# QEMU's intel-iommu (aw-bits=48, so that IOVA = VA fits user addresses)
# translates the harness's NICs on pcie.0, whose cdevs are vfioN; a pxb-pcie
# bus with bypass_iommu=on holds a second e1000e pair (hub 3), each behind
# its own PCIe root port, left out of the IOMMU: noiommu-vfioN. The guest
# boots with intel_iommu=on. QEMU's intel-iommu here has no interrupt
# remapping (intremap=off; the guest kernel has no IRQ_REMAP), so iommufd
# refuses to bind a device behind it until the guest allows unsafe
# interrupts (iommufd.allow_unsafe_interrupts), as on a real host without
# remapping: FPK must say so, and the suite then sets the parameter.
# Cases: the IOMMU is active and the pxb pair bypasses it; FPK's message for
# the refused bind; mainline's mixed
# rules with the real IOMMU driver (kernel/linux/selftests/noiommu_viommu.c)
# and a hot reset of a noiommu device through its cdev; fpk-testpmd io
# forwarding on the pcie.0 e1000e pair through FPK's IOMMU cdev path
# (IOVA = VA, never run against an IOMMU before), the same on the vmxnet3
# pair (pcie.0, hub 2: SUITE_VMXNET3_PAIR, which pmd.sh sets) and on the
# pxb pair through the noiommu cdev path, each with its path logged, no
# leak, nothing pinned.

# pmd_guest_functions (io_fwd_verdict, pins, ...) come from the pmd suite.
. "$FPK_ROOT/tests/vm/suites/pmd.sh"

SUITE_DESC="intel-iommu beside noiommu devices: mixed rules, IOMMU cdev path"
SUITE_MEM=1536M
SUITE_HUGEPAGES=400
SUITE_TIMEOUT=1200
SUITE_APPEND="intel_iommu=on"
# shellcheck disable=SC2054  # commas belong to QEMU option values
SUITE_QEMU_PRE_ARGS=(-device intel-iommu,aw-bits=48,intremap=off)
# shellcheck disable=SC2054
SUITE_QEMU_ARGS=(
	-device pxb-pcie,id=pxb1,bus_nr=64,bus=pcie.0,bypass_iommu=on,addr=0x10
	-device pcie-root-port,id=rp1,bus=pxb1,chassis=1,slot=1
	-device pcie-root-port,id=rp2,bus=pxb1,chassis=2,slot=2
	-netdev hubport,id=n6,hubid=3 -netdev hubport,id=n7,hubid=3
	-device e1000e,id=e2,netdev=n6,romfile=,mac=52:54:00:fb:03:01,bus=rp1
	-device e1000e,id=e3,netdev=n7,romfile=,mac=52:54:00:fb:03:02,bus=rp2)

VIOMMU_CASES="iommu-active noiommu-bypass iommu-bind-refused-explained iommu-io-fwd-counters iommu-path-logged
iommu-io-fwd-no-leak iommu-io-fwd-unpinned iommu-vmxnet3-io-fwd-counters iommu-vmxnet3-path-logged
iommu-vmxnet3-io-fwd-no-leak iommu-vmxnet3-io-fwd-unpinned noiommu-rp-io-fwd-counters noiommu-rp-path-logged
noiommu-rp-io-fwd-no-leak noiommu-rp-io-fwd-unpinned"

. "$FPK_ROOT/tests/vm/lib/selftests.sh"

suite_build() {
	local b=$FPK_SUITE_WORK/fpk-build t
	fpk_meson_build "$b" app/testpmd/fpk-testpmd || return 1
	install -m 755 "$b/app/testpmd/fpk-testpmd" "$FPK_STAGE/opt/fpk/bin/" || return 1
	{
		selftests_build print-viommu-progs || return 1
		for t in $VIOMMU_CASES; do echo "$t"; done
	} >"$FPK_EXPECT"
}

suite_guest_script() {
	pmd_guest_functions
	cat <<'GUEST'
EAL="-m 192"
# e1000e by kind: the cdev name says which (vfioN behind the IOMMU).
REAL= NOIOMMU=
for d in /sys/bus/pci/devices/*; do
	[ "$(cat $d/device)" = 0x10d3 ] || continue
	case $(ls $d/vfio-dev 2>/dev/null) in
	noiommu-vfio*) NOIOMMU="$NOIOMMU ${d##*/}" ;;
	vfio*) REAL="$REAL ${d##*/}" ;;
	esac
done
set -- $REAL; R0=${1:-}; R1=${2:-}
set -- $NOIOMMU; N0=${1:-}; N1=${2:-}
echo "# behind the IOMMU: ${REAL:-none}; noiommu: ${NOIOMMU:-none}"

# The IOMMU translates the pcie.0 pair: DMAR is up, their groups have DMA domains.
grp=$(basename "$(readlink /sys/bus/pci/devices/${R0:-none}/iommu_group 2>/dev/null)" 2>/dev/null)
type=$(cat /sys/kernel/iommu_groups/$grp/type 2>/dev/null)
if ls /sys/class/iommu 2>/dev/null | grep -q dmar && [ -n "$R1" ] && [ "${type#DMA}" != "$type" ]; then
	ok "iommu-active # $(ls /sys/class/iommu | tr '\n' ' '); $R0 in group $grp, type $type"
else
	fail "iommu-active: /sys/class/iommu: '$(ls /sys/class/iommu 2>/dev/null)', e1000e behind it: '$REAL', group '$grp' type '$type'"
fi
if [ -n "$N1" ]; then
	ok "noiommu-bypass # $N0 $N1 on the pxb-pcie bus: $(ls /sys/bus/pci/devices/$N0/vfio-dev)"
else
	fail "noiommu-bypass: noiommu e1000e: '$NOIOMMU' (want two)"
fi

# No interrupt remapping: iommufd refuses the bind (EPERM) and FPK names why
# and both ways out; then the suite takes the second one.
U=/sys/module/iommufd/parameters/allow_unsafe_interrupts
echo quit | $TP -l 0-1 $EAL -a $R0 -- -i >/tmp/refused.out 2>&1
if grep -q "needs interrupt remapping" /tmp/refused.out && grep -q "allow_unsafe_interrupts" /tmp/refused.out; then
	ok "iommu-bind-refused-explained # $(grep -o 'VFIO_DEVICE_BIND_IOMMUFD refused (EPERM)' /tmp/refused.out | head -1)"
else
	fail "iommu-bind-refused-explained: $(grep -E 'PCI:|EAL:' /tmp/refused.out | head -3 | tr '\n' ' ')"
fi
echo Y >$U || fail "iommu-bind-refused-explained: cannot write $U"
echo "# $U = $(cat $U)"

rc=0
for t in $(cat /etc/fpk/viommu-progs); do
	echo "# $t"
	$t 2>&1 | awk -f /etc/fpk/kselftest.awk || rc=1
done

# fwd NAME BDF0 BDF1 PATHLINE: io forwarding with --tx-first, 10 s.
fwd() {
	N=$1; O=/tmp/$1
	p0=$(pins)
	( sleep 3; echo "start tx_first"; sleep 10; echo stop; echo "show port stats all"; echo quit ) |
		$TP -l 0-1 $EAL -a $2 -a $3 -- -i >$O.out 2>&1
	r=$?
	note $O.out | grep -E "Forward statistics|RX-|TX-|PCI:|e1000e|vmxnet3|Warning|rror" | head -40
	io_fwd_verdict $N-io-fwd-counters $O.out $r
	if grep -q "$4" $O.out; then ok "$N-path-logged # $4"; else fail "$N-path-logged: no '$4' line"; fi
	if leak_free $O.out; then ok "$N-io-fwd-no-leak"; else fail "$N-io-fwd-no-leak: $(grep -E 'leak|Bye' $O.out | head -2)"; fi
	p1=$(pins)
	if [ "$p1" = "$p0" ]; then ok "$N-io-fwd-unpinned # $p1 pinned"; else fail "$N-io-fwd-unpinned: $p0 pinned before, $p1 after"; fi
}
fwd iommu "$R0" "$R1" "using the IOMMU cdev path (/dev/vfio/devices/vfio"
fwd iommu-vmxnet3 0000:00:07.0 0000:00:08.0 "using the IOMMU cdev path (/dev/vfio/devices/vfio"
fwd noiommu-rp "$N0" "$N1" "using the noiommu cdev path (/dev/vfio/devices/noiommu-vfio"
[ $FAILS = 0 ] || rc=1
echo "# $(kerr) kernel warnings"
exit $rc
GUEST
}
