#!/usr/bin/env bash
# run-fuzzers.sh: builds the libFuzzer targets in tests/fuzz with clang and runs each for
# a while. Part of tests/fuzz; see docs/fuzzing.md.
#
#   tests/fuzz/run-fuzzers.sh [SECONDS] [TARGET...]
#
# SECONDS per target (default 30); TARGETs by name (ustar, elf_validator, boot_config,
# font, symbol_table, command_line; default all). The build goes to build/fuzz, or to
# $TS_FUZZ_BUILD_DIR. Each target keeps its corpus in <build>/corpus/<target> between
# runs and starts from the generated seeds in <build>/seeds/<target>; a crashing input
# is saved as <build>/artifacts/<target>-crash-<hash> and the script exits 1.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${TS_FUZZ_BUILD_DIR:-$root/build/fuzz}
seconds=${1:-30}
shift || true
if ! [[ $seconds =~ ^[0-9]+$ ]]; then
    echo "usage: $0 [SECONDS] [TARGET...]" >&2
    exit 2
fi

clangxx=$(command -v clang++ || command -v clang++-14 || true)
if [ -z "$clangxx" ]; then
    echo "run-fuzzers: clang++ not found (Debian package clang)" >&2
    exit 1
fi
# libFuzzer's runtime is a separate Debian package that clang only recommends.
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
echo 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }' > "$probe/probe.cpp"
if ! "$clangxx" -fsanitize=fuzzer,address,undefined "$probe/probe.cpp" -o "$probe/probe" 2> "$probe/log"; then
    echo "run-fuzzers: $clangxx cannot link -fsanitize=fuzzer; install libclang-rt-14-dev" >&2
    cat "$probe/log" >&2
    exit 1
fi

if [ ! -f "$build/build.ninja" ]; then
    cmake -S "$root/tests/fuzz" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER="$clangxx" -DTS_ROOT="$root" > /dev/null
fi
ninja -C "$build" -j"${TS_FUZZ_JOBS:-2}"

# Real inputs as extra seeds when they are at hand: the console font the kernel embeds
# and the symbol list of a built kernel.
font=/usr/share/consolefonts/Lat15-Terminus16.psf.gz
if [ -f "$font" ]; then
    gzip -dc "$font" > "$build/seeds/font/Lat15-Terminus16.psf"
fi
kernel=$root/build/kernel/kernel.elf
if [ -f "$kernel" ] && command -v nm > /dev/null; then
    nm -n -C --defined-only "$kernel" > "$build/seeds/symbol_table/kernel-nm.txt" || true
fi

if [ $# -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < "$build/targets.txt"
fi

mkdir -p "$build/logs"
failed=()
printf '%-16s %12s %8s %10s  %s\n' target executions seconds corpus result
for target in "${targets[@]}"; do
    binary=$build/fuzz_$target
    if [ ! -x "$binary" ]; then
        echo "run-fuzzers: no target '$target' (have: $(tr '\n' ' ' < "$build/targets.txt"))" >&2
        exit 2
    fi
    options=(-max_total_time="$seconds" -timeout=10 -print_final_stats=1
        -artifact_prefix="$build/artifacts/$target-")
    if [ -f "$root/tests/fuzz/$target.dict" ]; then
        options+=(-dict="$root/tests/fuzz/$target.dict")
    fi
    log=$build/logs/$target.log
    status=ok
    "$binary" "${options[@]}" "$build/corpus/$target" "$build/seeds/$target" > "$log" 2>&1 || status=FAILED
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    time=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
    units=$(find "$build/corpus/$target" -type f | wc -l)
    printf '%-16s %12s %8s %10s  %s\n' "$target" "${runs:-?}" "${time:-?}" "$units" "$status"
    if [ $status != ok ]; then
        failed+=("$target")
        grep -E 'ERROR|SUMMARY|FUZZ_CHECK|runtime error|Test unit written' "$log" | head -8 | sed 's/^/    /'
        echo "    full log: $log"
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "run-fuzzers: failures in: ${failed[*]}" >&2
    exit 1
fi
