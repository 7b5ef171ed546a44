# shellcheck shell=bash
# tests/vm/results.sh - how tests/vm/run reads a suite's results: the one
# copy of these rules, sourced by tests/vm/run and by
# tests/vm/test/test-results (which feeds it made-up suite channel logs).
#
# A result line starts in column 0 (README, "The suite contract"):
#   ok - NAME[ anything]        e.g. "ok - e1000e-integrity # sent 100, ..."
#   FAIL - NAME[: why]
#   skip - NAME: why            a skip must say why
# NAME is the first word after "- ", without a trailing ":".
#
# A line that is not a result line but starts like one is a malformed
# result line and fails the suite, with or without a list of expected
# cases: it may be a failure the harness would otherwise never count.
# "Starts like one" (vm_looks_like_result), after leading blanks (so "#"
# notes never do):
#   - a word ok, fail, failed, failure, skip, skipped, pass or passed (any
#     case) followed by "-" or ":" or nothing: "FAIL: x", "  FAIL - x",
#     "fail - x", "ok -x", "skip - x" without a reason, "FAIL";
#   - "not ok" (TAP) and "ok N " (a TAP line the suite did not convert);
#   - an upper-case FAIL, FAILED, SKIP, SKIPPED, PASS, PASSED or OK word:
#     "FAIL x", "OK x";
# but not a counter line such as meson's "Ok: 12" or "Fail: 0" (the word,
# ":" and a number), nor prose such as "Failed to open ..." or "Skipping
# ...", which the real suites' programs print.

# vm_looks_like_result LINE: true when LINE starts like a result line.
vm_looks_like_result() {
	local s=${1%$'\r'} low
	s=${s#"${s%%[![:space:]]*}"}
	low=${s,,}
	[[ $low =~ ^(ok|fail|failed|failure|skip|skipped|pass|passed)[[:space:]]*:[[:space:]]*[0-9]+[[:space:]]*$ ]] &&
		return 1
	[[ $low =~ ^(ok|fail|failed|failure|skip|skipped|pass|passed)[[:space:]]*([-:]|$) ]] && return 0
	[[ $low =~ ^not[[:space:]]+ok([^[:alnum:]_]|$) ]] && return 0
	[[ $low =~ ^ok[[:space:]]+[0-9]+([[:space:]]|$) ]] && return 0
	[[ $s =~ ^(FAIL|FAILED|SKIP|SKIPPED|PASS|PASSED|OK)([^[:alnum:]_]|$) ]] && return 0
	return 1
}

# vm_parse_line LINE: sets VM_KIND to ok, FAIL or skip (a result line; its
# case in VM_NAME), bad (starts like a result line but is not one; why in
# VM_WHY) or text (anything else: guest output).
vm_parse_line() {
	local l=${1%$'\r'} rest
	VM_KIND=text VM_NAME='' VM_WHY=''
	case $l in
	"ok - "*|"FAIL - "*|"skip - "*)
		VM_KIND=${l%% - *}
		rest=${l#* - }
		VM_NAME=${rest%%[[:space:]]*}
		VM_NAME=${VM_NAME%:}
		if [ -z "$VM_NAME" ]; then
			VM_KIND=bad VM_WHY="no case name after '$VM_KIND - '"
		elif [ "$VM_KIND" = skip ] && ! [[ $rest =~ ^[^[:space:]]+:[[:space:]]+[^[:space:]] ]]; then
			VM_KIND=bad VM_WHY="a skip must say why: 'skip - $VM_NAME: reason'"
		fi
		;;
	*)
		if vm_looks_like_result "$l"; then
			VM_KIND=bad VM_WHY="not 'ok - NAME', 'FAIL - NAME: why' or 'skip - NAME: why' at the start of the line"
		fi
		;;
	esac
	[ "$VM_KIND" = bad ] && VM_NAME=
	return 0
}

