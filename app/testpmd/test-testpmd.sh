#!/bin/bash
# End-to-end tests of fpk-testpmd: the real binary on net_null, net_ring,
# net_pcap (capture files replayed), net_memif (Debian's dpdk-testpmd at the
# other end) and, when veth pairs can be made, net_af_packet and net_af_xdp
# ports, driven as DPDK users drive testpmd: non-interactive runs stopped by
# a signal, the prompt through a pipe and through a pseudo-terminal
# (readline: completion, '?'),
# --tx-first, DPDK 22.11's commands, options and labels, packet capture read
# back by tcpdump, telemetry read by Debian's dpdk-telemetry.py, and every
# error case (its message and its exact exit status). Ends with
# "N passed, N failed, N skipped" and exits non-zero if anything failed.
#
# Usage: app/testpmd/test-testpmd.sh [BUILD_DIR]   (default: build-tpmd)
#   FPK_TESTPMD=path overrides the binary (e.g. an ASan build's).
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
case ${1:-} in
-h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
-*) echo "unknown option '$1' (see --help)" >&2; exit 2 ;;
esac
[ $# -le 1 ] || { echo "one BUILD_DIR at most (see --help)" >&2; exit 2; }
BUILD=${1:-$ROOT/build-tpmd}
# Absolute: the completion test runs it from a directory of its own.
BIN=$(realpath -m -- "${FPK_TESTPMD:-$BUILD/app/testpmd/fpk-testpmd}")
TMP=$(mktemp -d /tmp/test-testpmd.XXXXXX)

if [ ! -x "$BIN" ]; then
	rm -rf "$TMP"
	echo "no fpk-testpmd at $BIN: build it first (ninja -C $BUILD)" >&2
	exit 2
fi

# Every EAL this script starts has a --file-prefix of its own run ($$), so
# that two runs at the same time (CI and a developer, two trees) never meet
# on the EAL's lock (EBUSY). The EAL names its runtime directory after it.
PFX=tpmd$$
if [ "$(id -u)" = 0 ]; then RUNDIR="/run/fpk/$PFX"; else
	RUNDIR="${XDG_RUNTIME_DIR:-/tmp}/fpk-$PFX"; fi
# Where the telemetry sockets of this script's processes are (the path
# dpdk-telemetry.py -f $PFX looks at): a process killed with -9 leaves its
# socket there.
if [ "$(id -u)" = 0 ]; then TELDIR="${RUNTIME_DIRECTORY:-/var/run}/dpdk/$PFX"; else
	TELDIR="${RUNTIME_DIRECTORY:-${XDG_RUNTIME_DIR:-/tmp}}/dpdk/$PFX"; fi

# The exit status of every error: doc/guides/testpmd.md ("exits 1", "exit
# status 1") and testpmd.c (main() returns 1, fail() exits 1). A crash
# (abort: 134, SIGSEGV: 139) or a sanitizer's abort is not an error exit.
EXIT_ERROR=1

# Cleanup on every exit path, a failure or a signal included: the processes
# this script left running, its veth pair, its runtime directories, $TMP.
RUNPID='' RXPID=''
VETH_MADE=
VA=fpktpmd0 VB=fpktpmd1
cleanup() {
	local pid
	for pid in $RUNPID $RXPID; do kill -9 "$pid" 2>/dev/null; done
	[ -n "$VETH_MADE" ] && ip link del "$VA" 2>/dev/null
	rm -rf "$TMP" "$RUNDIR" "$RUNDIR"-* "$TELDIR"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

EAL="--no-huge --in-memory -l 0-1 --file-prefix $PFX"
NULLS="--vdev net_null0 --vdev net_null1"
PASSED=0 FAILED=0 SKIPPED=0
# Why a condition failed, written by the helpers below (from subshells too);
# check() adds it to the failure and empties it.
WHY=$TMP/why
: >"$WHY"

# What ASan, LSan and UBSan print when they find something.
SANITIZER_RE='ERROR: (AddressSanitizer|LeakSanitizer)|runtime error: |SUMMARY: [A-Za-z]+Sanitizer'

pass() { echo "ok - $1"; PASSED=$((PASSED + 1)); }
fail() {
	echo "FAIL - $1"
	FAILED=$((FAILED + 1))
	if [ -n "${2:-}" ] && [ -f "$2" ]; then tail -30 "$2" | sed 's/^/    /'; fi
}
skip() { echo "skip - $1"; SKIPPED=$((SKIPPED + 1)); }

# check NAME LOG CONDITION...: pass if every condition (a shell command)
# holds, no helper recorded a missing value and LOG has no sanitizer report.
check() {
	local name=$1 log=$2 why failed=; shift 2
	for cond in "$@"; do
		if ! eval "$cond" 2>"$TMP/cond-err"; then
			failed=$cond
			# The shell's complaint ("integer expression expected") only
			# when no helper said why.
			[ -s "$WHY" ] || head -1 "$TMP/cond-err" >>"$WHY"
			break
		fi
	done
	if [ -z "$failed" ] && [ -s "$WHY" ]; then
		failed="a value the conditions need is missing"
	fi
	if [ -z "$failed" ] && [ -f "$log" ] && grep -qE "$SANITIZER_RE" "$log"; then
		failed="a sanitizer report in the output"
	fi
	if [ -n "$failed" ]; then
		why=$(sort -u "$WHY" | paste -sd';' | sed 's/;/; /g')
		fail "$name (failed: $failed${why:+: $why})" "$log"
	else
		pass "$name"
	fi
	: >"$WHY"
}

# rc_is CODE [STATUS [WHAT]]: STATUS (default $RC) is CODE; if not, say what it was.
rc_is() {
	local want=$1 got=${2:-$RC} what=${3:-exit status} sig=
	[ "$got" -eq "$want" ] && return 0
	[ "$got" -gt 128 ] && sig=" (killed by SIG$(kill -l $((got - 128)) 2>/dev/null))"
	echo "$what $got$sig, expected $want" >>"$WHY"
	return 1
}

# has_line LOG TEXT: LOG has a line containing TEXT (a fixed string).
has_line() {
	grep -qF -- "$2" "$1" && return 0
	echo "no line with \"$2\" in $(basename "$1")" >>"$WHY"
	return 1
}

# block_stat LOG START END LABEL WHAT: the number after LABEL in the last
# block of LOG that begins on a line matching the regex START and ends on
# one matching END. A missing block or label (or a value that is not a
# number) prints nothing, returns 1 and is recorded in $WHY as "no LABEL
# number in WHAT", so that the check using it fails saying so: never read
# as 0.
block_stat() {
	local v
	v=$(awk -v start="$2" -v end="$3" -v label="$4:" '
		$0 ~ start { inblk = 1; v = ""; next }
		$0 ~ end { inblk = 0 }
		inblk { for (i = 1; i < NF; i++) if ($i == label) v = $(i + 1) }
		END { if (v ~ /^[0-9]+$/) print v }' "$1")
	if [ -z "$v" ]; then
		echo "no '$4:' number in $5 of $(basename "$1")" >>"$WHY"
		return 1
	fi
	echo "$v"
}

# fwd_stat LOG PORT LABEL: from the last "Forward statistics for port PORT" block.
fwd_stat() {
	block_stat "$1" "Forward statistics for port +$2 " '^  -+$' "$3" \
		"a 'Forward statistics for port $2' block"
}

# acc_stat LOG LABEL: from the last "Accumulated forward statistics" block.
acc_stat() {
	block_stat "$1" 'Accumulated forward statistics for all ports' '^  [+]+$' "$2" \
		"an 'Accumulated forward statistics' block"
}

# wait_forwarding LOG PID: until fpk-testpmd (PID) logs that forwarding
# started, or exits; at most 30 s (start-up with -m 512 takes a while).
wait_forwarding() {
	for _ in $(seq 300); do
		grep -q "packet forwarding - ports" "$1" 2>/dev/null && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# Run fpk-testpmd for SECONDS of forwarding then send SIGNAL; the exit status
# is kept in $RC.
run_for() { # run_for SECONDS SIGNAL LOG ARGS...
	local secs=$1 sig=$2 log=$3; shift 3
	"$BIN" "$@" >"$log" 2>&1 &
	local pid=$!
	RUNPID=$pid
	# Count the seconds from the start of forwarding, not of the process.
	wait_forwarding "$log" $pid
	sleep "$secs"
	kill -s "$sig" $pid 2>/dev/null
	# Bounded: a process that ignores the signal fails the test.
	for _ in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
	if kill -0 $pid 2>/dev/null; then
		kill -9 $pid
		echo "(still running 10 s after SIG$sig)" >>"$log"
	fi
	wait $pid
	RC=$?
	RUNPID=
}

# Interactive session through a pipe (stdin not a terminal): each command is
# sent once the prompt is back; "sleep N" lines wait. Prints the transcript.
pipe_session() { # pipe_session LOG ARGS... <commands
	local log=$1; shift
	python3 - "$BIN" "$@" 3<&0 >"$log" 2>&1 <<'EOF'
import os, subprocess, sys, time
cmds = os.fdopen(3).read().splitlines()
p = subprocess.Popen(sys.argv[1:], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                     stderr=subprocess.STDOUT)
out = b""
def until_prompt(deadline=20):
    global out
    end = time.time() + deadline
    while not out.endswith(b"testpmd> ") and time.time() < end:
        b = os.read(p.stdout.fileno(), 65536)
        if not b:
            return False
        out += b
    return out.endswith(b"testpmd> ")
for c in cmds:
    if c.startswith("sleep "):
        time.sleep(float(c.split()[1]))
        continue
    if c == "<EOF>":
        break
    if not until_prompt():
        break
    sys.stdout.buffer.write(out)
    out = b""
    p.stdin.write((c + "\n").encode())
    p.stdin.flush()
try:
    rest, _ = p.communicate(timeout=20)   # closes stdin: end of input
except subprocess.TimeoutExpired:
    p.kill()
    rest, _ = p.communicate()
    rest += b"\n(killed: did not exit within 20 s)\n"
sys.stdout.buffer.write(out + rest)
sys.stdout.write("\nEXIT %d\n" % p.returncode)
EOF
}

echo "# fpk-testpmd end-to-end tests: $BIN"

# ---- --help ------------------------------------------------------------
# Plain --help on purpose (what users type): it prints and exits before the
# EAL starts, so it takes no --file-prefix lock.
"$BIN" --help >"$TMP/help" 2>&1
RC=$?
help_lists_all() {
	for o in interactive auto-start tx-first stats-period nb-cores portmask forward-mode \
		 port-topology rxq txq rxd txd burst txpkts flowgen-flows tx-seq total-num-mbufs \
		 mbcache eth-peer record-core-cycles record-burst-stats rss-ip rss-udp disable-rss \
		 txonly-multi-flow coremask nb-ports mbuf-size max-pkt-len no-lsc-interrupt no-flush-rx \
		 help; do
		grep -q -- "--$o" "$TMP/help" || { echo "--help does not list --$o"; return 1; }
	done
}
check "help: exit 0 and every option listed" "$TMP/help" 'rc_is 0' help_lists_all \
	'grep -q "EAL options" "$TMP/help"'
"$BIN" $EAL $NULLS -- -h >"$TMP/help2" 2>&1
RC=$?
check "help: -h after --" "$TMP/help2" 'rc_is 0' 'grep -q -- "--forward-mode" "$TMP/help2"'
"$BIN" -h >"$TMP/help3" 2>&1
RC=$?
check "help: -h among the EAL options prints testpmd's part too" "$TMP/help3" 'rc_is 0' \
	'grep -q -- "--forward-mode" "$TMP/help3"' 'grep -q "EAL options" "$TMP/help3"'

# --help tells the truth: every option it lists is accepted (all in one run).
printf 'quit\n' >"$TMP/quit"
# (--tx-first is DPDK's error with -i: its own tests are below.)
"$BIN" $EAL $NULLS -- -i -a --stats-period 1 --nb-cores 1 --portmask 0x3 \
	--forward-mode io --port-topology chained --rxq 2 --txq 2 --rxd 256 --txd 256 --burst 64 \
	--txpkts 64,64 --flowgen-flows 16 --tx-seq --total-num-mbufs 8192 --mbcache 128 \
	--eth-peer 1,02:00:00:00:00:aa --record-core-cycles --record-burst-stats \
	--rss-ip --rss-udp --disable-rss --txonly-multi-flow --coremask 0x2 --nb-ports 2 \
	--mbuf-size 2176 --max-pkt-len 1518 --no-lsc-interrupt --no-flush-rx \
	<"$TMP/quit" >"$TMP/allopts" 2>&1
RC=$?
check "help: every listed option is accepted" "$TMP/allopts" 'rc_is 0' \
	'grep -q "Bye..." "$TMP/allopts"' '! grep -qi "unknown option" "$TMP/allopts"'

# ---- non-interactive -----------------------------------------------------
run_for 3 INT "$TMP/io" $EAL $NULLS -- --forward-mode=io --stats-period=1 --nb-cores=1 \
	--burst=32 --total-num-mbufs=32768
P0RX=$(fwd_stat "$TMP/io" 0 RX-packets) P1TX=$(fwd_stat "$TMP/io" 1 TX-packets)
P1RX=$(fwd_stat "$TMP/io" 1 RX-packets) P0TX=$(fwd_stat "$TMP/io" 0 TX-packets)
check "io on null ports, stopped by SIGINT" "$TMP/io" 'rc_is 0' \
	'grep -q "Signal 2 received" "$TMP/io"' \
	'[ $(grep -c "NIC statistics for port 0  ####" "$TMP/io") -ge 2 ]' \
	'grep -qE "^  Rx-pps: +[1-9][0-9]* +Rx-bps: " "$TMP/io"' \
	'grep -qE "^  Tx-pps: +[1-9][0-9]* +Tx-bps: " "$TMP/io"' \
	'grep -q "Accumulated forward statistics for all ports" "$TMP/io"' \
	'[ "$P0RX" -gt 0 ] && [ "$P0RX" -eq "$P1TX" ] && [ "$P1RX" -eq "$P0TX" ]' \
	'grep -q "^Done.$" "$TMP/io"' 'grep -q "Port 1 is closed" "$TMP/io"' \
	'grep -q "^Bye...$" "$TMP/io"' '! grep -q "not returned" "$TMP/io"'

# The benchmark's command line (bench-vs-dpdk), in each mode it uses: its EAL
# options (no --in-memory: the runtime directory and its lock are made), with
# a --file-prefix of this run's own so that overlapping runs do not collide.
for mode in io macswap txonly rxonly; do
	run_for 2 INT "$TMP/bench-$mode" --no-huge -m 512 --no-pci --file-prefix "$PFX-bench" \
		--vdev net_null0 --vdev net_null1 -l 0-1 -- --forward-mode=$mode --stats-period=1 --nb-cores=1 \
		--burst=32 --total-num-mbufs=32768
	check "bench command line, --forward-mode=$mode" "$TMP/bench-$mode" 'rc_is 0' \
		'grep -q "Rx-pps:" "$TMP/bench-$mode"' \
		'grep -q "Accumulated forward statistics" "$TMP/bench-$mode"' \
		'! grep -q "not returned" "$TMP/bench-$mode"'
done

run_for 2 TERM "$TMP/term" $EAL $NULLS -- --forward-mode=macswap --record-core-cycles \
	--record-burst-stats
check "SIGTERM, core cycles and burst stats" "$TMP/term" 'rc_is 0' \
	'grep -q "Signal 15 received" "$TMP/term"' \
	'grep -qE "CPU cycles/packet=[0-9.]+ \(total cycles=[0-9]+ / total macswap packets=[0-9]+\) at [0-9]+ MHz Clock" "$TMP/term"' \
	'grep -qE "RX-bursts : [0-9]+ \[" "$TMP/term"' 'grep -qE "TX-bursts : [0-9]+ \[" "$TMP/term"'

# --tx-first on a ring pair: the first burst then circulates between the ports.
run_for 2 INT "$TMP/txfirst" $EAL --vdev net_ring0,pair=net_ring1 -- --tx-first \
	--stats-period 1 --burst 16
check "--tx-first on a ring pair" "$TMP/txfirst" 'rc_is 0' \
	'[ "$(fwd_stat "$TMP/txfirst" 0 RX-packets)" -gt 1000 ]' \
	'[ "$(fwd_stat "$TMP/txfirst" 1 RX-packets)" -gt 1000 ]' \
	'[ "$(fwd_stat "$TMP/txfirst" 0 TX-dropped)" -eq 0 ]' '! grep -q "not returned" "$TMP/txfirst"'

run_for 2 INT "$TMP/noseed" $EAL --vdev net_ring0,pair=net_ring1 -- --stats-period 1
check "ring pair without --tx-first stays idle" "$TMP/noseed" 'rc_is 0' \
	'[ "$(fwd_stat "$TMP/noseed" 0 RX-packets)" -eq 0 ]' \
	'[ "$(fwd_stat "$TMP/noseed" 1 RX-packets)" -eq 0 ]' \
	'[ "$(fwd_stat "$TMP/noseed" 0 TX-packets)" -eq 0 ]' \
	'[ "$(acc_stat "$TMP/noseed" RX-packets)" -eq 0 ]'

# Several lcores and queues: one stream per (port, queue), spread over lcores.
run_for 2 INT "$TMP/multi" --no-huge --in-memory -l 0,1,2@0 --file-prefix $PFX $NULLS -- --nb-cores 2 --rxq 2 \
	--txq 2 --stats-period 1
check "2 lcores x 2 queues" "$TMP/multi" 'rc_is 0' \
	'grep -q "ports=2 - cores=2 - streams=4" "$TMP/multi"' \
	'grep -q "RX P=1/Q=1 (socket 0) -> TX P=0/Q=1" "$TMP/multi"' \
	'[ $(grep -c "^Logical Core" "$TMP/multi") -eq 2 ]' \
	'[ "$(fwd_stat "$TMP/multi" 0 RX-packets)" -eq "$(fwd_stat "$TMP/multi" 1 TX-packets)" ]'

# Topologies and port masks decide the streams.
NULL3="$NULLS --vdev net_null2"
run_for 1 INT "$TMP/chained" $EAL $NULL3 -- --port-topology chained
RC_CHAINED=$RC
run_for 1 INT "$TMP/paired3" $EAL $NULL3 -- --port-topology paired
RC_PAIRED3=$RC
run_for 1 INT "$TMP/loopmask" $EAL $NULL3 -- --port-topology loop --portmask 0x6
check "topology chained" "$TMP/chained" 'rc_is 0 $RC_CHAINED' \
	'grep -q "RX P=0/Q=0 (socket 0) -> TX P=1/Q=0" "$TMP/chained"' \
	'grep -q "RX P=2/Q=0 (socket 0) -> TX P=0/Q=0" "$TMP/chained"'
check "topology paired, odd port count" "$TMP/paired3" 'rc_is 0 $RC_PAIRED3' \
	'grep -q "the last one forwards to itself" "$TMP/paired3"' \
	'grep -q "RX P=1/Q=0 (socket 0) -> TX P=0/Q=0" "$TMP/paired3"' \
	'grep -q "RX P=2/Q=0 (socket 0) -> TX P=2/Q=0" "$TMP/paired3"'
check "topology loop with --portmask 0x6" "$TMP/loopmask" 'rc_is 0' \
	'grep -q "ports=2 - cores=1 - streams=2" "$TMP/loopmask"' \
	'grep -q "RX P=1/Q=0 (socket 0) -> TX P=1/Q=0" "$TMP/loopmask"' \
	'! grep -q "Forward statistics for port 0 " "$TMP/loopmask"' \
	'[ "$(fwd_stat "$TMP/loopmask" 2 TX-packets)" -gt 0 ]'

for mode in mac 5tswap csum icmpecho flowgen rxcheck; do
	run_for 1 INT "$TMP/mode-$mode" $EAL $NULLS -- --forward-mode=$mode --stats-period 1
	check "--forward-mode=$mode runs" "$TMP/mode-$mode" 'rc_is 0' \
		'grep -q "$mode packet forwarding - ports=2" "$TMP/mode-$mode"' \
		'! grep -q "not returned" "$TMP/mode-$mode"'
done
check "csum mode shows bad checksum counters" "$TMP/mode-csum" \
	'grep -q "Bad-ipcsum: " "$TMP/mode-csum"'
check "rxcheck shows its counters (null packets are foreign)" "$TMP/mode-rxcheck" \
	'grep -qE "RX-seq-ok: 0 +RX-lost: 0" "$TMP/mode-rxcheck"' \
	'grep -qE "RX-foreign: [1-9]" "$TMP/mode-rxcheck"'

# ---- interactive ---------------------------------------------------------
pipe_session "$TMP/pipe" $EAL $NULLS -- -i --port-topology chained <<'CMDS'
show config fwd
start
sleep 1
show port stats all
show fwd stats all
stop
show port info all
show port xstats all
set fwd macswap
set nbcore 1
set burst 64
set txpkts 64,64
set promisc all off
no such command
set fwd nonsense
set burst 0
clear port stats all
port stop all
start
port start all
show config fwd
start tx_first
sleep 1
stop
help control
quit
CMDS
check "interactive through a pipe" "$TMP/pipe" 'grep -q "^EXIT 0$" "$TMP/pipe"' \
	'grep -q "^testpmd> show port stats all" "$TMP/pipe"' \
	'grep -q "^  RX P=1/Q=0 (socket 0) -> TX P=0/Q=0 (socket 0) peer=02:00:00:00:00:00" "$TMP/pipe"' \
	'grep -q "NIC statistics for port 1  ####" "$TMP/pipe"' \
	'grep -q "Forward statistics for port 0" "$TMP/pipe"' \
	'[ "$(fwd_stat "$TMP/pipe" 0 RX-packets)" -gt 0 ]' \
	'grep -q "Infos for port 1" "$TMP/pipe"' \
	'grep -q "NIC extended statistics for port 0" "$TMP/pipe"' \
	'grep -q "Set macswap packet forwarding mode" "$TMP/pipe"' \
	'grep -q "Number of packets per burst set to 64" "$TMP/pipe"' \
	'grep -q "Command not found" "$TMP/pipe"' \
	'grep -q "Invalid forwarding mode" "$TMP/pipe"' \
	'grep -q "burst must be 1..512" "$TMP/pipe"' \
	'grep -q "NIC statistics for port 1 cleared" "$TMP/pipe"' \
	'grep -q "port 0 is not started" "$TMP/pipe"' \
	'grep -q "macswap packet forwarding - ports=2 - cores=1 - streams=2" "$TMP/pipe"' \
	'grep -q "packet forwarding packets/burst=64" "$TMP/pipe"' \
	'grep -qx "start tx_first \[N\]" "$TMP/pipe"' \
	'grep -q "^Bye...$" "$TMP/pipe"' '! grep -q "not returned" "$TMP/pipe"'

# RSS commands in DPDK 22.11's syntax and output, on null ports (which keep
# an RSS configuration, as DPDK's do); per-queue commands; per-stream
# statistics; "start tx_first N" on a ring pair, where rxonly receives
# exactly the N bursts of each stream.
pipe_session "$TMP/rss" $EAL $NULLS -- -i --rxq 2 --txq 2 <<'CMDS'
show port 0 rss-hash key
show port 0 rss reta 128 (0x3,0x8000000000000000)
port config 0 rss reta (0,1),(1,0),(127,0)
show port 0 rss reta 128 (0x3,0x8000000000000000)
port config 0 rss reta (0,5)
port config 0 rss reta (128,0)
port config 0 rss reta 0,1
show port 0 rss reta 129 (0x1,0x0,0x0)
show port 0 rss reta 128 (0x1)
port config all rss udp
show port 1 rss-hash
port config all rss none
show port 0 rss-hash
port config all rss sctp
port config all rss nonsense
port 0 rxq 1 stop
port 0 txq 1 start
port 0 rxq 2 stop
start
sleep 1
stop
quit
CMDS
check "RSS and queue commands as in DPDK testpmd" "$TMP/rss" 'grep -q "^EXIT 0$" "$TMP/rss"' \
	'has_line "$TMP/rss" "RSS functions:"' 'grep -qx "  ipv4  ipv6" "$TMP/rss"' \
	'grep -qx "6D5A56DA255B0EC24167253D43A38FB0D0CA2BCBAE7B30B477CB2DA38030F20C6A42B73BBEAC01FA" "$TMP/rss"' \
	'has_line "$TMP/rss" "RSS RETA configuration: hash index=1, queue=1"' \
	'has_line "$TMP/rss" "RSS RETA configuration: hash index=127, queue=1"' \
	'! grep -q "hash index=2," "$TMP/rss"' \
	'has_line "$TMP/rss" "The reta size of port 0 is 128"' \
	'has_line "$TMP/rss" "RSS RETA configuration: hash index=0, queue=1"' \
	'has_line "$TMP/rss" "RSS RETA configuration: hash index=127, queue=0"' \
	'has_line "$TMP/rss" "Bad redirection table parameter, return code = -22"' \
	'has_line "$TMP/rss" "Invalid RETA hash index=128"' \
	'has_line "$TMP/rss" "Invalid RSS Redirection Table config entered"' \
	'has_line "$TMP/rss" "Invalid redirection table size: 129 (1-128)"' \
	'has_line "$TMP/rss" "The bits of masks do not match the number of reta entries: 2"' \
	'has_line "$TMP/rss" "rss_hf 0x820"' 'grep -qx "  ipv4-udp  ipv6-udp" "$TMP/rss"' \
	'has_line "$TMP/rss" "RSS disabled"' \
	'has_line "$TMP/rss" "RSS type '"'"'sctp'"'"' is DPDK'"'"'s, but FPK hashes"' \
	'has_line "$TMP/rss" "Unknown parameter '"'"'nonsense'"'"'"' \
	'[ $(grep -c "^Function not supported in PMD" "$TMP/rss") -eq 2 ]' \
	'has_line "$TMP/rss" "Invalid RX queue 2 (must be < nb_rxq=2)"' \
	'grep -qE "^  ------- Forward Stats for RX Port= 0/Queue= 1 -> TX Port= 1/Queue= 1 -------$" "$TMP/rss"' \
	'grep -qE "^  RX-packets: [1-9][0-9]* +TX-packets: [1-9][0-9]* +TX-dropped: " "$TMP/rss"'

pipe_session "$TMP/rssopt" $EAL $NULLS -- -i --rxq 2 --rss-udp <<'CMDS'
show port 0 rss-hash
show port info 0
quit
CMDS
pipe_session "$TMP/norss" $EAL $NULLS -- -i --rxq 2 --disable-rss <<'CMDS'
show port 0 rss-hash
quit
CMDS
check "--rss-udp and --disable-rss; RSS in show port info" "$TMP/rssopt" \
	'grep -qx "  ipv4-udp  ipv6-udp" "$TMP/rssopt"' \
	'has_line "$TMP/rssopt" "Hash key size in bytes: 40"' \
	'has_line "$TMP/rssopt" "Redirection table size: 128"' \
	'grep -A1 "^Supported RSS offload flow types:" "$TMP/rssopt" | grep -qx "  ipv4  ipv4-tcp  ipv4-udp  ipv6  ipv6-tcp  ipv6-udp"' \
	'has_line "$TMP/norss" "RSS off (--disable-rss): the port places packets on its rx queues by its own rule"' \
	'has_line "$TMP/norss" "RSS disabled"'

pipe_session "$TMP/txfirstn" $EAL --vdev net_ring0,pair=net_ring1 -- -i --forward-mode rxonly \
	--txonly-multi-flow <<'CMDS'
start tx_first 3
sleep 1
stop
start tx_first 0
quit
CMDS
check "start tx_first 3: three bursts per stream" "$TMP/txfirstn" 'grep -q "^EXIT 0$" "$TMP/txfirstn"' \
	'[ "$(acc_stat "$TMP/txfirstn" RX-packets)" -eq 192 ]' \
	'has_line "$TMP/txfirstn" "tx_first takes a number of bursts, 1..65535"'

# -a: forwarding runs before the first command.
pipe_session "$TMP/auto" $EAL $NULLS -- -i -a <<'CMDS'
sleep 1
stop
quit
CMDS
check "-i -a starts forwarding at once" "$TMP/auto" 'grep -q "^EXIT 0$" "$TMP/auto"' \
	'grep -q "Start automatic packet forwarding" "$TMP/auto"' \
	'[ "$(fwd_stat "$TMP/auto" 0 RX-packets)" -gt 1000 ]'

# End of input quits cleanly, forwarding included.
pipe_session "$TMP/eof" $EAL $NULLS -- -i <<'CMDS'
start
sleep 1
<EOF>
CMDS
check "end of input stops and quits" "$TMP/eof" 'grep -q "^EXIT 0$" "$TMP/eof"' \
	'grep -q "Accumulated forward statistics" "$TMP/eof"' 'grep -q "^Bye...$" "$TMP/eof"'

# A line is one command however long: a long comment is ignored whole, as
# testpmd does. Cut at 4095 bytes, the tails of these two comments (" stop",
# " quit") ran as commands of their own: forwarding stopped and the prompt
# quit before the real "stop". The third comment has more words than a
# command may (8): still a comment, not "too many words".
LONG_STOP="#$(printf '%*s' 4094 '' | tr ' ' y) stop"
LONG_QUIT="#$(printf '%*s' 4094 '' | tr ' ' z) quit"
LONG_WORDS="# $(printf 'word%.0s ' $(seq 4000))end"
pipe_session "$TMP/longline" $EAL $NULLS -- -i <<CMDS
start
sleep 0.5
$LONG_STOP
$LONG_QUIT
$LONG_WORDS
stop
quit
CMDS
check "prompt: a line over 4095 bytes runs whole, long comments are ignored" "$TMP/longline" \
	'grep -q "^EXIT 0$" "$TMP/longline"' \
	'grep -qxF "testpmd> $LONG_STOP" "$TMP/longline"' \
	'grep -qxF "testpmd> $LONG_QUIT" "$TMP/longline"' \
	'grep -qxF "testpmd> $LONG_WORDS" "$TMP/longline"' \
	'[ "$(grep -c "^Telling cores to stop...$" "$TMP/longline")" -eq 1 ]' \
	'grep -qx "testpmd> stop" "$TMP/longline"' \
	'! grep -qE "Command not found|Bad arguments" "$TMP/longline"' \
	'grep -q "^Bye...$" "$TMP/longline"'

# A known command with words it does not take is "Bad arguments", never
# "Command not found" (which "quit extra" was); and "quit extra" does not quit.
pipe_session "$TMP/badargs" $EAL $NULLS -- -i <<'CMDS'
quit extra
start now
stop now
clear port
port
quit
CMDS
check "prompt: known commands with wrong words say Bad arguments" "$TMP/badargs" \
	'grep -q "^EXIT 0$" "$TMP/badargs"' \
	'[ "$(grep -c "^Bad arguments: see '"'help'"'$" "$TMP/badargs")" -eq 5 ]' \
	'! grep -q "Command not found" "$TMP/badargs"' 'grep -qx "testpmd> quit" "$TMP/badargs"' \
	'grep -q "^Bye...$" "$TMP/badargs"'

# A closed stdin is end of input, as testpmd takes it: quit at once with
# status 0. The signal pipe took fd 0 and the prompt waited on it forever.
timeout 30 "$BIN" $EAL $NULLS -- -i <&- >"$TMP/closed-stdin" 2>&1
RC=$?
check "prompt: a closed stdin is end of input (exit 0)" "$TMP/closed-stdin" 'rc_is 0' \
	'grep -q "^testpmd> $" "$TMP/closed-stdin"' 'grep -q "^Bye...$" "$TMP/closed-stdin"'

# SIGTERM at the prompt while forwarding.
python3 - "$BIN" $EAL $NULLS -- -i >"$TMP/isig" 2>&1 <<'EOF'
import os, signal, subprocess, sys, time
p = subprocess.Popen(sys.argv[1:], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                     stderr=subprocess.STDOUT)
out = b""
while not out.endswith(b"testpmd> "):
    b = os.read(p.stdout.fileno(), 4096)
    if not b:
        break
    out += b
p.stdin.write(b"start\n")
p.stdin.flush()
time.sleep(1)
p.send_signal(signal.SIGTERM)
try:
    rest, _ = p.communicate(timeout=20)
except subprocess.TimeoutExpired:
    p.kill()
    rest, _ = p.communicate()
sys.stdout.buffer.write(out + rest)
print("\nEXIT %d" % p.returncode)
EOF
check "SIGTERM in interactive mode" "$TMP/isig" 'grep -q "^EXIT 0$" "$TMP/isig"' \
	'grep -q "Signal 15 received" "$TMP/isig"' \
	'grep -q "Accumulated forward statistics" "$TMP/isig"' 'grep -q "Port 0 is closed" "$TMP/isig"'

# A real terminal: readline's prompt, line editing and history (up arrow).
python3 - "$BIN" $EAL $NULLS -- -i >"$TMP/pty" 2>&1 <<'EOF'
import os, pty, select, subprocess, sys, time
master, slave = pty.openpty()
p = subprocess.Popen(sys.argv[1:], stdin=slave, stdout=slave, stderr=slave, close_fds=True)
os.close(slave)
buf = b""
def read_until(what, secs=20):
    global buf
    end = time.time() + secs
    while what not in buf and time.time() < end:
        r, _, _ = select.select([master], [], [], 0.2)
        if r:
            try:
                buf += os.read(master, 65536)
            except OSError:
                break
    return what in buf
def send(s):
    os.write(master, s)
ok = read_until(b"testpmd> ")
send(b"show config fwd\r")
ok = ok and read_until(b"forwards packets on 2 streams")
buf_before = buf.count(b"forwards packets on 2 streams")
send(b"\x1b[A\r")                      # up arrow: the same command again
time.sleep(1)
read_until(b"@@never@@", 1)
again = buf.count(b"forwards packets on 2 streams") - buf_before
send(b"set burst 1\x01\x056\r")        # editing: Ctrl-A, Ctrl-E, then append "6"
read_until(b"Number of packets per burst set to 16")
send(b"quit\r")
try:
    p.wait(timeout=20)
except subprocess.TimeoutExpired:
    p.kill()
read_until(b"Bye...", 5)
sys.stdout.buffer.write(buf.replace(b"\r", b""))
print("\nPROMPT %d HISTORY %d EXIT %s" % (ok, again, p.returncode))
EOF
check "interactive on a terminal (readline, history)" "$TMP/pty" \
	'grep -q "PROMPT 1 HISTORY 1 EXIT 0" "$TMP/pty"' \
	'grep -q "Number of packets per burst set to 16" "$TMP/pty"' 'grep -q "^Bye...$" "$TMP/pty"'

# ---- errors: a message naming the cause, the documented exit status -----
# expect_error NAME CODE MESSAGES ARGS...: exit status exactly CODE, and a
# line containing each line of MESSAGES (fixed strings).
expect_error() {
	local name=$1 code=$2 msgs=$3 msg; shift 3
	local log="$TMP/err-${name//[^a-zA-Z0-9]/_}" conds=("rc_is $code") i=0
	timeout 30 "$BIN" "$@" </dev/null >"$log" 2>&1
	RC=$?
	# check() evaluates the conditions while this function's locals are visible.
	local -a msg_line
	while IFS= read -r msg; do
		msg_line[i]=$msg
		conds+=("has_line \"\$log\" \"\${msg_line[$i]}\"")
		i=$((i + 1))
	done <<<"$msgs"
	check "error: $name (exit $code)" "$log" "${conds[@]}"
}
# The second line of an error found once the ports are up.
NOSTART="fpk-testpmd: cannot start forwarding (see above)"
E=$EXIT_ERROR
expect_error "unknown option" $E \
	"unknown option '--bogus': see --help for the options fpk-testpmd has" \
	$EAL $NULLS -- --bogus
# In a group of short options the unknown letter is named, not the program.
expect_error "unknown letter in a group of short options" $E \
	"unknown option '-q' (in '-iqz'): see --help for the options fpk-testpmd has" \
	$EAL $NULLS -- -iqz
expect_error "option without its value" $E "option '--burst' needs a value: see --help" \
	$EAL $NULLS -- --burst
# A value that looks like -h is a value, not a request for help.
expect_error "-h as --file-prefix's value" $E \
	"fpk-testpmd: cannot initialise the EAL: Invalid argument" \
	--no-huge --in-memory -l 0-1 $NULLS --file-prefix -h
expect_error "-h as --portmask's value" $E \
	"--portmask '-h': expected a hexadecimal port mask such as 0x3" \
	$EAL $NULLS -- --portmask -h
expect_error "stray argument" $E \
	"unexpected argument 'io': testpmd options start with '-' (see --help)" $EAL $NULLS -- io
expect_error "portmask selecting nothing" $E \
	"--portmask 0x0 selects no port: set the bit of each port to forward on (0x3 for ports 0 and 1)" \
	$EAL $NULLS -- --portmask 0x0
expect_error "portmask naming a missing port" $E \
	"fpk-testpmd: --portmask 0x5: port 2 does not exist (ports present: 0, 1)" \
	$EAL $NULLS -- --portmask 0x5
expect_error "portmask not hex" $E \
	"--portmask 'zz': expected a hexadecimal port mask such as 0x3" $EAL $NULLS -- --portmask zz
expect_error "unknown forwarding mode" $E \
	"--forward-mode 'foo': unknown mode; modes: io, mac, macswap, 5tswap, rxonly, txonly, flowgen, csum, icmpecho, rxcheck" \
	$EAL $NULLS -- --forward-mode foo
expect_error "txonly headers do not fit" $E \
	"txpkts: the first segment (40 bytes) must hold the 42 bytes of Ethernet, IPv4 and UDP headers
$NOSTART" $EAL $NULLS -- --forward-mode txonly --txpkts 40
expect_error "tx-seq payload does not fit" $E \
	"txpkts: packets of 50 bytes are too short for the --tx-seq payload: make them at least 58 bytes
$NOSTART" $EAL $NULLS -- --forward-mode txonly --tx-seq --txpkts 50
expect_error "tx_first needs txonly packets" $E \
	"txpkts: the first segment (30 bytes) must hold the 42 bytes of Ethernet, IPv4 and UDP headers
$NOSTART" $EAL $NULLS -- --tx-first --txpkts 30
expect_error "more queues than the port has" $E \
	"port 0 (net_ring0): --rxq 2 --txq 2 but the device has at most 1 rx and 1 tx queues
fpk-testpmd: cannot start port 0 (see above)" $EAL --vdev net_ring0 -- --rxq 2 --txq 2
expect_error "nb-cores above the lcores" $E \
	"fpk-testpmd: --nb-cores 2: only 1 lcore can forward (the EAL's first lcore runs the prompt and statistics): give the EAL 3 lcores, e.g. -l 0-2" \
	$EAL $NULLS -- --nb-cores 2
expect_error "no forwarding lcore" $E \
	"fpk-testpmd: no lcore to forward on: the EAL has only its main lcore, which runs the prompt and statistics; give it at least two, e.g. -l 0-1" \
	--no-huge --in-memory -l 0 --file-prefix $PFX $NULLS --
expect_error "burst 0" $E "--burst '0': expected a number from 1 to 512" $EAL $NULLS -- --burst 0
expect_error "burst 513" $E "--burst '513': expected a number from 1 to 512" \
	$EAL $NULLS -- --burst 513
expect_error "no ports" $E \
	"fpk-testpmd: no ports: add --vdev net_null0 --vdev net_null1, or bind a NIC to FPK and allow it with -a (see doc/guides/testpmd.md)" \
	$EAL --
expect_error "mbcache above 512" $E "--mbcache '600': expected a number from 0 to 512" \
	$EAL $NULLS -- --mbcache 600
expect_error "bad eth-peer" $E \
	"--eth-peer '1,zz': expected PORT,XX:XX:XX:XX:XX:XX with PORT 0..31" \
	$EAL $NULLS -- --eth-peer 1,zz
expect_error "bad topology" $E "--port-topology 'star': expected paired, chained or loop" \
	$EAL $NULLS -- --port-topology star
expect_error "bad stats-period" $E "--stats-period 'x': expected a number from 0 to 86400" \
	$EAL $NULLS -- --stats-period x
expect_error "too many txpkts segments" $E \
	"txpkts '64,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1': at most 16 segments" \
	$EAL $NULLS -- --txpkts 64,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1
expect_error "bad EAL option" $E "fpk-testpmd: cannot initialise the EAL: Invalid argument" \
	--no-huge --in-memory -l 0-1 --file-prefix a/b $NULLS --
# A --file-prefix in use (no --in-memory): the second process is refused.
"$BIN" --no-huge --no-pci --file-prefix "$PFX-busy" $NULLS -l 0-1 -- >"$TMP/busy-holder" 2>&1 &
RUNPID=$!
wait_forwarding "$TMP/busy-holder" $RUNPID
expect_error "file prefix in use" $E \
	"another FPK process is running with file prefix '$PFX-busy': give this one its own --file-prefix (or use --in-memory)
fpk-testpmd: cannot initialise the EAL: Device or resource busy" \
	--no-huge --no-pci --file-prefix "$PFX-busy" $NULLS -l 0-1 --
kill -INT $RUNPID 2>/dev/null
wait $RUNPID
RC=$?
RUNPID=
check "the process holding the file prefix still exits 0" "$TMP/busy-holder" 'rc_is 0' \
	'has_line "$TMP/busy-holder" "Bye..."'

# ---- prompt: the command table, help sections, '?' and completion -------

# reply LOG COMMAND: what the prompt printed for COMMAND (the lines between
# "testpmd> COMMAND" and the next prompt), first run only.
reply() {
	awk -v cmd="testpmd> $2" '
		found && /^testpmd> / { exit }
		found { print }
		$0 == cmd { found = 1 }' "$1"
}

# dispatched LOG COMMAND...: each COMMAND ran (its reply is neither "Bad
# arguments" nor "Command not found").
dispatched() {
	local log=$1 c r; shift
	for c in "$@"; do
		r=$(reply "$log" "$c")
		if ! grep -qx "testpmd> $c" "$log" || grep -qE "Bad arguments|Command not found" <<<"$r"; then
			echo "'$c' did not run: ${r:-no reply}" >>"$WHY"
			return 1
		fi
	done
}

# says LOG COMMAND TEXT: COMMAND's reply has a line containing TEXT.
says() {
	reply "$1" "$2" | grep -qF -- "$3" && return 0
	echo "'$2' did not say \"$3\": $(reply "$1" "$2" | head -3 | paste -sd'|')" >>"$WHY"
	return 1
}

# Every command DPDK users type daily reaches its handler; wrong words are "Bad
# arguments" (never "Command not found" for a known first word).
NEWCMDS=("show port summary all" "show config rxtx" "show config cores" "show rxq info 0 0"
	"show txq info 0 0" "show device info all" "port config all rxq 1" "port config all txq 1"
	"port config all rxd 512" "port config all txd 512" "port config mtu 0 1500"
	"set allmulti all on" "set allmulti 0 off" "set link-up port 0" "set link-down port 1"
	"set portlist 0,1" "mac_addr set 0 02:11:22:33:44:55" "dump_mempool" "dump_memzone"
	"mcast_addr add 0 01:00:5e:00:00:01" "mcast_addr remove 0 01:00:5e:00:00:01"
	"set log global 8" "set verbose 0" "show capture" "capture stop" "set fwd io retry"
	"set fwd mac" "start tx_first 2" "stop" "port reset 1" "port close 1")
BADCMDS=("show port summary" "show rxq info 0" "show txq info 0 0 0" "show config" "show config nonsense"
	"show device info" "port config all rxq" "port config all nbq 2" "port config mtu 0"
	"set allmulti all maybe" "set link-up 0" "set link-up port" "set portlist" "mac_addr set 0"
	"mac_addr" "dump_mempool all" "set log global" "set verbose" "capture start 0"
	"mcast_addr add 0" "mcast_addr" "mcast_addr flush 0 01:00:5e:00:00:01"
	"capture" "set fwd io retry now" "port close" "port reset 0 1")
{
	for c in "${NEWCMDS[@]}" "${BADCMDS[@]}"; do echo "$c"; done
	cat <<'CMDS'
dump_mempools
show rxq info all 0
set link-up port 9
set verbose x
set fwd rxonly retry
help nonsense
quit
CMDS
} | pipe_session "$TMP/cmdtab" $EAL $NULLS -- -i
count_bad() { grep -cx "Bad arguments: see 'help'" "$TMP/cmdtab"; }
check "prompt: every new command dispatches, wrong words are Bad arguments" "$TMP/cmdtab" \
	'grep -q "^EXIT 0$" "$TMP/cmdtab"' 'dispatched "$TMP/cmdtab" "${NEWCMDS[@]}"' \
	'[ "$(count_bad)" -eq ${#BADCMDS[@]} ]' \
	'[ "$(grep -c "Command not found" "$TMP/cmdtab")" -eq 1 ]' \
	'says "$TMP/cmdtab" dump_mempools "Command not found: '"'dump_mempools'"'"' \
	'says "$TMP/cmdtab" "show rxq info all 0" "Give one port id, not '"'all'"'"' \
	'says "$TMP/cmdtab" "set link-up port 9" "Invalid port '"'9'"'"' \
	'says "$TMP/cmdtab" "set verbose x" "verbose takes a level 0..65535"' \
	'says "$TMP/cmdtab" "set fwd io retry" "Set io packet forwarding mode with retry"' \
	'says "$TMP/cmdtab" "set fwd mac" "Set mac packet forwarding mode"' \
	'! reply "$TMP/cmdtab" "set fwd mac" | grep -q "with retry"' \
	'says "$TMP/cmdtab" "set fwd rxonly retry" "rxonly mode sends nothing"' \
	'says "$TMP/cmdtab" "help nonsense" "No help section '"'nonsense'"': give one of control,"'

# help: DPDK 22.11's list of sections, word for word, and each section's
# commands from the table.
pipe_session "$TMP/helpsec" $EAL $NULLS -- -i <<'CMDS'
help
help control
help ports
help all
quit
CMDS
dpdk_sections() {
	cat <<'EOF'
Help is available for the following sections:

    help control                    : Start and stop forwarding.
    help display                    : Displaying port, stats and config information.
    help config                     : Configuration information.
    help ports                      : Configuring ports.
    help filters                    : Filters configuration help.
    help traffic_management         : Traffic Management commands.
    help devices                    : Device related commands.
    help drivers                    : Driver specific commands.
    help all                        : All of the above sections.
EOF
}
help_all_lists() {
	local c
	for c in "show port summary all" "show config rxtx|cores|fwd" "show rxq|txq info P Q" \
		"show device info all" "port config all rxq|txq|rxd|txd N" "port config mtu P N" \
		"set allmulti P|all on|off" "set link-up|link-down port P" "set portlist LIST" \
		"mac_addr set P MAC" "mcast_addr add|remove P MAC" "dump_mempool" "dump_memzone" \
		"set log global LEVEL" \
		"set verbose N" "capture start P FILE" "capture stop" "show capture" \
		"set fwd MODE [retry]" "port close P|all" "port reset P|all" "start tx_first [N]"; do
		reply "$TMP/helpsec" "help all" | grep -qxF -- "$c" ||
			{ echo "help all does not list '$c'" >>"$WHY"; return 1; }
	done
}
check "prompt: help lists DPDK's sections, help SECTION their commands" "$TMP/helpsec" \
	'grep -q "^EXIT 0$" "$TMP/helpsec"' \
	'reply "$TMP/helpsec" help | grep -A10 -x "Help is available for the following sections:" | diff - <(dpdk_sections)' \
	'says "$TMP/helpsec" "help control" "Control forwarding:"' \
	'reply "$TMP/helpsec" "help control" | grep -qx -- "-------------------"' \
	'reply "$TMP/helpsec" "help control" | grep -qx "    Start packet forwarding with the current configuration."' \
	'! reply "$TMP/helpsec" "help control" | grep -q "^port "' \
	'says "$TMP/helpsec" "help ports" "Port Operations:"' \
	'reply "$TMP/helpsec" "help ports" | grep -qx "port close P|all"' \
	'[ "$(reply "$TMP/helpsec" "help all" | grep -cE "^(Control forwarding|Display|Configuration|Port Operations|filters|Traffic Management|Device Operations|Driver specific):$")" -eq 8 ]' \
	help_all_lists \
	'reply "$TMP/helpsec" "help all" | grep -A1 -x "capture start P FILE" | grep -q "FPK only"'

# '?' at the end of a piped line: what may come next, nothing run.
pipe_session "$TMP/qmark" $EAL $NULLS -- -i <<'CMDS'
set fwd ?
set fwd mac?
start ?
show port ?
port 0 rxq 0 ?
bogus ?
quit ?
quit
CMDS
check "prompt: '?' lists the next words with their help (piped)" "$TMP/qmark" \
	'grep -q "^EXIT 0$" "$TMP/qmark"' \
	'[ "$(reply "$TMP/qmark" "set fwd ?" | grep -c "^ [a-z0-9]* \[MODE\]: set fwd MODE \[retry\]: Set the packet forwarding mode")" -eq 10 ]' \
	'[ "$(reply "$TMP/qmark" "set fwd mac?" | grep -c "\[MODE\]")" -eq 2 ]' \
	'says "$TMP/qmark" "set fwd mac?" " macswap [MODE]: set fwd MODE [retry]"' \
	'says "$TMP/qmark" "start ?" " [RETURN]: start: Start packet forwarding"' \
	'says "$TMP/qmark" "start ?" " tx_first [tx_first]: start tx_first [N]: Send N"' \
	'says "$TMP/qmark" "show port ?" " summary [summary]: show port summary all: Display"' \
	'says "$TMP/qmark" "show port ?" " 1 [P]: show port P rss-hash [key]"' \
	'says "$TMP/qmark" "port 0 rxq 0 ?" " start [start|stop]: port P rxq|txq Q start|stop"' \
	'says "$TMP/qmark" "bogus ?" "No command starts with '"'bogus '"': see '"'help'"'"' \
	'! reply "$TMP/qmark" "set fwd ?" | grep -q "Set .* packet forwarding mode$"' \
	'grep -qx "testpmd> quit" "$TMP/qmark"'

# A terminal: Tab completes commands and arguments from the same table, a
# second Tab lists the candidates, file names only where a FILE goes, and
# the '?' key lists the next words and redraws the line.
(cd "$TMP" && : >meson.build && python3 - "$BIN" $EAL $NULLS -- -i) >"$TMP/complete" 2>&1 <<'EOF'
import os, pty, re, select, subprocess, sys, time
master, slave = pty.openpty()
p = subprocess.Popen(sys.argv[1:], stdin=slave, stdout=slave, stderr=slave, close_fds=True)
os.close(slave)
buf = b""
def read_until(what, start=0, secs=20):
    global buf
    end = time.time() + secs
    while what not in buf[start:] and time.time() < end:
        r, _, _ = select.select([master], [], [], 0.2)
        if r:
            try:
                buf += os.read(master, 65536)
            except OSError:
                break
    return what in buf[start:]
def step(name, keys, expect):
    start = len(buf)
    os.write(master, keys)
    print("STEP %s %s" % (name, "ok" if read_until(expect, start) else "FAILED"))
read_until(b"testpmd> ")
step("word", b"sho\t", b"show ")
step("port-words", b"port su\t", b"summary ")
step("all", b"\t", b"all ")
step("run", b"\r", b"testpmd> ")
step("list-modes", b"set fwd mac\t\t", b"macswap")
step("mode-unique", b"s\t\r", b"Set macswap packet forwarding mode")
step("list-ports", b"show port stats \t\t", b"all")
step("port-done", b"0\r", b"NIC statistics for port 0")
step("no-file", b"set fwd me\t\r", b"Invalid forwarding mode 'me'")
step("file", b"capture start 0 meso\t", b"meson.build ")
step("file-done", b"\x15\r", b"testpmd> ")
step("qmark", b"set fwd ?", b" rxcheck [MODE]")
step("qmark-run", b"io\r", b"Set io packet forwarding mode")
step("mcast-word", b"mcast\t", b"mcast_addr ")
step("mcast-sub", b"rem\t", b"remove ")
step("mcast-ports", b"\t\t", b"mcast_addr remove ")
step("mcast-run", b"1 01:00:5e:00:00:01\r", b"multicast address not filtered by port 1")
os.write(master, b"quit\r")
try:
    p.wait(timeout=20)
except subprocess.TimeoutExpired:
    p.kill()
read_until(b"Bye...", 0, 5)
# Without the bell and bracketed-paste switches, lines read as on screen.
sys.stdout.buffer.write(re.sub(rb"\r|\x07|\x1b\[\?2004[hl]", b"", buf))
print("\nEXIT %s" % p.returncode)
EOF
check "prompt: Tab completion and the '?' key on a terminal" "$TMP/complete" \
	'grep -q "^EXIT 0$" "$TMP/complete"' '! grep -q "^STEP .* FAILED" "$TMP/complete"' \
	'grep -qE "^mac +macswap *$" "$TMP/complete"' 'grep -qE "^0 +1 +all *$" "$TMP/complete"' \
	'grep -q "show port summary all" "$TMP/complete"' \
	'grep -q "^ io \[MODE\]: set fwd MODE \[retry\]" "$TMP/complete"' \
	'grep -A1 "^ rxcheck \[MODE\]" "$TMP/complete" | grep -qx "testpmd> set fwd io"' \
	'grep -qE "^0 +1 *$" "$TMP/complete"'

# ---- prompt: port, display and configuration commands ------------------
# (reply and says are defined above). Expected lines in quotes are DPDK
# 22.11 dpdk-testpmd's output on net_null ports, where scripts grep for them.

# Displays: port summary, queue info, forwarding lcores, device info, and
# the mempool and memzone dumps.
pipe_session "$TMP/cmds-show" $EAL $NULLS -- -i --rxd 256 --txd 1024 <<'CMDS'
show port summary all
show rxq info 0 0
show txq info 1 0
show rxq info 0 3
show txq info 0 x
show config cores
show device info all
dump_mempool
dump_memzone
quit
CMDS
L=$TMP/cmds-show
check "show port summary all: DPDK's header and rows" "$L" 'grep -q "^EXIT 0$" "$L"' \
	'says "$L" "show port summary all" "Number of available ports: 2"' \
	'says "$L" "show port summary all" "Port MAC Address       Name         Driver         Status   Link"' \
	'reply "$L" "show port summary all" | grep -qE "^1    ([0-9A-F]{2}:){5}[0-9A-F]{2} net_null1    net_null       up       10 Gbps$"'
check "show rxq/txq info: DPDK's labels, the queues as set up" "$L" \
	'says "$L" "show rxq info 0 0" "********************* Infos for port 0 , RX queue 0  *********************"' \
	'says "$L" "show rxq info 0 0" "Mempool: mb_pool_0"' \
	'says "$L" "show rxq info 0 0" "Rx queue state: started"' \
	'says "$L" "show rxq info 0 0" "RX buffer size: 2048"' \
	'says "$L" "show rxq info 0 0" "Number of RXDs: 256"' \
	'says "$L" "show txq info 1 0" "********************* Infos for port 1 , TX queue 0  *********************"' \
	'says "$L" "show txq info 1 0" "Number of TXDs: 1024"' \
	'says "$L" "show txq info 1 0" "Tx queue state: started"' \
	'says "$L" "show rxq info 0 3" "Failed to retrieve information for port: 0, RX queue: 3"' \
	'says "$L" "show rxq info 0 3" "port 0 has 1 RX queue: give 0..0"' \
	'says "$L" "show txq info 0 x" "Invalid TX queue '"'x'"'"'
check "show config cores: DPDK's list of forwarding lcores" "$L" \
	'[ "$(reply "$L" "show config cores")" = "List of forwarding lcores:  1" ]'
check "show device info all: a block per device, DPDK's labels" "$L" \
	'says "$L" "show device info all" "********************* Infos for device net_null1 *********************"' \
	'says "$L" "show device info all" "Bus name: vdev"' \
	'says "$L" "show device info all" "Driver name: net_null"' \
	'reply "$L" "show device info all" | grep -qx "	Port id: 1 "' \
	'reply "$L" "show device info all" | grep -qx "	Device name: net_null0"'
check "dump_mempool and dump_memzone" "$L" \
	'says "$L" "dump_mempool" "mempool '"'mb_pool_0'"' at"' \
	'says "$L" "dump_memzone" "zone '"'MP_mb_pool_0'"'"'

# Port control: MTU, all-multicast, link, MAC address, queue counts, close
# and reset.
pipe_session "$TMP/cmds-port" $EAL $NULLS -- -i <<'CMDS'
port config mtu 0 9000
port config mtu 0 20
port config mtu 1 x
set allmulti all on
show port info 1
set allmulti 1 off
show port info 1
set link-down port 0
show port summary all
set link-up port 0
mac_addr set 1 02:11:22:33:44:55
mac_addr set 1 01:00:5e:00:00:01
mac_addr set 1 zz
show port summary all
port config all rxq 2
port config all txd 1024
port stop all
port config all rxq 5000
port config all rxd 70000
port config all txq 0
port config all rxq 2
port config all txd 1024
port start all
show config rxtx
show rxq info 0 1
show port info 0
port close 0
port reset 1
port stop 0
port close 0
port close 0
show port summary all
port stop 1
port reset 1
port start 1
start
stop
quit
CMDS
L=$TMP/cmds-port
check "port config mtu: set, DPDK's refusal below the minimum" "$L" \
	'grep -q "^EXIT 0$" "$L"' '[ -z "$(reply "$L" "port config mtu 0 9000")" ]' \
	'says "$L" "show port info 0" "MTU: 9000"' \
	'says "$L" "port config mtu 0 20" "MTU (20) < device min MTU (68) for port_id 0"' \
	'says "$L" "port config mtu 1 x" "Invalid MTU"'
check "set allmulti on|off" "$L" \
	'[ "$(reply "$L" "show port info 1" | grep Allmulticast)" = "Allmulticast mode: enabled" ]' \
	'[ "$(reply "$L" "set allmulti 1 off")" = "" ]' \
	'[ "$(grep -c "^Allmulticast mode: disabled" "$L")" -ge 1 ]'
check "set link-down|link-up port: the link follows, with events" "$L" \
	'says "$L" "set link-down port 0" "Port 0: Link down"' \
	'reply "$L" "show port summary all" | grep -qE "^0 .* net_null       down     10 Gbps$"' \
	'says "$L" "set link-up port 0" "Port 0: Link up at 10 Gbps FDX Fixed"'
check "mac_addr set: the port takes it; bad addresses refused" "$L" \
	'grep -qE "^1    02:11:22:33:44:55 net_null1 " "$L"' \
	'says "$L" "mac_addr set 1 01:00:5e:00:00:01" "mac_addr_cmd error: (Invalid argument)"' \
	'says "$L" "mac_addr set 1 zz" "Invalid MAC address '"'zz'"'"'
check "port config all rxq|txq|rxd|txd: stopped ports, limits, next start" "$L" \
	'says "$L" "port config all rxq 2" "Please stop all ports first"' \
	'says "$L" "port config all rxq 5000" "Fail: input rxq (5000) can'"'"'t be greater than max_rx_queues (16) of port 0"' \
	'says "$L" "port config all rxd 70000" "Invalid number"' \
	'says "$L" "port config all txq 0" "needs one of each at least"' \
	'says "$L" "port start all" "Configuring Port 0 (socket 0)"' \
	'says "$L" "show config rxtx" "port 0: RX queue number: 2 Tx queue number: 1"' \
	'says "$L" "show config rxtx" "TX desc=1024"' \
	'says "$L" "show rxq info 0 1" "Rx queue state: started"' \
	'says "$L" "show port info 0" "Current number of RX queues: 2"'
check "port close: DPDK's messages; a closed port is gone" "$L" \
	'says "$L" "port close 0" "Cannot close started device (port 0)"' \
	'[ "$(reply "$L" "port close 0" | grep -c "Port 0 is closed")" = 0 ]' \
	'grep -qx "Port 0 is closed" "$L"' \
	'[ "$(grep -A1 -x "testpmd> port close 0" "$L" | tail -1)" = "Invalid port '"'0'"': give '"'all'"' or the id of a port" ]' \
	'grep -qx "Number of available ports: 1" "$L"' \
	'grep -q "io packet forwarding - ports=1 - cores=1 - streams=1" "$L"' \
	'! grep -q "Forward statistics for port 0" "$L"' '! grep -q "not returned" "$L"'
check "port reset: stopped ports only; net_null cannot reset" "$L" \
	'says "$L" "port reset 1" "Can not reset port(s), please stop port(s) first."' \
	'grep -q "^Failed to reset port 1. diag=-95: its driver (net_null) cannot reset" "$L"'

# mcast_addr add|remove: testpmd's list per port, handed whole to the driver
# (net_null takes any list, net_ring has no multicast filter); DPDK's
# messages. One address written four ways: the list compares bytes.
pipe_session "$TMP/cmds-mcast" $EAL --vdev net_null0 --vdev net_ring0 -- -i <<'CMDS'
mcast_addr add 1 01:00:5e:00:00:fb
mcast_addr remove 1 01:00:5e:00:00:fb
mcast_addr add 0 01:00:5e:00:00:fb
mcast_addr add 0 01:00:5E:00:00:FB
mcast_addr add 0 33:33:00:00:00:01
mcast_addr remove 0 01:00:5E:00:00:fb
mcast_addr remove 0 01:00:5e:00:00:FB
mcast_addr add 0 01:00:5E:00:00:fb
mcast_addr add 0 02:00:00:00:00:01
mcast_addr remove 0 zz
mcast_addr add 7 01:00:5e:00:00:fb
quit
CMDS
L=$TMP/cmds-mcast
check "mcast_addr: a port without a multicast filter refuses, DPDK's error" "$L" \
	'grep -q "^EXIT 0$" "$L"' \
	'says "$L" "mcast_addr add 1 01:00:5e:00:00:fb" "fpk_eth_dev_set_mc_addr_list(port=1, nb=1) failed. diag=-95"' \
	'says "$L" "mcast_addr add 1 01:00:5e:00:00:fb" "'"'set allmulti 1 on'"'"' \
	'says "$L" "mcast_addr remove 1 01:00:5e:00:00:fb" "multicast address not filtered by port 1"'
check "mcast_addr: add, duplicate, remove, remove absent, bad addresses" "$L" \
	'[ -z "$(reply "$L" "mcast_addr add 0 01:00:5e:00:00:fb")" ]' \
	'says "$L" "mcast_addr add 0 01:00:5E:00:00:FB" "multicast address already filtered by port"' \
	'[ -z "$(reply "$L" "mcast_addr add 0 33:33:00:00:00:01")" ]' \
	'[ -z "$(reply "$L" "mcast_addr remove 0 01:00:5E:00:00:fb")" ]' \
	'says "$L" "mcast_addr remove 0 01:00:5e:00:00:FB" "multicast address not filtered by port 0"' \
	'[ -z "$(reply "$L" "mcast_addr add 0 01:00:5E:00:00:fb")" ]' \
	'says "$L" "mcast_addr add 0 02:00:00:00:00:01" "Invalid multicast addr 02:00:00:00:00:01"' \
	'says "$L" "mcast_addr remove 0 zz" "Invalid MAC address '"'zz'"'"' \
	'says "$L" "mcast_addr add 7 01:00:5e:00:00:fb" "Invalid port '"'7'"'"'

# set portlist (order and subset of the forwarding ports), set log global,
# set txpkts checked when set, DPDK's rxtx labels.
pipe_session "$TMP/cmds-cfg" $EAL $NULLS -- -i <<'CMDS'
set portlist 1,0
show config fwd
set portlist 0,7
set portlist 0-x
set portlist 1
show config rxtx
start
stop
set portlist 0,1,0
set log global 8
set log global loud
set fwd txonly
set txpkts 10
set txpkts 4000
set txpkts 100,60
show config rxtx
set fwd io retry
show config rxtx
show config fwd
quit
CMDS
L=$TMP/cmds-cfg
check "set portlist: order and subset of the forwarding ports" "$L" 'grep -q "^EXIT 0$" "$L"' \
	'[ "$(reply "$L" "show config fwd" | grep -m1 "RX P=")" = "  RX P=1/Q=0 (socket 0) -> TX P=0/Q=0 (socket 0) peer=02:00:00:00:00:00" ]' \
	'says "$L" "set portlist 0,7" "Invalid port 7"' \
	'says "$L" "set portlist 0-x" "character x is not a decimal digit"' \
	'says "$L" "set portlist 1" "previous number of forwarding ports 2 - changed to number of configured ports 1"' \
	'says "$L" "stop" "Forward statistics for port 1"' \
	'! reply "$L" "stop" | grep -q "Forward statistics for port 0"' \
	'says "$L" "set portlist 0,1,0" "changed to number of configured ports 2"' \
	'says "$L" "show config rxtx" "nb forwarding cores=1 - nb forwarding ports=1"' \
	'says "$L" "show config rxtx" "  port 0: RX queue number: 1 Tx queue number: 1"'
check "set log global LEVEL" "$L" '[ -z "$(reply "$L" "set log global 8")" ]' \
	'says "$L" "set log global loud" "Invalid log level '"'loud'"'"'
check "set txpkts: refused when set, not at the next start" "$L" \
	'says "$L" "set txpkts 10" "txpkts: the first segment (10 bytes) must hold the 42 bytes"' \
	'says "$L" "set txpkts 4000" "segment 0 is 4000 bytes but an mbuf holds at most 2048"' \
	'[ -z "$(reply "$L" "set txpkts 100,60")" ]' \
	'grep -qx "  packet len=160 - nb packet segments=2" "$L"'
check "show config rxtx|fwd: DPDK's retry labels" "$L" \
	'grep -qx "  io packet forwarding with retry packets/burst=32" "$L"' \
	'grep -q "^io packet forwarding with retry - ports=" "$L"' \
	'grep -qx "TX retry num: 64, delay between TX retries: 1us" "$L"'

# Non-interactive runs announce the start in DPDK's words.
run_for 1 INT "$TMP/cmds-noninteractive" $EAL $NULLS
check "non-interactive: DPDK's 'No commandline core given' line" "$TMP/cmds-noninteractive" \
	'rc_is 0' 'has_line "$TMP/cmds-noninteractive" "No commandline core given, start packet forwarding"'

# Every port closed: nothing to forward on, said; quit still exits cleanly.
pipe_session "$TMP/cmds-closeall" $EAL $NULLS -- -i <<'CMDS'
port stop all
port close all
start
show config fwd
quit
CMDS
L=$TMP/cmds-closeall
check "port close all: start says there is no port, quit exits 0" "$L" \
	'grep -q "^EXIT 0$" "$L"' '[ "$(grep -c "^Port [01] is closed$" "$L")" = 2 ]' \
	'says "$L" "start" "no port to forward on"' \
	'says "$L" "show config fwd" "io packet forwarding - ports=0 - cores=0 - streams=0"'

# ---- packet capture, "set verbose" dumps, tx retry -----------------------

# pcap_count FILE: the packets tcpdump reads from FILE (nothing if it fails).
pcap_count() {
	local n
	n=$(tcpdump -n -r "$1" 2>/dev/null | wc -l) && [ "${PIPESTATUS[0]}" -eq 0 ] || {
		echo "tcpdump -r $(basename "$1") failed" >>"$WHY"; return 1; }
	echo "$n"
}

# pcapng_dirs FILE: "IN OUT" packet counts from the epb_flags of FILE's
# enhanced packet blocks (tcpdump does not print a pcapng packet's direction).
pcapng_dirs() {
	python3 - "$1" <<'EOF'
import struct, sys
d = open(sys.argv[1], "rb").read()
bo = "<" if d[8:12] == struct.pack("<I", 0x1A2B3C4D) else ">"
off, n = 0, [0, 0, 0, 0]
while off + 12 <= len(d):
    t, ln = struct.unpack_from(bo + "II", d, off)
    if t == 6:
        cap = struct.unpack_from(bo + "I", d, off + 20)[0]
        o = off + 28 + (cap + 3) // 4 * 4
        while o + 4 <= off + ln - 4:
            code, olen = struct.unpack_from(bo + "HH", d, o)
            if code == 0:
                break
            if code == 2:
                n[struct.unpack_from(bo + "I", d, o + 4)[0] & 3] += 1
            o += 4 + (olen + 3) // 4 * 4
    off += ln
print(n[1], n[2])
EOF
}

# stopped_stat LOG PORT WHAT: from "Capture of port PORT stopped: N packets
# written to F (N received, N sent), N dropped", WHAT = written, received,
# sent or dropped.
stopped_stat() {
	local v
	v=$(sed -nE "s/^Capture of port $2 stopped: ([0-9]+) packets written to .* \(([0-9]+) received, ([0-9]+) sent\), ([0-9]+) dropped$/\1 \2 \3 \4/p" "$1" | tail -1)
	case $3 in
	written) v=${v%% *} ;; received) v=$(cut -d' ' -f2 <<<"$v") ;;
	sent) v=$(cut -d' ' -f3 <<<"$v") ;; dropped) v=$(cut -d' ' -f4 <<<"$v") ;;
	esac
	if [ -z "$v" ]; then
		echo "no 'Capture of port $2 stopped' line in $(basename "$1")" >>"$WHY"
		return 1
	fi
	echo "$v"
}

