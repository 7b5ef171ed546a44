# shellcheck shell=bash
# Suite "bus": the PCI bus (drivers/bus/pci) on the guest's two e1000e and
# two virtio-net NICs, bound to vfio-pci in noiommu mode.
#   patched kernel: the noiommu cdev path (noiommu-vfioN + iommufd, GET_PA)
#   stock kernel:   the legacy group path, announced with its risk
# Checks: probe of the four NICs, the explicit noiommu HWPT (one
# IOMMU_HWPT_ALLOC, all four NICs attached to that HWPT, named on the path
# line, destroyed without error), DMA addresses == pagemap for every page,
# pinning (nr_foll_pin), memory added later, BAR/config/capability access,
# MSI-X and INTx link interrupts, teardown on exit/SIGTERM/SIGKILL, runs as
# a non-root user with and without CAP_SYS_RAWIO/CAP_IPC_LOCK, the
# noiommu-off message, usertools/fpk-devbind (python3 from the host's /usr
# is required: without it those cases fail), and (informational) the
# start-up time for 1 GiB: IOAS map + GET_PA vs pagemap.
# The guest programs are app/test-pci-guest/*.c.

SUITE_DESC="PCI bus: noiommu cdev / legacy paths on e1000e + virtio-net"
SUITE_MEM=2G
SUITE_HUGEPAGES=640       # 1 GiB for the timing runs + 128 MiB + 64 MiB
SUITE_SHARE_USR=1         # python3 for usertools/fpk-devbind
SUITE_TIMEOUT=900

BUS_CASES="bus-probes-four-nics bus-path-noiommu-cdev bus-path-legacy-group bus-path-logged
bus-explicit-hwpt
segments-pinned dma-table-equals-pagemap
e1000e0-bar0-status-link-up e1000e0-bar0-mac e1000e0-capabilities
e1000e1-bar0-status-link-up e1000e1-bar0-mac e1000e1-capabilities
virtio0-io-bar-mac virtio0-capabilities virtio1-io-bar-mac virtio1-capabilities
e1000e0-msix-link-interrupt e1000e1-intx-link-interrupt teardown-unpins-everything
dma-table-equals-pagemap-after-add memory-added-later-mapped-and-resolved
memory-released-unpinned teardown-unpins-everything-after-add
sigterm-clean-exit sigkill-kernel-cleanup timing-1g-getpa-vs-pagemap
nonroot-caps-cdev-works nonroot-without-sys-rawio-refused nonroot-without-ipc-lock-refused
bus-noiommu-off-message devbind-status devbind-refusals devbind-noiommu-mode-bind
devbind-unbind"

suite_build() {
	local b=$FPK_SUITE_WORK/fpk-build g=$FPK_SUITE_WORK/fpk-build/app/test-pci-guest

	fpk_meson_build "$b" app/test-pci-guest/fpk-pci-guest app/test-pci-guest/fpk-runas ||
		return 1
	install -m 755 "$g/fpk-pci-guest" "$g/fpk-runas" "$FPK_ROOT/usertools/fpk-devbind" \
		"$FPK_STAGE/opt/fpk/bin/" || return 1
	# The path case that does not apply to this kernel reports a skip.
	printf '%s\n' $BUS_CASES >"$FPK_EXPECT"
	command -v python3 >/dev/null 2>&1 ||
		echo "suite bus: warning: no python3 on the host; the guest takes it from the host's /usr, so the devbind cases will fail (apt-get install python3)" >&2
	return 0
}

# The guest script's helpers, apart so that tests/vm/test/test-results can
# run prog_verdict, need_python3 and finish on the host.
bus_guest_functions() {
	cat <<'GUEST'
BIN=/opt/fpk/bin/fpk-pci-guest
EAL="-l 0-1 --in-memory"
# patched-NAME flavours (tests/vm/run --kernel) carry the series too.
PATCHED=0 KIND=stock; case $FPK_KERNEL in patched*) PATCHED=1 KIND=patched ;; esac
NOIOMMU=/sys/module/vfio/parameters/enable_unsafe_noiommu_mode

