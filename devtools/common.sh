# Shared by devtools/ scripts: package installation and hugepage set-up.
# Sourced, not run.

FPK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Packages needed to build and test FPK on Debian 12. tcpdump reads back
# fpk-testpmd's captures; dpdk-dev brings the DPDK telemetry client
# (/usr/bin/dpdk-telemetry.py) the telemetry tests drive, and the DPDK
# testpmd the benchmarks and the memif interop tests run against; libpcap,
# libxdp and libbpf are net_pcap's and net_af_xdp's.
FPK_BUILD_PACKAGES="gcc clang meson ninja-build pkg-config libnuma-dev libreadline-dev doxygen
	libclang-rt-14-dev g++ python3 iproute2 procps tcpdump dpdk-dev libpcap-dev libxdp-dev
	libbpf-dev"
# The arm64 cross build (config/arm64_linux_gcc) and its unit tests under
# qemu-user.
FPK_ARM64_PACKAGES="gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user"

# apt waits this long for another apt/dpkg (unattended upgrades, a second
# FPK script) to release its lock instead of failing at once.
FPK_APT_OPTS=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)

# Install the Debian packages named in $@ that are missing. An argument
# "pkg=version" pins that version (installed when a different one is there).
fpk_apt_install() {
	local missing=() p name want have
	for p in "$@"; do
		name=${p%%=*}
		have=$(dpkg-query -W -f='${Status} ${Version}' "$name" 2>/dev/null || true)
		case $have in "install ok installed "*) ;; *) missing+=("$p"); continue ;; esac
		if [ "$name" != "$p" ]; then
			want=${p#*=}
			[ "${have#install ok installed }" = "$want" ] || missing+=("$p")
		fi
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" != 0 ]; then
		echo "missing packages: ${missing[*]}: install them (apt-get install ${missing[*]}) or run as root" >&2
		return 1
	fi
	echo "installing: ${missing[*]} (waits up to 10 min for another apt to finish)"
	export DEBIAN_FRONTEND=noninteractive
	local log=${TMPDIR:-/tmp}/fpk-apt.log
	# A fresh machine's package lists may be stale or empty: update once
	# when the first attempt cannot find or fetch a package.
	if ! apt-get "${FPK_APT_OPTS[@]}" install -y -qq --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
		apt-get "${FPK_APT_OPTS[@]}" update -qq >>"$log" 2>&1 ||
			{ tail -20 "$log" >&2; echo "apt-get update failed (log: $log)" >&2; return 1; }
		apt-get "${FPK_APT_OPTS[@]}" install -y -qq --no-install-recommends "${missing[@]}" >>"$log" 2>&1 ||
			{ tail -20 "$log" >&2; echo "apt-get install ${missing[*]} failed (log: $log)" >&2; return 1; }
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

# Copy the tree as a clone of it would hold it (tracked and untracked files
# that git does not ignore, as they are in the work tree, not build dirs)
# into the directory $1, for checks that must not touch this tree's builds.
fpk_tree_copy() {
	(cd "$FPK_ROOT" && git ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
		tar --null -T - -cf -) | tar -xf - -C "$1"
}
