# shellcheck shell=bash
# Suite "pmd-bench": a side-by-side benchmark, never an assertion on rates.
# Debian 12's DPDK 22.11 dpdk-testpmd (host /usr shared read-only over
# virtio-9p; legacy noiommu group path, net_e1000_em / net_virtio /
# net_vmxnet3) and
# fpk-testpmd (noiommu cdev + GET_PA on the patched kernel) on the same NIC
# pair, same shape: io forwarding, --tx-first, burst 32, one forwarding
# core, --record-core-cycles, 512 rx/tx descriptors on e1000e and vmxnet3
# (virtio: the device's ring size). Runs alternate F D F D ..., each counting 8 s of
# forwarding.
#
# Parameter: FPK_BENCH_RUNS (host environment, default 5) runs per side and
# NIC, e.g.  FPK_BENCH_RUNS=9 tests/vm/run --suite pmd-bench
# The guest timeout grows with it (--timeout still overrides).
#
# Prints every run (packets per second, both ports together, and DPDK's
# "CPU cycles/packet" at stop), then one summary line per NIC: per side the
# median, min and max (the spread) of the rates, the ratio of the medians
# fpk/dpdk, the median cycles/packet per side and the accelerator
# (FPK_ACCEL). TCG bounds these figures and varies from run to run: they are
# reported, never gated. A NIC's case fails only when fpk-testpmd forwarded
# nothing, and is skipped when dpdk-testpmd did not.

SUITE_DESC="fpk-testpmd vs DPDK 22.11 dpdk-testpmd on e1000e, virtio-net and vmxnet3"
SUITE_MEM=1536M
SUITE_HUGEPAGES=400
SUITE_SHARE_USR=1
SUITE_VMXNET3_PAIR=1
BENCH_RUNS=${FPK_BENCH_RUNS:-5}
# A positive whole number, without leading zeros (which $(( )) reads as octal).
bench_runs_valid() { case $BENCH_RUNS in ''|0*|*[!0-9]*) return 1 ;; esac; }
# Timeout: 300 s for boot and slack, plus 180 s per run index (one fpk and
# one dpdk run on each of the three NIC pairs); the e1000e and virtio pairs
# took 73 s under TCG on 2 shared cores (2026-12-06: 41 s e1000e, 32 s
# virtio; the whole suite 82 s with FPK_BENCH_RUNS=1).
if bench_runs_valid; then
	SUITE_TIMEOUT=$((300 + BENCH_RUNS * 180))
else
	SUITE_TIMEOUT=600  # refused in suite_build
fi

# bench_build SUITE CASE...: FPK_BENCH_RUNS checked, fpk-testpmd built,
# the cases expected (shared with the mq-bench suite).
bench_build() {
	local suite=$1; shift
	if ! bench_runs_valid; then
		echo "suite $suite: FPK_BENCH_RUNS='$BENCH_RUNS' is not a positive whole number of runs" >&2
		return 1
	fi
	# The same static fpk-testpmd as the pmd suite (its build in a subshell,
	# so its functions do not replace this suite's).
	( . "$FPK_ROOT/tests/vm/suites/pmd.sh" && suite_build ) || return 1
	printf '%s\n' "$@" >"$FPK_EXPECT"
}

suite_build() {
	bench_build pmd-bench bench-e1000e bench-virtio bench-vmxnet3
}