if ! command -v tcpdump >/dev/null || ! command -v python3 >/dev/null; then
	skip "capture: tcpdump and python3 are needed to read the files back (Debian packages tcpdump, python3)"
else
	# Capture from before start to after stop: every packet of port 0 is
	# either in the file or counted as dropped.
	pipe_session "$TMP/cap" $EAL $NULLS -- -i <<EOF
capture start 0 $TMP/cap.pcapng
show capture
start
sleep 0.2
stop
capture stop
show capture
quit
EOF
	CW=$(stopped_stat "$TMP/cap" 0 written) CR=$(stopped_stat "$TMP/cap" 0 received)
	CS=$(stopped_stat "$TMP/cap" 0 sent) CD=$(stopped_stat "$TMP/cap" 0 dropped)
	CN=$(pcap_count "$TMP/cap.pcapng") CDIR=$(pcapng_dirs "$TMP/cap.pcapng")
	C0RX=$(fwd_stat "$TMP/cap" 0 RX-packets) C0TX=$(fwd_stat "$TMP/cap" 0 TX-packets)
	check "capture: io on null ports, tcpdump reads every packet written" "$TMP/cap" \
		'grep -q "^EXIT 0$" "$TMP/cap"' \
		'has_line "$TMP/cap" "Capturing port 0 (net_null0) into $TMP/cap.pcapng"' \
		'has_line "$TMP/cap" "port 0: $TMP/cap.pcapng - written: "' \
		'has_line "$TMP/cap" "No capture running"' \
		'[ "$CW" -gt 0 ] && [ "$CN" -eq "$CW" ]' \
		'[ "$CR" -gt 0 ] && [ "$CS" -gt 0 ] && [ $((CR + CS)) -eq "$CW" ]' \
		'[ "$CDIR" = "$CR $CS" ]' \
		'[ $((CW + CD)) -eq $((C0RX + C0TX)) ]'
	# The timestamps are the wall clock's (nanoseconds since the epoch).
	check "capture: packets carry today's date" "$TMP/cap" \
		'tcpdump -c 1 -n -tttt -r "$TMP/cap.pcapng" 2>/dev/null | grep -q "^$(date +%Y-%m-%d) "'

	# Started and stopped while forwarding runs on the other lcore.
	pipe_session "$TMP/caprun" $EAL $NULLS -- -i <<EOF
