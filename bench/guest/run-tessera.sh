#!/usr/bin/env bash
# Boots the bench-guest image (bench/guest on Tessera, cmake/GuestBench.cmake) through
# tests/boot/boot-test.sh and cmake/qemu.sh with the options in common.sh, and writes the
# "bench" lines to BUILD/guestbench/tessera.txt (and to stdout).
#
#   run-tessera.sh [--build-dir DIR] [--quick] [--timeout SECONDS] [--name NAME]
#
# --quick boots bench-guest-quick: every measurement about a millisecond, for a smoke run.
# --name NAME writes BUILD/guestbench/NAME.txt instead (to keep runs with other options).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$here/common.sh"

build=$root/build image=bench-guest timeout=300 name=tessera
while [ $# -gt 0 ]; do
    case $1 in
    --build-dir) build=$2; shift ;;
    --quick) image=bench-guest-quick name=tessera-quick ;;
    --timeout) timeout=$2; shift ;;
    --name) name=$2; shift ;;
    *) echo "run-tessera.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
build=$(cd "$build" && pwd) || exit 2
img=$build/images/$image.img
[ -r "$img" ] || { gb_say "$img missing: build it first (ninja -C $build image-$image)"; exit 2; }
out=$build/guestbench
mkdir -p "$out"
log=$out/$name-serial.log

gb_say "booting $image on Tessera: -smp $gb_smp -m $gb_mem ${gb_qemu_args[*]}"
extra=()
for arg in "${gb_qemu_args[@]}"; do
    extra+=(--qemu-arg "$arg")
done
start=$SECONDS
# init.report: QEMU leaves with 33 when the program exits "ok".
"$root/tests/boot/boot-test.sh" --image "$img" --log "$log" --exit 33 --timeout "$timeout" \
    --smp "$gb_smp" --mem "$gb_mem" "${extra[@]}" \
    --expect 'bench-end ok' --reject 'bench-error' >&2 || { gb_say "Tessera run failed (log: $log)"; exit 1; }
gb_say "Tessera run took $((SECONDS - start)) s of wall time"
gb_extract "$log" | tee "$out/$name.txt"