# The guest's measuring functions, shared with the mq-bench suite.
bench_guest_functions() {
	echo "RUNS=$BENCH_RUNS"
	cat <<'GUEST'
FPK=/opt/fpk/bin/fpk-testpmd
DPDK=/usr/bin/dpdk-testpmd
SECS=8
SHAPE="--burst 32 --record-core-cycles"
# The EAL's lcores and the forwarding lcores of a run (run() reads them).
LC=0-1 NBC=1
# A testpmd that exits early (a port it cannot configure) closes the
# command fifo: writing to it must fail, not kill this shell with SIGPIPE.
trap '' PIPE
note() { sed 's/^/# /' "$@"; }
fwdsum() {  # RX-packets of both ports from the forward statistics blocks
	awk '/Forward statistics for port/ { inb = 1; next } /Accumulated/ { inb = 0 }
	     inb && $1 == "RX-packets:" { s += $2; inb = 0 } END { print s + 0 }' "$1"
}
# testpmd's "CPU cycles/packet=N.NN (...)" line at stop (--record-core-cycles;
# both testpmds count the cycles of bursts that received something).
cycles() { sed -n 's/.*CPU cycles\/packet=\([0-9.]*\).*/\1/p' "$1" | head -1; }
# stats: numbers on stdin -> "median min max count" (median of an even count:
# the mean of the middle two); "0 0 0 0" when there are none.
stats() {
	tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 }
		END { if (NR == 0) { print "0 0 0 0"; exit }
		      m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		      printf "%.2f %.2f %.2f %d\n", m, v[1], v[NR], NR }'
}
# Wait (at most $3 s, while process $4 lives) until file $1 contains $2.
wait_for() {
	w=0
	while ! grep -q "$2" "$1" 2>/dev/null && [ $w -lt $(($3 * 10)) ] && kill -0 $4 2>/dev/null; do
		sleep 0.1; w=$((w + 1))
	done
}
run() {  # run fpk|dpdk A B OUT EXTRA_OPTS: testpmd's output in OUT
	rm -f /tmp/cmd.fifo; mkfifo /tmp/cmd.fifo
	if [ $1 = fpk ]; then
		$FPK --lcores $LC -m 256 -a $2 -a $3 -- -i $SHAPE --nb-cores $NBC $5 </tmp/cmd.fifo >$4 2>&1 &
	else
		$DPDK --lcores $LC -n 1 -m 256 --in-memory -a $2 -a $3 -- -i $SHAPE --nb-cores $NBC $5 \
			</tmp/cmd.fifo >$4 2>&1 &
	fi
	pid=$!
	exec 7>/tmp/cmd.fifo
	# Commands only once the prompt is there (DPDK's start-up over 9p takes
	# a while); dpdk-testpmd waits for the links itself, fpk-testpmd does
	# not: give them the ~0.5 s they take after the reset at probe.
	wait_for $4 "testpmd>" 120 $pid
	[ $1 = fpk ] && sleep 3
	echo "start tx_first" >&7 2>/dev/null; sleep $SECS; echo stop >&7 2>/dev/null; sleep 1
	echo quit >&7 2>/dev/null
	exec 7>&-
	wait $pid
}
# measure SIDE NAME K A B EXTRA: run K of SIDE; appends its rate to $PPS_SIDE and
# its cycles/packet to $CYC_SIDE (SIDE followed by $TAG when set), prints the
# run's line.
measure() {
	o=/tmp/$2-$1-$3.out
	run $1 $4 $5 $o "$6"
	p=$(( $(fwdsum $o) / SECS )); c=$(cycles $o)
	[ $p = 0 ] && tail -12 $o | note
	v=$1${TAG:-}
	eval "PPS_$v=\"\$PPS_$v $p\""
	[ -n "$c" ] && eval "CYC_$v=\"\$CYC_$v $c\""
	printf '# %s run %s %-13s %8s pkt/s, %s cycles/packet\n' $2 $3 "$1-testpmd:" $p "${c:-no}"
}
# side LABEL RATES: "fpk median 340000 pkt/s (min .., max .., spread ..%, N runs)"
side() {
	echo $2 | stats | awk -v l="$1" '{ printf "%s median %d pkt/s (min %d, max %d, spread %.0f%% of the median, %d runs)",
		l, $1, $2, $3, ($1 > 0 ? 100 * ($3 - $2) / $1 : 0), $4 }'
}
PASS=0 SKIPS=0 FAILS=0
GUEST
}