start
sleep 0.5
capture start 1 $TMP/caprun.pcapng
sleep 0.5
show capture
capture stop
sleep 0.3
stop
quit
EOF
	RW=$(stopped_stat "$TMP/caprun" 1 written)
	RN=$(pcap_count "$TMP/caprun.pcapng")
	check "capture: started and stopped while forwarding runs" "$TMP/caprun" \
		'grep -q "^EXIT 0$" "$TMP/caprun"' \
		'has_line "$TMP/caprun" "port 1: $TMP/caprun.pcapng - written: "' \
		'[ "$RW" -gt 0 ] && [ "$RN" -eq "$RW" ]' \
		'[ "$(fwd_stat "$TMP/caprun" 1 RX-packets)" -gt "$RW" ]'

	# Two-segment packets (the UDP payload in the second), copied whole:
	# tcpdump checks each UDP checksum, which --tx-seq makes cover the payload.
	pipe_session "$TMP/capseg" $EAL $NULLS -- -i --tx-seq <<EOF
set fwd txonly
set txpkts 42,30
capture start 0 $TMP/capseg.pcapng
start
sleep 0.2
stop
capture stop
quit
EOF
	SW=$(stopped_stat "$TMP/capseg" 0 written)
	check "capture: multi-segment packets, tcpdump checks their UDP sums" "$TMP/capseg" \
		'grep -q "^EXIT 0$" "$TMP/capseg"' \
		'[ "$SW" -gt 0 ] && [ "$(stopped_stat "$TMP/capseg" 0 sent)" -eq "$SW" ]' \
		'[ "$(tcpdump -vv -n -r "$TMP/capseg.pcapng" 2>/dev/null | grep -c "198.18.0.1.9 > 198.18.0.2.9: \[udp sum ok\] UDP, length 30")" -eq "$SW" ]'
