# shellcheck shell=bash
# Host side shared by the suites that run kernel/linux/selftests in the guest
# (kernel, viommu): sourced by their suite files.

# selftests_build LIST_TARGET: builds the programs against the guest
# kernel's uapi headers, installs those that "make LIST_TARGET" names into
# the initramfs, lists them in /etc/fpk/LIST_TARGET (without "print-"), and
# prints the names of their cases as the guest reports them: "-l" prints a
# fixture/variant/test table on stderr, test "fixture.a_case" is "a-case".
# The programs use the kernel's tools/testing/selftests/kselftest_harness.h.
# A machine that built a kernel has it in its unpacked tree (copied, as that
# tree may be re-prepared by a concurrent build); otherwise the Makefile
# extracts it from /usr/src/linux-source-6.12.tar.xz into the work dir.
selftests_build() {
	local src=$FPK_ROOT/kernel/linux/selftests out=$FPK_SUITE_WORK/selftests
	local kcache=${FPK_KHDR%/images/*} tree t progs
	mkdir -p "$out/kselftest"
	for tree in "$kcache"/{"$FPK_KERNEL_FLAVOR",patched,stock}/linux-source-6.12; do
		cp "$tree"/tools/testing/selftests/kselftest{,_harness}.h "$out/kselftest/" \
			2>/dev/null && break
	done
	make -s -C "$src" KHDR="$FPK_KHDR" O="$out" KSFT_DIR="$out/kselftest" \
		CC="$FPK_GUEST_CC" MARCH="$FPK_GUEST_CFLAGS" >&2 || return 1
	progs=$(make -s -C "$src" "$1") || return 1
	echo "$progs" >"$FPK_STAGE/etc/fpk/${1#print-}"
	cp "$FPK_ROOT/tests/vm/lib/kselftest.awk" "$FPK_STAGE/etc/fpk/"
	for t in $progs; do
		install -m 755 "$out/$t" "$FPK_STAGE/opt/fpk/bin/$t"
		{ $FPK_GUEST_EXEC "$out/$t" -l 2>&1 >/dev/null || true; } | awk 'NR > 1 && !/^-/ {
			if (/^ /) n = $1; else if (NF >= 2) n = $NF; else next
			gsub(/_/, "-", n); print n }'
	done
}
