#!/usr/bin/env bash
# Verifies that embedding the symbol list (link pass 2) moved no symbol: every symbol of
# pass 1 must have the same address in the final kernel, or backtraces would lie.
set -euo pipefail
nm=$1 pass1=$2 final=$3
strip_ksyms() { "$nm" -n --defined-only "$1" | grep -v -e '__ksyms_' -e '__kernel_end'; }
if ! diff <(strip_ksyms "$pass1") <(strip_ksyms "$final") >/dev/null; then
    echo "check-symbols: embedding .ksyms moved symbols between link passes" >&2
    diff <(strip_ksyms "$pass1") <(strip_ksyms "$final") | head -20 >&2
    exit 1
fi