fi

pipe_session "$TMP/caperr" $EAL $NULLS -- -i <<EOF
capture start 0 $TMP/nodir/x.pcapng
capture start 0 $TMP/a.pcapng
capture start 0 $TMP/b.pcapng
capture stop
capture stop
quit
EOF
check "capture: errors name the cause and the fix" "$TMP/caperr" \
	'grep -q "^EXIT 0$" "$TMP/caperr"' \
	'has_line "$TMP/caperr" "capture: cannot create $TMP/nodir/x.pcapng: No such file or directory"' \
	'has_line "$TMP/caperr" "capture: port 0 is already captured into $TMP/a.pcapng: '"'capture stop'"' first"' \
	'has_line "$TMP/caperr" "capture: no capture is running"' \
	'[ ! -e "$TMP/b.pcapng" ]'

# "set verbose": DPDK 22.11's dump, its lines as dpdk-testpmd printed them
# on two null ports (1: received packets; 2: sent ones, here txonly's).
# Not through pipe_session: while the lcore dumps, the prompt is not the
# last thing printed, so the commands go in at once, 50 ms apart.
{ printf 'set verbose 1\nstart\n'; sleep 0.05
  printf 'stop\nset verbose 0\nset fwd txonly\nset verbose 2\nstart\n'; sleep 0.05
  printf 'stop\nset verbose 0\nquit\n'; } |
	"$BIN" $EAL $NULLS -- -i --burst 2 >"$TMP/verbose" 2>&1