suite_guest_script() {
	bench_guest_functions
	cat <<'GUEST'
bench() {  # bench NAME A B DPDK_DRIVER [EXTRA_OPTS]
	N=$1; PPS_fpk=""; PPS_dpdk=""; CYC_fpk=""; CYC_dpdk=""
	t0=$(date +%s)
	for k in $(seq 1 $RUNS); do
		measure fpk $N $k $2 $3 "$5"
		measure dpdk $N $k $2 $3 "$5"
	done
	echo "# $N: $RUNS runs per side in $(( $(date +%s) - t0 )) s"
	grep -h -E "noiommu cdev path|legacy VFIO group path" /tmp/$N-fpk-1.out | head -1 | cut -c1-150 | note
	grep -h -E "IOMMU type|Probe PCI driver: $4|No-IOMMU" /tmp/$N-dpdk-1.out | head -3 | note
	set -- $(echo $PPS_fpk | stats) $(echo $PPS_dpdk | stats)
	fm=${1%.*} dm=${5%.*}
	# Cycles per packet: the median per side, or why there is none.
	cyf=$(echo $CYC_fpk | stats); cyd=$(echo $CYC_dpdk | stats)
	cyc=""
	for s in "fpk $cyf" "dpdk $cyd"; do
		set -- $s
		if [ "$5" = 0 ]; then
			cyc="$cyc, $1 none (no 'CPU cycles/packet' line at stop)"
		else
			cyc="$cyc, $1 $(awk -v m=$2 'BEGIN { printf "%.1f", m }')$([ "$5" != $RUNS ] && echo " (in $5 of $RUNS runs)")"
		fi
	done
	if [ "$fm" -gt 0 ] && [ "$dm" -gt 0 ]; then
		ratio=$(awk -v a=$fm -v b=$dm 'BEGIN { printf "%.2f", a / b }')
		echo "# bench-$N: $(side fpk "$PPS_fpk"), $(side dpdk "$PPS_dpdk"); fpk/dpdk $ratio (medians); cycles/packet median${cyc#,}; accel $FPK_ACCEL"
		echo "ok - bench-$N # fpk $fm pkt/s, dpdk $dm pkt/s, ratio $ratio, accel $FPK_ACCEL"
		PASS=$((PASS + 1))
	elif [ "$dm" = 0 ]; then
		tail -15 /tmp/$N-dpdk-1.out | note
		echo "skip - bench-$N: dpdk-testpmd did not forward: $(grep -h -E 'EAL: .*(rror|annot|ailed)|Illegal|No probed' /tmp/$N-dpdk-1.out | head -1)"
		SKIPS=$((SKIPS + 1))
	else
		tail -15 /tmp/$N-fpk-1.out | note
		echo "FAIL - bench-$N: fpk-testpmd did not forward"
		FAILS=$((FAILS + 1))
	fi
}
if [ ! -x $DPDK ]; then
	echo "skip - bench-e1000e: $DPDK not found on the host (apt-get install dpdk)"
	echo "skip - bench-virtio: $DPDK not found on the host (apt-get install dpdk)"
	echo "skip - bench-vmxnet3: $DPDK not found on the host (apt-get install dpdk)"
	echo "0 passed, 0 failed, 3 skipped"
	exit 0
fi
echo "# $RUNS runs per side and NIC (FPK_BENCH_RUNS), ${SECS} s each, alternated fpk, dpdk; accel $FPK_ACCEL"
# 512 descriptors on e1000e and vmxnet3 for both; virtio rings keep the
# device's size.
bench e1000e 0000:00:02.0 0000:00:03.0 net_e1000_em "--rxd 512 --txd 512"
bench virtio 0000:00:04.0 0000:00:05.0 net_virtio
bench vmxnet3 0000:00:07.0 0000:00:08.0 net_vmxnet3 "--rxd 512 --txd 512"
echo "$PASS passed, $FAILS failed, $SKIPS skipped"
[ $FAILS = 0 ]
GUEST
}
