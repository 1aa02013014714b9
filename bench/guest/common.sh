# shellcheck shell=bash disable=SC2034 # the variables are used by the scripts sourcing this
# common.sh: what run-tessera.sh and run-linux.sh share, sourced by both, so the two
# guests run on the same emulated machine: CPU count, memory and the -icount clock.
#
# The rest of the machine is cmake/qemu.sh's (q35, OVMF as -bios, std VGA, COM1,
# isa-debug-exit, the default qemu64 CPU); run-linux.sh repeats those options beside
# -kernel, since qemu.sh always boots a disk image.
#
# Environment: GUESTBENCH_SMP (1), GUESTBENCH_MEM (2G: the 1 GiB mapping must fit Linux's
# overcommit check), GUESTBENCH_ICOUNT (shift=3,sleep=off; "off" runs on the wall clock).
# With a fixed shift every guest instruction advances the guest clock by 2^shift ns, so
# the figures are instruction counts that repeat from run to run; shift=auto adapts to the
# host's speed while the guest runs and does not.
#
# One CPU by default: under -icount QEMU runs all vCPUs round-robin on one host thread, and
# Linux 6.1 never finishes bringing up its second CPU there (it waits at "x86: Booting SMP
# configuration"). The benchmarks are single-threaded, so nothing they measure needs a
# second CPU; GUESTBENCH_SMP=2 GUESTBENCH_ICOUNT=off compares two-CPU guests on the wall
# clock instead.

gb_smp=${GUESTBENCH_SMP:-1}
gb_mem=${GUESTBENCH_MEM:-2G}
gb_icount=${GUESTBENCH_ICOUNT:-shift=3,sleep=off}
gb_qemu_args=()
if [ "$gb_icount" != off ]; then
    gb_qemu_args=(-icount "$gb_icount" -rtc clock=vm)
fi

# A serial log as text: no carriage returns, no terminal escapes (colours, and the
# firmware's clear-screen sequences that precede the first line).
gb_clean() {
    sed -e 's/\r$//' -e 's/\x1b\[[0-9;=?]*[A-Za-z]//g' "$1"
}

# Prints the machine-readable lines ("bench <name> <param> <value> <unit>") of a serial
# log, without Tessera's log prefix ("[time cpuN] process: ").
gb_extract() {
    gb_clean "$1" | sed -nE 's/^(.*[] :])?(bench [a-z_]+ [^ ]+ [0-9.]+ [a-z]+)$/\2/p'
}

gb_say() { echo "guestbench: $*" >&2; }
