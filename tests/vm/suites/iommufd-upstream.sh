# shellcheck shell=bash disable=SC2034  # SUITE_* are read by tests/vm/run
# Suite "iommufd-upstream": the kernel's own iommufd selftests,
# tools/testing/selftests/iommu/{iommufd,iommufd_fail_nth}.c of the 6.12
# source, against the guest kernel. They drive iommufd through the mock IOMMU
# of CONFIG_IOMMUFD_TEST (in the guest fragment), so they show whether the
# series changed anything for devices behind an IOMMU: patch 0002 touches
# bind, attach and replace for every device. iommufd_fail_nth injects
# allocation failures (FAILSLAB, fault injection in debugfs) into each step
# of its cases. Run it with --kernel stock too: the results must match.

SUITE_DESC="upstream iommufd selftests (mock IOMMU, fault injection)"
SUITE_MEM=2G
SUITE_HUGEPAGES=64
SUITE_TIMEOUT=2400

# Builds the two programs from the selftests of the kernel tree in the cache
# (any flavour: the series does not touch tools/ or iommufd_test.h), or from
# the source tarball. They include "../kselftest_harness.h" and
# "../../../../drivers/iommu/iommufd/iommufd_test.h", so the copy keeps the
# tree's layout.
suite_build() {
	local kcache=${FPK_KHDR%/images/*} w=$FPK_SUITE_WORK/ksrc tree t
	local st=tools/testing/selftests files
	files=("$st/iommu/iommufd.c" "$st/iommu/iommufd_fail_nth.c" "$st/iommu/iommufd_utils.h"
	       "$st/kselftest_harness.h" "$st/kselftest.h" drivers/iommu/iommufd/iommufd_test.h)
	mkdir -p "$w"
	for tree in "$kcache"/{"$FPK_KERNEL_FLAVOR",patched,stock}/linux-source-6.12 ""; do
		if [ -z "$tree" ]; then
			tar -xJf /usr/src/linux-source-6.12.tar.xz -C "$w" --strip-components=1 \
				"${files[@]/#/linux-source-6.12/}" || return 1
			break
		fi
		[ -f "$tree/$st/iommu/iommufd.c" ] || continue
		(cd "$tree" && cp --parents "${files[@]}" "$w/") && break
	done
	# The selftests of Debian's 6.12.y come from later stable backports than
	# the kernel code they test, and use names 6.12 does not define:
	# IOMMU_GET_HW_INFO's input type (in mainline in_data_type shares its
	# place with out_data_type; the default type is 0, the flag bit 0) and
	# the mock device's PASID support (a device flag, 20-bit PASIDs). 6.12's
	# mock IOMMU knows no PASIDs and refuses an unknown device flag, which
	# would fail the setup of every iommufd_ioas.mock_domain case; as 0 the
	# flag asks for a plain mock device, and the cases run. What 6.12 lacks
	# still fails, on every 6.12 kernel, stock or patched: the suite lists
	# those cases and reports them as skipped, with the reason.
	cat >"$w/compat.h" <<-'EOF'
		#ifndef IOMMU_HW_INFO_FLAG_INPUT_TYPE
		#define IOMMU_HW_INFO_FLAG_INPUT_TYPE (1 << 0)
		#define IOMMU_HW_INFO_TYPE_DEFAULT 0
		#define in_data_type out_data_type
		#endif
		#ifndef MOCK_PASID_WIDTH
		#define MOCK_FLAGS_DEVICE_PASID 0
		#define MOCK_PASID_WIDTH 20
		#endif
	EOF
	for t in iommufd iommufd_fail_nth; do
		"$FPK_GUEST_CC" $FPK_GUEST_CFLAGS -static -O2 -Wall -Wno-unused-function -D_GNU_SOURCE \
			-isystem "$FPK_KHDR" -include linux/iommufd.h -include "$w/compat.h" \
			-o "$FPK_STAGE/opt/fpk/bin/$t" "$w/$st/iommu/$t.c" -lpthread || return 1
	done
	cp "$FPK_ROOT/tests/vm/lib/kselftest.awk" "$FPK_STAGE/etc/fpk/"
	known_failures >"$FPK_STAGE/etc/fpk/iommufd-upstream.known"
}

# Cases that fail on every 6.12 kernel, stock as patched (tests/vm/run
# --kernel stock --suite iommufd-upstream gives the same list): Debian's
# selftests test features that later kernels added. The guest reports them
# as skipped with the reason; any other failure fails the suite.
# Format: a regular expression for the case name, a tab, the reason.
known_failures() {
	printf '%s	%s
' \
		'\.area-auto-iova$' "expects automatic IOVAs aligned to their length's lowest set bit, which 6.12's IOVA allocator does not do" \
		'\.get-hw-info$' "asks IOMMU_GET_HW_INFO for a data type (IOMMU_HW_INFO_FLAG_INPUT_TYPE, mainline 6.17); 6.12 refuses the flag with EOPNOTSUPP" \
		'\.alloc-hwpt-nested$' "moves the mock device onto a nested HWPT with a fault queue (IOPF); on 6.12 that replace fails (iommufd.c:533)"
}

# Case names repeat across fixtures and variants, so they are reported whole
# ("iommufd-ioas.mock-domain.ioas-area-destroy"); each program must report
# every case of its plan ("iommufd-complete" fails otherwise).
suite_guest_script() {
	cat <<'GUEST'
mount -t debugfs debugfs /sys/kernel/debug || echo "FAIL - debugfs-mounted: mount failed"
echo "# kernel $FPK_KERNEL; iommufd selftests of linux-source-6.12"
rc=0
for t in iommufd iommufd_fail_nth; do
	echo "# $t"
	start=$(date +%s)
	$t 2>&1 | awk -v full=1 -v prog="$t" -v known=/etc/fpk/iommufd-upstream.known \
		-f /etc/fpk/kselftest.awk || rc=1
	echo "# $t took $(( $(date +%s) - start )) s"
done
exit $rc
GUEST
}
