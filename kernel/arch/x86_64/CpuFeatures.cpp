// CPUID decoding. See CpuFeatures.hpp.
#include "CpuFeatures.hpp"

#include <lib/CString.hpp>

#include "Cpu.hpp"

namespace ts::arch {

namespace {
CpuFeatures g_features;

void store_u32(char* out, uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        out[i] = static_cast<char>(v >> (8 * i));
}
} // namespace

void cpu_features_detect()
{
    CpuFeatures& f = g_features;
    auto leaf0 = cpuid(0);
    store_u32(f.vendor, leaf0.ebx);
    store_u32(f.vendor + 4, leaf0.edx);
    store_u32(f.vendor + 8, leaf0.ecx);
    f.vendor[12] = 0;

    auto leaf1 = cpuid(1);
    f.x2apic = leaf1.ecx & (1u << 21);
    f.tsc_deadline = leaf1.ecx & (1u << 24);
    f.xsave = leaf1.ecx & (1u << 26);
    f.avx = leaf1.ecx & (1u << 28);
    f.rdrand = leaf1.ecx & (1u << 30);
    if (leaf0.eax >= 7) {
        auto leaf7 = cpuid(7, 0);
        f.fsgsbase = leaf7.ebx & (1u << 0);
        f.smep = leaf7.ebx & (1u << 7);
        f.smap = leaf7.ebx & (1u << 20);
        f.rdseed = leaf7.ebx & (1u << 18);
        f.umip = leaf7.ecx & (1u << 2);
    }
    auto ext = cpuid(0x80000000).eax;
    if (ext >= 0x80000001) {
        auto e1 = cpuid(0x80000001);
        f.nx = e1.edx & (1u << 20);
        f.pdpe1gb = e1.edx & (1u << 26);
    }
    if (ext >= 0x80000004) {
        for (uint32_t i = 0; i < 3; ++i) {
            auto b = cpuid(0x80000002 + i);
            store_u32(f.brand + 16 * i, b.eax);
            store_u32(f.brand + 16 * i + 4, b.ebx);
            store_u32(f.brand + 16 * i + 8, b.ecx);
            store_u32(f.brand + 16 * i + 12, b.edx);
        }
        f.brand[48] = 0;
    }
    if (ext >= 0x80000007)
        f.invariant_tsc = cpuid(0x80000007).edx & (1u << 8);

    // State we save per thread: x87 and SSE always; AVX when present. Ref: Intel SDM
    // Vol. 1 §13.2 (XCR0 bits), §13.4 (XSAVE area size from CPUID.(0xD,0)).
    f.xcr0 = 0x3;
    if (f.xsave && f.avx)
        f.xcr0 |= 0x4;
    f.xsave_size = 512; // FXSAVE area
    if (f.xsave) {
        auto d = cpuid(0xD, 0);
        uint64_t supported = (uint64_t(d.edx) << 32) | d.eax;
        f.xcr0 &= supported;
    }
}

const CpuFeatures& cpu_features() { return g_features; }

} // namespace ts::arch