FAILS=0
note() { sed 's/^/# /' "$@"; }
ok() { echo "ok - $*"; }
fail() { echo "FAIL - $*"; FAILS=$((FAILS + 1)); }
skip() { echo "skip - $*"; }
# Pinned pages now; stat_refresh folds in the per-CPU counter deltas first.
pins() {
	echo 1 >/proc/sys/vm/stat_refresh 2>/dev/null
	awk '/^nr_foll_pin_acquired/{a=$2} /^nr_foll_pin_released/{r=$2} END{print a-r}' /proc/vmstat
}
# Command register (config offset 4) of a device, in hex.
cmdreg() { od -An -tx2 -j4 -N2 "/sys/bus/pci/devices/$1/config" | tr -d ' \n'; }
bm_on() { [ $(( 0x$(cmdreg "$1") & 4 )) -ne 0 ]; }
NICS="0000:00:02.0 0000:00:03.0 0000:00:04.0 0000:00:05.0"

# Wait until file $1 contains $2 (at most $3 s, and while process $4 lives).
wait_for() {
	i=0
	while ! grep -q "$2" "$1" 2>/dev/null; do
		i=$((i + 1)); [ $i -gt $(($3 * 10)) ] && return 1
		kill -0 "$4" 2>/dev/null || return 1
		sleep 0.1
	done
}

