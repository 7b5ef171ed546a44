# shellcheck shell=bash disable=SC2034  # SUITE_* are read by tests/vm/run
# Suite "smoke": boots the guest and checks the harness's own setup (mounts,
# hugepages, NIC binding).  Small and fast; also the minimal example of a suite.

SUITE_DESC="guest boot and NIC binding smoke test"
SUITE_ARCHES="x86_64 arm64"
SUITE_MEM=512M
SUITE_HUGEPAGES=16
SUITE_TIMEOUT=300

suite_guest_script() {
	cat <<'GUEST'
check() {  # check NAME COMMAND...
	name=$1; shift
	if "$@" >/dev/null 2>&1; then echo "ok - $name"; else echo "FAIL - $name: '$*' failed"; fi
}
check hugetlbfs-mounted grep -q ' /dev/hugepages hugetlbfs ' /proc/mounts
check hugepages-reserved test "$(cat /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages)" -eq "$FPK_HUGEPAGES"
check noiommu-enabled grep -qx Y /sys/module/vfio/parameters/enable_unsafe_noiommu_mode
n=0
for d in /sys/bus/pci/devices/*; do
	case $(cat "$d/class") in 0x0200*) ;; *) continue ;; esac
	n=$((n + 1))
	check "bound-${d##*/}" test "$(basename "$(readlink "$d/driver")")" = vfio-pci
done
check four-nics test "$n" -eq 4
check vfio-container test -c /dev/vfio/vfio
GUEST
}
