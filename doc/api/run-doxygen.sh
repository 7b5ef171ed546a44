#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Build the API reference (called by doc/api/meson.build):
#   run-doxygen.sh DOXYGEN HTMLDIR DOXYFILE INPUT...
# Writes DOXYFILE plus one INPUT line per input file to Doxyfile-full next
# to HTMLDIR, runs doxygen on it, prints the warnings and their count, and
# fails if doxygen failed or warned.
set -eu

doxygen=$1 htmldir=$2 conf=$3
shift 3
outdir=$(dirname "$htmldir")
full=$outdir/Doxyfile-full
log=$outdir/doxygen-warnings.log

{
	cat "$conf"
	echo
	echo "# Added by run-doxygen.sh: the documented headers and pages."
	for f in "$@"; do
		printf 'INPUT += "%s/%s"\n' "$(cd "$(dirname "$f")" && pwd)" "$(basename "$f")"
	done
} >"$full"

rm -rf "$log" "$htmldir"
rc=0
"$doxygen" "$full" || rc=$?

n=0
if [ -s "$log" ]; then
	cat "$log" >&2
	n=$(grep -c -E '(warning|error): ' "$log" || true)
fi
echo "doxygen: $n warning(s) (log: $log)"
if [ "$rc" -ne 0 ] || [ "$n" -ne 0 ]; then
	echo "doxygen: API reference FAILED: document what the warnings name" >&2
	exit 1
fi
touch "$htmldir"
