# shellcheck shell=bash disable=SC2034  # SUITE_* are read by tests/vm/run
# Suite "mq": multiple queues and RSS, end to end, on the guest's NIC pairs
# (the first NIC of a pair sends, the second receives). Both fpk-testpmds
# run two rx and two tx queues; the receiver runs rxcheck in RSS mode
# (--rxq 2) with a forwarding lcore per rx queue, and first drains what an
# earlier run left on the way. Per pair, in this order:
#   ordered  a counted send: "start tx_first 8" with --txonly-multi-flow
#            (256 source addresses) on both tx queues, 512 packets, fewer
#            than the receiver's rx rings hold, so nothing may be dropped
#            anywhere: every packet arrives intact with its hash and on
#            its RETA queue, on both queues, none after a later packet of
#            its own flow (RX-flow-reordered; flows may pass each other).
#   reta     the same count after "port config 0 rss reta (I,1)" for every
#            entry: "show port 0 rss reta" must list queue 1 for all 128
#            entries, and every packet must arrive on queue 1, none on 0.
#   queue stop/start, where the driver has it: with rx queue 1 stopped a
#            counted send reaches queue 0 only, started again both; else
#            the refusal DPDK prints.
#   flood    flowgen --tx-seq over 16 destination addresses for 10 s from
#            one lcore on both tx queues. Cases: both rx queues receive
#            and both tx queues send (per-queue xstats); every packet
#            carries the NIC's hash and it is the software Toeplitz hash
#            of what the port hashes with the port's key (rss-hash); every
#            packet is on the queue the port's redirection table gives
#            that hash (rss-queue); nothing corrupted or duplicated and
#            the queues' sum is what rxcheck found intact (integrity).
# Then no mbuf leak, nothing left pinned. The virtio pair runs on
# multiqueue taps (SUITE_VIRTIO_BACKEND tap-mq, the sender addressing the
# receiver's MAC so that the bridge forwards).

# The guest helpers (pins, fwdstat, field, need, leak_free, ok/fail/skip).
. "$FPK_ROOT/tests/vm/suites/pmd.sh"

SUITE_DESC="fpk-testpmd with two queues and RSS on the e1000e and virtio-net pairs"
# virtio-net needs a backend with several queues (and a vnet header, for
# hash reports): multiqueue taps on a bridge in a namespace of the run's own.
SUITE_VIRTIO_BACKEND=tap-mq
SUITE_VIRTIO_QUEUES=2
SUITE_VMXNET3_PAIR=0  # pmd.sh, sourced above, asks for it
SUITE_ARCHES="x86_64 arm64"
SUITE_MEM=1536M
SUITE_HUGEPAGES=400
# The guest kernel has NR_CPUS=2 (kernel/linux/config: a larger -smp shows
# 2 CPUs all the same) and this host has 2 cores: the receiver's two
# forwarding lcores get a CPU each; its main lcore and the sender share.
SUITE_TIMEOUT=1200

MQ_PAIRS="e1000e virtio"
MQ_CASES="rx-both-queues tx-both-queues rss-hash rss-queue integrity ordered-no-loss
ordered-in-order ordered-both-queues reta-update queue-stop-start no-leak unpinned"

suite_build() {
	local b=$FPK_SUITE_WORK/fpk-build

	fpk_meson_build "$b" app/testpmd/fpk-testpmd || return 1
	install -m 755 "$b/app/testpmd/fpk-testpmd" "$FPK_STAGE/opt/fpk/bin/" || return 1
	for p in $MQ_PAIRS; do
		for c in $MQ_CASES; do echo "$p-$c"; done
	done >"$FPK_EXPECT"
}

suite_guest_script() {
	pmd_guest_functions
	cat <<'GUEST'
EAL="-m 192"
FLOWS=16
# Every entry of the 128-entry table to queue 1, in DPDK's syntax.
RETA_ALL_1=$(i=0 s=; while [ $i -lt 128 ]; do printf '%s(%d,1)' "$s" $i; s=,; i=$((i + 1)); done)
# wait_for FILE PATTERN TENTHS: until PATTERN is in FILE, at most TENTHS/10 s.
wait_for() {
	i=0
	while ! grep -q "$2" "$1" 2>/dev/null && [ $i -lt $3 ]; do sleep 0.1; i=$((i + 1)); done
	grep -q "$2" "$1" 2>/dev/null
}

# feed "CMD;CMD;sleep N" OUT: the prompt commands, one per line; "sleep N"
# waits, and a start waits until OUT announces forwarding.
feed() {
	echo "$1" | tr ';' '\n' | while read -r c; do
		case $c in
		'') ;;
		sleep\ *) $c ;;
		start*) echo "$c"; wait_for "$2" "packet forwarding - ports=" 900 ;;
		*) echo "$c" ;;
		esac
	done
}

