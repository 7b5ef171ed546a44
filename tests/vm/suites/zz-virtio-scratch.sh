# shellcheck shell=bash
# Scratch suite of the virtio helper (not committed): fpk-testpmd on the two
# virtio-net NICs (00:04.0, 00:05.0, one hub).
SUITE_DESC="virtio scratch"
SUITE_MEM=1G
SUITE_HUGEPAGES=256
SUITE_TIMEOUT=400

suite_build() {
	fpk_meson_build "$FPK_SUITE_WORK/fpk-virtio" -Dtests=false || return 1
	install -m 755 "$FPK_SUITE_WORK/fpk-virtio/app/testpmd/fpk-testpmd" "$FPK_STAGE/opt/fpk/bin/"
	printf '%s\n' virtio-io-fwd virtio-link-down-up >"$FPK_EXPECT"
}

suite_guest_script() {
	cat <<'GUEST'
EAL="-l 0-1 --in-memory -a 0000:00:04.0 -a 0000:00:05.0 --log-level=pmd.net.virtio:debug"
run_tp() {  # run_tp SECONDS LOG testpmd-args...
	secs=$1; log=$2; shift 2
	fpk-testpmd $EAL -- "$@" >"$log" 2>&1 &
	pid=$!
	sleep "$secs"
	kill -INT $pid
	i=0; while kill -0 $pid 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
	kill -0 $pid 2>/dev/null && { echo "# testpmd hung, SIGKILL"; kill -9 $pid; }
	wait $pid; echo "# exit $?"
}
run_tp 8 /tmp/io.log --forward-mode=io --tx-first
sed 's/^/# /' /tmp/io.log | tail -60
if grep -q "RX-packets: [1-9]" /tmp/io.log; then echo "ok - virtio-io-fwd"; else echo "FAIL - virtio-io-fwd: no packets"; fi

( sleep 4; fpk-monitor set_link v1 off; sleep 3; fpk-monitor set_link v1 on ) &
run_tp 12 /tmp/link.log --forward-mode=io --tx-first
sed 's/^/# /' /tmp/link.log | grep -i "link\|event\|error\|fail" | head -30
if grep -qi "down" /tmp/link.log; then echo "ok - virtio-link-down-up"; else echo "FAIL - virtio-link-down-up: no link event"; fi
GUEST
}
