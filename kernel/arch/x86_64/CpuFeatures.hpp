// CpuFeatures: what this CPU can do, read once from CPUID on the boot CPU.
// Layer: arch facade. Generic code asks through the accessors; arch/ uses the flags to
// choose x2APIC over xAPIC, TSC-deadline over one-shot, XSAVE over FXSAVE, and so on
// (and Entropy.cpp to decide whether RDSEED and RDRAND may be executed at all).
// Ref: Intel SDM Vol. 2A, CPUID instruction (leaves 1, 6, 7, 0xD, 0x80000001, 0x80000007).
#pragma once

#include <cstdint>

namespace ts::arch {

struct CpuFeatures {
    bool x2apic;         // CPUID.1:ECX[21]
    bool tsc_deadline;   // CPUID.1:ECX[24]
    bool xsave;          // CPUID.1:ECX[26]
    bool avx;            // CPUID.1:ECX[28]
    bool rdrand;         // CPUID.1:ECX[30]
    bool invariant_tsc;  // CPUID.80000007H:EDX[8]
    bool nx;             // CPUID.80000001H:EDX[20]
    bool pdpe1gb;        // CPUID.80000001H:EDX[26]
    bool smep;           // CPUID.(7,0):EBX[7]
    bool smap;           // CPUID.(7,0):EBX[20]
    bool rdseed;         // CPUID.(7,0):EBX[18]
    bool umip;           // CPUID.(7,0):ECX[2]
    bool fsgsbase;       // CPUID.(7,0):EBX[0]
    uint32_t xsave_size; // bytes XSAVE needs for the features we enable (CPUID.(0xD,0):EBX)
    uint64_t xcr0;       // the state components we enable
    char vendor[13];
    char brand[49];
};

void cpu_features_detect();
const CpuFeatures& cpu_features();

} // namespace ts::arch
