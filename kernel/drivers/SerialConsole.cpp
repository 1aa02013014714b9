// SerialConsole: /dev/cons, /dev/consctl, the COM1 receive interrupt and the ^C note
// thread (see SerialConsole.hpp; docs/kernel/console.md).
//
// Locking. g_input_lock (a spinlock, so the interrupt handler can take it) protects the
// line discipline. Echo is written while it is held, so echo comes out in the order the
// bytes were typed; echo goes through log_console_write, which takes the log's lock
// inside ours. Nothing takes g_input_lock while holding the log's lock, and nothing else
// is taken inside it: the order is g_input_lock, then the log's lock. Waking readers and
// pollers and waking the note thread happen after it is dropped. g_output_lock (a Mutex)
// only serialises writers of /dev/cons with each other; each piece of a write then takes
// the log's lock briefly, as a log line does, so a write can be split by a log line but
// never by another write, and interrupts are never off for a whole long write.
//
// Interrupt context. The handler drains the UART and calls cons_input_bytes, which takes
// spinlocks and wakes threads (both allowed there) but never sleeps. Posting a note may
// sleep (the process table and the process are behind mutexes), so ^C only sets a flag
// and wakes the note thread, which posts the note.
#include "SerialConsole.hpp"

#include <arch/x86_64/Interrupts.hpp>
#include <arch/x86_64/IoApic.hpp>
#include <arch/x86_64/Serial.hpp>
#include <arch/x86_64/Vectors.hpp>
#include <core/Log.hpp>
#include <core/Processor.hpp>
#include <fs/CtlFile.hpp>
#include <fs/Devfs.hpp>
#include <fs/File.hpp>
#include <fs/Poll.hpp>
#include <lib/Atomic.hpp>
#include <lib/LineDiscipline.hpp>
#include <lib/RefPtr.hpp>
#include <proc/Notes.hpp>
#include <proc/Process.hpp>
#include <sched/Mutex.hpp>
#include <sched/Spinlock.hpp>
#include <sched/Thread.hpp>
#include <sched/WaitQueue.hpp>

namespace ts::drivers {

namespace {

// Pieces a /dev/cons write is cut into, each written under the log's lock.
constexpr size_t OUTPUT_PIECE = 128;
// Bytes the interrupt handler takes from the UART per call into the line discipline,
// and how many such rounds one interrupt may run (the FIFO holds 16 bytes, so real
// hardware never needs a second; the bound keeps a misbehaving UART from pinning us).
constexpr size_t DRAIN_BATCH = 32;
constexpr size_t DRAIN_ROUNDS = 64;

Spinlock g_input_lock;
LineDiscipline g_discipline TS_GUARDED_BY(g_input_lock);
// g_discipline.readable(), updated under g_input_lock: wait conditions and poll read it
// without the lock (a wait condition runs under a wait queue's spinlock).
Atomic<bool> g_readable { false };
Atomic<bool> g_started { false };
// Blocked readers wait here, and pollers register here.
fs::PollQueue g_poll;

Mutex g_output_lock;

// ^C: which process hears about it (0: none), and the flag the note thread sleeps on.
Atomic<uint32_t> g_interrupt_pid { 0 };
Atomic<bool> g_interrupt_pending { false };
Atomic<uint64_t> g_interrupts_posted { 0 };
WaitQueue g_interrupt_wait;

void echo_to_consoles(void*, const char* text, size_t length) { log_console_write(text, length); }

// Runs `change` on the line discipline under the lock, then tells readers and pollers if
// something became readable.
template<typename Change>
void change_input(Change change)
{
    bool readable;
    {
        SpinlockGuard guard(g_input_lock);
        change(g_discipline);
        readable = g_discipline.readable();
        g_readable.store(readable);
    }
    if (readable)
        g_poll.notify();
}

class ConsDevice final : public fs::Vnode {
public:
    explicit ConsDevice(fs::Superblock& superblock) : Vnode(superblock, fs::VnodeKind::Device, fs::Perm::Read | fs::Perm::Write) {}

    bool is_stream() const override { return true; }

