# shellcheck shell=bash disable=SC2034  # SUITE_* are read by tests/vm/run
# Suite "kernel": the noiommu cdev + iommufd ABI selftest
# (kernel/linux/selftests/noiommu_test.c), including DMA between the two
# e1000e NICs and the GET_PA vs pagemap timing over 512 MiB of hugepages.
# With --kernel stock it checks the stock 6.12 behaviour instead.

SUITE_DESC="noiommu cdev/iommufd kernel ABI selftest"
SUITE_MEM=2G
SUITE_HUGEPAGES=400        # 512 MiB timing + 64 MiB check + DMA buffers
SUITE_TIMEOUT=900

suite_build() {
	local out=$FPK_SUITE_WORK/selftests
	mkdir -p "$out"
	make -s -C "$FPK_ROOT/kernel/linux/selftests" KHDR="$FPK_KHDR" O="$out" \
		MARCH="$FPK_GUEST_CFLAGS" || return 1
	install -m 755 "$out/noiommu_test" "$FPK_STAGE/opt/fpk/bin/noiommu_test"
	# Every case must report; the harness fails the ones that stay silent.
	"$out/noiommu_test" --list >"$FPK_EXPECT"
}

suite_guest_script() {
	cat <<'GUEST'
noiommu_test --expect "$FPK_KERNEL"
GUEST
}
