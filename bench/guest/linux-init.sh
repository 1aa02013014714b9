#!/bin/busybox sh
# shellcheck shell=dash disable=SC2154 # benchargs comes from the kernel command line
# /init of the Linux baseline guest (packed by bench/guest/run-linux.sh): reports the
# kernel and the settings that change the figures, runs the benchmark on the console,
# and powers off. `benchargs` comes from the kernel command line (unknown parameters
# reach init's environment).
bb=/bin/busybox
$bb mount -t proc proc /proc
$bb mount -t sysfs sysfs /sys
echo "bench-kernel $($bb uname -r) $($bb uname -v)"
echo "bench-thp $($bb cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null)"
for file in /sys/devices/system/cpu/vulnerabilities/*; do
    echo "bench-mitigation ${file##*/}: $($bb cat "$file")"
done
/bin/bench $benchargs
echo "bench-status $?"
$bb poweroff -f
