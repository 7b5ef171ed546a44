# shellcheck shell=bash disable=SC2034  # SUITE_* are read by tests/vm/run
# Suite "mq-bench": how forwarding scales with lcores in the guest, a
# benchmark, never an assertion on rates. On each NIC pair, io forwarding
# with two rx and two tx queues per port (RSS), started with "start
# tx_first" and --txonly-multi-flow so that the circulating packets are 256
# flows RSS spreads over both queues; once with one forwarding lcore
# (--lcores 0@0,1@1) and once with two (--lcores 0@0,1@0,2@1: the main
# lcore shares CPU 0 with the first forwarding lcore; the guest has two
# CPUs, as this host has two cores). fpk-testpmd on both pairs;
# Debian's DPDK 22.11 dpdk-testpmd the same way on virtio-net (net_virtio
# has multi-queue; its net_e1000_em has one queue, so e1000e has no DPDK
# cell). The virtio pair is on multi-queue taps (SUITE_VIRTIO_BACKEND
# tap-mq: a hub port has one queue). Runs alternate fpk, dpdk and 1, 2
# lcores within each round, 8 s each (pmd-bench's measuring functions).
#
# Parameter: FPK_BENCH_RUNS (host environment, default 5) rounds.
#
# Prints every run, then per NIC the medians per side and lcore count, the
# scaling factor (2-lcore median over 1-lcore median) per side, and the
# FPK/DPDK ratio per cell. TCG emulates the NICs: the device models bound
# these rates. A NIC's case fails only when fpk-testpmd forwarded nothing.

# pmd-bench's build, parameters and guest functions.
. "$FPK_ROOT/tests/vm/suites/pmd-bench.sh"

SUITE_DESC="1 and 2 forwarding lcores on two queue pairs: e1000e (fpk) and virtio-net (fpk, dpdk)"
SUITE_VIRTIO_BACKEND=tap-mq
SUITE_VIRTIO_QUEUES=2
SUITE_VMXNET3_PAIR=0  # pmd-bench.sh, sourced above, adds it
# Four runs per round and NIC, fpk and dpdk on virtio-net: 300 s for boot
# and slack plus 240 s per round.
if bench_runs_valid; then
	SUITE_TIMEOUT=$((300 + BENCH_RUNS * 240))
fi

suite_build() {
	bench_build mq-bench scale-e1000e scale-virtio
}

suite_guest_script() {
	bench_guest_functions
	cat <<'GUEST'
# median of the rates of variable PPS_$1, whole packets per second.
med() { eval "echo \$PPS_$1" | stats | awk '{ printf "%d", $1 }'; }
ratio() { awk -v a=$1 -v b=$2 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }'; }
# scale NAME A B DPDK(yes|no) EXTRA_OPTS [WHY NO DPDK]
scale() {
	N=$1 nodpdk=${6:-}
	for v in fpk1 fpk2 dpdk1 dpdk2; do eval "PPS_$v= CYC_$v="; done
	t0=$(date +%s)
	for k in $(seq 1 $RUNS); do
		for n in 1 2; do
			TAG=$n NBC=$n
			if [ $n = 1 ]; then LC=0@0,1@1; else LC=0@0,1@0,2@1; fi
			measure fpk $N-${n}lcore $k $2 $3 "$5"
			[ $4 = yes ] && measure dpdk $N-${n}lcore $k $2 $3 "$5"
		done
	done
	TAG= LC=0-1 NBC=1
	echo "# $N: $RUNS rounds in $(( $(date +%s) - t0 )) s"
	# Both queues must have carried packets, or the 2-lcore figure means nothing.
	grep -h -A1 "Forward Stats for RX Port" /tmp/$N-2lcore-fpk-$RUNS.out 2>/dev/null | grep -v "^--" | head -8 | note
	f1=$(med fpk1) f2=$(med fpk2)
	line="fpk $f1 pkt/s with 1 lcore, $f2 with 2: factor $(ratio $f2 $f1)"
	if [ $4 = yes ]; then
		d1=$(med dpdk1) d2=$(med dpdk2)
		line="$line; dpdk $d1 with 1, $d2 with 2: factor $(ratio $d2 $d1); fpk/dpdk $(ratio $f1 $d1) with 1 lcore, $(ratio $f2 $d2) with 2"
	else
		line="$line; no dpdk cell ($nodpdk)"
	fi
	echo "# scale-$N: $line (medians of $RUNS; accel $FPK_ACCEL)"
	if [ "$f1" -gt 0 ] && [ "$f2" -gt 0 ]; then
		echo "ok - scale-$N # $line"
		PASS=$((PASS + 1))
	else
		tail -15 /tmp/$N-2lcore-fpk-1.out | note
		echo "FAIL - scale-$N: fpk-testpmd did not forward"
		FAILS=$((FAILS + 1))
	fi
}
echo "# $RUNS rounds (FPK_BENCH_RUNS), ${SECS} s per run; accel $FPK_ACCEL"
MQ="--rxq 2 --txq 2 --txonly-multi-flow"
scale e1000e 0000:00:02.0 0000:00:03.0 no "$MQ --rxd 512 --txd 512" \
	"DPDK 22.11's net_e1000_em has one queue"
if [ -x $DPDK ]; then
	scale virtio 0000:00:04.0 0000:00:05.0 yes "$MQ"
else
	echo "# $DPDK not found on the host (apt-get install dpdk): virtio-net without dpdk cells"
	scale virtio 0000:00:04.0 0000:00:05.0 no "$MQ" "no dpdk-testpmd"
fi
echo "$PASS passed, $FAILS failed, $SKIPS skipped"
[ $FAILS = 0 ]
GUEST
}
