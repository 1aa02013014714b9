#!/usr/bin/env bash
# dump-acpi-tables.sh: boots Tessera in QEMU and saves the firmware's ACPI tables (the RSDP
# and every table reachable from it) as binary files, the test data of the ACPI host tests
# (tests/host/acpi) and the ACPI fuzzer's seeds. Part of tests/host/data/acpi; see the
# README beside it.
#
#   dump-acpi-tables.sh IMAGE OUTDIR [qemu.sh options] [-- extra QEMU arguments]
#
#   dump-acpi-tables.sh build/images/tessera.img tests/host/data/acpi/q35
#   dump-acpi-tables.sh build/images/tessera.img tests/host/data/acpi/q35-smp4 --smp 4
#   dump-acpi-tables.sh build/images/tessera.img tests/host/data/acpi/q35-nohpet -- -no-hpet
#   dump-acpi-tables.sh build/images/tessera.img tests/host/data/acpi/pc -- -machine pc
#
# The kernel logs "ACPI: RSDP at 0x..." early in boot; the script waits for that line, then
# reads guest physical memory through the QEMU monitor's pmemsave: the RSDP, the RSDT and
# XSDT, every table they list, and the DSDT and FACS the FADT points at. It writes one
# file per table and a manifest.txt of "<physical address> <file>" lines, from which the
# tests rebuild the guest's physical memory. QEMU is killed afterwards (the monitor's
# `quit` is not always honoured while the guest is busy).
set -euo pipefail

if [ $# -lt 2 ]; then
    sed -n '2,20p' "$0" >&2
    exit 2
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)
image=$1 out=$2
shift 2

work=$(mktemp -d)
qemu_pid=""
cleanup() {
    if [ -n "$qemu_pid" ]; then
        kill "$qemu_pid" 2> /dev/null || true
        wait "$qemu_pid" 2> /dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# A free TCP port for the monitor.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

"$root/cmake/qemu.sh" "$image" --headless --snapshot --serial "$work/serial.log" \
    --monitor "tcp:127.0.0.1:$port,server,nowait" "$@" > "$work/qemu.out" 2>&1 &
qemu_pid=$!

rsdp=""
for _ in $(seq 1 600); do
    if ! kill -0 "$qemu_pid" 2> /dev/null; then
        echo "dump-acpi-tables: QEMU exited early:" >&2
        cat "$work/qemu.out" "$work/serial.log" >&2 || true
        exit 1
    fi
    rsdp=$(sed -n 's/.*ACPI: RSDP at \(0x[0-9a-fA-F]*\).*/\1/p' "$work/serial.log" 2> /dev/null | head -1 || true)
    [ -n "$rsdp" ] && break
    sleep 0.2
done
if [ -z "$rsdp" ]; then
    echo "dump-acpi-tables: no 'ACPI: RSDP at' line within 120 s" >&2
    tail -20 "$work/serial.log" >&2 || true
    exit 1
fi

mkdir -p "$out"
python3 - "$port" "$rsdp" "$work" "$out" << 'PY'
import os, socket, struct, sys

port, rsdp, work, out = int(sys.argv[1]), int(sys.argv[2], 16), sys.argv[3], sys.argv[4]
mon = socket.create_connection(("127.0.0.1", port))
mon.settimeout(30)

def until_prompt():
    data = b""
    while not data.endswith(b"(qemu) "):
        chunk = mon.recv(4096)
        if not chunk:
            raise SystemExit("dump-acpi-tables: monitor closed the connection")
        data += chunk
    return data

until_prompt()
count = 0

def read(address, length):
    global count
    count += 1
    path = os.path.join(work, "read%d.bin" % count)
    mon.sendall(b'pmemsave 0x%x %d "%s"\n' % (address, length, path.encode()))
    until_prompt()
    with open(path, "rb") as f:
        data = f.read()
    if len(data) != length:
        raise SystemExit("dump-acpi-tables: pmemsave of 0x%x gave %d bytes, wanted %d" % (address, len(data), length))
    return data

manifest = []
names = set()

def save(address, name, data):
    # Tables that appear more than once (SSDTs) get a counter.
    base, n = name, 1
    while name in names:
        n += 1
        name = "%s-%d" % (base, n)
    names.add(name)
    with open(os.path.join(out, name + ".bin"), "wb") as f:
        f.write(data)
    manifest.append((address, name + ".bin"))

def table(address, limit=1 << 20):
    header = read(address, 8)
    signature = header[:4].decode("ascii", "replace")
    length = struct.unpack_from("<I", header, 4)[0]
    if length < 8 or length > limit:
        raise SystemExit("dump-acpi-tables: table %r at 0x%x has length %d" % (signature, address, length))
    return signature, read(address, length)

seen = set()

def dump(address):
    if address == 0 or address in seen:
        return
    seen.add(address)
    signature, data = table(address)
    save(address, signature, data)
    if signature == "FACP":
        facs, dsdt = struct.unpack_from("<II", data, 36)
        if len(data) >= 148:
            x_facs, x_dsdt = struct.unpack_from("<QQ", data, 132)
            facs, dsdt = x_facs or facs, x_dsdt or dsdt
        dump(facs)
        dump(dsdt)

rsdp_data = read(rsdp, 36)
if rsdp_data[:8] != b"RSD PTR ":
    raise SystemExit("dump-acpi-tables: no RSDP signature at 0x%x" % rsdp)
revision = rsdp_data[15]
if revision < 2:
    rsdp_data = rsdp_data[:20]
save(rsdp, "RSDP", rsdp_data)
roots = [(struct.unpack_from("<I", rsdp_data, 16)[0], 4)]
if revision >= 2:
    roots.append((struct.unpack_from("<Q", rsdp_data, 24)[0], 8))
for address, width in roots:
    if address == 0:
        continue
    signature, data = table(address)
    seen.add(address)
    save(address, signature, data)
    for offset in range(36, len(data) - width + 1, width):
        dump(struct.unpack_from("<I" if width == 4 else "<Q", data, offset)[0])

with open(os.path.join(out, "manifest.txt"), "w") as f:
    f.write("# Guest physical address and file of each ACPI structure (tests/host/data/acpi/dump-acpi-tables.sh).\n")
    for address, name in sorted(manifest):
        f.write("0x%x %s\n" % (address, name))
for address, name in sorted(manifest):
    print("0x%-10x %6d %s" % (address, os.path.getsize(os.path.join(out, name)), name))
PY
