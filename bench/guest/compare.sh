#!/usr/bin/env bash
# Prints the in-guest figures side by side: benchmark, parameter, Tessera, Linux, ratio
# (Tessera / Linux: below 1 Tessera is faster). Reads what run-tessera.sh and run-linux.sh
# wrote to BUILD/guestbench/{tessera,linux}.txt.
#
#   compare.sh [--build-dir DIR] [--markdown] [--tessera NAME] [--linux NAME]
#
# --tessera/--linux pick other result files (BUILD/guestbench/NAME.txt, see --name in the
# run scripts).
# Exits 77 (ctest: skipped) when one of the two result files is missing.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$root/build markdown=0 tessera_name=tessera linux_name=linux
while [ $# -gt 0 ]; do
    case $1 in
    --build-dir) build=$2; shift ;;
    --markdown) markdown=1 ;;
    --tessera) tessera_name=$2; shift ;;
    --linux) linux_name=$2; shift ;;
    *) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
tessera=$build/guestbench/$tessera_name.txt linux=$build/guestbench/$linux_name.txt
for file in "$tessera" "$linux"; do
    [ -s "$file" ] || { echo "compare.sh: $file missing or empty: run run-tessera.sh and run-linux.sh first" >&2; exit 77; }
done

awk -v markdown=$markdown '
    # Line format: bench <name> <param> <value> <unit>
    FNR == NR { linux[$2 " " $3] = $4; next }
    {
        key = $2 " " $3
        rows[++count] = key; value[key] = $4; unit[key] = $5
    }
    function ns(v) { return sprintf(v >= 100 ? "%.0f" : "%.1f", v) }
    END {
        if (markdown) {
            print "| benchmark | parameter | Tessera | Linux | Tessera / Linux |"
            print "| --- | ---: | ---: | ---: | ---: |"
        } else {
            printf "%-22s %12s %14s %14s %8s\n", "benchmark", "parameter", "Tessera", "Linux", "ratio"
        }
        for (i = 1; i <= count; ++i) {
            key = rows[i]; split(key, part, " ")
            t = value[key]; l = (key in linux) ? linux[key] : ""
            ratio = (l != "" && l > 0) ? sprintf("%.2f", t / l) : "-"
            lt = (l != "") ? ns(l) " " unit[key] : "-"
            if (markdown)
                printf "| %s | %s | %s %s | %s | %s |\n", part[1], part[2], ns(t), unit[key], lt, ratio
            else
                printf "%-22s %12s %14s %14s %8s\n", part[1], part[2], ns(t) " " unit[key], lt, ratio
        }
    }' "$linux" "$tessera"
