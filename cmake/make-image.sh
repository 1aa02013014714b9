#!/usr/bin/env bash
# Builds a bootable GPT disk image with one FAT32 EFI system partition, without root:
# sgdisk writes the partition table, mtools formats and fills the partition in place.
#
#   make-image.sh OUT.img LOADER.efi KERNEL.elf|none INITRD.tar|none BOOT.cfg [SIZE_MIB]
#
# ESP layout (docs/loader.md): /EFI/BOOT/BOOTX64.EFI, /tessera/{kernel.elf,initrd.tar,boot.cfg}.
# "none" leaves a file out (the boot tests use that for doctored images).
set -euo pipefail
out=$1 loader=$2 kernel=$3 initrd=$4 config=$5 size_mib=${6:-64}

tmp="$out.tmp"
rm -f "$tmp"
truncate -s "${size_mib}M" "$tmp"
# Partition 1 from 1 MiB to the end, type EF00 (EFI system partition).
sgdisk -o -n 1:2048:0 -t 1:ef00 -c 1:"EFI system partition" "$tmp" >/dev/null
esp="$tmp@@1M"
mformat -i "$esp" -F -v TESSERA ::
mmd -i "$esp" ::/EFI ::/EFI/BOOT ::/tessera
mcopy -i "$esp" "$loader" ::/EFI/BOOT/BOOTX64.EFI
[ "$kernel" = none ] || mcopy -i "$esp" "$kernel" ::/tessera/kernel.elf
[ "$initrd" = none ] || mcopy -i "$esp" "$initrd" ::/tessera/initrd.tar
mcopy -i "$esp" "$config" ::/tessera/boot.cfg
mv "$tmp" "$out"
