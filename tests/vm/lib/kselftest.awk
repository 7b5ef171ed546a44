# Turns the TAP of a program written with the kernel's kselftest_harness.h
# into FPK's result lines (tests/vm/README.md, "The suite contract"):
#   "ok N fixture.a_case"             -> "ok - NAME"
#   "ok N fixture.a_case # SKIP why"  -> "skip - NAME: why"
#   "not ok N fixture.a_case"         -> "FAIL - NAME: " and the case's
#                                        diagnostics ("# file:line:case:text"
#                                        lines, or the harness's "Test ..."
#                                        line when it killed the case)
# NAME is the case with "_" as "-": its last part ("a-case") by default, or
# with full=1 the whole "fixture.variant.a-case" (for programs whose case
# names repeat across fixtures and variants). The harness's per-case
# RUN/OK/FAIL/SKIP lines are dropped, any other line becomes a "# " note.
# With known=FILE, a failing case whose NAME matches a line's regular
# expression (up to the first tab; the reason follows the tab) is reported
# as "skip - NAME: known failure: REASON" instead: for cases that fail on
# every kernel of the series' base, stock included, for reasons of their own.
# With prog=NAME, a program that does not report every case its plan
# ("1..N") announced, or prints no plan, adds "FAIL - NAME-complete".
# Exit status 1 when a case failed. Used by the guest scripts of the kernel
# and iommufd-upstream suites, from /etc/fpk/kselftest.awk.
BEGIN {
	while (known != "" && (getline l < known) > 0) {
		if (l ~ /^#/ || index(l, "\t") == 0)
			continue
		nknown++
		kre[nknown] = substr(l, 1, index(l, "\t") - 1)
		kwhy[nknown] = substr(l, index(l, "\t") + 1)
	}
}
function known_why(n,    i) {
	for (i = 1; i <= nknown; i++)
		if (n ~ kre[i])
			return kwhy[i]
	return ""
}
function fpk_name(s) { if (!full) sub(/.*\./, "", s); gsub(/_/, "-", s); return s }
function add(m) { why = why == "" ? m : why "; " m }
/^1\.\.[0-9]+$/ { plan = substr($0, 4) + 0; next }
/^# +RUN / { why = ""; next }
/^# +(OK|FAIL) +[^ ]+$|^# +SKIP +|^TAP version / { next }
/^# [^ :]+:[0-9]+:[^: ]+:/ {
	m = substr($0, 3)
	match(m, /^[^:]+:[0-9]+:/)
	loc = substr(m, 1, RLENGTH - 1)
	m = substr(m, RLENGTH + 1)
	sub(/^[^:]*:/, "", m)
	add(loc ": " m)
}
/^# [a-z0-9_]+: Test / && (why == "" || $0 !~ /(failed|by assertion)$/) {
	add(substr($0, index($0, ": Test ") + 2))
}
/^(not )?ok [0-9]+ / {
	s = $0
	sub(/^(not )?ok [0-9]+ /, "", s)
	skip = index(s, " # SKIP")
	reason = skip ? substr(s, skip + 8) : ""
	name = fpk_name(skip ? substr(s, 1, skip - 1) : s)
	if ($1 == "not" && known_why(name) != "") {
		print "skip - " name ": known failure: " known_why(name)
	} else if ($1 == "not") {
		print "FAIL - " name ": " (why != "" ? why : "failed")
		bad = 1
	} else if (skip) {
		print "skip - " name ": " (reason != "" ? reason : "skipped")
	} else {
		print "ok - " name
	}
	why = ""
	seen++
	next
}
{ print (/^#/ ? $0 : "# " $0) }
END {
	if (prog != "" && (plan == "" || seen != plan)) {
		print "FAIL - " prog "-complete: " seen " case(s) reported, plan " \
			(plan == "" ? "missing" : plan)
		bad = 1
	}
	exit bad
}