RC=$?
check "set verbose 1 and 2: DPDK's per-burst and per-packet lines" "$TMP/verbose" \
	'rc_is 0' 'has_line "$TMP/verbose" "Change verbose level from 0 to 1"' \
	'has_line "$TMP/verbose" "Change verbose level from 1 to 0"' \
	'grep -qE "^port [01]/queue 0: received 2 packets$" "$TMP/verbose"' \
	'grep -qxF "  src=00:00:00:00:00:00 - dst=00:00:00:00:00:00 - pool=mb_pool_0 - type=0x0000 - length=64 - nb_segs=1 - sw ptype: L2_ETHER  - l2_len=14 - Receive queue=0x0" "$TMP/verbose"' \
	'grep -qxF "  ol_flags: RTE_MBUF_F_RX_L4_CKSUM_UNKNOWN RTE_MBUF_F_RX_IP_CKSUM_UNKNOWN RTE_MBUF_F_RX_OUTER_L4_CKSUM_UNKNOWN " "$TMP/verbose"' \
	'grep -qE "^port [01]/queue 0: sent 2 packets$" "$TMP/verbose"' \
	'grep -qE "^  src=([0-9A-F]{2}:){5}[0-9A-F]{2} - dst=02:00:00:00:00:0[01] - pool=mb_pool_0 - type=0x0800 - length=64 - nb_segs=1 - sw ptype: L2_ETHER L3_IPV4 L4_UDP  - l2_len=14 - l3_len=20 - l4_len=8 - Send queue=0x0$" "$TMP/verbose"' \
	'grep -qxF "  ol_flags: RTE_MBUF_F_TX_L4_NO_CKSUM " "$TMP/verbose"'

# tx retry: txonly on a ring pair that nothing drains, so every burst after
# the first 1024 packets is refused. DPDK's retry tries each refused burst
# 64 more times 1 us apart before dropping it: at most one drop per 64 us,
# where without retry the lcore drops millions of packets a second.
for r in "" " retry"; do
	pipe_session "$TMP/txretry$r" $EAL --vdev net_ring0,pair=net_ring1 -- -i --burst 1 <<EOF
set fwd txonly$r
start
sleep 1
stop
quit
EOF
done
# 1 s of forwarding, and up to 3 s more of prompt round trips on a busy machine.
RETRY_MAX=$(( 4 * 1000000 / 64 ))
check "set fwd txonly retry: a refused burst is retried 64 times, 1 us apart" "$TMP/txretry retry" \
	'grep -q "^EXIT 0$" "$TMP/txretry retry"' \
	'[ "$(acc_stat "$TMP/txretry retry" TX-packets)" -eq 2048 ]' \
	'D=$(acc_stat "$TMP/txretry retry" TX-dropped) && [ "$D" -gt 0 ] && [ "$D" -le $RETRY_MAX ]' \
	'[ "$(acc_stat "$TMP/txretry" TX-dropped)" -gt $((2 * RETRY_MAX)) ]'

# quit with a capture running: the capture ends as with "capture stop".
if command -v tcpdump >/dev/null; then
	pipe_session "$TMP/capquit" $EAL $NULLS -- -i <<EOF
capture start 0 $TMP/capquit.pcapng
start
sleep 0.2
quit
EOF
	QW=$(stopped_stat "$TMP/capquit" 0 written)
	check "capture: quit writes out a running capture" "$TMP/capquit" \
		'grep -q "^EXIT 0$" "$TMP/capquit"' \
		'[ "$QW" -gt 0 ] && [ "$(pcap_count "$TMP/capquit.pcapng")" -eq "$QW" ]'
else
	skip "capture: quit writes out a running capture (tcpdump is not installed: Debian package tcpdump)"
fi

# ---- testpmd and EAL options of DPDK 22.11 ------------------------------
# Each option end to end: its exit status, its message and its effect.
# Literal strings in quotes marked "DPDK's" are DPDK 22.11 testpmd's output.

# opt_session NAME EAL_AND_APP_ARGS... <commands: a prompt session whose log
# is $TMP/opt-NAME; its exit status goes to $RC.
opt_session() {
	local name=$1; shift
	pipe_session "$TMP/opt-$name" "$@"
	RC=$(sed -n 's/^EXIT \(-\{0,1\}[0-9]*\)$/\1/p' "$TMP/opt-$name" | tail -1)
	[ -n "$RC" ] || RC=255
}

# opt_error NAME MESSAGE ARGS...: fpk-testpmd ARGS exits 1 (EXIT_ERROR)
# with a line containing MESSAGE; its log is $TMP/opt-err-NAME.
opt_error() {
	local name=$1 msg=$2 log; shift 2
	log="$TMP/opt-err-${name//[^a-zA-Z0-9]/_}"
	timeout 30 "$BIN" "$@" </dev/null >"$log" 2>&1
	RC=$?
	check "error: $name (exit $EXIT_ERROR)" "$log" 'rc_is $EXIT_ERROR' 'has_line "$log" "$msg"'
}

"$BIN" --help >"$TMP/opt-help" 2>&1
RC=$?
opt_help_lists() {
	for o in --mbuf-size --max-pkt-len --coremask --no-lsc-interrupt --nb-ports \
		 --txonly-multi-flow --main-lcore --proc-type --syslog --huge-unlink \
		 --single-file-segments --legacy-mem --no-telemetry; do
		grep -q -- "$o" "$TMP/opt-help" || { echo "--help does not list $o" >>"$WHY"; return 1; }
	done
	grep -qE '^  -v  ' "$TMP/opt-help" && grep -qE '^  -d LIB' "$TMP/opt-help" ||
		{ echo "--help does not list -v and -d" >>"$WHY"; return 1; }
}
check "options: --help lists the DPDK options added" "$TMP/opt-help" 'rc_is 0' opt_help_lists

# --mbuf-size: the pool's data room, and what fits in it (txonly's segments).
opt_session mbuf $EAL $NULLS -- -i --mbuf-size=4096 --forward-mode=txonly --txpkts 3000 <<'CMDS'
start
sleep 0.5
stop
quit
CMDS
check "--mbuf-size=4096: pool of 4096-byte mbufs, 3000-byte frames sent" "$TMP/opt-mbuf" \
	'rc_is 0' 'has_line "$TMP/opt-mbuf" "testpmd: create a new mbuf pool <mb_pool_0>: n="' \
	'grep -q "create a new mbuf pool <mb_pool_0>: n=[0-9]*, size=4096, socket=0" "$TMP/opt-mbuf"' \
	'[ "$(fwd_stat "$TMP/opt-mbuf" 0 TX-packets)" -gt 0 ]'
opt_session mbufdef $EAL $NULLS -- -i --forward-mode=txonly --txpkts 3000 <<'CMDS'
start
quit
CMDS
check "without --mbuf-size, 3000-byte frames do not fit (the control)" "$TMP/opt-mbufdef" \
	'grep -q "size=2176, socket=0" "$TMP/opt-mbufdef"' \
	'! grep -q "txonly packet forwarding - ports" "$TMP/opt-mbufdef"'
opt_error "--mbuf-size with two sizes" \
	"--mbuf-size 2048,4096: fpk-testpmd takes one mbuf size, as it has no buffer split" \
	$EAL $NULLS -- --mbuf-size=2048,4096
opt_error "--mbuf-size too small" \
	"--mbuf-size '100': expected a number from 192 (128 bytes of headroom and a 64-byte frame) to 65535" \
	$EAL $NULLS -- --mbuf-size=100

# --max-pkt-len: the MTU, as DPDK's "MTU: 8982" for --max-pkt-len=9000 on net_null.
opt_session maxlen $EAL $NULLS -- -i --max-pkt-len=9000 <<'CMDS'
show port info 0
quit
CMDS
check "--max-pkt-len=9000: MTU 8982 in show port info (DPDK's line)" "$TMP/opt-maxlen" \
	'rc_is 0' 'has_line "$TMP/opt-maxlen" "MTU: 8982"'
opt_error "--max-pkt-len below 64" "--max-pkt-len '63': expected a number from 64 to 65535" \
	$EAL $NULLS -- --max-pkt-len=63
opt_error "--max-pkt-len below the port's smallest MTU" \
	"port 0 (net_null): --max-pkt-len 64 is outside the MTUs it takes, 68 to 65535, plus its 18 bytes of overhead: give --max-pkt-len from 86 to 65535" \
	$EAL $NULLS -- --max-pkt-len=64

# --coremask: which lcores forward; DPDK's messages for the main lcore and
# for lcores the EAL does not run.
LC3="--no-huge --in-memory -l 0,1,2@0 --file-prefix $PFX"
opt_session coremask $LC3 $NULLS -- -i --coremask=0x4 <<'CMDS'
show config fwd
quit
CMDS
check "--coremask=0x4: lcore 2 forwards" "$TMP/opt-coremask" 'rc_is 0' \
	'has_line "$TMP/opt-coremask" "Logical Core 2 (socket 0) forwards packets on 2 streams:"' \
	'! grep -q "^Logical Core 1 " "$TMP/opt-coremask"'
opt_session coremask2 $LC3 $NULLS -- -i --coremask=0x6 <<'CMDS'
show config fwd
quit
CMDS
check "--coremask=0x6: two forwarding lcores, DPDK's notice" "$TMP/opt-coremask2" 'rc_is 0' \
	'has_line "$TMP/opt-coremask2" "previous number of forwarding cores 1 - changed to number of configured cores 2"' \
	'has_line "$TMP/opt-coremask2" "io packet forwarding - ports=2 - cores=2 - streams=2"'
opt_error "--coremask with the main lcore" \
	"fpk-testpmd: lcore 0 cannot be masked on for running packet forwarding, which is the main lcore and reserved for command line parsing only: clear its bit in --coremask" \
	$EAL $NULLS -- --coremask=0x3
opt_error "--coremask with an lcore not enabled" \
	"fpk-testpmd: lcore 3 not enabled: --coremask 0x8 names lcores the EAL does not run; add them to -l" \
	$EAL $NULLS -- --coremask=0x8
opt_error "--nb-cores above --coremask's lcores" \
	"--nb-cores 2: --coremask 0x2 has only 1 lcore: give --nb-cores 1 or less, or more lcores in the mask" \
	$EAL $NULLS -- --coremask=0x2 --nb-cores=2

# --nb-ports: the first N forwarding ports.
opt_session nbports $EAL $NULLS -- -i --nb-ports=1 <<'CMDS'
show config fwd
quit
CMDS
check "--nb-ports=1: one forwarding port (DPDK's lines)" "$TMP/opt-nbports" 'rc_is 0' \
	'has_line "$TMP/opt-nbports" "io packet forwarding - ports=1 - cores=1 - streams=1"' \
	'has_line "$TMP/opt-nbports" "  RX P=0/Q=0 (socket 0) -> TX P=0/Q=0 (socket 0) peer=02:00:00:00:00:00"'
opt_error "--nb-ports above the ports" \
	"fpk-testpmd: --nb-ports 3: only 2 ports to forward on (0, 1): give --nb-ports 2 or less" \
	$EAL $NULLS -- --nb-ports=3

