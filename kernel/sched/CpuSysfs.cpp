// /sys/cpu: per-CPU time and context switches (see core/SystemFiles.hpp). The CPU index
// travels to the handler as its context pointer.
#include <core/SystemFiles.hpp>
#include <fs/Sysfs.hpp>
#include <lib/Format.hpp>

#include "Scheduler.hpp"

namespace ts {

namespace {

uint32_t cpu_of(void* context)
{
    return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(context));
}

} // namespace

Result<void> cpu_publish_sysfs()
{
    TRY(sysfs::publish("cpu/online", [](void*, fs::TextBuffer& out) -> Result<void> {
        out.appendf("%u\n", sched::online_cpus());
        return {};
    }, nullptr, nullptr));
    for (uint32_t cpu = 0; cpu < sched::online_cpus(); ++cpu) {
        void* context = reinterpret_cast<void*>(static_cast<uintptr_t>(cpu));
        char path[48];
        format(path, sizeof(path), "cpu/%u/busy_ns", cpu);
        TRY(sysfs::publish(path, [](void* c, fs::TextBuffer& out) -> Result<void> {
            out.appendf("%llu\n", static_cast<unsigned long long>(sched::cpu_time(cpu_of(c)).busy_ns));
            return {};
        }, nullptr, context));
        format(path, sizeof(path), "cpu/%u/idle_ns", cpu);
        TRY(sysfs::publish(path, [](void* c, fs::TextBuffer& out) -> Result<void> {
            out.appendf("%llu\n", static_cast<unsigned long long>(sched::cpu_time(cpu_of(c)).idle_ns));
            return {};
        }, nullptr, context));
        format(path, sizeof(path), "cpu/%u/context_switches", cpu);
        TRY(sysfs::publish(path, [](void* c, fs::TextBuffer& out) -> Result<void> {
            out.appendf("%llu\n", static_cast<unsigned long long>(sched::context_switches(cpu_of(c))));
            return {};
        }, nullptr, context));
    }
    return {};
}

} // namespace ts