    Result<size_t> read(fs::File& file, uint64_t, void* buffer, size_t size) override
    {
        if (size == 0)
            return size_t(0);
        for (;;) {
            {
                // The buffer is the caller's kernel memory (the read syscall bounces
                // through its own), so copying under a spinlock cannot fault.
                SpinlockGuard guard(g_input_lock);
                if (g_discipline.readable()) {
                    size_t got = g_discipline.read(buffer, size);
                    g_readable.store(g_discipline.readable());
                    return got;
                }
            }
            if (file.is_nonblocking())
                return Error::WouldBlock;
            if (g_poll.wait_interruptible([] { return g_readable.load(); }) == WaitQueue::Outcome::Interrupted)
                return Error::Interrupted;
        }
    }

    Result<size_t> write(fs::File&, uint64_t, const void* buffer, size_t size) override
    {
        const char* text = static_cast<const char*>(buffer);
        MutexGuard guard(g_output_lock);
        for (size_t done = 0; done < size; done += OUTPUT_PIECE)
            log_console_write(text + done, size - done < OUTPUT_PIECE ? size - done : OUTPUT_PIECE);
        return size;
    }

    Result<void> truncate(uint64_t) override { return {}; } // ":truncate" is harmless

    uint32_t poll(fs::File&, fs::PollTable* table) override
    {
        if (table)
            table->add(g_poll);
        return fs::POLL_WRITE | (g_readable.load() ? fs::POLL_READ : 0u);
    }
};

// ---- /dev/consctl ----

Result<void> ctl_rawon(void*, const ctl::Command&)
{
    // Switching to raw hands over the line being edited: it may become readable.
    change_input([](LineDiscipline& discipline) { discipline.set_mode(LineDiscipline::Mode::Raw); });
    return {};
}

Result<void> ctl_rawoff(void*, const ctl::Command&)
{
    change_input([](LineDiscipline& discipline) { discipline.set_mode(LineDiscipline::Mode::Cooked); });
    return {};
}

Result<void> ctl_echo(void*, const ctl::Command& command)
{
    LineDiscipline::Echo echo;
    if (command.arg(0) == StringView("on"))
        echo = LineDiscipline::Echo::On;
    else if (command.arg(0) == StringView("off"))
        echo = LineDiscipline::Echo::Off;
    else
        return Error::InvalidArgument;
    change_input([echo](LineDiscipline& discipline) { discipline.set_echo(echo); });
    return {};
}

Result<void> ctl_interrupt(void*, const ctl::Command& command)
{
    auto pid = ctl::parse_int(command.arg(0));
    if (pid.is_error() || pid.value() < 0 || pid.value() > int64_t(UINT32_MAX))
        return Error::InvalidArgument;
    // A pid that names nobody now is refused, so a typo is seen at once. The process may
    // still go later; the note thread then finds nobody and sends nothing.
    if (pid.value() != 0 && !proc::find_process(static_cast<proc::Pid>(pid.value())))
        return Error::NotFound;
    g_interrupt_pid.store(static_cast<uint32_t>(pid.value()));
    return {};
}

const ctl::Handler CTL_HANDLERS[] = {
    { "rawon", 0, 0, ctl_rawon },
    { "rawoff", 0, 0, ctl_rawoff },
    { "echo", 1, 1, ctl_echo },
    { "interrupt", 1, 1, ctl_interrupt },
};

// ---- ^C ----

void note_thread(void*)
{
    for (;;) {
        g_interrupt_wait.wait_until([] { return g_interrupt_pending.load(); });
        // Taken before acting, so a ^C typed while this one is posted is not lost.
        if (!g_interrupt_pending.exchange(false))
            continue;
        proc::Pid pid = g_interrupt_pid.load();
        if (pid == 0)
            continue;
        auto process = proc::find_process(pid);
        if (!process || process->has_exited())
            continue;
        if (proc::post(*process, StringView("interrupt")).is_ok())
            g_interrupts_posted.fetch_add(1);
    }
}

// ---- The UART ----

void drain_uart()
{
    for (size_t round = 0; round < DRAIN_ROUNDS; ++round) {
        char bytes[DRAIN_BATCH];
        size_t count = 0;
        uint8_t byte;
        while (count < DRAIN_BATCH && arch::serial_read(byte))
            bytes[count++] = static_cast<char>(byte);
        if (count)
            cons_input_bytes(bytes, count);
        if (count < DRAIN_BATCH)
            return;
    }
}

void on_com1_interrupt(arch::InterruptFrame&) { drain_uart(); }

// Routes COM1's interrupt to this CPU and turns it on. Failures leave /dev/cons without
// input, which is what a machine without a UART gets anyway.
void start_serial_input()
{
    if (!arch::serial_present()) {
        log_warn("cons: no UART at COM1; /dev/cons has no input");
        return;
    }
    // Interrupts off throughout: this thread stays on the CPU the line is routed to, so
    // the drain at the end cannot race the handler for the same byte.
    arch::InterruptGuard interrupts;
    uint32_t apic_id = this_processor().apic_id;
    // The GSI is known only once the I/O APIC code has applied the MADT's overrides, so
    // route with the ISA default first and again if the line was moved. The UART is
    // still silent (no interrupt enabled), so the first routing cannot deliver anything.
    uint8_t vector = arch::irq_vector(arch::SERIAL_COM1_ISA_IRQ);
    if (!arch::set_interrupt_handler(vector, on_com1_interrupt)) {
        log_warn("cons: vector 0x%x is taken; /dev/cons has no input", unsigned(vector));
        return;
    }
    auto gsi = arch::ioapic_route_isa_irq(arch::SERIAL_COM1_ISA_IRQ, vector, apic_id);
    if (gsi.is_error()) {
        log_warn("cons: cannot route ISA IRQ %u (%s); /dev/cons has no input", unsigned(arch::SERIAL_COM1_ISA_IRQ),
            error_name(gsi.error()));
        return;
    }
    if (gsi.value() != arch::SERIAL_COM1_ISA_IRQ) {
        vector = arch::irq_vector(gsi.value());
        if (!vector || !arch::set_interrupt_handler(vector, on_com1_interrupt)
            || arch::ioapic_route_isa_irq(arch::SERIAL_COM1_ISA_IRQ, vector, apic_id).is_error()) {
            (void)arch::ioapic_mask(gsi.value());
            log_warn("cons: no vector for GSI %u; /dev/cons has no input", gsi.value());
            return;
        }
    }
    // Bytes typed before now may already sit in the FIFO with the interrupt line
    // asserted; an edge-triggered input would then never see an edge. Draining once after
    // turning the interrupt on lowers the line.
    arch::serial_enable_receive_interrupt();
    drain_uart();
    log("cons: COM1 input on GSI %u, vector 0x%x", gsi.value(), unsigned(vector));
}

} // namespace

void cons_input_bytes(const char* bytes, size_t length)
{
    if (!g_started.load())
        return;
    bool interrupt = false;
    change_input([&](LineDiscipline& discipline) {
        for (size_t i = 0; i < length; ++i) {
            if (discipline.input(static_cast<uint8_t>(bytes[i])) == LineDiscipline::Event::Interrupt)
                interrupt = true;
        }
    });
    if (interrupt) {
        g_interrupt_pending.store(true);
        g_interrupt_wait.wake_all();
    }
}

uint64_t cons_interrupts_posted() { return g_interrupts_posted.load(); }

Result<void> serial_console_init()
{
    {
        SpinlockGuard guard(g_input_lock);
        g_discipline.set_echo_sink(echo_to_consoles, nullptr);
    }
    auto cons = TRY(make_ref<ConsDevice>(devfs::superblock()));
    TRY(devfs::publish("cons", *cons));
    auto ctl = TRY(make_ref<fs::CtlFile>(devfs::superblock(), CTL_HANDLERS, sizeof(CTL_HANDLERS) / sizeof(CTL_HANDLERS[0]), nullptr));
    TRY(devfs::publish("consctl", *ctl));
    TRY(Thread::spawn("consnote", note_thread, nullptr));
    g_started.store(true);
    start_serial_input();
    return {};
}

} // namespace ts::drivers
