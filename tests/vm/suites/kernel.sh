# shellcheck shell=bash disable=SC2034  # SUITE_* are read by tests/vm/run
# Suite "kernel": the noiommu cdev + iommufd ABI kselftests
# (kernel/linux/selftests/noiommu_*.c), including DMA between the two
# e1000e NICs and the GET_PA vs pagemap timing over 512 MiB of hugepages.
# With --kernel stock they check the stock 6.12 behaviour instead.

SUITE_DESC="noiommu cdev/iommufd kernel ABI selftests"
SUITE_ARCHES="x86_64 arm64"
SUITE_MEM=2G
SUITE_HUGEPAGES=400        # 512 MiB timing + 64 MiB check + DMA buffers
SUITE_TIMEOUT=900

. "$FPK_ROOT/tests/vm/lib/selftests.sh"

# Every case must report; the harness fails the ones that stay silent.
suite_build() {
	selftests_build print-progs >"$FPK_EXPECT"
}

# The programs print kselftest TAP; tests/vm/lib/kselftest.awk turns it into
# the result lines the harness reads ("ok N fixture.a_case" -> "ok - a-case").
suite_guest_script() {
	cat <<'GUEST'
export NOIOMMU_EXPECT=$FPK_KERNEL
echo "# noiommu selftests: expecting a $FPK_KERNEL kernel"
rc=0
for t in $(cat /etc/fpk/progs); do
	echo "# $t"
	$t 2>&1 | awk -f /etc/fpk/kselftest.awk || rc=1
done
exit $rc
GUEST
}
