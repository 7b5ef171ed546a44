# shellcheck shell=bash
# Suite "pmd-bench": a side-by-side benchmark, never an assertion on rates.
# Debian 12's DPDK 22.11 dpdk-testpmd (host /usr shared read-only over
# virtio-9p; legacy noiommu group path, net_e1000_em / net_virtio) and
# fpk-testpmd (noiommu cdev + GET_PA on the patched kernel) on the same NIC
# pair, same shape: io forwarding, --tx-first, burst 32, one forwarding
# core, 512 rx/tx descriptors on e1000e (virtio: the device's ring size); runs alternate F D F D, each
# counting 8 s of forwarding; prints every run, the medians (packets per
# second, both ports together) and the ratio fpk/dpdk.

SUITE_DESC="fpk-testpmd vs DPDK 22.11 dpdk-testpmd on e1000e (and virtio-net)"
SUITE_MEM=1536M
SUITE_HUGEPAGES=400
SUITE_SHARE_USR=1
SUITE_TIMEOUT=1500

suite_build() {
	# The same static fpk-testpmd as the pmd suite (its build in a subshell,
	# so its functions do not replace this suite's).
	( . "$FPK_ROOT/tests/vm/suites/pmd.sh" && suite_build ) || return 1
	printf '%s\n' bench-e1000e bench-virtio >"$FPK_EXPECT"
}

suite_guest_script() {
	cat <<'GUEST'
FPK=/opt/fpk/bin/fpk-testpmd
DPDK=/usr/bin/dpdk-testpmd
RUNS=2
SECS=8
SHAPE="--burst 32 --nb-cores 1"
note() { sed 's/^/# /' "$@"; }
fwdsum() {  # RX-packets of both ports from the forward statistics blocks
	awk '/Forward statistics for port/ { inb = 1; next } /Accumulated/ { inb = 0 }
	     inb && $1 == "RX-packets:" { s += $2; inb = 0 } END { print s + 0 }' "$1"
}
median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
# Wait (at most $3 s, while process $4 lives) until file $1 contains $2.
wait_for() {
	i=0
	while ! grep -q "$2" "$1" 2>/dev/null && [ $i -lt $(($3 * 10)) ] && kill -0 $4 2>/dev/null; do
		sleep 0.1; i=$((i + 1))
	done
}
run() {  # run fpk|dpdk A B OUT EXTRA_OPTS -> prints pps
	rm -f /tmp/cmd.fifo; mkfifo /tmp/cmd.fifo
	if [ $1 = fpk ]; then
		$FPK -l 0-1 -m 256 -a $2 -a $3 -- -i $SHAPE $5 </tmp/cmd.fifo >$4 2>&1 &
	else
		$DPDK -l 0-1 -n 1 -m 256 --in-memory -a $2 -a $3 -- -i $SHAPE $5 </tmp/cmd.fifo >$4 2>&1 &
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
	pps=$(( $(fwdsum $4) / SECS ))
	[ $pps = 0 ] && tail -12 $4 | note >&2
	echo $pps
}
PASS=0 SKIPS=0 FAILS=0
bench() {  # bench NAME A B DPDK_DRIVER [EXTRA_OPTS]
	N=$1; F=""; D=""; why=""
	for i in $(seq 1 $RUNS); do
		f=$(run fpk $2 $3 /tmp/$N-fpk-$i.out "$5"); F="$F $f"
		echo "# $N run $i fpk-testpmd:  $f pkt/s"
		d=$(run dpdk $2 $3 /tmp/$N-dpdk-$i.out "$5"); D="$D $d"
		echo "# $N run $i dpdk-testpmd: $d pkt/s"
	done
	grep -h -E "noiommu cdev path|legacy VFIO group path" /tmp/$N-fpk-1.out | head -1 | cut -c1-150 | note
	grep -h -E "IOMMU type|Probe PCI driver: $4|No-IOMMU" /tmp/$N-dpdk-1.out | head -3 | note
	fm=$(echo $F | median); dm=$(echo $D | median)
	if [ "$fm" -gt 0 ] && [ "$dm" -gt 0 ]; then
		ratio=$(awk -v a=$fm -v b=$dm 'BEGIN { printf "%.2f", a / b }')
		echo "# $N: fpk-testpmd median $fm pkt/s, dpdk-testpmd median $dm pkt/s, fpk/dpdk $ratio (both ports, io fwd, --tx-first, burst 32, 1 core, accel $FPK_ACCEL)"
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
	echo "0 passed, 0 failed, 2 skipped"
	exit 0
fi
# 512 descriptors on e1000e for both; virtio rings keep the device's size.
bench e1000e 0000:00:02.0 0000:00:03.0 net_e1000_em "--rxd 512 --txd 512"
bench virtio 0000:00:04.0 0000:00:05.0 net_virtio
echo "$PASS passed, $FAILS failed, $SKIPS skipped"
GUEST
}
