#!/usr/bin/env bash
# Drives Tessera's shell over the serial console: boots IMAGE (whose init runs the shell
# once on /dev/cons, tests/shell/init.conf), types each line of SCRIPT after the shell's
# prompt, and checks the serial output against EXPECT: one extended regular expression
# per line, matched against output lines in order (a line matched by one expectation is
# not looked at again). The last line of SCRIPT should be `exit`: init then ends the boot
# with the shell's status, which must pass (QEMU exit status 33).
#
# Lines of SCRIPT starting with `#!` are directives for this script, for typing at a
# program the shell is running rather than at the shell:
#   #!type TEXT     type TEXT and a newline now, without waiting for a prompt
#   #!key BYTES     type BYTES (printf %b escapes, e.g. \003 for ^C), no newline
#   #!wait REGEX    wait until the output since the last prompt or wait matches REGEX
#   #!prompt        wait for the shell's prompt (before typing at the shell with #!key)
#
#   run-shell-test.sh --image IMG --script FILE --expect FILE --log FILE [--timeout S]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
image="" script="" expect="" log="" timeout=180
prompt='tessera$ '
while [ $# -gt 0 ]; do
    case $1 in
    --image) image=$2; shift ;;
    --script) script=$2; shift ;;
    --expect) expect=$2; shift ;;
    --log) log=$2; shift ;;
    --timeout) timeout=$2; shift ;;
    *) echo "run-shell-test: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
[ -n "$image" ] && [ -n "$script" ] && [ -n "$expect" ] && [ -n "$log" ] ||
    { echo "run-shell-test: --image, --script, --expect and --log are required" >&2; exit 2; }

: > "$log"
deadline=$((SECONDS + timeout))
coproc QEMU { exec timeout --kill-after=5 "$timeout" "$root/cmake/qemu.sh" "$image" --headless --snapshot --serial stdio 2>&1; }
qemu_pid=$QEMU_PID
out_fd=${QEMU[0]} in_fd=${QEMU[1]}

fail() {
    echo "run-shell-test: FAIL: $*"
    echo "---- serial log ($log), last 60 lines ----"
    sed -e 's/\r$//' -e 's/\x1b\[[0-9;]*m//g' "$log" | tail -n 60
    kill "$qemu_pid" 2>/dev/null
    exit 1
}

# Reads output into the log until it ends with the prompt. Reading up to each space keeps
# this fast; the prompt ends with one.
pending="" recent=""
# Reads one chunk of output, up to the delimiter $2 (the prompt ends with a space;
# waited-for output ends with a newline), into the log, `pending` and `recent`.
read_chunk() {
    local chunk left=$((deadline - SECONDS))
    [ $left -gt 0 ] || fail "$1 within ${timeout}s"
    if IFS= read -r -d "$2" -t "$left" chunk <&"$out_fd"; then
        chunk+=$2
    else
        [ -n "$chunk" ] || fail "QEMU ended before $1"
    fi
    printf '%s' "$chunk" >> "$log"
    pending+=$chunk
    recent+=$chunk
    [ ${#pending} -gt 64 ] && pending=${pending: -64}
    [ ${#recent} -gt 2048 ] && recent=${recent: -2048}
}

wait_for_output() {
    while ! [[ $recent =~ $1 ]]; do
        read_chunk "no output matching /$1/" $'\n'
    done
    recent=""
}

wait_for_prompt() {
    while [[ $pending != *"$prompt" ]]; do
        read_chunk "the prompt" " "
    done
    pending=""
}

while IFS= read -r line || [ -n "$line" ]; do
    case $line in
    '#!type '*) printf '%s\n' "${line#'#!type '}" >&"$in_fd" ;;
    '#!key '*) printf '%b' "${line#'#!key '}" >&"$in_fd" ;;
    '#!wait '*) wait_for_output "${line#'#!wait '}" ;;
    '#!prompt') wait_for_prompt; recent="" ;;
    *)
        wait_for_prompt
        recent=""
        printf '%s\n' "$line" >&"$in_fd" ;;
    esac
done < "$script"
# The script's last line ended the shell: the rest of the output, then QEMU's status.
left=$((deadline - SECONDS)); [ $left -gt 0 ] || left=1
timeout "$left" cat <&"$out_fd" >> "$log"
exec {in_fd}>&-
wait "$qemu_pid"
status=$?
[ $status -eq 124 ] || [ $status -eq 137 ] && fail "QEMU did not exit within ${timeout}s (hang)"
[ $status -eq 33 ] || fail "QEMU exit status $status, expected 33 (the shell's exit passed)"

mapfile -t lines < <(sed -e 's/\r$//' -e 's/\x1b\[[0-9;]*m//g' "$log")
next=0
while IFS= read -r re || [ -n "$re" ]; do
    [ -z "$re" ] && continue
    found=0
    while [ $next -lt ${#lines[@]} ]; do
        if [[ ${lines[$next]} =~ $re ]]; then
            found=1; next=$((next + 1)); break
        fi
        next=$((next + 1))
    done
    [ $found = 1 ] || fail "no output line (after the previous match) matches /$re/"
done < "$expect"
echo "run-shell-test: ok ($(grep -c . "$expect") expectations matched in order)"