# --no-lsc-interrupt: ring ports raise link-state events when they start.
RING="--vdev net_ring0,pair=net_ring1"
opt_session lsc $EAL $RING -- -i <<'CMDS'
quit
CMDS
opt_session nolsc $EAL $RING -- -i --no-lsc-interrupt <<'CMDS'
quit
CMDS
check "--no-lsc-interrupt: no link state change events (and without, there are)" \
	"$TMP/opt-nolsc" 'rc_is 0' \
	'has_line "$TMP/opt-lsc" "Port 0: link state change event"' \
	'! grep -q "link state change event" "$TMP/opt-nolsc"' \
	'has_line "$TMP/opt-nolsc" "Port 0: Link up at 10 Gbps FDX Fixed"'

# -i --tx-first: DPDK 22.11 refuses it, with -a or without.
opt_error "-i --tx-first" "--tx-first cannot be used on interactive mode." \
	$EAL $NULLS -- -i --tx-first
opt_error "-i -a --tx-first" "--tx-first cannot be used on interactive mode." \
	$EAL $NULLS -- -i -a --tx-first
check "--tx-first prints DPDK's line" "$TMP/opt-err-_i___tx_first" \
	'has_line "$TMP/opt-err-_i___tx_first" "Ports to start sending a burst of packets first"'

# --txonly-multi-flow is accepted (it existed before).
opt_session multiflow $EAL $NULLS -- -i --forward-mode=txonly --txonly-multi-flow <<'CMDS'
quit
CMDS
check "--txonly-multi-flow is accepted" "$TMP/opt-multiflow" 'rc_is 0' \
	'has_line "$TMP/opt-multiflow" "Set txonly packet forwarding mode"'

# flowgen drains and counts its rx queue, as DPDK's; tx is unchanged.
run_for 1 INT "$TMP/opt-flowgen" $EAL $NULLS -- --forward-mode=flowgen
check "flowgen counts RX-packets on null ports" "$TMP/opt-flowgen" 'rc_is 0' \
	'[ "$(fwd_stat "$TMP/opt-flowgen" 0 RX-packets)" -gt 0 ]' \
	'[ "$(fwd_stat "$TMP/opt-flowgen" 1 RX-packets)" -gt 0 ]' \
	'[ "$(fwd_stat "$TMP/opt-flowgen" 0 TX-packets)" -gt 0 ]' \
	'[ "$(acc_stat "$TMP/opt-flowgen" RX-packets)" -gt 0 ]' \
	'! grep -q "not returned" "$TMP/opt-flowgen"'

# ---- EAL options ----------------------------------------------------------
# opt_eal NAME EAL_OPTIONS...: fpk-testpmd with them, "show config fwd", quit.
opt_eal() {
	local name=$1; shift
	printf 'show config fwd\nquit\n' | timeout 30 "$BIN" $EAL $NULLS "$@" -- -i \
		>"$TMP/eal-$name" 2>&1
	RC=$?
}
opt_eal v -v
check "-v prints FPK's version and goes on" "$TMP/eal-v" 'rc_is 0' \
	'grep -qE "^EAL: FPK version [0-9]+\.[0-9]+" "$TMP/eal-v"' \
	'has_line "$TMP/eal-v" "io packet forwarding - ports=2"'
for t in primary auto PRIMARY; do
	opt_eal proc-$t --proc-type=$t
	check "--proc-type=$t starts a primary process" "$TMP/eal-proc-$t" 'rc_is 0' \
		'has_line "$TMP/eal-proc-$t" "io packet forwarding - ports=2"'
done
opt_error "--proc-type=secondary" \
	"EAL: --proc-type secondary: FPK has no multi-process support, no process can attach to another's memory and ports: read a running process's ports and pools through its telemetry socket (dpdk-telemetry.py -f PREFIX), or start another primary process with its own --file-prefix and devices" \
	$EAL $NULLS --proc-type=secondary --
opt_error "--proc-type=bogus" \
	"EAL: invalid --proc-type 'bogus': use primary or auto (FPK has no secondary processes)" \
	$EAL $NULLS --proc-type bogus --

opt_eal main1 --main-lcore 1
check "--main-lcore 1: lcore 0 forwards" "$TMP/eal-main1" 'rc_is 0' \
	'has_line "$TMP/eal-main1" "Logical Core 0 (socket 0) forwards packets on 2 streams:"'
printf 'show config fwd\nquit\n' | timeout 30 "$BIN" --main-lcore 1 $EAL $NULLS -- -i \
	>"$TMP/eal-main1b" 2>&1
RC=$?
check "--main-lcore before -l" "$TMP/eal-main1b" 'rc_is 0' \
	'has_line "$TMP/eal-main1b" "Logical Core 0 (socket 0) forwards packets on 2 streams:"'
opt_error "--main-lcore not enabled" \
	"EAL: --main-lcore 3 is not one of this process's lcores (0,1): pick one of them, or add lcore 3 to -l" \
	$EAL $NULLS --main-lcore 3 --
opt_error "--main-lcore not a number" "EAL: invalid --main-lcore 'x'" \
	$EAL $NULLS --main-lcore x --

# Accepted with a notice of what FPK does instead.
opt_eal unlink-always --huge-unlink=always
RC_ALWAYS=$RC
opt_eal unlink --huge-unlink
check "--huge-unlink: accepted, with why it changes nothing" "$TMP/eal-unlink" 'rc_is 0' \
	'rc_is 0 $RC_ALWAYS' \
	'has_line "$TMP/eal-unlink" "EAL: --huge-unlink: nothing to do, FPK unlinks its hugepage files as soon as it creates them"' \
	'has_line "$TMP/eal-unlink-always" "EAL: --huge-unlink: nothing to do"' \
	'has_line "$TMP/eal-unlink" "io packet forwarding - ports=2"'
opt_error "--huge-unlink=never" "EAL: --huge-unlink=never is not supported" \
	$EAL $NULLS --huge-unlink=never --
opt_eal sfs --single-file-segments
check "--single-file-segments: accepted, with a notice" "$TMP/eal-sfs" 'rc_is 0' \
	'has_line "$TMP/eal-sfs" "EAL: --single-file-segments: nothing to do, FPK maps each memory segment from a single memfd"' \
	'has_line "$TMP/eal-sfs" "io packet forwarding - ports=2"'
opt_eal legacy --legacy-mem
check "--legacy-mem: accepted, with what to use" "$TMP/eal-legacy" 'rc_is 0' \
	'has_line "$TMP/eal-legacy" "EAL: --legacy-mem: ignored; to reserve all memory at start and never grow, as legacy mode does, give -m or --socket-mem"' \
	'has_line "$TMP/eal-legacy" "io packet forwarding - ports=2"'
opt_eal d -d librte_net_null.so
check "-d LIB: accepted, drivers are built in" "$TMP/eal-d" 'rc_is 0' \
	'has_line "$TMP/eal-d" "EAL: -d librte_net_null.so: ignored, FPK'"'"'s drivers are built into libfpk"' \
	'has_line "$TMP/eal-d" "io packet forwarding - ports=2"'
opt_eal notel --no-telemetry
check "--no-telemetry is accepted" "$TMP/eal-notel" 'rc_is 0' \
	'has_line "$TMP/eal-notel" "io packet forwarding - ports=2"'

# --syslog: in a mount namespace of its own, /dev/log is a socket this test
# reads; the host's /dev is untouched.
opt_error "--syslog with an unknown facility" \
	"EAL: invalid --syslog 'bogus': use one of auth cron daemon ftp kern lpr mail news syslog user uucp local0..local7" \
	$EAL $NULLS --syslog bogus --
if command -v unshare >/dev/null && command -v socat >/dev/null &&
	unshare -m true 2>/dev/null; then
	cat >"$TMP/syslog.sh" <<EOF
mount -t tmpfs none /dev || exit 90
mknod -m 666 /dev/null c 1 3
socat -u UNIX-RECV:/dev/log OPEN:$TMP/syslog.txt,creat,append &
s=\$!
for i in \$(seq 50); do [ -S /dev/log ] && break; sleep 0.1; done
printf 'quit\n' | timeout 30 "$BIN" $EAL $NULLS --syslog local3 -- -i
echo "EXIT \$?"
sleep 0.3
kill \$s
EOF
	unshare -m bash "$TMP/syslog.sh" >"$TMP/eal-syslog" 2>&1
	# local3 (19) * 8 + notice (5) or info (6): syslog priorities <157>, <158>.
	check "--syslog local3: messages also go to syslog" "$TMP/eal-syslog" \
		'has_line "$TMP/eal-syslog" "EXIT 0"' \
		'grep -qaE "<15[78]>.*fpk-testpmd\[[0-9]+\]: EAL: FPK [0-9.]+: 2 lcore" "$TMP/syslog.txt"' \
		'has_line "$TMP/eal-syslog" "EAL: FPK "'
else
	skip "--syslog delivery: needs unshare -m (root) and socat"
fi

# ---- telemetry, fpk-telemetry, fpk-proc-info ----------------------------
# fpk-testpmd on two null ports forwards, stops, and is then read by
# Debian's unmodified dpdk-telemetry.py (commands on stdin), by
# fpk-proc-info and through fpk-telemetry; the numbers must be testpmd's own
# "show port stats all" numbers. Lines quoted as "DPDK's" are what
# dpdk-testpmd 22.11 answers to the same request.
TEL_PY=/usr/bin/dpdk-telemetry.py
TOOLS=$ROOT/usertools

# Where dpdk-telemetry.py -f PREFIX looks (its get_dpdk_runtime_dir()).
tel_base() {
	local b=${RUNTIME_DIRECTORY:-}
	if [ -z "$b" ]; then
		if [ "$(id -u)" = 0 ]; then b=/var/run; else b=${XDG_RUNTIME_DIR:-/tmp}; fi
	fi
	echo "$b/dpdk"
}
TEL_DIR=$(tel_base)/$PFX
TEL_SOCK=$TEL_DIR/dpdk_telemetry.v2

# tel_start LOG ARGS...: fpk-testpmd ARGS in the background, its prompt fed
# through a FIFO (fd 7) so that other programs run while it is up; returns
# once the first prompt is there (at most 30 s).
tel_start() {
	local log=$1; shift
	rm -f "$TMP/tel-fifo"
	mkfifo "$TMP/tel-fifo"
	"$BIN" "$@" <"$TMP/tel-fifo" >"$log" 2>&1 &
	TEL_PID=$!
	RUNPID=$TEL_PID
	exec 7>"$TMP/tel-fifo"
	for _ in $(seq 300); do
		grep -q "testpmd> " "$log" 2>/dev/null && return 0
		kill -0 $TEL_PID 2>/dev/null || break
		sleep 0.1
	done
	echo "no prompt from fpk-testpmd" >>"$WHY"
	return 1
}

# tel_cmd LOG CMD: type CMD at the prompt and wait for the next prompt.
tel_cmd() {
	local n
	n=$(grep -o "testpmd> " "$1" | wc -l)
	echo "$2" >&7
	for _ in $(seq 200); do
		[ "$(grep -o "testpmd> " "$1" | wc -l)" -gt "$n" ] && return 0
		sleep 0.1
	done
	echo "no prompt after '$2'" >>"$WHY"
	return 1
}

# tel_quit: "quit", then wait (at most 10 s) for the exit.
tel_quit() {
	echo quit >&7
	exec 7>&-
	for _ in $(seq 100); do kill -0 $TEL_PID 2>/dev/null || break; sleep 0.1; done
	kill -9 $TEL_PID 2>/dev/null
	wait $TEL_PID
	RC=$?
	RUNPID=
}

# tel_line N: line N (from 1) of dpdk-telemetry.py's replies.
tel_line() { sed -n "${1}p" "$TMP/tel-json"; }
# tel_get N EXPR: EXPR (Python, on the reply's value v) of reply N.
tel_get() {
	python3 -c 'import json, sys
r = json.loads(sys.argv[1]); v = list(r.values())[0]; print(eval(sys.argv[2]))' \
		"$(tel_line "$1")" "$2" 2>/dev/null || { echo "reply $1 has no $2" >>"$WHY"; return 1; }
}
# nic_stat LOG PORT LABEL: from the last "NIC statistics for port PORT" block.
nic_stat() {
	block_stat "$1" "NIC statistics for port $2 " '^  #+$' "$3" \
		"a 'NIC statistics for port $2' block"
}
# same A B WHAT: A and B are the same number, not empty.
same() {
	[ -n "$1" ] && [ "$1" = "$2" ] && return 0
	echo "$3: '$1' against '$2'" >>"$WHY"
	return 1
}

TEL_CMDS='/
/info
/eal/params
/eal/app_params
/ethdev/list
/ethdev/stats,0
/ethdev/stats,1
/ethdev/xstats,0
/ethdev/link_status,0
/ethdev/info,1
/mempool/list
/mempool/info,mb_pool_0
/help,/ethdev/stats
/nope
/ethdev/stats,7
/ethdev/stats,x
/mempool/info,nope'

if [ ! -x "$TEL_PY" ]; then
	skip "telemetry: $TEL_PY is missing (apt-get install dpdk)"
else
	tel_start "$TMP/tel" $EAL $NULLS -- -i
	[ -S "$TEL_SOCK" ]
	TEL_SOCK_RC=$?
	tel_cmd "$TMP/tel" start
	sleep 1
	tel_cmd "$TMP/tel" stop
	echo "$TEL_CMDS" | python3 "$TEL_PY" -f "$PFX" >"$TMP/tel-json" 2>&1
	"$TOOLS/fpk-proc-info" --file-prefix "$PFX" -- --stats >"$TMP/tel-stats" 2>&1
	"$TOOLS/fpk-proc-info" -f "$PFX" --xstats -p 2 >"$TMP/tel-xstats" 2>&1
	printf '/ethdev/list\n' | "$TOOLS/fpk-telemetry" -f "$PFX" >"$TMP/tel-wrap" 2>&1
	tel_cmd "$TMP/tel" "show port stats all"
	tel_cmd "$TMP/tel" "show port xstats 1"
	tel_quit
	cat "$TMP/tel-json" >>"$TMP/tel"
	# The port totals without the per-queue "Stats reg" lines, which repeat the labels.
	grep -v "Stats reg" "$TMP/tel-stats" >"$TMP/tel-stats-ports"

	check "telemetry: the socket is where dpdk-telemetry.py looks, under --in-memory" \
		"$TMP/tel" 'rc_is 0 "$TEL_SOCK_RC" "[ -S $TEL_SOCK ]"' 'rc_is 0'
	check "telemetry: / lists the commands of DPDK's client" "$TMP/tel" \
		'[ "$(tel_get 1 "\" \".join(c for c in v if c != \"/\" and not c.startswith(\"/test\"))")" = "/eal/app_params /eal/params /ethdev/info /ethdev/link_status /ethdev/list /ethdev/stats /ethdev/xstats /help /info /mempool/info /mempool/list" ]'
	check "telemetry: /info has version, pid and max_output_len" "$TMP/tel" \
		'[ "$(tel_get 2 "v[\"pid\"]")" = "$TEL_PID" ]' \
		'[ "$(tel_get 2 "v[\"max_output_len\"]")" = 16384 ]' \
		'[ "$(tel_get 2 "v[\"version\"].startswith(\"FPK \")")" = True ]'
	check "telemetry: /eal/params and /eal/app_params split argv at --" "$TMP/tel" \
		'[ "$(tel_get 3 "\" \".join(v)")" = "$BIN $EAL $NULLS" ]' \
		'[ "$(tel_line 4)" = "{\"/eal/app_params\": [\"-i\"]}" ]'
	check "telemetry: /ethdev/list" "$TMP/tel" '[ "$(tel_line 5)" = "{\"/ethdev/list\": [0, 1]}" ]'
	for p in 0 1; do
		check "telemetry: /ethdev/stats,$p equals show port stats" "$TMP/tel" \
			'[ "$(nic_stat "$TMP/tel" '$p' RX-packets)" -gt 0 ]' \
			'same "$(tel_get $((6 + '$p')) "v[\"ipackets\"]")" "$(nic_stat "$TMP/tel" '$p' RX-packets)" "port '$p' RX-packets"' \
			'same "$(tel_get $((6 + '$p')) "v[\"opackets\"]")" "$(nic_stat "$TMP/tel" '$p' TX-packets)" "port '$p' TX-packets"' \
			'same "$(tel_get $((6 + '$p')) "v[\"ibytes\"]")" "$(nic_stat "$TMP/tel" '$p' RX-bytes)" "port '$p' RX-bytes"' \
			'same "$(tel_get $((6 + '$p')) "v[\"obytes\"]")" "$(nic_stat "$TMP/tel" '$p' TX-bytes)" "port '$p' TX-bytes"' \
			'same "$(tel_get $((6 + '$p')) "v[\"q_ipackets\"][0]")" "$(nic_stat "$TMP/tel" '$p' RX-packets)" "port '$p' q_ipackets[0]"' \
			'[ "$(tel_get $((6 + '$p')) "len(v[\"q_opackets\"])")" = 16 ]'
	done
	check "telemetry: /ethdev/xstats,0 equals show port stats" "$TMP/tel" \
		'same "$(tel_get 8 "v[\"rx_good_packets\"]")" "$(nic_stat "$TMP/tel" 0 RX-packets)" rx_good_packets' \
		'same "$(tel_get 8 "v[\"tx_good_bytes\"]")" "$(nic_stat "$TMP/tel" 0 TX-bytes)" tx_good_bytes'
	# DPDK's: {"/ethdev/link_status": {"status": "UP", "speed": 10000, "duplex": "full-duplex"}}
	check "telemetry: /ethdev/link_status as DPDK's" "$TMP/tel" \
		'[ "$(tel_line 9)" = "{\"/ethdev/link_status\": {\"status\": \"UP\", \"speed\": 10000, \"duplex\": \"full-duplex\"}}" ]'
	# DPDK's keys, in DPDK's order.
	check "telemetry: /ethdev/info has DPDK's keys" "$TMP/tel" \
		'[ "$(tel_get 10 "\" \".join(v)")" = "name state nb_rx_queues nb_tx_queues port_id mtu rx_mbuf_size_min mac_addr promiscuous scattered_rx all_multicast dev_started lro dev_configured rxq_state txq_state numa_node dev_flags rx_offloads tx_offloads ethdev_rss_hf" ]' \
		'[ "$(tel_get 10 "(v[\"name\"], v[\"port_id\"], v[\"dev_started\"], v[\"rxq_state\"])")" = "('"'net_null1'"', 1, 1, [1])" ]'
	check "telemetry: /mempool/list and /mempool/info,mb_pool_0" "$TMP/tel" \
		'[ "$(tel_line 11)" = "{\"/mempool/list\": [\"mb_pool_0\"]}" ]' \
		'[ "$(tel_get 12 "\" \".join(v)")" = "name pool_id flags socket_id size cache_size elt_size header_size trailer_size private_data_size ops_index populated_size mz_name mz_len mz_hugepage_sz mz_socket_id mz_flags" ]' \
		'[ "$(tel_get 12 "v[\"name\"]")" = mb_pool_0 ]'
	# DPDK's replies, line for line.
	check "telemetry: /help, unknown commands and bad parameters as DPDK" "$TMP/tel" \
		'[ "$(tel_line 13)" = "{\"/help\": {\"/ethdev/stats\": \"Returns the common stats for a port. Parameters: int port_id\"}}" ]' \
		'[ "$(tel_line 14)" = "{\"/nope\": null}" ]' \
		'[ "$(tel_line 15)" = "{\"/ethdev/stats\": null}" ]' \
		'[ "$(tel_line 16)" = "{\"/ethdev/stats\": null}" ]' \
		'[ "$(tel_line 17)" = "{\"/mempool/info\": {}}" ]'
	check "telemetry: quit removes the socket and its directory" "$TMP/tel" \
		'rc_is 0' '[ ! -e "$TEL_DIR" ]'
	check "fpk-proc-info --stats: testpmd's numbers in dpdk-proc-info's layout" "$TMP/tel-stats" \
		'grep -q "^  ######################## NIC statistics for port 1  ########################$" "$TMP/tel-stats"' \
		'grep -q "^  Stats reg 15 TX-packets: 0           TX-bytes: 0         $" "$TMP/tel-stats"' \
		'same "$(nic_stat "$TMP/tel-stats-ports" 0 RX-packets)" "$(nic_stat "$TMP/tel" 0 RX-packets)" "port 0 RX-packets"' \
		'same "$(nic_stat "$TMP/tel-stats-ports" 1 TX-bytes)" "$(nic_stat "$TMP/tel" 1 TX-bytes)" "port 1 TX-bytes"' \
		'same "$(nic_stat "$TMP/tel-stats-ports" 1 RX-errors)" 0 "port 1 RX-errors"'
	check "fpk-proc-info --xstats -p 2: port 1 only" "$TMP/tel-xstats" \
		'grep -q "^###### NIC extended statistics for port 1  #########$" "$TMP/tel-xstats"' \
		'! grep -q "for port 0" "$TMP/tel-xstats"' \
		'same "$(sed -n "s/^rx_good_packets: //p" "$TMP/tel-xstats")" "$(nic_stat "$TMP/tel" 1 RX-packets)" rx_good_packets'
	check "fpk-telemetry -f PREFIX: dpdk-telemetry.py's reply" "$TMP/tel-wrap" \
		'[ "$(cat "$TMP/tel-wrap")" = "{\"/ethdev/list\": [0, 1]}" ]'