# What an earlier run left queued on the way (the virtio pair's taps hold
# up to their queue length of frames a stopped receiver did not take, and
# hand them to the next one) is received and dropped first, in rxonly mode,
# and the counters cleared: the counted run sees only its sender's packets.
DRAIN="set fwd rxonly;start;sleep 3;stop;clear port stats all;set fwd rxcheck"

# run_pair TAG "RX_PRE" "TX_MODE_ARGS" "TX_CMDS": a receiver (rxcheck, an
# lcore per rx queue on CPUs 0 and 1) that drains, runs the prompt commands
# RX_PRE, starts, and stops 2 s after the sender is done; a sender (one lcore, CPU
# 1) with TX_MODE_ARGS that runs TX_CMDS (";"-separated) once forwarding
# is announced. Outputs in $O-TAG-rx.out and $O-TAG-tx.out, exit statuses
# in RCRX and RCTX.
run_pair() {
	tag=$1 pre=$2 txargs=$3 txcmds=$4
	rm -f $O-$tag-tx.done
	( feed "$DRAIN;$pre" $O-$tag-rx.out; echo start
	  i=0; while [ ! -e $O-$tag-tx.done ] && [ $i -lt 3000 ]; do sleep 0.1; i=$((i + 1)); done
	  sleep 2; echo stop; echo "show port xstats all"; echo quit ) |
		$TP -l 0@0,1@0,2@1 $EAL --file-prefix rx -a $B -- -i --forward-mode rxcheck \
			--port-topology loop --rxq 2 --txq 2 --nb-cores 2 $XARGS \
			>$O-$tag-rx.out 2>&1 &
	rxpid=$!
	if ! wait_for $O-$tag-rx.out "rxcheck packet forwarding - ports=" 900; then
		echo "# $N $tag: the receiver did not start forwarding within 90 s"
		tail -20 $O-$tag-rx.out | note
	fi
	( feed "$txcmds" $O-$tag-tx.out; echo stop; echo "show port xstats all"; echo quit ) |
		$TP -l 0@1,1@1 $EAL --file-prefix tx -a $A -- -i $txargs --tx-seq --txpkts 512 \
			--port-topology loop --rxq 2 --txq 2 --nb-cores 1 $XARGS >$O-$tag-tx.out 2>&1
	RCTX=$?
	touch $O-$tag-tx.done
	wait $rxpid; RCRX=$?
}

# The receiver's rxcheck counters and both sides' queue counters of run TAG
# into variables; MISSING names what the output lacks.
read_counts() {
	rx=$O-$1-rx.out tx=$O-$1-tx.out
	MISSING=
	need sent "$(fwdlast $tx TX-packets)" "sender TX-packets"
	need txq0 "$(field $tx tx_q0_packets)" "sender tx_q0_packets"
	need txq1 "$(field $tx tx_q1_packets)" "sender tx_q1_packets"
	need got "$(fwdlast $rx RX-packets)" "RX-packets"
	need missed "$(fwdlast $rx RX-dropped)" "RX-dropped"
	need rxq0 "$(field $rx rx_q0_packets)" rx_q0_packets
	need rxq1 "$(field $rx rx_q1_packets)" rx_q1_packets
	need seqok "$(field $rx RX-seq-ok)" RX-seq-ok
	need reord "$(field $rx RX-reordered)" RX-reordered
	need freord "$(field $rx RX-flow-reordered)" RX-flow-reordered
	need dup "$(field $rx RX-duplicate)" RX-duplicate
	need corr "$(field $rx RX-corrupted)" RX-corrupted
	need foreign "$(field $rx RX-foreign)" RX-foreign
	# In the port's block of the stop statistics, once its NIC reported hashes.
	need rssok "$(field $rx RX-rss-ok)" RX-rss-ok
	need rsshm "$(field $rx RX-rss-hash-mismatch)" RX-rss-hash-mismatch
	need rssqm "$(field $rx RX-rss-queue-mismatch)" RX-rss-queue-mismatch
	info="sent $sent (tx queues $txq0 + $txq1), received $got (+$missed missed), rx queues $rxq0 + $rxq1, seq-ok $seqok, reordered $reord (within a flow $freord), duplicate $dup, corrupted $corr, foreign $foreign, rss-ok $rssok, hash mismatch $rsshm, queue mismatch $rssqm"
}