# prog_verdict WHAT RC OUT: fpk-pci-guest printed its result lines to OUT
# and exited with RC: 0 when every check passed, 1 when it printed a FAIL
# line, 2 when it could not start (EAL init, usage), else it died. RC must
# agree with OUT; OUT's FAIL lines count toward this script's exit status.
prog_verdict() {
	nf=$(grep -c '^FAIL - ' "$3")
	FAILS=$((FAILS + nf))
	case $2/$nf in
	0/0) ;;
	1/0) fail "$1: fpk-pci-guest exited with status 1 without a FAIL line" ;;
	1/*) ;;
	0/*) fail "$1: fpk-pci-guest printed $nf FAIL line(s) but exited with status 0" ;;
	*) fail "$1: fpk-pci-guest exited with status $2 after $nf FAIL line(s)" ;;
	esac
}

# need_python3 CASE...: usertools/fpk-devbind needs python3, which the
# guest takes from the host's /usr (SUITE_SHARE_USR=1): it must be there,
# so without it every CASE fails, saying why.
need_python3() {
	command -v python3 >/dev/null 2>&1 && return 0
	for c in "$@"; do
		fail "$c: no python3 in the guest (the suite mounts the host's /usr for it: is python3 installed on the host, did the 9p mount work?)"
	done
	return 1
}

# finish: the script's exit status, non-zero when any case failed (the
# harness's second check: a lost FAIL line still fails the suite).
finish() { echo "# $FAILS failed case(s)"; [ "$FAILS" = 0 ]; }
GUEST
}

suite_guest_script() {
	bus_guest_functions
	cat <<'GUEST'
echo "# kernel $FPK_KERNEL, $(pins) pages pinned at start"

# --- probe, paths, DMA addresses, BARs, config space, interrupts, teardown
$BIN $EAL -m 128 -- probe --expect "$KIND" >/tmp/probe.out 2>/tmp/probe.err
rc=$?
cat /tmp/probe.out
note /tmp/probe.err
if [ $PATCHED = 1 ]; then
	skip "bus-path-legacy-group: patched kernel"
	if grep -q "using the noiommu cdev path (/dev/vfio/devices/noiommu-vfio" /tmp/probe.err; then
		ok bus-path-logged; else fail "bus-path-logged: no noiommu cdev path line"; fi
else
	skip "bus-path-noiommu-cdev: stock kernel"
	if grep -q "using the legacy VFIO group path" /tmp/probe.err &&
	   grep -q "DMA memory is NOT pinned" /tmp/probe.err &&
	   grep -q "kernel/linux/patches/6.12" /tmp/probe.err; then
		ok "bus-path-logged # legacy path announced with its risk and the fix"
	else
		fail "bus-path-logged: no legacy-path warning naming risk and fix"
	fi
fi
prog_verdict probe-run $rc /tmp/probe.out

# --- the explicit noiommu HWPT: the bus allocates it (IOMMU_HWPT_ALLOC) and
# attaches every NIC to it, not to the IOAS; the path line names it; it is
# destroyed (before the IOAS) without a warning. The bus's debug lines show
# the allocation and each attach.
if [ $PATCHED = 1 ]; then
	$BIN $EAL -m 64 --log-level bus:debug -- init >/tmp/hwpt.out 2>&1; rc=$?
	grep -E "HWPT|IOMMU_DESTROY|auto-attach" /tmp/hwpt.out | note
	line=$(grep "using the noiommu cdev path (/dev/vfio/devices/noiommu-vfio" /tmp/hwpt.out)
	hwpt=$(echo "$line" | sed -n 's/.*(IOAS \([0-9]*\), HWPT \([0-9]*\) from IOMMU_HWPT_ALLOC)$/\2/p')
	ioas=$(echo "$line" | sed -n 's/.*(IOAS \([0-9]*\), HWPT \([0-9]*\) from IOMMU_HWPT_ALLOC)$/\1/p')
	nalloc=$(grep -c "IOMMU_HWPT_ALLOC: noiommu (software-only) HWPT" /tmp/hwpt.out)
	natt=$(grep -c "and attached to HWPT $hwpt of IOAS $ioas\$" /tmp/hwpt.out)
	if [ $rc = 0 ] && [ -n "$hwpt" ] && [ "$nalloc" = 1 ] &&
	   grep -q "IOMMU_HWPT_ALLOC: noiommu (software-only) HWPT $hwpt in IOAS $ioas " /tmp/hwpt.out &&
	   [ "$natt" = 4 ] && ! grep -q -E "auto-attach|IOMMU_DESTROY of" /tmp/hwpt.out &&
	   grep -q "IOMMU_IOAS_NOIOMMU_GET_PA (IOAS [0-9]*, HWPT [0-9]* from IOMMU_HWPT_ALLOC)" /tmp/probe.err; then
		ok "bus-explicit-hwpt # IOAS $ioas, HWPT $hwpt from IOMMU_HWPT_ALLOC, 4 NICs attached to it"
	else
		fail "bus-explicit-hwpt: rc $rc, HWPT '$hwpt' on the path line, $nalloc allocation(s), $natt NIC(s) attached to it"
	fi
else
	skip "bus-explicit-hwpt: stock kernel (legacy group path: no iommufd, no HWPT)"
fi

# --- memory added after start (no -m: segments grow on demand)
$BIN $EAL -- hotadd --expect "$KIND" >/tmp/hotadd.out 2>/tmp/hotadd.err
rc=$?
cat /tmp/hotadd.out
note /tmp/hotadd.err
prog_verdict hotadd-run $rc /tmp/hotadd.out

# --- SIGTERM: the application's normal exit path tears everything down
p0=$(pins)
$BIN $EAL -m 128 -- hold >/tmp/hold.out 2>/tmp/hold.err &
pid=$!
if wait_for /tmp/hold.out ready 120 $pid; then
	p1=$(pins)
	kill -TERM $pid; wait $pid; rc=$?
	p2=$(pins)
	note /tmp/hold.out
	if [ $rc = 0 ] && grep -q "clean exit" /tmp/hold.out && [ "$p2" = "$p0" ]; then
		ok "sigterm-clean-exit # pinned pages $p0 -> $p1 -> $p2"
	else
		fail "sigterm-clean-exit: rc $rc, pinned pages $p0 -> $p1 -> $p2"
	fi
else
	kill -9 $pid 2>/dev/null; note /tmp/hold.err; fail "sigterm-clean-exit: never ready"
fi

# --- SIGKILL: closing the device fd resets the device before iommufd unpins
p0=$(pins)
$BIN $EAL -m 128 -- hold >/tmp/hold.out 2>/tmp/hold.err &
pid=$!
if wait_for /tmp/hold.out ready 120 $pid; then
	p1=$(pins)
	bm_before=""; for d in $NICS; do bm_on $d && bm_before="$bm_before $d"; done
	kill -KILL $pid; wait $pid
	p2=$(pins)
	bm_after=""; for d in $NICS; do bm_on $d && bm_after="$bm_after $d"; done
	echo "# SIGKILL: bus master on while running:${bm_before:- none}; after:${bm_after:- none}"
	if [ "$p2" = "$p0" ] && [ -z "$bm_after" ] && [ -n "$bm_before" ] &&
	   { [ $PATCHED = 0 ] || [ "$p1" -gt "$p0" ]; }; then
		ok "sigkill-kernel-cleanup # pinned pages $p0 -> $p1 -> $p2, bus master off"
	else
		fail "sigkill-kernel-cleanup: pinned pages $p0 -> $p1 -> $p2, bus master after:${bm_after:- none}"
	fi
else
	kill -9 $pid 2>/dev/null; note /tmp/hold.err; fail "sigkill-kernel-cleanup: never ready"
fi

# --- start-up time for 1 GiB of 2 MiB pages: GET_PA (pinned) vs pagemap
getpa=""
if [ $PATCHED = 1 ]; then
	$BIN $EAL -m 1024 -- init 2>/tmp/t1.err
	getpa=$(sed -n 's/.*mapped into IOAS [0-9]* in \([0-9.]*\) ms; DMA addresses resolved with GET_PA in \([0-9.]*\) ms.*/\1 \2/p' /tmp/t1.err)