fi

# fpk-telemetry adds FPK's default prefix, and only when none is given.
printf '#!/bin/sh\necho "$@"\n' >"$TMP/tel-client"
chmod +x "$TMP/tel-client"
FPK_TELEMETRY_CLIENT=$TMP/tel-client "$TOOLS/fpk-telemetry" -i 1 >"$TMP/tel-w1" 2>&1
FPK_TELEMETRY_CLIENT=$TMP/tel-client "$TOOLS/fpk-telemetry" --file-prefix=x >>"$TMP/tel-w1" 2>&1
FPK_TELEMETRY_CLIENT=/nonexistent/dpdk-telemetry.py "$TOOLS/fpk-telemetry" </dev/null >"$TMP/tel-w2" 2>&1
RC=$?
check "fpk-telemetry: -f fpk unless a prefix is given" "$TMP/tel-w1" \
	'[ "$(sed -n 1p "$TMP/tel-w1")" = "-f fpk -i 1" ]' '[ "$(sed -n 2p "$TMP/tel-w1")" = "--file-prefix=x" ]'
"$TOOLS/fpk-proc-info" -f "nosuch$PFX" --stats >"$TMP/tel-noapp" 2>&1
RC=$?
check "fpk-proc-info: no application: exit 1 naming the socket and the cause" "$TMP/tel-noapp" \
	'rc_is 1' 'has_line "$TMP/tel-noapp" "cannot read the telemetry socket $(tel_base)/nosuch$PFX/dpdk_telemetry.v2: No such file or directory"'

# --no-telemetry: no socket, no directory (none left by the tests above either).
rm -rf "$TEL_DIR"
tel_start "$TMP/tel-off" $EAL --no-telemetry $NULLS -- -i
[ -e "$TEL_DIR" ]
TEL_OFF_RC=$?
tel_quit
check "telemetry: --no-telemetry leaves no socket" "$TMP/tel-off" \
	'rc_is 0' 'rc_is 1 "$TEL_OFF_RC" "[ -e $TEL_DIR ]"'

# Two processes with one prefix (--in-memory allows it): the second takes
# the name dpdk-telemetry.py -i 1 connects to and leaves the first's alone.
if [ -x "$TEL_PY" ]; then
	tel_start "$TMP/tel-a" $EAL $NULLS -- -i
	"$BIN" $EAL $NULLS -- --stats-period 0 >"$TMP/tel-b" 2>&1 &
	TEL_B=$!
	RXPID=$TEL_B
	wait_forwarding "$TMP/tel-b" $TEL_B
	printf '/info\n' | python3 "$TEL_PY" -f "$PFX" >"$TMP/tel-i0" 2>&1
	printf '/info\n' | python3 "$TEL_PY" -f "$PFX" -i 1 >"$TMP/tel-i1" 2>&1
	kill -INT $TEL_B
	wait $TEL_B
	RXPID=
	[ -e "$TEL_SOCK:1" ]
	TEL_I1_RC=$?
	tel_quit
	check "telemetry: a second process with the prefix answers on ':1' (-i 1)" "$TMP/tel-i1" \
		'grep -q "\"pid\": $TEL_PID," "$TMP/tel-i0"' 'grep -q "\"pid\": $TEL_B," "$TMP/tel-i1"' \
		'rc_is 1 "$TEL_I1_RC" "[ -e $TEL_SOCK:1 ] after its exit"' '[ ! -e "$TEL_DIR" ]'
fi
# What a test that failed above may have left.
rm -rf "$TEL_DIR"

# ---- net_pcap: a capture replayed through fpk-testpmd ---------------------
# A capture of varied frames (jumbo ones too, which rx chains over mbufs and
# tx writes whole) goes through io forwarding and must come out unchanged:
# tcpdump prints the same frames, byte for byte, for the file written as for
# the file read. Then two ports paired, infinite_rx, and a missing file.

# pcap_make FILE SEED COUNT: a pcap file of COUNT Ethernet/IPv4/UDP frames of
# varied lengths (60 to 9000 bytes), their payload made from SEED.
pcap_make() {
	python3 - "$@" <<'EOF'
import random, struct, sys
path, seed, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(seed)
lens = [60, 64, 100, 128, 512, 1000, 1514, 9000]
with open(path, "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    for i in range(count):
        n = lens[i % len(lens)]
        udp = n - 14 - 20
        eth = bytes.fromhex("020000000002" "020000000001" "0800")
        ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, n - 14, i & 0xFFFF, 0, 64, 17, 0,
                         bytes([198, 18, 0, 1]), bytes([198, 18, 0, 2]))
        s = sum(struct.unpack(">10H", ip))
        s = (s & 0xFFFF) + (s >> 16)
        s = (s & 0xFFFF) + (s >> 16)
        ip = ip[:10] + struct.pack(">H", ~s & 0xFFFF) + ip[12:]
        hdr = struct.pack(">HHHH", 1024 + seed, 9, udp, 0)
        frame = eth + ip + hdr + bytes(rnd.randrange(256) for _ in range(udp - 8))
        f.write(struct.pack("<IIII", 1700000000 + i, 0, n, n))
        f.write(frame)
EOF
}

# pcap_hex FILE: every frame of FILE as tcpdump prints it, without timestamps.
pcap_hex() {
	tcpdump -nn -t -xx -r "$1" 2>/dev/null
}

if ! command -v tcpdump >/dev/null || ! command -v python3 >/dev/null; then
	skip "net_pcap: tcpdump and python3 are needed (Debian packages tcpdump, python3)"
else
	PN=200
	pcap_make "$TMP/pin.pcap" 1 $PN
	run_for 1 INT "$TMP/pcap" $EAL --vdev "net_pcap0,rx_pcap=$TMP/pin.pcap,tx_pcap=$TMP/pout.pcap" \
		-- --forward-mode=io --port-topology=loop --nb-cores=1
	if grep -q "'net_pcap0': no driver for it" "$TMP/pcap"; then
		skip "net_pcap: this build has no net_pcap (libpcap-dev was missing when it was configured)"
	else
		pcap_hex "$TMP/pin.pcap" >"$TMP/pin.txt"
		pcap_hex "$TMP/pout.pcap" >"$TMP/pout.txt"
		check "net_pcap: io replays rx_pcap into tx_pcap, tcpdump shows the same frames" "$TMP/pcap" \
			'rc_is 0' \
			'[ "$(fwd_stat "$TMP/pcap" 0 RX-packets)" -eq $PN ]' \
			'[ "$(fwd_stat "$TMP/pcap" 0 TX-packets)" -eq $PN ]' \
			'[ "$(grep -c "^IP 198.18.0.1" "$TMP/pout.txt")" -eq $PN ]' \
			'[ "$(grep -c "^IP 198.18.0.1" "$TMP/pin.txt")" -eq $PN ]' \
			'cmp -s "$TMP/pin.txt" "$TMP/pout.txt" || { echo "tcpdump -r shows other frames in pout.pcap than in pin.pcap" >>"$WHY"; false; }'

		# Paired ports: each file comes out of the other port.
		pcap_make "$TMP/pin1.pcap" 2 $((PN / 2))
		run_for 1 INT "$TMP/pcap2" $EAL \
			--vdev "net_pcap0,rx_pcap=$TMP/pin.pcap,tx_pcap=$TMP/pout0.pcap" \
			--vdev "net_pcap1,rx_pcap=$TMP/pin1.pcap,tx_pcap=$TMP/pout1.pcap" \
			-- --forward-mode=io --nb-cores=1
		check "net_pcap: two paired ports, each file written by the other port" "$TMP/pcap2" \
			'rc_is 0' \
			'[ "$(fwd_stat "$TMP/pcap2" 1 TX-packets)" -eq $PN ]' \
			'[ "$(fwd_stat "$TMP/pcap2" 0 TX-packets)" -eq $((PN / 2)) ]' \
			'pcap_hex "$TMP/pout1.pcap" | cmp -s - "$TMP/pin.txt"' \
			'pcap_hex "$TMP/pout0.pcap" | cmp -s - <(pcap_hex "$TMP/pin1.pcap")'

		# infinite_rx=1 replays the file for as long as the port runs; no
		# tx stream: tx counts and drops.
		run_for 1 INT "$TMP/pcapinf" $EAL --vdev "net_pcap0,rx_pcap=$TMP/pin.pcap,infinite_rx=1" \
			-- --forward-mode=io --port-topology=loop --nb-cores=1
		PIR=$(fwd_stat "$TMP/pcapinf" 0 RX-packets)
		check "net_pcap: infinite_rx=1 replays the file endlessly" "$TMP/pcapinf" \
			'rc_is 0' '[ "$PIR" -gt $((PN * 10)) ]' \
			'[ "$(fwd_stat "$TMP/pcapinf" 0 TX-packets)" -eq "$PIR" ]'

		# A missing file: the EAL fails, naming the file and the fix.
		timeout 30 "$BIN" $EAL --vdev "net_pcap0,rx_pcap=$TMP/none.pcap" -- --forward-mode=io \
			>"$TMP/pcaperr" 2>&1
		RC=$?
		check "net_pcap: a missing rx_pcap file is named, with the fix" "$TMP/pcaperr" \
			"rc_is $EXIT_ERROR" \
			'has_line "$TMP/pcaperr" "rx_pcap=$TMP/none.pcap: No such file or directory: give an existing pcap file"'
	fi
fi


# ---- net_memif: FPK with Debian's DPDK and with itself ------------------
# Sequence-numbered packets (txonly --tx-seq) cross memif and come out in
# rxcheck, which checks each one whole: FPK servers with DPDK's testpmd as
# a client forwarding between its two ports (io), then the roles swapped,
# then FPK to FPK with packets spread over several memif buffers, then FPK
# zero-copy clients (on hugepages) with FPK and DPDK servers. Then the bad
# peers: a wrong secret and a client killed mid-stream. Every socket is an
# abstract one named after this run, so runs never meet.
MEMIF_PIDS=''
memif_cleanup() {
	local pid
	for pid in $MEMIF_PIDS; do kill -9 "$pid" 2>/dev/null; done
	rm -rf "${TELDIR:?}"-* 2>/dev/null
}
trap 'memif_cleanup; cleanup' EXIT

# memif_bg VAR LOG CMD...: start CMD in the background, its pid in VAR.
memif_bg() {
	local var=$1 log=$2; shift 2
	"$@" >"$log" 2>&1 &
	printf -v "$var" '%s' $!
	MEMIF_PIDS="$MEMIF_PIDS $!"
}

# memif_stop VAR PID: SIGINT, at most 10 s to exit (then -9); its status in VAR.
memif_stop() {
	kill -INT "$2" 2>/dev/null
	for _ in $(seq 100); do kill -0 "$2" 2>/dev/null || break; sleep 0.1; done
	kill -0 "$2" 2>/dev/null && kill -9 "$2"
	wait "$2"
	printf -v "$1" '%s' $?
}

# memif_wait_line LOG TEXT: until LOG has TEXT, at most 10 s.
memif_wait_line() {
	for _ in $(seq 100); do grep -qF -- "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
	return 1
}

MS1=fpk-$PFX-m1 MS2=fpk-$PFX-m2
MTX="--forward-mode txonly --tx-seq --txpkts 200 --port-topology loop --burst 16 --stats-period 1"
MRX="--forward-mode rxcheck --port-topology loop --stats-period 1"
DPDK_TESTPMD=$(command -v dpdk-testpmd || true)
DPDK_EAL="--no-huge -m 512 -l 0-1 --no-pci"
DPDK_ARGS="--forward-mode=io --stats-period 1 --total-num-mbufs 8192"

# memif_integrity NAME RXLOG TXLOG TXRC RXRC: the checks of a run.
memif_integrity() {
	local mrl=$2 mtl=$3 mtrc=$4 mrrc=$5
	check "$1" "$mrl" \
		'rc_is 0 $mtrc "txonly exit status"' 'rc_is 0 $mrrc "rxcheck exit status"' \
		'! grep -qE "$SANITIZER_RE" "$mtl"' \
		'has_line "$mrl" "net_memif0: connected to"' \
		'[ "$(acc_stat "$mtl" TX-packets)" -gt 1000 ]' \
		'[ "$(acc_stat "$mrl" RX-seq-ok)" -gt 1000 ]' \
		'[ "$(acc_stat "$mrl" RX-corrupted)" -eq 0 ]' \
		'[ "$(acc_stat "$mrl" RX-reordered)" -eq 0 ]' \
		'[ "$(acc_stat "$mrl" RX-duplicate)" -eq 0 ]' \
		'[ "$(acc_stat "$mrl" RX-foreign)" -eq 0 ]'
}

