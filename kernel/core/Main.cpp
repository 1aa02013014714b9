// kernel_entry: from the loader's hand-off to a running kernel.
// Layer: core; the one place that knows the order subsystems start in:
//   1. constructors, serial, BootInfo check and copy (before loader memory is reused)
//   2. clock, GDT/TSS, IDT, framebuffer console
//   3. physical memory, kernel page tables, reclaim of loader memory, heap
//   4. the banner, then either the in-kernel tests or the idle loop
#include <arch/x86_64/BootInfo.hpp>
#include <arch/x86_64/Clock.hpp>
#include <arch/x86_64/Cpu.hpp>
#include <arch/x86_64/CpuFeatures.hpp>
#include <arch/x86_64/Fpu.hpp>
#include <arch/x86_64/Gdt.hpp>
#include <arch/x86_64/Interrupts.hpp>
#include <arch/x86_64/Serial.hpp>
#include <arch/x86_64/Smp.hpp>
#include <arch/x86_64/UserMode.hpp>
#include <drivers/FramebufferConsole.hpp>
#include <fs/VfsInit.hpp>
#include <lib/CString.hpp>
#include <mm/DirectMap.hpp>
#include <proc/Init.hpp>
#include <mm/Heap.hpp>
#include <mm/KernelAddressSpace.hpp>
#include <mm/Pmm.hpp>
#include <sched/Scheduler.hpp>
#include <test/KernelTest.hpp>

#include "BootState.hpp"
#include "CommandLine.hpp"
#include "Log.hpp"
#include "Panic.hpp"
#include "Platform.hpp"
#include "Processor.hpp"
#include "Random.hpp"
#include "SystemFiles.hpp"

extern "C" void (*__init_array_start[])();
extern "C" void (*__init_array_end[])();
extern "C" const uint8_t console_font_start[];
extern "C" const uint8_t console_font_end[];

