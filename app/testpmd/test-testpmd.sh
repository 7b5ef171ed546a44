#!/bin/bash
# End-to-end tests of fpk-testpmd: the real binary on net_null, net_ring
# and (when veth pairs can be made) net_af_packet ports, driven as DPDK
# users drive testpmd: non-interactive runs stopped by a signal, the prompt
# through a pipe and through a pseudo-terminal (readline), --tx-first, and
# every error case (message and exit status). Ends with "N passed, N failed"
# and exits non-zero if anything failed.
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
trap 'rm -rf "$TMP"' EXIT

if [ ! -x "$BIN" ]; then
	echo "no fpk-testpmd at $BIN: build it first (ninja -C $BUILD)" >&2
	exit 2
fi

EAL="--no-huge --in-memory -l 0-1"
NULLS="--vdev net_null0 --vdev net_null1"
PASSED=0 FAILED=0

pass() { echo "ok - $1"; PASSED=$((PASSED + 1)); }
fail() {
	echo "FAIL - $1"
	FAILED=$((FAILED + 1))
	if [ -n "${2:-}" ] && [ -f "$2" ]; then tail -30 "$2" | sed 's/^/    /'; fi
}

# check NAME LOG CONDITION...: pass if every condition (a shell command) holds.
check() {
	local name=$1 log=$2; shift 2
	for cond in "$@"; do
		if ! eval "$cond"; then
			fail "$name (failed: $cond)" "$log"
			return
		fi
	done
	pass "$name"
}

# The value after LABEL in the Nth (1-based) block of "Forward statistics for port P".
fwd_stat() { # fwd_stat LOG PORT LABEL
	awk -v port="$2" -v label="$3:" '
		/Forward statistics for port/ { inblk = ($6 == port) }
		/^  -+$/ { inblk = 0 }
		inblk { for (i = 1; i < NF; i++) if ($i == label) v = $(i + 1) }
		END { print v + 0 }' "$1"
}

