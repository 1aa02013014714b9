// UserMode: see UserMode.hpp.
#include "UserMode.hpp"

#include <core/Log.hpp>
#include <core/Processor.hpp>

#include "Cpu.hpp"
#include "CpuFeatures.hpp"
#include "Gdt.hpp"

extern "C" char syscall_entry[];
// Read by the user-copy routines (UserCopy.S): whether to stac/clac.
extern "C" bool user_access_smap;
bool user_access_smap = false;

namespace ts::arch {

namespace {

constexpr uint32_t MSR_STAR = 0xC0000081;
constexpr uint32_t MSR_LSTAR = 0xC0000082;
constexpr uint32_t MSR_FMASK = 0xC0000084;
constexpr uint32_t MSR_FS_BASE = 0xC0000100;
constexpr uint32_t MSR_KERNEL_GS_BASE = 0xC0000102;
constexpr uint64_t EFER_SCE = 1u << 0;

constexpr uint64_t CR4_UMIP = 1u << 11;
constexpr uint64_t CR4_SMEP = 1u << 20;
constexpr uint64_t CR4_SMAP = 1u << 21;

// rflags bits syscall clears: TF, IF, DF, NT, AC.
constexpr uint64_t FMASK = (1u << 8) | (1u << 9) | (1u << 10) | (1u << 14) | (1u << 18);



} // namespace

void user_mode_init_cpu()
{
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
    // STAR[47:32]: syscall loads CS from it and SS = CS + 8; STAR[63:48]: sysret loads
    // SS = base + 8 and CS = base + 16 (RPL forced to 3), hence the GDT order kernel
    // code, kernel data, user data, user code.
    const uint64_t sysret_base = USER_DS - 3 - 8;
    wrmsr(MSR_STAR, (uint64_t(KERNEL_CS) << 32) | (sysret_base << 48));
    wrmsr(MSR_LSTAR, reinterpret_cast<uint64_t>(syscall_entry));
    wrmsr(MSR_FMASK, FMASK);
    wrmsr(MSR_KERNEL_GS_BASE, 0); // the user's GS base while in the kernel

    const CpuFeatures& features = cpu_features();
    uint64_t cr4 = read_cr4();
    if (features.smep)
        cr4 |= CR4_SMEP;
    if (features.smap)
        cr4 |= CR4_SMAP;
    if (features.umip)
        cr4 |= CR4_UMIP;
    write_cr4(cr4);
    user_access_smap = features.smap;
    if (this_processor().index == 0)
        log("user mode: syscall/sysret ready; SMEP %s, SMAP %s, UMIP %s, NX %s", features.smep ? "on" : "absent",
            features.smap ? "on" : "absent", features.umip ? "on" : "absent", features.nx ? "on" : "absent");
}

namespace {
UserReturnHook g_user_return_hook = nullptr;
}

void set_user_return_hook(UserReturnHook hook) { g_user_return_hook = hook; }
UserReturnHook user_return_hook() { return g_user_return_hook; }

bool smap_enabled() { return user_access_smap; }

void set_kernel_stack(uint64_t top)
{
    Processor& cpu = this_processor();
    cpu.kernel_stack_top = top;
    cpu.tables.tss.rsp[0] = top;
}

void set_fs_base(uint64_t base) { wrmsr(MSR_FS_BASE, base); }
uint64_t fs_base() { return rdmsr(MSR_FS_BASE); }

} // namespace ts::arch