namespace ts {

namespace {

constexpr size_t MAX_REGIONS = 512;
constexpr size_t MAX_CMDLINE = 1024;

boot::BootInfo g_boot_info;
boot::MemoryRegion g_regions[MAX_REGIONS];
char g_cmdline_text[MAX_CMDLINE];
CommandLine g_cmdline;

void run_constructors()
{
    for (auto* ctor = __init_array_start; ctor < __init_array_end; ++ctor)
        (*ctor)();
}

// Checks the loader's BootInfo and copies everything we keep into kernel memory, since
// the loader's pages (BootloaderReclaimable) are handed to the page allocator later.
bool adopt_boot_info(const boot::BootInfo* info)
{
    if (!info || info->magic != boot::BOOT_INFO_MAGIC) {
        log_error("boot: no valid BootInfo (bad magic): was this kernel started by the Tessera loader?");
        return false;
    }
    if (info->version != boot::BOOT_INFO_VERSION || info->size != sizeof(boot::BootInfo)) {
        log_error("boot: BootInfo version %u (size %u) but this kernel speaks version %u (size %zu): rebuild the loader",
            info->version, info->size, boot::BOOT_INFO_VERSION, sizeof(boot::BootInfo));
        return false;
    }
    g_boot_info = *info;
    size_t count = info->memory_map_count;
    if (count > MAX_REGIONS) {
        log_warn("boot: memory map has %zu regions, keeping the first %zu", count, MAX_REGIONS);
        count = MAX_REGIONS;
    }
    memcpy(g_regions, reinterpret_cast<const void*>(info->memory_map), count * sizeof(boot::MemoryRegion));
    g_boot_info.memory_map = reinterpret_cast<uint64_t>(g_regions);
    g_boot_info.memory_map_count = count;

    size_t length = info->cmdline ? info->cmdline_length : 0;
    if (length >= MAX_CMDLINE)
        length = MAX_CMDLINE - 1;
    if (length)
        memcpy(g_cmdline_text, reinterpret_cast<const char*>(info->cmdline), length);
    g_cmdline_text[length] = 0;
    g_cmdline = CommandLine(g_cmdline_text, length);
    g_boot_info.cmdline = reinterpret_cast<uint64_t>(g_cmdline_text);
    g_boot_info.cmdline_length = length;
    return true;
}

void console_write(const char* text, size_t length) { framebuffer_console().write(text, length); }

void start_console()
{
    const boot::Framebuffer& fb = g_boot_info.framebuffer;
    if (fb.phys_base == 0) {
        log_warn("console: no framebuffer, serial only");
        return;
    }
    auto font = Font::parse(console_font_start, static_cast<size_t>(console_font_end - console_font_start));
    if (font.is_error()) {
        log_error("console: embedded font is invalid (%s), serial only", error_name(font.error()));
        return;
    }
    framebuffer_console().init(fb, phys_to_ptr<uint8_t>(PhysAddr(fb.phys_base)), font.value());
    if (framebuffer_console().is_ready())
        log_add_console(console_write);
}

const char* region_name(boot::MemoryType type)
{
    switch (type) {
    case boot::MemoryType::Usable: return "usable";
    case boot::MemoryType::Reserved: return "reserved";
    case boot::MemoryType::AcpiReclaimable: return "ACPI reclaimable";
    case boot::MemoryType::AcpiNvs: return "ACPI NVS";
    case boot::MemoryType::BootloaderReclaimable: return "loader reclaimable";
    case boot::MemoryType::KernelImage: return "kernel image";
    case boot::MemoryType::Initrd: return "initrd";
    case boot::MemoryType::Framebuffer: return "framebuffer";
    case boot::MemoryType::Mmio: return "MMIO";
    case boot::MemoryType::Unusable: return "unusable";
    case boot::MemoryType::FirmwareReclaimable: return "firmware reclaimable";
    }
    return "unknown";
}

void print_version()
{
    log("\x1b[1;36mTessera %s\x1b[0m (x86_64, built with clang %d.%d.%d)", TS_VERSION_STRING, __clang_major__,
        __clang_minor__, __clang_patchlevel__);
}

void print_banner()
{
    using ull = unsigned long long;
    log("command line: \"%s\"", g_cmdline_text);

    // Memory map summary: one line per region type with its total, then the RAM total.
    uint64_t totals[16] = {};
    size_t regions[16] = {};
    for (size_t i = 0; i < g_boot_info.memory_map_count; ++i) {
        auto type = static_cast<uint32_t>(g_regions[i].type);
        if (type < 16) {
            totals[type] += g_regions[i].pages * PAGE_SIZE;
            regions[type]++;
        }
    }
    log("memory map: %llu regions", static_cast<ull>(g_boot_info.memory_map_count));
    for (uint32_t type = 1; type < 16; ++type) {
        if (regions[type])
            log("  %-20s %4zu regions %8llu KiB", region_name(static_cast<boot::MemoryType>(type)), regions[type],
                static_cast<ull>(totals[type] / KiB));
    }
    auto stats = pmm::stats();
    log("memory: %llu MiB managed, %llu MiB free (%zu pages)", static_cast<ull>(stats.total_pages * PAGE_SIZE / MiB),
        static_cast<ull>(stats.free_pages * PAGE_SIZE / MiB), stats.free_pages);

    const boot::Framebuffer& fb = g_boot_info.framebuffer;
    if (fb.phys_base)
        log("framebuffer: %ux%u, pitch %u, %s at 0x%llx; console %ux%u characters", fb.width, fb.height, fb.pitch,
            fb.format == boot::PixelFormat::Rgbx ? "RGBX" : "BGRX", static_cast<ull>(fb.phys_base),
            framebuffer_console().columns(), framebuffer_console().rows());
    else
        log("framebuffer: none");
    if (g_boot_info.rsdp_phys)
        log("ACPI: RSDP at 0x%llx (revision %u, %s)", static_cast<ull>(g_boot_info.rsdp_phys), g_boot_info.rsdp_revision,
            g_boot_info.rsdp_revision >= 2 ? "XSDT" : "RSDT only");
    else
        log_warn("ACPI: no RSDP from the firmware");
    if (g_boot_info.initrd_phys)
        log("initrd: %llu KiB at 0x%llx", static_cast<ull>(g_boot_info.initrd_size / KiB),
            static_cast<ull>(g_boot_info.initrd_phys));
    const auto& f = arch::cpu_features();
    log("cpu: %s, %s; x2APIC %s, TSC-deadline %s, XSAVE %s, AVX %s, invariant TSC %s", f.vendor, f.brand,
        f.x2apic ? "yes" : "no", f.tsc_deadline ? "yes" : "no", f.xsave ? "yes" : "no", f.avx ? "yes" : "no",
        f.invariant_tsc ? "yes" : "no");
}

void init_memory()
{
    auto result = pmm::init(g_regions, g_boot_info.memory_map_count);
    if (result.is_error())
        panic("pmm: cannot initialise from the memory map: %s", error_name(result.error()));
    result = vmm::init_kernel_address_space(g_boot_info);
    if (result.is_error())
        panic("vmm: cannot build the kernel page tables: %s", error_name(result.error()));
    // From here on nothing refers to loader memory: BootInfo was copied, we run on the
    // kernel's own stack and page tables. Firmware boot-services memory is free too.
    size_t reclaimed = pmm::reclaim(g_regions, g_boot_info.memory_map_count, boot::MemoryType::BootloaderReclaimable);
    reclaimed += pmm::reclaim(g_regions, g_boot_info.memory_map_count, boot::MemoryType::FirmwareReclaimable);
    log("pmm: reclaimed %zu KiB of loader and firmware memory", reclaimed * PAGE_SIZE / KiB);
    arch::smp_reserve_trampoline(); // low pages, before any other allocation can take them
    heap::init();
}

// The file tree: the root tmpfs from the initrd, /dev and /sys with their files. The
// initrd's pages go back to the allocator once unpacked.
void init_files()
{
    const uint8_t* initrd = g_boot_info.initrd_phys ? phys_to_ptr<uint8_t>(PhysAddr(g_boot_info.initrd_phys)) : nullptr;
    auto result = fs::vfs_init(initrd, g_boot_info.initrd_size);
    if (result.is_error())
        panic("vfs: cannot build the root file system: %s", error_name(result.error()));
    publish_system_files();
    if (auto processes = proc::processes_init(); processes.is_error())
        panic("proc: cannot set up processes: %s", error_name(processes.error()));
    size_t reclaimed = pmm::reclaim(g_regions, g_boot_info.memory_map_count, boot::MemoryType::Initrd);
    if (reclaimed)
        log("pmm: reclaimed %zu KiB of initrd", reclaimed * PAGE_SIZE / KiB);
}

} // namespace

const boot::BootInfo& boot_info() { return g_boot_info; }
const CommandLine& command_line() { return g_cmdline; }

} // namespace ts

