// FPU/SSE/AVX state handling. See Fpu.hpp.
#include "Fpu.hpp"

#include <lib/CString.hpp>

#include "Cpu.hpp"
#include "CpuFeatures.hpp"

namespace ts::arch {

namespace {

constexpr uint64_t CR0_MP = 1u << 1, CR0_EM = 1u << 2, CR0_TS = 1u << 3, CR0_NE = 1u << 5;
constexpr uint64_t CR4_OSFXSR = 1u << 9, CR4_OSXMMEXCPT = 1u << 10, CR4_OSXSAVE = 1u << 18;
constexpr size_t MAX_STATE = 4096;

size_t g_state_size = 512;
bool g_use_xsave = false;
alignas(64) unsigned char g_initial_state[MAX_STATE];

void xsetbv(uint32_t index, uint64_t value)
{
    asm volatile("xsetbv" : : "c"(index), "a"(uint32_t(value)), "d"(uint32_t(value >> 32)));
}

} // namespace

void fpu_init_cpu(bool boot_cpu)
{
    const CpuFeatures& f = cpu_features();
    write_cr0((read_cr0() | CR0_MP | CR0_NE) & ~(CR0_EM | CR0_TS));
    uint64_t cr4 = read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT;
    if (f.xsave)
        cr4 |= CR4_OSXSAVE;
    write_cr4(cr4);
    if (f.xsave)
        xsetbv(0, f.xcr0);
    asm volatile("fninit");

    if (boot_cpu) {
        g_use_xsave = f.xsave;
        if (g_use_xsave) {
            // With XCR0 set, CPUID.(0xD,0):EBX is the size for the enabled components.
            size_t size = cpuid(0xD, 0).ebx;
            g_state_size = size <= MAX_STATE ? size : MAX_STATE;
        }
        memset(g_initial_state, 0, sizeof(g_initial_state));
        fpu_save(g_initial_state);
    }
}

size_t fpu_state_size() { return g_state_size; }

void fpu_init_state(void* area) { memcpy(area, g_initial_state, g_state_size); }

void fpu_save(void* area)
{
    if (g_use_xsave)
        asm volatile("xsave64 (%0)" : : "r"(area), "a"(0xffffffffu), "d"(0xffffffffu) : "memory");
    else
        asm volatile("fxsave64 (%0)" : : "r"(area) : "memory");
}

void fpu_restore(const void* area)
{
    if (g_use_xsave)
        asm volatile("xrstor64 (%0)" : : "r"(area), "a"(0xffffffffu), "d"(0xffffffffu) : "memory");
    else
        asm volatile("fxrstor64 (%0)" : : "r"(area) : "memory");
}

} // namespace ts::arch