# vm_verdict RESULTS CONSOLE EXPECT QEMU_RC QEMU_OUT TIMEOUT WORKDIR
#   RESULTS   the suite channel log (FPK-BEGIN ... FPK-END, then the
#             guest's dmesg between FPK-DMESG-BEGIN and FPK-DMESG-END)
#   CONSOLE   the serial console log
#   EXPECT    the cases the suite announced, one a line (may be absent)
#   QEMU_RC   QEMU's exit status (124/137: timeout(1) stopped it)
#   QEMU_OUT  QEMU's own output; TIMEOUT the guest's time limit (for messages)
#   WORKDIR   where suite-body.log and guest-dmesg.log are written
# Prints the harness's own "FAIL - vm-..." lines (and the kernel log around
# a problem); sets VM_PASS, VM_FAIL (the guest's FAIL lines plus the
# harness's) and VM_SKIP. Returns 0 when nothing failed.
vm_verdict() {
	local res=$1 con=$2 expect=$3 qrc=$4 qout=$5 tmo=$6 work=$7
	local body=$work/suite-body.log dmesg=$work/guest-dmesg.log
	local line name rc extra=() bad=()
	local -A reported=()
	VM_PASS=0 VM_FAIL=0 VM_SKIP=0
	sed -n '/^FPK-BEGIN /,/^FPK-END /p' "$res" >"$body"
	sed -n '/^FPK-DMESG-BEGIN$/,/^FPK-DMESG-END$/p' "$res" >"$dmesg"
	while IFS= read -r line || [ -n "$line" ]; do
		vm_parse_line "$line"
		case $VM_KIND in
		ok) VM_PASS=$((VM_PASS + 1)) ;;
		FAIL) VM_FAIL=$((VM_FAIL + 1)) ;;
		skip) VM_SKIP=$((VM_SKIP + 1)) ;;
		bad) bad+=("FAIL - vm-result-line: malformed result line, $VM_WHY: '$(printf '%s' "${line%$'\r'}" | cut -c1-160)'") ;;
		esac
		case $VM_KIND in ok|FAIL|skip) reported[$VM_NAME]=$VM_KIND ;; esac
	done <"$body"

	if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
		extra+=("FAIL - vm-timeout: guest did not finish within $tmo s")
	elif [ "$qrc" != 0 ]; then
		extra+=("FAIL - vm-qemu: qemu exited with status $qrc: $(tail -3 "$qout" 2>/dev/null | tr '\n' ' ')")
	fi
	if ! grep -q '^FPK-BEGIN ' "$res"; then
		extra+=("FAIL - vm-boot: the suite never started (see the console log)")
	elif ! grep -q '^FPK-END ' "$res"; then
		extra+=("FAIL - vm-suite-end: the suite's guest script did not finish")
	else
		rc=$(sed -n 's/^FPK-END rc=//p' "$res" | head -1)
		if [ "$rc" != 0 ] && [ "$VM_FAIL" = 0 ]; then
			extra+=("FAIL - vm-suite-exit: the suite's guest script exited with status $rc")
		fi
	fi
	if [ $((VM_PASS + VM_FAIL + VM_SKIP)) = 0 ] && grep -q '^FPK-BEGIN ' "$res"; then
		extra+=("FAIL - vm-no-results: the suite printed no result lines")
	fi
	extra+=("${bad[@]}")
	# Every case the suite announced must have a result line: ok, FAIL, or
	# a skip that says why (counted as skipped).
	if [ -s "$expect" ]; then
		while IFS= read -r name || [ -n "$name" ]; do
			[ -n "$name" ] || continue
			[ -n "${reported[$name]:-}" ] || extra+=("FAIL - $name: no result line from the guest")
		done <"$expect"
	fi
	# Kernel trouble anywhere in the console or the guest's dmesg.
	local pat='WARNING:|BUG:|Oops|Call Trace|Kernel panic|general protection fault|cut here'
	local hit
	hit=$(cat "$con" "$dmesg" 2>/dev/null | grep -E -m1 "$pat" || true)
	if [ -n "$hit" ]; then
		extra+=("FAIL - vm-kernel-log: kernel reported a problem: $(printf '%s' "$hit" | tr -d '\r' | cut -c1-160)")
		echo "---- guest kernel log around the problem ----"
		cat "$con" "$dmesg" 2>/dev/null | tr -d '\r' | grep -E -B5 -A25 -m1 "$pat" | head -60
		echo "---- end ----"
	fi
	for line in "${extra[@]}"; do printf '%s\n' "$line"; VM_FAIL=$((VM_FAIL + 1)); done
	[ "$VM_FAIL" = 0 ]
}