# missing_fail TAG CASE...: fail each case naming what the output of TAG lacks.
missing_fail() {
	tag=$1; shift
	for c in "$@"; do
		fail "$N-$c: rc tx $RCTX rx $RCRX, not in the fpk-testpmd output: $MISSING"
	done
	tail -12 $O-$tag-tx.out | note; tail -30 $O-$tag-rx.out | note
}

# Field F of the last "Forward statistics for port 0" block of file $1 (the
# counted run's, after the drain's).
fwdlast() {
	awk -v f="$2:" '/Forward statistics for port 0 / { inb = 1; next } /Accumulated/ { inb = 0 }
		inb { for (i = 1; i < NF; i++) if ($i == f) v = $(i + 1) } END { print v }' "$1"
}

# The cases of one pair: mq_pair NAME SENDER RECEIVER [testpmd args for both].
mq_pair() {
	N=$1 A=$2 B=$3 O=/tmp/mq-$1; shift 3; XARGS="$*"
	P0=$(pins)
	echo "# $N: $A sends, $B receives; kernel $FPK_KERNEL, accel $FPK_ACCEL, $P0 pages pinned at start"

	# ---- ordered: 8 bursts of 32 on each of the 2 tx queues, 256 flows.
	want=512
	run_pair ordered "" "--forward-mode rxonly --txonly-multi-flow" "start tx_first 8;sleep 2"
	read_counts ordered
	if [ -n "$MISSING" ]; then
		missing_fail ordered ordered-no-loss ordered-in-order ordered-both-queues
	else
		if [ "$RCTX" = 0 ] && [ "$RCRX" = 0 ] && [ $sent = $want ] && [ $seqok = $want ] &&
		   [ $got = $want ] && [ $corr = 0 ] && [ $dup = 0 ] && [ $foreign = 0 ] &&
		   [ $rsshm = 0 ] && [ $rssqm = 0 ] && [ $rssok = $want ]; then
			ok "$N-ordered-no-loss # $want sent, $seqok received intact with their hash and queue right"
		else
			fail "$N-ordered-no-loss: rc tx $RCTX rx $RCRX, $info; want $want everywhere"
			tail -12 $O-ordered-tx.out | note; tail -30 $O-ordered-rx.out | note
		fi
		# Flows may pass each other (two queues, and on virtio two tap
		# queues), a flow's packets may not.
		if [ $freord = 0 ] && [ $seqok -gt 0 ]; then
			ok "$N-ordered-in-order # no packet after a later one of its flow (sender's order changed $reord times, across flows)"
		else
			fail "$N-ordered-in-order: RX-flow-reordered $freord, RX-reordered $reord, RX-seq-ok $seqok"
		fi
		if [ $rxq0 -gt 0 ] && [ $rxq1 -gt 0 ]; then
			ok "$N-ordered-both-queues # rx_q0_packets $rxq0, rx_q1_packets $rxq1 (--txonly-multi-flow)"
		else
			fail "$N-ordered-both-queues: rx_q0_packets $rxq0, rx_q1_packets $rxq1"
		fi
	fi

	# ---- reta: every entry to queue 1, then the same count.
	run_pair reta "port config 0 rss reta $RETA_ALL_1;show port 0 rss reta 128 (0xffffffffffffffff,0xffffffffffffffff)" \
		"--forward-mode rxonly --txonly-multi-flow" "start tx_first 8;sleep 2"
	read_counts reta
	shown=$(grep -c "^RSS RETA configuration: hash index=[0-9]*, queue=1$" $O-reta-rx.out)
	if [ -n "$MISSING" ]; then
		missing_fail reta reta-update
	elif [ "$RCTX" = 0 ] && [ "$RCRX" = 0 ] && [ "$shown" = 128 ] && [ $rxq0 = 0 ] &&
	     [ $rxq1 = $want ] && [ $seqok = $want ] && [ $rssqm = 0 ] && [ $rssok = $want ] &&
	     [ $freord = 0 ]; then
		ok "$N-reta-update # 128 entries read back as queue 1; $want packets all on queue 1"
	else
		fail "$N-reta-update: rc tx $RCTX rx $RCRX, entries shown on queue 1: $shown of 128, $info"
		grep -m3 -E "reta|Bad|Invalid" $O-reta-rx.out | note
	fi

	# ---- one queue stopped and started on its own.
	qs=$O-qprobe.out
	printf 'port 0 rxq 1 stop\nport 0 rxq 1 start\nport 0 txq 1 stop\nport 0 txq 1 start\nquit\n' |
		$TP -l 0@0,1@1 $EAL --file-prefix rx -a $B -- -i --rxq 2 --txq 2 $XARGS >$qs 2>&1
	rcq=$?
	nsup=$(grep -c "^Function not supported in PMD" $qs)
	if [ $rcq = 0 ] && [ "$nsup" = 4 ] && [ "$N" = e1000e ]; then
		# The 82574 has no per-queue enable (doc/guides/nics/e1000e.md).
		ok "$N-queue-stop-start # refused as the guide says: $(grep -m1 'Function not supported' $qs)"
	elif [ $rcq != 0 ] || [ "$nsup" != 0 ] || grep -qE " failed:|Invalid" $qs; then
		fail "$N-queue-stop-start: rc $rcq, $nsup refusals"
		note $qs | tail -12
	else
		# Rx queue 1 stopped: a counted send lands on queue 0 only, what
		# RSS sends to queue 1 is dropped by the device; queue 1 started
		# again, the same send reaches both.
		rx=$O-qss-rx.out
		rm -f $O-qss1.done $O-qss2.done
		( feed "$DRAIN" $rx; echo "port 0 rxq 1 stop"; echo start
		  for d in 1 2; do
			i=0; while [ ! -e $O-qss$d.done ] && [ $i -lt 3000 ]; do sleep 0.1; i=$((i + 1)); done
			sleep 2; echo stop; echo "show port xstats all"
			[ $d = 1 ] && { echo "port 0 rxq 1 start"; echo start; }
		  done; echo quit ) |
			$TP -l 0@0,1@0,2@1 $EAL --file-prefix rx -a $B -- -i --forward-mode rxcheck \
				--port-topology loop --rxq 2 --txq 2 --nb-cores 2 $XARGS >$rx 2>&1 &
		rxpid=$!
		for d in 1 2; do
			i=0
			while [ "$(grep -c 'rxcheck packet forwarding - ports=' $rx)" -lt $d ] && [ $i -lt 900 ]; do
				sleep 0.1; i=$((i + 1))
			done
			( feed "start tx_first 8;sleep 2" $O-qss-tx$d.out; echo stop; echo quit ) |
				$TP -l 0@1,1@1 $EAL --file-prefix tx -a $A -- -i --forward-mode rxonly \
					--txonly-multi-flow --tx-seq --txpkts 512 --port-topology loop \
					--rxq 2 --txq 2 --nb-cores 1 $XARGS >$O-qss-tx$d.out 2>&1
			touch $O-qss$d.done
		done
		wait $rxpid; rcq=$?
		q0a=$(field $rx rx_q0_packets) q1a=$(field $rx rx_q1_packets)
		q0b=$(lastfield $rx rx_q0_packets) q1b=$(lastfield $rx rx_q1_packets)
		info="rx queue 1 stopped: rx_q0_packets $q0a, rx_q1_packets $q1a; started: $q0b, $q1b"
		if [ $rcq = 0 ] && grep -q "Stream RX P=0/Q=1 -> TX P=0/Q=1 is not polled" $rx &&
		   [ "${q0a:-0}" -gt 0 ] && [ "$q1a" = 0 ] && [ "${q0b:-0}" -gt "$q0a" ] &&
		   [ "${q1b:-0}" -gt 0 ]; then
			ok "$N-queue-stop-start # $info"
		else
			fail "$N-queue-stop-start: rc $rcq, $info"
			note $rx | grep -E "rx_q|not polled|rror|failed" | head -12
		fi
	fi

	# ---- flood: 10 s of flowgen over $FLOWS flows. Last: when a receiver
	# falls behind, QEMU 7.2's software RSS can stop reading a tap queue
	# for good (doc/guides/nics/virtio.md), which would starve the counted
	# runs of the frames the kernel puts there.
	run_pair flood "" "--forward-mode flowgen --flowgen-flows $FLOWS" "start;sleep 10"
	note $O-flood-rx.out | grep -E "RX-|rx_q[01]_packets|rss|RSS|rror|Warning" | head -24
	note $O-flood-tx.out | grep -E "TX-packets|tx_q[01]_packets|rror|Warning" | head -8
	read_counts flood
	if [ -n "$MISSING" ]; then
		missing_fail flood rx-both-queues tx-both-queues rss-hash rss-queue integrity
	else
		if [ $rxq0 -gt 0 ] && [ $rxq1 -gt 0 ]; then
			ok "$N-rx-both-queues # rx_q0_packets $rxq0, rx_q1_packets $rxq1 ($FLOWS flows, default RETA)"
		else
			fail "$N-rx-both-queues: rx_q0_packets $rxq0, rx_q1_packets $rxq1: RSS spread nothing over queue $([ $rxq0 = 0 ] && echo 0 || echo 1)"
		fi
		if [ $txq0 -gt 0 ] && [ $txq1 -gt 0 ]; then
			ok "$N-tx-both-queues # tx_q0_packets $txq0, tx_q1_packets $txq1"
		else
			fail "$N-tx-both-queues: tx_q0_packets $txq0, tx_q1_packets $txq1"
		fi
		# With no hash mismatch, a packet with a hash is RSS-ok or on the wrong
		# queue: together they must be every intact packet (duplicates included).
		if [ $rsshm = 0 ] && [ $rssok -gt 0 ] && [ $((rssok + rssqm)) = $((seqok + dup)) ]; then
			ok "$N-rss-hash # $rssok hashes equal the software Toeplitz hash, $((seqok + dup)) intact packets"
		else
			fail "$N-rss-hash: $info (each intact packet must carry a matching hash)"
		fi
		if [ $rssqm = 0 ] && [ $rssok -gt 0 ]; then
			ok "$N-rss-queue # every packet on the queue the RETA gives its hash"
		else
			fail "$N-rss-queue: $info"
		fi
		# What the bursts returned is what rxcheck found intact, each
		# sequence number at most once. A flood loses packets before the
		# receiver (QEMU's hub drops what an overrun NIC cannot take,
		# uncounted) and the hub's flush order can reorder them
		# (doc/guides/nics/e1000e.md): both are reported here and ruled
		# out by the ordered run, which never overruns.
		if [ "$RCTX" = 0 ] && [ "$RCRX" = 0 ] && [ $seqok -gt $RECYCLED ] && [ $corr = 0 ] &&
		   [ $dup = 0 ] && [ $foreign = 0 ] && [ $((rxq0 + rxq1)) = $seqok ] && [ $seqok -le $sent ]; then
			ok "$N-integrity # $info, not received $((sent - seqok)); accel $FPK_ACCEL"
		else
			fail "$N-integrity: rc tx $RCTX rx $RCRX, $info (seq-ok must be above $RECYCLED and equal the rx queues' sum)"
			tail -12 $O-flood-tx.out | note; tail -30 $O-flood-rx.out | note
		fi
	fi

	leaks=
	for f in $O-*.out; do leak_free $f || leaks="$leaks $(basename $f)"; done
	if [ -z "$leaks" ]; then ok "$N-no-leak"; else fail "$N-no-leak: leak or no Bye in$leaks"; fi
	P1=$(pins)
	if [ "$P1" = "$P0" ]; then ok "$N-unpinned # $P1 pinned"; else fail "$N-unpinned: $P0 pinned before, $P1 after"; fi
}

# The last value of field F in file $1 (a second show of the same counters).
lastfield() { awk -v f="$2:" '{ for (i = 1; i < NF; i++) if ($i == f) v = $(i + 1) } END { print v }' "$1"; }
# Rx rings of 1024, more than a counted send (virtio: the harness gives the
# device rx_queue_size=1024). The 82574 hashes addresses only (testpmd's
# default, --rss-ip); virtio-net hashes the UDP ports too, which --rss-udp
# asks for. virtio: the bridge forwards only what is addressed to another
# port than the sender's.
mq_pair e1000e 0000:00:02.0 0000:00:03.0 --rxd 1024
mq_pair virtio 0000:00:04.0 0000:00:05.0 --rxd 1024 --rss-udp --eth-peer 0,52:54:00:fb:01:02
echo "$PASS passed, $FAILS failed, $SKIPS skipped"
[ $FAILS = 0 ]
GUEST
}
