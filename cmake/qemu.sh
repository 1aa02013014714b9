#!/usr/bin/env bash
# The one QEMU command line for Tessera, shared by `./tessera run` and the boot tests, so
# what CI boots is what a developer boots.
#
#   qemu.sh IMAGE [--headless] [--smp N] [--mem SIZE] [--gdb] [--serial FILE|stdio] [--snapshot]
#           [--monitor ARG] [--vga TYPE] [-- extra QEMU arguments]
#
# Machine: q35 with OVMF as -bios (the fastest firmware start), the std VGA (GOP
# framebuffer), COM1, and isa-debug-exit at 0xf4 so the kernel can report test results.
set -euo pipefail
image=$1; shift
headless=0 smp=1 mem=256M gdb=0 serial=stdio snapshot=0 monitor="" vga=std
extra=()
while [ $# -gt 0 ]; do
    case $1 in
    --headless) headless=1 ;;
    --smp) smp=$2; shift ;;
    --mem) mem=$2; shift ;;
    --gdb) gdb=1 ;;
    --serial) if [ "$2" = stdio ]; then serial=stdio; else serial="file:$2"; fi; shift ;;
    --snapshot) snapshot=1 ;;
    --monitor) monitor=$2; shift ;;
    --vga) vga=$2; shift ;;
    --) shift; extra=("$@"); break ;;
    *) echo "qemu.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

ovmf=${TS_OVMF:-/usr/share/ovmf/OVMF.fd}
[ -r "$ovmf" ] || { echo "qemu.sh: $ovmf missing (Debian package ovmf)" >&2; exit 2; }
drive="file=$image,format=raw,if=ide"
[ $snapshot = 1 ] && drive+=",snapshot=on"

args=(-bios "$ovmf" -machine q35 -nodefaults -vga "$vga" -no-reboot
    -smp "$smp" -m "$mem"
    -drive "$drive"
    -serial "$serial"
    -device isa-debug-exit,iobase=0xf4,iosize=0x04)
if [ $headless = 1 ]; then
    args+=(-display none)
fi
[ -n "$monitor" ] && args+=(-monitor "$monitor")
[ $gdb = 1 ] && args+=(-s -S)
exec qemu-system-x86_64 "${args[@]}" "${extra[@]}"
