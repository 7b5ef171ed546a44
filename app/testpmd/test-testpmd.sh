#!/bin/bash
# End-to-end tests of fpk-testpmd: the real binary on net_null, net_ring
# and (when veth pairs can be made) net_af_packet ports, driven as DPDK
# users drive testpmd: non-interactive runs stopped by a signal, the prompt
# through a pipe and through a pseudo-terminal (readline), --tx-first, and
# every error case (its message and its exact exit status). Ends with
# "N passed, N failed, N skipped" and exits non-zero if anything failed.
#
# Usage: app/testpmd/test-testpmd.sh [BUILD_DIR]   (default: build-tpmd)
#   FPK_TESTPMD=path overrides the binary (e.g. an ASan build's).
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
case ${1:-} in
-h | --help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
-*) echo "unknown option '$1' (see --help)" >&2; exit 2 ;;
esac
[ $# -le 1 ] || { echo "one BUILD_DIR at most (see --help)" >&2; exit 2; }
BUILD=${1:-$ROOT/build-tpmd}
BIN=${FPK_TESTPMD:-$BUILD/app/testpmd/fpk-testpmd}
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
	rm -rf "$TMP" "$RUNDIR" "$RUNDIR"-*
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
		 txonly-multi-flow help; do
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
"$BIN" $EAL $NULLS -- -i -a --tx-first --stats-period 1 --nb-cores 1 --portmask 0x3 \
	--forward-mode io --port-topology chained --rxq 2 --txq 2 --rxd 256 --txd 256 --burst 64 \
	--txpkts 64,64 --flowgen-flows 16 --tx-seq --total-num-mbufs 8192 --mbcache 128 \
	--eth-peer 1,02:00:00:00:00:aa --record-core-cycles --record-burst-stats \
	--rss-ip --rss-udp --disable-rss --txonly-multi-flow \
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
help
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
	'grep -q "start tx_first \[N\]  *send N (1) txonly bursts" "$TMP/pipe"' \
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