fi
$BIN $EAL -m 1024 --vfio-mode group -- init 2>/tmp/t2.err
pagemap=$(sed -n 's/.*DMA memory: [0-9]* MiB resolved from \/proc\/self\/pagemap in \([0-9.]*\) ms.*/\1/p' /tmp/t2.err)
grep -h "DMA memory" /tmp/t1.err /tmp/t2.err 2>/dev/null | note
if [ -n "$pagemap" ] && { [ $PATCHED = 0 ] || [ -n "$getpa" ]; }; then
	if [ -n "$getpa" ]; then
		echo "$getpa $pagemap" | awk '{ t = $1 + $2; printf "# 1 GiB start-up: IOAS map %.1f ms + GET_PA %.1f ms = %.1f ms; pagemap %.1f ms; ratio %.1fx\n", $1, $2, t, $3, ($3 > 0 ? t / $3 : 0) }'
		ok "timing-1g-getpa-vs-pagemap # informational, see the line above"
	else
		ok "timing-1g-getpa-vs-pagemap # stock kernel: pagemap only, $pagemap ms"
	fi
else
	note /tmp/t1.err /tmp/t2.err 2>/dev/null
	fail "timing-1g-getpa-vs-pagemap: timing lines missing (getpa '$getpa', pagemap '$pagemap')"
fi

