#!/usr/bin/env bash
# The Linux baseline: boots Debian's kernel with a busybox initramfs that runs bench-linux
# on the same emulated machine as run-tessera.sh (common.sh), and writes the "bench" lines
# to BUILD/guestbench/linux.txt (and to stdout).
#
#   run-linux.sh [--build-dir DIR] [--quick] [--timeout SECONDS] [--name NAME] [--append TEXT]
#
# The kernel (linux-image-amd64's current image package) and busybox-static are fetched
# with `apt-get download` into BUILD/guestbench/linux/debs on the first run and reused
# after that; nothing is installed on the host. When they cannot be fetched the script
# says why and exits 77, which ctest reports as skipped. --append adds kernel parameters
# (e.g. transparent_hugepage=never); GUESTBENCH_LINUX_APPEND does the same. --name NAME
# writes BUILD/guestbench/NAME.txt instead of linux.txt.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$here/common.sh"

build=$root/build timeout=300 name=linux benchargs="" append=${GUESTBENCH_LINUX_APPEND:-}
while [ $# -gt 0 ]; do
    case $1 in
    --build-dir) build=$2; shift ;;
    --quick) benchargs=quick name=linux-quick ;;
    --timeout) timeout=$2; shift ;;
    --name) name=$2; shift ;;
    --append) append="$append $2"; shift ;;
    *) echo "run-linux.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
build=$(cd "$build" && pwd) || exit 2
program=$build/guest-bench/bin/bench-linux
exit_at_once=$build/guest-bench/bin/exit-at-once-linux
for file in "$program" "$exit_at_once"; do
    [ -x "$file" ] || { gb_say "$file missing: build it first (ninja -C $build guest_bench)"; exit 2; }
done
out=$build/guestbench
work=$out/linux
mkdir -p "$work/debs"
skip() {
    gb_say "SKIP: $*"
    exit 77
}

# --- fetch (once) --------------------------------------------------------------------------
# The newest cached package matching a glob (unquoted on purpose).
# shellcheck disable=SC2086,SC2012
newest() { ls -1 "$work/debs"/$1 2>/dev/null | sort -V | tail -n 1; }
kernel_deb=$(newest 'linux-image-[0-9]*-amd64_*.deb')
busybox_deb=$(newest 'busybox-static_*.deb')
if [ -z "$kernel_deb" ] || [ -z "$busybox_deb" ]; then
    command -v apt-get >/dev/null && command -v apt-cache >/dev/null || skip "apt-get is not available to fetch the Linux kernel"
    # linux-image-amd64 is a metapackage; the kernel is in the package it depends on.
    kernel_pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -nE 's/^ *Depends: (linux-image-[0-9][^ ]*-amd64)$/\1/p' | head -n 1)
    [ -n "$kernel_pkg" ] || skip "apt-cache does not know linux-image-amd64 (run apt-get update?)"
    gb_say "fetching $kernel_pkg and busybox-static into $work/debs"
    (cd "$work/debs" && apt-get download "$kernel_pkg" busybox-static) >&2 ||
        skip "apt-get download $kernel_pkg busybox-static failed (no access to a Debian mirror?)"
    kernel_deb=$(newest 'linux-image-[0-9]*-amd64_*.deb')
    busybox_deb=$(newest 'busybox-static_*.deb')
    [ -n "$kernel_deb" ] && [ -n "$busybox_deb" ] || skip "the downloaded packages are not where they were expected"
fi

# --- unpack the kernel image and busybox (only those two files) --------------------------------
rm -rf "$work/unpacked" "$work/initramfs-root"
mkdir -p "$work/unpacked"
dpkg-deb --fsys-tarfile "$kernel_deb" | tar -x -C "$work/unpacked" --wildcards './boot/vmlinuz-*' ||
    skip "cannot unpack $kernel_deb"
dpkg-deb --fsys-tarfile "$busybox_deb" | tar -x -C "$work/unpacked" ./bin/busybox || skip "cannot unpack $busybox_deb"
vmlinuz=$(ls -1 "$work/unpacked/boot"/vmlinuz-* | head -n 1)
kernel_version=${vmlinuz##*/vmlinuz-}
busybox=$work/unpacked/bin/busybox

# --- the initramfs: busybox, /init, the benchmark and the program spawn_wait starts ------
rootfs=$work/initramfs-root
mkdir -p "$rootfs/bin" "$rootfs/dev" "$rootfs/proc" "$rootfs/sys"
cp "$busybox" "$rootfs/bin/busybox"
cp "$program" "$rootfs/bin/bench"
cp "$exit_at_once" "$rootfs/bin/exit-at-once"
cp "$here/linux-init.sh" "$rootfs/init"
chmod 755 "$rootfs/init" "$rootfs/bin/busybox" "$rootfs/bin/bench" "$rootfs/bin/exit-at-once"
initramfs=$work/initramfs.cpio.gz
(cd "$rootfs" && find . -mindepth 1 | LC_ALL=C sort | "$busybox" cpio -o -H newc -R 0:0 2>/dev/null) |
    gzip -n -9 > "$initramfs" || { gb_say "cannot pack the initramfs"; exit 1; }

# --- boot ------------------------------------------------------------------------------------
ovmf=${TS_OVMF:-/usr/share/ovmf/OVMF.fd}
[ -r "$ovmf" ] || { gb_say "$ovmf missing (Debian package ovmf)"; exit 2; }
log=$out/$name-serial.log
rm -f "$log"
cmdline="console=ttyS0 quiet panic=-1 benchargs=$benchargs $append"
gb_say "booting Linux $kernel_version: -smp $gb_smp -m $gb_mem ${gb_qemu_args[*]}; command line: $cmdline"
start=$SECONDS
# The machine of cmake/qemu.sh, with -kernel/-initrd in place of the disk image.
timeout --kill-after=5 "$timeout" qemu-system-x86_64 -bios "$ovmf" -machine q35 -nodefaults -vga std \
    -no-reboot -smp "$gb_smp" -m "$gb_mem" -serial "file:$log" \
    -device isa-debug-exit,iobase=0xf4,iosize=0x04 -display none \
    -kernel "$vmlinuz" -initrd "$initramfs" -append "$cmdline" "${gb_qemu_args[@]}"
status=$?
[ $status -eq 124 ] || [ $status -eq 137 ] && { gb_say "Linux run did not finish within ${timeout}s (log: $log)"; exit 1; }
clean=$(gb_clean "$log")
if ! grep -q '^bench-end ok' <<<"$clean" || ! grep -q '^bench-status 0' <<<"$clean"; then
    gb_say "Linux run failed (QEMU status $status); last lines of $log:"
    tail -n 30 <<<"$clean" >&2
    exit 1
fi
gb_say "Linux run took $((SECONDS - start)) s of wall time"
# What changes the figures: the kernel, transparent huge pages, active mitigations.
grep -E '^bench-(kernel|thp)|^bench-mitigation .*Mitigation' <<<"$clean" | tee "$out/$name-info.txt" >&2
gb_extract "$log" | tee "$out/$name.txt"