extern "C" [[noreturn]] void kernel_entry(const ts::boot::BootInfo* info)
{
    using namespace ts;
    run_constructors();
    // Per-CPU data first: the log and every spinlock use it.
    processor_install(0);
    arch::serial_init();
    if (!adopt_boot_info(info))
        arch::halt_forever();
    // Test mode first, so that even an early panic reports through isa-debug-exit.
    bool test_mode = g_cmdline.has("test");
    panic_set_test_mode(test_mode);

    arch::cpu_features_detect();
    arch::clock_init(nullptr); // the PIT for now; the platform re-calibrates with the HPET
    arch::gdt_init_cpu(processor(0).tables);
    processor_install(0); // loading segments cleared the GS base
    arch::idt_init();
    arch::fpu_init_cpu(true);
    arch::user_mode_init_cpu();
    start_console();
    print_version();
    init_memory();
    platform_init(g_boot_info); // ACPI, APICs, timers, wall clock
    random_init();
    sched::init_boot_cpu();
    arch::enable_interrupts();
    platform_start_cpus();
    init_files();
    print_banner();

    if (test_mode) {
        size_t length = 0;
        const char* filter = g_cmdline.value("test", &length);
        test::run_kernel_tests(filter, length, g_cmdline.has("test.expect_panic"));
    }

    log("boot complete; %u CPUs online", sched::online_cpus());
    size_t init_length = 0;
    if (const char* init = g_cmdline.value("init", &init_length))
        proc::run_init(StringView(init, init_length), g_cmdline.has("init.report"));
    sched::exit_current(); // the boot thread is done; this CPU goes idle
}

namespace ts {

void ap_started(uint32_t index) { sched::run_ap(index); }

} // namespace ts