# Run fpk-testpmd for SECONDS of forwarding then send SIGNAL; the exit status
# is kept in $RC.
run_for() { # run_for SECONDS SIGNAL LOG ARGS...
	local secs=$1 sig=$2 log=$3; shift 3
	"$BIN" "$@" >"$log" 2>&1 &
	local pid=$!
	# Start-up (the EAL's memory with -m 512) takes a while: count from the start.
	for _ in $(seq 300); do
		grep -q "packet forwarding - ports" "$log" 2>/dev/null && break
		kill -0 $pid 2>/dev/null || break
		sleep 0.1
	done
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
"$BIN" --help >"$TMP/help" 2>&1
RC=$?
help_lists_all() {
	for o in interactive auto-start tx-first stats-period nb-cores portmask forward-mode \
		 port-topology rxq txq rxd txd burst txpkts flowgen-flows tx-seq total-num-mbufs \
		 mbcache eth-peer record-core-cycles record-burst-stats help; do
		grep -q -- "--$o" "$TMP/help" || { echo "--help does not list --$o"; return 1; }
	done
}
check "help: exit 0 and every option listed" "$TMP/help" '[ $RC -eq 0 ]' help_lists_all \
	'grep -q "EAL options" "$TMP/help"'
"$BIN" $EAL $NULLS -- -h >"$TMP/help2" 2>&1
RC=$?
check "help: -h after --" "$TMP/help2" '[ $RC -eq 0 ]' 'grep -q -- "--forward-mode" "$TMP/help2"'

# --help tells the truth: every option it lists is accepted (all in one run).
printf 'quit\n' >"$TMP/quit"
"$BIN" $EAL $NULLS -- -i -a --tx-first --stats-period 1 --nb-cores 1 --portmask 0x3 \
	--forward-mode io --port-topology chained --rxq 2 --txq 2 --rxd 256 --txd 256 --burst 64 \
	--txpkts 64,64 --flowgen-flows 16 --tx-seq --total-num-mbufs 8192 --mbcache 128 \
	--eth-peer 1,02:00:00:00:00:aa --record-core-cycles --record-burst-stats \
	<"$TMP/quit" >"$TMP/allopts" 2>&1
RC=$?
check "help: every listed option is accepted" "$TMP/allopts" '[ $RC -eq 0 ]' \
	'grep -q "Bye..." "$TMP/allopts"' '! grep -qi "unknown option" "$TMP/allopts"'

# ---- non-interactive -----------------------------------------------------
run_for 3 INT "$TMP/io" $EAL $NULLS -- --forward-mode=io --stats-period=1 --nb-cores=1 \
	--burst=32 --total-num-mbufs=32768
P0RX=$(fwd_stat "$TMP/io" 0 RX-packets) P1TX=$(fwd_stat "$TMP/io" 1 TX-packets)
P1RX=$(fwd_stat "$TMP/io" 1 RX-packets) P0TX=$(fwd_stat "$TMP/io" 0 TX-packets)
check "io on null ports, stopped by SIGINT" "$TMP/io" '[ $RC -eq 0 ]' \
	'grep -q "Signal 2 received" "$TMP/io"' \
	'[ $(grep -c "NIC statistics for port 0  ####" "$TMP/io") -ge 2 ]' \
	'grep -qE "^  Rx-pps: +[1-9][0-9]* +Rx-bps: " "$TMP/io"' \
	'grep -qE "^  Tx-pps: +[1-9][0-9]* +Tx-bps: " "$TMP/io"' \
	'grep -q "Accumulated forward statistics for all ports" "$TMP/io"' \
	'[ "$P0RX" -gt 0 ] && [ "$P0RX" -eq "$P1TX" ] && [ "$P1RX" -eq "$P0TX" ]' \
	'grep -q "^Done.$" "$TMP/io"' 'grep -q "Port 1 is closed" "$TMP/io"' \
	'grep -q "^Bye...$" "$TMP/io"' '! grep -q "not returned" "$TMP/io"'

# The benchmark's exact command line (bench-vs-dpdk), in each mode it uses.
for mode in io macswap txonly rxonly; do
	run_for 2 INT "$TMP/bench-$mode" --no-huge -m 512 --no-pci --vdev net_null0 \
		--vdev net_null1 -l 0-1 -- --forward-mode=$mode --stats-period=1 --nb-cores=1 \
		--burst=32 --total-num-mbufs=32768
	check "bench command line, --forward-mode=$mode" "$TMP/bench-$mode" '[ $RC -eq 0 ]' \
		'grep -q "Rx-pps:" "$TMP/bench-$mode"' \
		'grep -q "Accumulated forward statistics" "$TMP/bench-$mode"' \
		'! grep -q "not returned" "$TMP/bench-$mode"'
done

run_for 2 TERM "$TMP/term" $EAL $NULLS -- --forward-mode=macswap --record-core-cycles \
	--record-burst-stats
check "SIGTERM, core cycles and burst stats" "$TMP/term" '[ $RC -eq 0 ]' \
	'grep -q "Signal 15 received" "$TMP/term"' \
	'grep -qE "CPU cycles/packet=[0-9.]+ \(total cycles=[0-9]+ / total macswap packets=[0-9]+\) at [0-9]+ MHz Clock" "$TMP/term"' \
	'grep -qE "RX-bursts : [0-9]+ \[" "$TMP/term"' 'grep -qE "TX-bursts : [0-9]+ \[" "$TMP/term"'

# --tx-first on a ring pair: the first burst then circulates between the ports.
run_for 2 INT "$TMP/txfirst" $EAL --vdev net_ring0,pair=net_ring1 -- --tx-first \
	--stats-period 1 --burst 16
check "--tx-first on a ring pair" "$TMP/txfirst" '[ $RC -eq 0 ]' \
	'[ "$(fwd_stat "$TMP/txfirst" 0 RX-packets)" -gt 1000 ]' \
	'[ "$(fwd_stat "$TMP/txfirst" 1 RX-packets)" -gt 1000 ]' \
	'[ "$(fwd_stat "$TMP/txfirst" 0 TX-dropped)" -eq 0 ]' '! grep -q "not returned" "$TMP/txfirst"'

run_for 2 INT "$TMP/noseed" $EAL --vdev net_ring0,pair=net_ring1 -- --stats-period 1
check "ring pair without --tx-first stays idle" "$TMP/noseed" '[ $RC -eq 0 ]' \
	'[ "$(fwd_stat "$TMP/noseed" 0 RX-packets)" -eq 0 ]'

# Several lcores and queues: one stream per (port, queue), spread over lcores.
run_for 2 INT "$TMP/multi" --no-huge --in-memory -l 0,1,2@0 $NULLS -- --nb-cores 2 --rxq 2 \
	--txq 2 --stats-period 1
check "2 lcores x 2 queues" "$TMP/multi" '[ $RC -eq 0 ]' \
	'grep -q "ports=2 - cores=2 - streams=4" "$TMP/multi"' \
	'grep -q "RX P=1/Q=1 (socket 0) -> TX P=0/Q=1" "$TMP/multi"' \
	'[ $(grep -c "^Logical Core" "$TMP/multi") -eq 2 ]' \
	'[ "$(fwd_stat "$TMP/multi" 0 RX-packets)" -eq "$(fwd_stat "$TMP/multi" 1 TX-packets)" ]'

# Topologies and port masks decide the streams.
NULL3="$NULLS --vdev net_null2"
run_for 1 INT "$TMP/chained" $EAL $NULL3 -- --port-topology chained
run_for 1 INT "$TMP/paired3" $EAL $NULL3 -- --port-topology paired
run_for 1 INT "$TMP/loopmask" $EAL $NULL3 -- --port-topology loop --portmask 0x6
check "topology chained" "$TMP/chained" '[ $RC -eq 0 ]' \
	'grep -q "RX P=0/Q=0 (socket 0) -> TX P=1/Q=0" "$TMP/chained"' \
	'grep -q "RX P=2/Q=0 (socket 0) -> TX P=0/Q=0" "$TMP/chained"'
check "topology paired, odd port count" "$TMP/paired3" '[ $RC -eq 0 ]' \
	'grep -q "the last one forwards to itself" "$TMP/paired3"' \
	'grep -q "RX P=1/Q=0 (socket 0) -> TX P=0/Q=0" "$TMP/paired3"' \
	'grep -q "RX P=2/Q=0 (socket 0) -> TX P=2/Q=0" "$TMP/paired3"'
check "topology loop with --portmask 0x6" "$TMP/loopmask" '[ $RC -eq 0 ]' \
	'grep -q "ports=2 - cores=1 - streams=2" "$TMP/loopmask"' \
	'grep -q "RX P=1/Q=0 (socket 0) -> TX P=1/Q=0" "$TMP/loopmask"' \
	'! grep -q "Forward statistics for port 0 " "$TMP/loopmask"' \
	'[ "$(fwd_stat "$TMP/loopmask" 2 TX-packets)" -gt 0 ]'

for mode in mac 5tswap csum icmpecho flowgen rxcheck; do
	run_for 1 INT "$TMP/mode-$mode" $EAL $NULLS -- --forward-mode=$mode --stats-period 1
	check "--forward-mode=$mode runs" "$TMP/mode-$mode" '[ $RC -eq 0 ]' \
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
	'grep -q "start tx_first  *send a txonly burst" "$TMP/pipe"' \
	'grep -q "^Bye...$" "$TMP/pipe"' '! grep -q "not returned" "$TMP/pipe"'

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

# ---- errors: a message naming the cause, a non-zero exit ------------------
# expect_error NAME PATTERN ARGS...
expect_error() {
	local name=$1 pattern=$2; shift 2
	local log="$TMP/err-${name//[^a-zA-Z0-9]/_}"
	timeout 30 "$BIN" "$@" </dev/null >"$log" 2>&1
	RC=$?
	check "error: $name" "$log" '[ $RC -ne 0 ] && [ $RC -ne 124 ]' 'grep -q -- "$pattern" "$log"'
}
expect_error "unknown option" "unknown option '--bogus'" $EAL $NULLS -- --bogus
expect_error "option without its value" "needs a value" $EAL $NULLS -- --burst
expect_error "stray argument" "unexpected argument 'io'" $EAL $NULLS -- io
expect_error "portmask selecting nothing" "selects no port" $EAL $NULLS -- --portmask 0x0
expect_error "portmask naming a missing port" "port 2 does not exist (ports present: 0, 1)" \
	$EAL $NULLS -- --portmask 0x5
expect_error "portmask not hex" "hexadecimal port mask" $EAL $NULLS -- --portmask zz
expect_error "unknown forwarding mode" "unknown mode; modes: io, mac" $EAL $NULLS -- \
	--forward-mode foo
expect_error "txonly headers do not fit" "must hold the 42 bytes" $EAL $NULLS -- \
	--forward-mode txonly --txpkts 40
expect_error "tx-seq payload does not fit" "too short for the --tx-seq payload" $EAL $NULLS -- \
	--forward-mode txonly --tx-seq --txpkts 50
expect_error "tx_first needs txonly packets" "must hold the 42 bytes" $EAL $NULLS -- \
	--tx-first --txpkts 30
expect_error "more queues than the port has" "at most 1 rx" $EAL --vdev net_ring0 -- --rxq 2 \
	--txq 2
expect_error "nb-cores above the lcores" "give the EAL 3 lcores, e.g. -l 0-2" $EAL $NULLS -- \
	--nb-cores 2
expect_error "no forwarding lcore" "give it at least two, e.g. -l 0-1" --no-huge --in-memory \
	-l 0 $NULLS --
expect_error "burst 0" "--burst '0': expected a number from 1 to 512" $EAL $NULLS -- --burst 0
expect_error "burst 513" "--burst '513'" $EAL $NULLS -- --burst 513
expect_error "no ports" "no ports: add --vdev net_null0 --vdev net_null1" $EAL --
expect_error "mbcache above 512" "--mbcache '600'" $EAL $NULLS -- --mbcache 600
expect_error "bad eth-peer" "expected PORT,XX:XX:XX:XX:XX:XX" $EAL $NULLS -- --eth-peer 1,zz
expect_error "bad topology" "expected paired, chained or loop" $EAL $NULLS -- \
	--port-topology star
expect_error "bad stats-period" "--stats-period 'x'" $EAL $NULLS -- --stats-period x
expect_error "too many txpkts segments" "at most 16 segments" $EAL $NULLS -- \
	--txpkts 64,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1

# ---- txonly --tx-seq into rxcheck over a veth pair (net_af_packet) -------
VA=fpktpmd0 VB=fpktpmd1
if ip link add $VA type veth peer name $VB 2>/dev/null; then
	ip link set $VA up && ip link set $VB up
	sysctl -qw net.ipv6.conf.$VA.disable_ipv6=1 net.ipv6.conf.$VB.disable_ipv6=1 2>/dev/null
	"$BIN" --no-huge --in-memory -l 0-1 --file-prefix tpmd-rx --vdev net_af_packet0,iface=$VB \
		-- --forward-mode rxcheck --port-topology loop --stats-period 1 >"$TMP/rxcheck" 2>&1 &
	RXPID=$!
	sleep 1
	run_for 2 INT "$TMP/txseq" --no-huge --in-memory -l 0-1 --file-prefix tpmd-tx \
		--vdev net_af_packet1,iface=$VA -- --forward-mode txonly --tx-seq --txpkts 200 \
		--port-topology loop --burst 16 --stats-period 1
	TXRC=$RC
	sleep 1
	kill -INT $RXPID; wait $RXPID
	RXRC=$?
	ip link del $VA 2>/dev/null
	# Accumulated block: the totals over every port.
	acc() { sed -n '/Accumulated forward/,$p' "$TMP/rxcheck" | grep -oE "$1: [0-9]+" | head -1 |
		grep -oE '[0-9]+$'; }
	check "txonly --tx-seq -> rxcheck across a veth pair" "$TMP/rxcheck" \
		'[ $TXRC -eq 0 ] && [ $RXRC -eq 0 ]' '[ "$(acc RX-seq-ok)" -gt 0 ]' \
		'[ "$(acc RX-corrupted)" -eq 0 ]' '[ "$(acc RX-reordered)" -eq 0 ]' \
		'[ "$(acc RX-duplicate)" -eq 0 ]'
else
	echo "skip - txonly -> rxcheck over veth: cannot create a veth pair here"
fi

echo
echo "$PASSED passed, $FAILED failed"
[ $FAILED -eq 0 ]
