#!/usr/bin/env bash
# Boots an image in QEMU (through cmake/qemu.sh), waits for it to leave through
# isa-debug-exit, and checks the exit status and the serial log.
#
#   boot-test.sh --image IMG --log FILE --exit N [--timeout S] [--smp N] [--mem M]
#                [--vga TYPE] [--qemu-arg ARG]... [--expect REGEX]... [--reject REGEX]...
#
# Exit statuses (arch/x86_64/DebugExit.hpp): 33 tests passed, 35 tests failed, 37 kernel
# panic, 39 loader error. A boot that does not finish within the timeout is killed and
# fails: a hang is a failure, never a pass.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
image="" log="" want="" timeout=120 smp=1 mem=256M vga=std
expects=() rejects=() qemu_args=()
while [ $# -gt 0 ]; do
    case $1 in
    --image) image=$2; shift ;;
    --log) log=$2; shift ;;
    --exit) want=$2; shift ;;
    --timeout) timeout=$2; shift ;;
    --smp) smp=$2; shift ;;
    --mem) mem=$2; shift ;;
    --vga) vga=$2; shift ;;
    --qemu-arg) qemu_args+=("$2"); shift ;;
    --expect) expects+=("$2"); shift ;;
    --reject) rejects+=("$2"); shift ;;
    *) echo "boot-test: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
[ -n "$image" ] && [ -n "$log" ] && [ -n "$want" ] || { echo "boot-test: --image, --log and --exit are required" >&2; exit 2; }

rm -f "$log"
timeout --kill-after=5 "$timeout" "$root/cmake/qemu.sh" "$image" --headless --snapshot --smp "$smp" --mem "$mem" --vga "$vga" --serial "$log" -- "${qemu_args[@]}"
status=$?
# Serial output carries CR LF and colour escapes; strip both before matching.
clean=$(sed -e 's/\r$//' -e 's/\x1b\[[0-9;]*m//g' "$log" 2>/dev/null)

fail() {
    echo "boot-test: FAIL: $*"
    echo "---- serial log ($log), last 60 lines ----"
    printf '%s\n' "$clean" | tail -n 60
    exit 1
}

if [ $status -eq 124 ] || [ $status -eq 137 ]; then
    fail "QEMU did not exit within ${timeout}s (hang)"
fi
[ "$status" = "$want" ] || fail "QEMU exit status $status, expected $want"
for re in "${expects[@]}"; do
    # A here-string, not a pipe: with pipefail, grep -q leaving early can fail the writer.
    grep -Eq -- "$re" <<< "$clean" || fail "serial log lacks /$re/"
done
for re in "${rejects[@]}"; do
    grep -Eq -- "$re" <<< "$clean" && fail "serial log contains /$re/"
done
# Show the closing lines so ctest -V output tells what happened.
printf '%s\n' "$clean" | tail -n 3
echo "boot-test: ok (exit status $status)"
