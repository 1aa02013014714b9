#!/usr/bin/env bash
# The SDK's out-of-tree test: installs the SDK the main build compiled (build/sdk) into a
# fresh temporary prefix, copies the application tests/sdk/hello to a temporary directory
# outside the source tree, configures and builds it with nothing but that prefix's
# toolchain file, packs it into its own image and boots it as the first process
# (tests/boot/boot-test.sh checks its output and its exit status).
#
#   out-of-tree.sh --build-dir DIR --log FILE
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build="" log=""
while [ $# -gt 0 ]; do
    case $1 in
    --build-dir) build=$2; shift ;;
    --log) log=$2; shift ;;
    *) echo "out-of-tree: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
[ -n "$build" ] && [ -n "$log" ] || { echo "out-of-tree: --build-dir and --log are required" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "out-of-tree: installing the SDK into $tmp/prefix"
cmake --install "$build/sdk" --prefix "$tmp/prefix" >/dev/null
cp -r "$here/hello" "$tmp/hello"
echo "out-of-tree: building $tmp/hello with $tmp/prefix/lib/cmake/tessera/tessera.cmake"
cmake -S "$tmp/hello" -B "$tmp/hello-build" -G Ninja \
    -DCMAKE_TOOLCHAIN_FILE="$tmp/prefix/lib/cmake/tessera/tessera.cmake" >/dev/null
cmake --build "$tmp/hello-build" >/dev/null

mkdir -p "$tmp/root/bin" "$tmp/root/etc"
cp "$tmp/hello-build/hello" "$tmp/root/bin/"
cp "$build/initrd-root/etc/version" "$build/initrd-root/etc/motd" "$tmp/root/etc/"
tar --format=ustar --owner=0 --group=0 --numeric-owner --mtime=@0 --sort=name -cf "$tmp/initrd.tar" -C "$tmp/root" .
printf 'cmdline = init=/bin/hello init.report\ndebug_exit = yes\n' > "$tmp/boot.cfg"
"$root/cmake/make-image.sh" "$tmp/hello.img" "$build/bootloader/BOOTX64.EFI" "$build/kernel/kernel.elf" \
    "$tmp/initrd.tar" "$tmp/boot.cfg" >/dev/null

status=0
"$root/tests/boot/boot-test.sh" --image "$tmp/hello.img" --log "$log" --exit 33 \
    --expect "hello: built out of tree with the installed SDK" \
    --expect "hello: libpatchwork read /etc/version: Tessera" \
    --expect "hello: atexit handler ran" \
    --expect "init: /bin/hello exited: ok$" || status=$?
exit $status
