# Shared by devtools/ scripts: package installation and hugepage set-up.
# Sourced, not run.

FPK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Packages needed to build and test FPK on Debian 12.
FPK_BUILD_PACKAGES="gcc clang meson ninja-build pkg-config libnuma-dev libreadline-dev
	libclang-rt-14-dev python3 iproute2 procps"

# Install the Debian packages named in $@ that are missing.
fpk_apt_install() {
	local missing=()
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" != 0 ]; then
		echo "missing packages: ${missing[*]}: install them (apt-get install ${missing[*]}) or run as root" >&2
		return 1
	fi
	echo "installing: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	if ! apt-get install -y -qq "${missing[@]}" >/tmp/fpk-apt.log 2>&1; then
		apt-get update -qq >/dev/null 2>&1 || true
		apt-get install -y -qq "${missing[@]}" >/tmp/fpk-apt.log 2>&1 ||
			{ tail -20 /tmp/fpk-apt.log >&2; return 1; }
	fi
}

# Make sure at least $1 MiB of 2 MiB hugepages are free (reserving more if root).
fpk_hugepages_ensure() {
	local want_mb=$1 sys=/sys/kernel/mm/hugepages/hugepages-2048kB
	[ -d $sys ] || { echo "this kernel has no 2 MiB hugepages" >&2; return 1; }
	local free total need
	free=$(cat $sys/free_hugepages)
	total=$(cat $sys/nr_hugepages)
	need=$((want_mb / 2))
	[ "$free" -ge "$need" ] && return 0
	if [ "$(id -u)" != 0 ]; then
		echo "need $need free 2 MiB hugepages, $free free: run usertools/fpk-hugepages --reserve ${want_mb}M as root" >&2
		return 1
	fi
	echo $((total + need - free)) > $sys/nr_hugepages
	free=$(cat $sys/free_hugepages)
	if [ "$free" -lt "$need" ]; then
		echo "could reserve only $free of $need 2 MiB hugepages (memory fragmented?)" >&2
		return 1
	fi
}
