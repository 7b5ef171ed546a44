# shellcheck shell=bash disable=SC2034  # SUITE_* are read by tests/vm/run
# Suite "kernel": the noiommu cdev + iommufd ABI kselftests
# (kernel/linux/selftests/noiommu_*.c), including DMA between the two
# e1000e NICs and the GET_PA vs pagemap timing over 512 MiB of hugepages.
# With --kernel stock they check the stock 6.12 behaviour instead.

SUITE_DESC="noiommu cdev/iommufd kernel ABI selftests"
SUITE_MEM=2G
SUITE_HUGEPAGES=400        # 512 MiB timing + 64 MiB check + DMA buffers
SUITE_TIMEOUT=900

# The programs use the kernel's tools/testing/selftests/kselftest_harness.h.
# A machine that built a kernel has it in its unpacked tree (copied, as that
# tree may be re-prepared by a concurrent build); otherwise the Makefile
# extracts it from /usr/src/linux-source-6.12.tar.xz into the work dir.
suite_build() {
	local src=$FPK_ROOT/kernel/linux/selftests out=$FPK_SUITE_WORK/selftests
	local kcache=${FPK_KHDR%/images/*} tree t progs
	mkdir -p "$out/kselftest"
	for tree in "$kcache"/{"$FPK_KERNEL_FLAVOR",patched,stock}/linux-source-6.12; do
		cp "$tree"/tools/testing/selftests/kselftest{,_harness}.h "$out/kselftest/" \
			2>/dev/null && break
	done
	make -s -C "$src" KHDR="$FPK_KHDR" O="$out" KSFT_DIR="$out/kselftest" \
		MARCH="$FPK_GUEST_CFLAGS" || return 1
	progs=$(make -s -C "$src" print-progs) || return 1
	echo "$progs" >"$FPK_STAGE/etc/fpk/noiommu-tests"
	cp "$FPK_ROOT/tests/vm/lib/kselftest.awk" "$FPK_STAGE/etc/fpk/"
	# Every case must report; the harness fails the ones that stay silent.
	# "-l" prints a fixture/variant/test table on stderr; the guest reports
	# test "fixture.a_case" as "a-case".
	for t in $progs; do
		install -m 755 "$out/$t" "$FPK_STAGE/opt/fpk/bin/$t"
		{ "$out/$t" -l 2>&1 >/dev/null || true; } | awk 'NR > 1 && !/^-/ {
			if (/^ /) n = $1; else if (NF >= 2) n = $NF; else next
			gsub(/_/, "-", n); print n }'
	done >"$FPK_EXPECT"
}

# The programs print kselftest TAP; tests/vm/lib/kselftest.awk turns it into
# the result lines the harness reads ("ok N fixture.a_case" -> "ok - a-case").
suite_guest_script() {
	cat <<'GUEST'
export NOIOMMU_EXPECT=$FPK_KERNEL
echo "# noiommu selftests: expecting a $FPK_KERNEL kernel"
rc=0
for t in $(cat /etc/fpk/noiommu-tests); do
	echo "# $t"
	$t 2>&1 | awk -f /etc/fpk/kselftest.awk || rc=1
done
exit $rc
GUEST
}