# FPK servers, DPDK clients: FPK txonly -> DPDK port 0 -> io -> port 1 -> FPK rxcheck.
# ZC=1: the FPK ends are zero-copy clients on hugepages.
memif_dpdk_case() { # memif_dpdk_case FPK_ROLE DPDK_ROLE
	local zc=${ZC:-0} fe=$EAL fa='' tag=$1
	[ "$zc" = 1 ] && fe=$ZEAL fa=$ZARGS tag=$1-zc
	local name="memif: FPK $1s${fa:+ (zero-copy)} with DPDK $2s, txonly --tx-seq -> DPDK io -> rxcheck"
	local dl=$TMP/memif-dpdk-$tag rl=$TMP/memif-rx-$tag tl=$TMP/memif-tx-$tag D R T
	if [ -z "$DPDK_TESTPMD" ]; then
		skip "$name: no dpdk-testpmd (apt-get install dpdk)"
		return
	fi
	if [ "$zc" = 1 ] && [ -z "$ZEAL" ]; then
		skip "$name: $ZSKIP"
		return
	fi
	if [ "$1" = client ]; then
		memif_bg D "$dl" "$DPDK_TESTPMD" $DPDK_EAL --file-prefix "$PFX-md$1" \
			--vdev net_memif0,role=server,socket=$MS1 \
			--vdev net_memif1,role=server,socket=$MS2 -- $DPDK_ARGS
		wait_forwarding "$dl" "$D"
	fi
	memif_bg R "$rl" "$BIN" $fe-mr$tag --vdev net_memif0,role=$1,socket=$MS2$fa -- $MRX
	wait_forwarding "$rl" "$R"
	memif_bg T "$tl" "$BIN" $fe-mt$tag --vdev net_memif0,role=$1,socket=$MS1$fa -- $MTX
	wait_forwarding "$tl" "$T"
	if [ "$1" = server ]; then
		memif_bg D "$dl" "$DPDK_TESTPMD" $DPDK_EAL --file-prefix "$PFX-md$1" \
			--vdev net_memif0,role=client,socket=$MS1 \
			--vdev net_memif1,role=client,socket=$MS2 -- $DPDK_ARGS
		wait_forwarding "$dl" "$D"
	fi
	memif_wait_line "$rl" "net_memif0: connected to"
	sleep 2
	# DPDK first: its 22.11 PMD unmaps a peer's regions on the interrupt
	# thread while its lcore may still be in a burst on them (memif_disconnect
	# -> memif_free_regions), which now and then kills it with SIGSEGV when a
	# peer leaves mid-stream. Stopped first, it never sees a peer leave while
	# forwarding.
	local trc drc rrc
	memif_stop drc "$D"
	memif_stop trc "$T"
	memif_stop rrc "$R"
	memif_integrity "$name" "$rl" "$tl" "$trc" "$rrc"
	# Its own check, so that a failure shows DPDK's output.
	check "memif: dpdk-testpmd ($2s) forwarded and exited cleanly" "$dl" \
		'rc_is 0 $drc "dpdk-testpmd exit status"' \
		'[ "$(acc_stat "$dl" TX-packets)" -gt 1000 ]'
	check "memif: FPK $1 rxcheck logs the DPDK $2 going away" "$rl" \
		'grep -qE "net_memif0: the memif peer (DPDK.* closed the connection|disconnected)" "$rl"'
	if [ "$zc" = 1 ]; then
		check "memif: FPK zero-copy clients give every mbuf back (DPDK server)" "$tl" \
			'! grep -q "(leak)" "$tl"' '! grep -q "(leak)" "$rl"' \
			'grep -q "unused: zero-copy, the mbufs are the buffers" "$tl"'
	fi
}
# Zero-copy needs hugepages (the EAL's files are what a client shares);
# DPDK's '--single-file-segments' is accepted and changes nothing.
ZEAL='' ZARGS=,zero-copy=yes ZSKIP=''
if [ "$(cat /sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages 2>/dev/null || echo 0)" -ge 64 ]; then
	ZEAL="--in-memory --single-file-segments -l 0-1 --file-prefix $PFX"
else
	ZSKIP="fewer than 64 free 2 MiB hugepages (usertools/fpk-hugepages --reserve 512M)"
fi
memif_dpdk_case server client
memif_dpdk_case client server
ZC=1 memif_dpdk_case client server

# FPK to FPK, buffers of 512 bytes: each 1400-byte packet spans 3 descriptors.
memif_fpk_case() {
	local name="memif: FPK client txonly --tx-seq -> FPK server rxcheck, 3 buffers a packet"
	local rl=$TMP/memif-ff-rx tl=$TMP/memif-ff-tx R T
	memif_bg R "$rl" "$BIN" $EAL-mffr --vdev net_memif0,role=server,socket=$MS1,bsize=512 -- $MRX
	wait_forwarding "$rl" "$R"
	memif_bg T "$tl" "$BIN" $EAL-mfft --vdev net_memif0,role=client,socket=$MS1,bsize=512 -- \
		${MTX/--txpkts 200/--txpkts 1400}
	wait_forwarding "$tl" "$T"
	memif_wait_line "$rl" "net_memif0: connected to"
	sleep 2
	local trc rrc
	memif_stop trc "$T"
	sleep 0.5
	memif_stop rrc "$R"
	memif_integrity "$name" "$rl" "$tl" "$trc" "$rrc"
	check "memif: the server logs why the client went" "$rl" \
		'has_line "$rl" "the memif peer disconnected: peer port stopped"'
}
memif_fpk_case

# FPK zero-copy client with an FPK server (which copies), each way: the
# client's tx mbufs go on the ring and its rx mbufs come off it.
memif_zc_case() { # memif_zc_case CLIENT_MODE (tx: txonly, rx: rxcheck)
	local name="memif: FPK zero-copy client ($1) with an FPK server, txonly --tx-seq -> rxcheck"
	local rl=$TMP/memif-zc-$1-rx tl=$TMP/memif-zc-$1-tx R T srv cli
	if [ -z "$ZEAL" ]; then
		skip "$name: $ZSKIP"
		return
	fi
	srv="--vdev net_memif0,role=server,socket=$MS2"
	cli="--vdev net_memif0,role=client,socket=$MS2$ZARGS"
	if [ "$1" = tx ]; then
		memif_bg R "$rl" "$BIN" $EAL-mzcr$1 $srv -- $MRX
		wait_forwarding "$rl" "$R"
		memif_bg T "$tl" "$BIN" $ZEAL-mzct$1 $cli -- $MTX
		wait_forwarding "$tl" "$T"
	else
		memif_bg T "$tl" "$BIN" $EAL-mzct$1 $srv -- $MTX
		wait_forwarding "$tl" "$T"
		memif_bg R "$rl" "$BIN" $ZEAL-mzcr$1 $cli -- $MRX
		wait_forwarding "$rl" "$R"
	fi
	memif_wait_line "$rl" "net_memif0: connected to"
	sleep 2
	local trc rrc
	memif_stop trc "$T"
	sleep 0.5
	memif_stop rrc "$R"
	memif_integrity "$name" "$rl" "$tl" "$trc" "$rrc"
	check "memif: the zero-copy client ($1) gives every mbuf back" "$tl" \
		'! grep -q "(leak)" "$tl"' '! grep -q "(leak)" "$rl"' \
		'grep -q "unused: zero-copy, the mbufs are the buffers" "$tl" "$rl"'
}
memif_zc_case tx
memif_zc_case rx

# A wrong secret: the server refuses with a message on both ends; nobody crashes.
memif_secret_case() {
	local name="memif: a client with the wrong secret is refused, both ends say why"
	local sl=$TMP/memif-sec-s cl=$TMP/memif-sec-c S C
	memif_bg S "$sl" "$BIN" $EAL-msecs --vdev net_memif0,role=server,socket=$MS2,secret=right \
		-- $MRX
	wait_forwarding "$sl" "$S"
	memif_bg C "$cl" "$BIN" $EAL-msecc --vdev net_memif0,role=client,socket=$MS2,secret=wrong \
		-- $MTX
	wait_forwarding "$cl" "$C"
	memif_wait_line "$cl" "Incorrect secret"
	local crc src
	memif_stop crc "$C"
	memif_stop src "$S"
	check "$name" "$sl" 'rc_is 0 $crc "client exit status"' 'rc_is 0 $src "server exit status"' \
		'has_line "$sl" "the peer gave the wrong secret: give both ends the same secret="' \
		'has_line "$cl" "the memif peer disconnected: Incorrect secret"' \
		'! grep -qF "net_memif0: connected to" "$sl"' \
		'[ "$(acc_stat "$sl" RX-packets)" -eq 0 ]'
}
memif_secret_case

# A client killed (-9) mid-stream: the server logs it, goes link-down, takes
# a new client, and forwards again.
memif_kill_case() {
	local name="memif: a client killed mid-stream; the server says so and takes the next one"
	local sl=$TMP/memif-kill-s cl=$TMP/memif-kill-c S C
	memif_bg S "$sl" "$BIN" $EAL-mkills --vdev net_memif0,role=server,socket=$MS1 -- $MRX
	wait_forwarding "$sl" "$S"
	memif_bg C "$cl" "$BIN" $EAL-mkillc --vdev net_memif0,role=client,socket=$MS1 -- $MTX
	wait_forwarding "$cl" "$C"
	memif_wait_line "$sl" "net_memif0: connected to"
	sleep 1
	kill -9 "$C"
	wait "$C" 2>/dev/null
	memif_wait_line "$sl" "closed the connection"
	memif_bg C "$cl.2" "$BIN" $EAL-mkillc2 --vdev net_memif0,role=client,socket=$MS1 -- $MTX
	wait_forwarding "$cl.2" "$C"
	sleep 1.5
	local crc src
	memif_stop crc "$C"
	memif_stop src "$S"
	check "$name" "$sl" 'rc_is 0 $crc "second client exit status"' \
		'rc_is 0 $src "server exit status"' \
		'has_line "$sl" "the memif peer FPK closed the connection"' \
		'[ "$(grep -c "net_memif0: connected to" "$sl")" -eq 2 ]' \
		'[ "$(acc_stat "$sl" RX-seq-ok)" -gt 1000 ]' \
		'[ "$(acc_stat "$sl" RX-corrupted)" -eq 0 ]'
}
memif_kill_case

# ---- txonly --tx-seq into rxcheck over a veth pair (net_af_xdp) ---------
# Both ends in a network namespace of their own, held by a bounded sleep:
# the namespace and its veth pair vanish when that ends or is killed,
# whatever happened to this script. veth has no zero-copy AF_XDP: the
# sockets run in copy mode (doc/guides/nics/af_xdp.md).
XDP_CASE="net_af_xdp: txonly --tx-seq -> rxcheck across a veth pair (copy mode)"
xdp_case() {
	local err=$TMP/xdp-err ns_pid bin_saved=$BIN xa=fpkxdp0 xb=fpkxdp1 rxrc txrc
	if ! grep -qa 'iface=<interface> \[start_queue=' "$BIN"; then
		skip "$XDP_CASE: fpk-testpmd was built without net_af_xdp (libxdp-dev, libbpf-dev)"
		return
	fi
	unshare --net sleep 120 2>"$err" &
	ns_pid=$!
	for _ in $(seq 50); do
		[ "$(readlink /proc/$ns_pid/ns/net 2>/dev/null)" != "$(readlink /proc/self/ns/net)" ] &&
			break
		sleep 0.1
	done
	if [ "$(readlink /proc/$ns_pid/ns/net 2>/dev/null)" = "$(readlink /proc/self/ns/net)" ] ||
	   ! kill -0 $ns_pid 2>/dev/null; then
		skip "$XDP_CASE: cannot make a network namespace (unshare --net: $(head -1 "$err"))"
		kill $ns_pid 2>/dev/null
		return
	fi
	# IPv6 off before the pair exists: no neighbour discovery in the counts.
	nsenter -t $ns_pid -n sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 2>/dev/null
	if ! nsenter -t $ns_pid -n ip link add $xa type veth peer name $xb 2>"$err"; then
		skip "$XDP_CASE: cannot create a veth pair ('ip link add' said: $(head -1 "$err"))"
		kill $ns_pid
		return
	fi
	nsenter -t $ns_pid -n sh -c "ip link set $xa up && ip link set $xb up"
	# run_for starts $BIN: let it start inside the namespace.
	printf '#!/bin/sh\nexec nsenter -t %s -n %s "$@"\n' $ns_pid "$bin_saved" >"$TMP/xdp-bin"
	chmod +x "$TMP/xdp-bin"
	nsenter -t $ns_pid -n "$bin_saved" --no-huge --in-memory -l 0-1 --file-prefix "$PFX-xrx" \
		--vdev net_af_xdp0,iface=$xb -- --forward-mode rxcheck --port-topology loop \
		--stats-period 1 >"$TMP/xdp-rxcheck" 2>&1 &
	RXPID=$!
	wait_forwarding "$TMP/xdp-rxcheck" $RXPID
	BIN=$TMP/xdp-bin
	run_for 2 INT "$TMP/xdp-txseq" --no-huge --in-memory -l 0-1 --file-prefix "$PFX-xtx" \
		--vdev net_af_xdp1,iface=$xa -- --forward-mode txonly --tx-seq --txpkts 200 \
		--port-topology loop --burst 16 --stats-period 1
	BIN=$bin_saved
	txrc=$RC
	sleep 1
	kill -INT $RXPID
	wait $RXPID
	rxrc=$?
	RXPID=
	kill $ns_pid
	wait $ns_pid 2>/dev/null
	check "$XDP_CASE" "$TMP/xdp-rxcheck" \
		'rc_is 0 $txrc "txonly exit status"' 'rc_is 0 $rxrc "rxcheck exit status"' \
		'has_line "$TMP/xdp-txseq" "in copy mode"' \
		'! grep -qE "$SANITIZER_RE" "$TMP/xdp-txseq"' \
		'[ "$(acc_stat "$TMP/xdp-txseq" TX-packets)" -gt 0 ]' \
		'[ "$(acc_stat "$TMP/xdp-rxcheck" RX-seq-ok)" -gt 0 ]' \
		'[ "$(acc_stat "$TMP/xdp-rxcheck" RX-corrupted)" -eq 0 ]' \
		'[ "$(acc_stat "$TMP/xdp-rxcheck" RX-reordered)" -eq 0 ]' \
		'[ "$(acc_stat "$TMP/xdp-rxcheck" RX-duplicate)" -eq 0 ]'
}
xdp_case

# ---- txonly --tx-seq into rxcheck over a veth pair (net_af_packet) -------
# The pair's names are fixed: a lock makes runs of this script that overlap
# take turns here, so an interface of those names found while holding it was
# left by a run that died without its EXIT trap (kill -9), and is deleted.
VETH_CASE="txonly --tx-seq -> rxcheck across a veth pair"
VETH_LOCK=${TMPDIR:-/tmp}/fpk-test-testpmd-veth.lock
veth_case() {
	local dev err=$TMP/veth-err
	if ! { exec 9>>"$VETH_LOCK"; } 2>"$err"; then
		skip "$VETH_CASE: cannot open the lock $VETH_LOCK: $(head -1 "$err")"
		return
	fi
	if ! flock -w 120 9; then
		skip "$VETH_CASE: another run held $VETH_LOCK for 120 s"
		return
	fi
	for dev in $VA $VB; do
		ip link show "$dev" >/dev/null 2>&1 || continue
		echo "# deleting $dev, left over from an earlier run"
		if ! ip link del "$dev" 2>"$err"; then
			skip "$VETH_CASE: cannot delete the leftover $dev: $(head -1 "$err")"
			return
		fi
	done
	if ! ip link add $VA type veth peer name $VB 2>"$err"; then
		skip "$VETH_CASE: cannot create a veth pair ('ip link add' said: $(head -1 "$err"))"
		return
	fi
	VETH_MADE=1
	if ! { ip link set $VA up && ip link set $VB up; } 2>"$err"; then
		fail "$VETH_CASE: cannot bring the veth pair up: $(head -1 "$err")"
		return
	fi
	sysctl -qw net.ipv6.conf.$VA.disable_ipv6=1 net.ipv6.conf.$VB.disable_ipv6=1 2>/dev/null
	"$BIN" --no-huge --in-memory -l 0-1 --file-prefix "$PFX-rx" --vdev net_af_packet0,iface=$VB \
		-- --forward-mode rxcheck --port-topology loop --stats-period 1 >"$TMP/rxcheck" 2>&1 &
	RXPID=$!
	# rxcheck must run before the sender's first packet.
	wait_forwarding "$TMP/rxcheck" $RXPID
	run_for 2 INT "$TMP/txseq" --no-huge --in-memory -l 0-1 --file-prefix "$PFX-tx" \
		--vdev net_af_packet1,iface=$VA -- --forward-mode txonly --tx-seq --txpkts 200 \
		--port-topology loop --burst 16 --stats-period 1
	TXRC=$RC
	sleep 1
	kill -INT $RXPID
	wait $RXPID
	RXRC=$?
	RXPID=
	ip link del $VA 2>/dev/null
	VETH_MADE=
	exec 9>&-
	check "$VETH_CASE" "$TMP/rxcheck" \
		'rc_is 0 $TXRC "txonly exit status"' 'rc_is 0 $RXRC "rxcheck exit status"' \
		'! grep -qE "$SANITIZER_RE" "$TMP/txseq"' \
		'[ "$(acc_stat "$TMP/txseq" TX-packets)" -gt 0 ]' \
		'[ "$(acc_stat "$TMP/rxcheck" RX-seq-ok)" -gt 0 ]' \
		'[ "$(acc_stat "$TMP/rxcheck" RX-corrupted)" -eq 0 ]' \
		'[ "$(acc_stat "$TMP/rxcheck" RX-reordered)" -eq 0 ]' \
		'[ "$(acc_stat "$TMP/rxcheck" RX-duplicate)" -eq 0 ]'
}
veth_case

echo
echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
[ $FAILED -eq 0 ]