# --- unprivileged runs (cdev path only: the legacy path needs root for pagemap)
if [ $PATCHED = 1 ]; then
	chown 1000:1000 /dev/iommu /dev/vfio/devices/*
	RUNAS=/opt/fpk/bin/fpk-runas
	$RUNAS 1000 sys_rawio,ipc_lock $BIN $EAL -m 64 -- init 2>/tmp/nr1.err; rc=$?
	if [ $rc = 0 ] && grep -q "using the noiommu cdev path" /tmp/nr1.err; then
		ok "nonroot-caps-cdev-works # uid 1000 with CAP_SYS_RAWIO + CAP_IPC_LOCK"
	else
		note /tmp/nr1.err; fail "nonroot-caps-cdev-works: rc $rc"
	fi
	$RUNAS 1000 ipc_lock $BIN $EAL -m 64 -- init 2>/tmp/nr2.err; rc=$?
	if [ $rc != 0 ] && grep -q "noiommu devices need CAP_SYS_RAWIO" /tmp/nr2.err; then
		ok "nonroot-without-sys-rawio-refused # $(grep -m1 CAP_SYS_RAWIO /tmp/nr2.err | cut -c1-150)"
	else
		note /tmp/nr2.err; fail "nonroot-without-sys-rawio-refused: rc $rc"
	fi
	$RUNAS 1000 sys_rawio $BIN $EAL -m 64 -- init 2>/tmp/nr3.err; rc=$?
	if [ $rc != 0 ] && grep -q "over RLIMIT_MEMLOCK" /tmp/nr3.err &&
	   grep -q "CAP_IPC_LOCK" /tmp/nr3.err; then
		ok "nonroot-without-ipc-lock-refused # $(grep -m1 RLIMIT_MEMLOCK /tmp/nr3.err | cut -c1-150)"
	else
		note /tmp/nr3.err; fail "nonroot-without-ipc-lock-refused: rc $rc"
	fi
	chown 0:0 /dev/iommu /dev/vfio/devices/*
else
	for c in nonroot-caps-cdev-works nonroot-without-sys-rawio-refused nonroot-without-ipc-lock-refused; do
		skip "$c: stock kernel has no noiommu cdev"
	done
fi

# --- usertools/fpk-devbind, and the bus's message when noiommu mode is off
DEVBIND=/opt/fpk/bin/fpk-devbind
HAVE_PY=0
need_python3 devbind-status devbind-refusals devbind-noiommu-mode-bind devbind-unbind && HAVE_PY=1
if [ $HAVE_PY = 1 ]; then
	$DEVBIND --status >/tmp/st.out 2>&1; rc=$?
	note /tmp/st.out
	n=$(grep -c "^  0000:.*driver=vfio-pci" /tmp/st.out)
	want="vfio-dev=noiommu-vfio"; [ $PATCHED = 1 ] || want="vfio-dev=-"
	if [ $rc = 0 ] && [ "$n" = 4 ] && [ "$(grep -c "^  0000:.*$want" /tmp/st.out)" = 4 ] &&
	   grep -q "noiommu mode (vfio.enable_unsafe_noiommu_mode): on" /tmp/st.out; then
		ok devbind-status
	else
		fail "devbind-status: rc $rc, $n devices on vfio-pci"
	fi
	# Refusals: an unknown device; a device whose interface is up (fake tree).
	F=/tmp/fakesys; D=$F/sys/bus/pci/devices/0000:00:09.0
	mkdir -p $D $F/sys/bus/pci/drivers/vfio-pci $F/sys/class/net/eth9
	echo 0x8086 >$D/vendor; echo 0x10d3 >$D/device; echo 0x020000 >$D/class
	ln -s $D $F/sys/class/net/eth9/device; echo 0x1003 >$F/sys/class/net/eth9/flags
	$DEVBIND --bind vfio-pci 0000:00:1e.7 2>/tmp/r1.err; rc1=$?
	FPK_DEVBIND_SYSROOT=$F $DEVBIND --bind vfio-pci 00:09.0 2>/tmp/r2.err; rc2=$?
	note /tmp/r1.err /tmp/r2.err
	if [ $rc1 = 1 ] && grep -q "no such PCI device" /tmp/r1.err &&
	   [ $rc2 = 1 ] && grep -q "interface eth9 is up" /tmp/r2.err; then
		ok devbind-refusals
	else
		fail "devbind-refusals: rc $rc1/$rc2"
	fi
fi

# noiommu mode off: vfio-pci cannot take a device; the bus says why.
V=0000:00:05.0
echo 0 >$NOIOMMU
echo $V >/sys/bus/pci/devices/$V/driver/unbind
echo $V >/sys/bus/pci/drivers_probe 2>/dev/null
$BIN $EAL -a $V -- init 2>/tmp/off.err; rc=$?
note /tmp/off.err
if [ $rc != 0 ] && grep -q "noiommu mode is off: write 1 to /sys/module/vfio/parameters/enable_unsafe_noiommu_mode before binding (usertools/fpk-devbind --noiommu-mode)" /tmp/off.err; then
	ok bus-noiommu-off-message
else
	fail "bus-noiommu-off-message: rc $rc"
fi
if [ $HAVE_PY = 1 ]; then
	$DEVBIND --bind vfio-pci $V 2>/tmp/b1.err; rc1=$?
	$DEVBIND --noiommu-mode --bind vfio-pci $V >/tmp/b2.out 2>&1; rc2=$?
	note /tmp/b1.err /tmp/b2.out
	if [ $rc1 = 1 ] && grep -q "noiommu mode is off" /tmp/b1.err && [ $rc2 = 0 ] &&
	   grep -q "taints the kernel" /tmp/b2.out &&
	   [ "$(basename "$(readlink /sys/bus/pci/devices/$V/driver)")" = vfio-pci ]; then
		ok devbind-noiommu-mode-bind
	else
		fail "devbind-noiommu-mode-bind: rc $rc1/$rc2"
	fi
	$DEVBIND --unbind $V >/tmp/u.out 2>&1; rc=$?
	note /tmp/u.out
	if [ $rc = 0 ] && [ ! -e /sys/bus/pci/devices/$V/driver ]; then
		ok devbind-unbind
	else
		fail "devbind-unbind: rc $rc"
	fi
	$DEVBIND --bind vfio-pci $V | note
else
	echo 1 >$NOIOMMU
	echo vfio-pci >/sys/bus/pci/devices/$V/driver_override
	echo $V >/sys/bus/pci/drivers_probe
fi
echo "# kernel $FPK_KERNEL, $(pins) pages pinned at the end"
finish
GUEST
}
