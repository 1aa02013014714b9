// In-kernel tests of the serial console (drivers/SerialConsole.hpp): bytes typed through
// the input path the COM1 interrupt handler uses (cons_input_bytes) come out of
// /dev/cons as edited lines, end of file and raw bytes; poll readiness; a reader asleep
// in /dev/cons woken by typing and by sched::interrupt; the /dev/consctl commands and
// their errors; ^C posting the "interrupt" note; and writes and echo on the screen.
// Threads wait for each other through the device or join, never by sleeping; the one
// deadline (the note thread's delivery) is a bound on a wait, not a delay.
#include <arch/x86_64/Clock.hpp>
#include <drivers/FramebufferConsole.hpp>
#include <drivers/SerialConsole.hpp>
#include <fs/File.hpp>
#include <fs/Poll.hpp>
#include <fs/Vfs.hpp>
#include <fs/VfsInit.hpp>
#include <proc/Process.hpp>
#include <sched/Scheduler.hpp>
#include <sched/Thread.hpp>

#include "KernelTest.hpp"
#include "TestHelpers.hpp"

namespace ts::test {

namespace {

using namespace fs;

RefPtr<File> open_path(const char* path)
{
    auto file = open(kernel_context(), StringView(path));
    if (file.is_error())
        return nullptr;
    return RefPtr<File>(static_cast<NonnullRefPtr<File>&&>(file.value()));
}

void type(const char* text) { drivers::cons_input_bytes(text, __builtin_strlen(text)); }

// Runs one ctl script through a fresh open of /dev/consctl.
Result<void> consctl(const char* script)
{
    auto ctl = open_path("/dev/consctl");
    if (!ctl)
        return Error::NotFound;
    auto written = ctl->write(script, __builtin_strlen(script));
    if (written.is_error())
        return written.error();
    return {};
}

// The error a call failed with; Corrupt (which nothing here returns) when it succeeded.
Error error_of(const Result<void>& result) { return result.is_error() ? result.error() : Error::Corrupt; }

// Cooked, echo off, nobody to interrupt, nothing typed or waiting: each test starts here.
bool reset_console()
{
    if (consctl("rawoff && echo off && interrupt 0").is_error())
        return false;
    type("\x15"); // kills a line left half typed
    auto reader = open_path("/dev/cons:nonblock");
    if (!reader)
        return false;
    char buffer[256];
    for (int reads = 0; reads < 10000; ++reads) {
        auto got = reader->read(buffer, sizeof(buffer));
        if (got.is_error())
            return got.error() == Error::WouldBlock;
    }
    return false;
}

// One read; the text it got, or "<error>".
struct ReadResult {
    char text[256] {};
    size_t length { 0 };
    Error error { Error::Corrupt };
    bool ok { false };

    bool is(const char* expected) const { return ok && StringView(text, length) == StringView(expected); }
};

ReadResult read_once(File& file, size_t size = 255)
{
    ReadResult result;
    auto got = file.read(result.text, size < sizeof(result.text) ? size : sizeof(result.text));
    result.ok = got.is_ok();
    if (got.is_ok())
        result.length = got.value();
    else
        result.error = got.error();
    return result;
}

struct Reader {
    File* file;
    ReadResult result;
};

void read_in_thread(void* argument)
{
    auto* reader = static_cast<Reader*>(argument);
    reader->result = read_once(*reader->file);
}

bool screen_shows(const char* text, int* column = nullptr)
{
    auto& console = framebuffer_console();
    for (uint32_t row = 0; row < console.rows(); ++row) {
        int found = console.find_on_row(row, text);
        if (found >= 0) {
            if (column)
                *column = found;
            return true;
        }
    }
    return false;
}

} // namespace

KTEST(cons, cooked_lines_come_out_whole)
{
    KASSERT(reset_console());
    auto cons = open_path("/dev/cons:nonblock");
    KASSERT(cons);
    type("hellp\bo");
    KEXPECT(read_once(*cons).error == Error::WouldBlock); // no line end yet
    type(" wrld\x17world\r\nsecond\n");
    KEXPECT(read_once(*cons).is("hello world\n"));
    KEXPECT(read_once(*cons, 3).is("sec"));
    KEXPECT(read_once(*cons).is("ond\n"));
    KEXPECT(read_once(*cons).error == Error::WouldBlock);
    // ^U kills, ^C discards (with nobody to tell), CR LF is one line end.
    type("gone\x15kept\x03"
         "after\r\n");
    KEXPECT(read_once(*cons).is("after\n"));
    KEXPECT(read_once(*cons).error == Error::WouldBlock);
}

KTEST(cons, ctrl_d_is_end_of_file_once)
{
    KASSERT(reset_console());
    auto cons = open_path("/dev/cons:nonblock");
    KASSERT(cons);
    type("\x04");
    KEXPECT(read_once(*cons).is(""));
    KEXPECT(read_once(*cons).error == Error::WouldBlock);
    type("abc\x04");
    KEXPECT(read_once(*cons).is("abc"));
}

KTEST(cons, poll_says_when_a_line_is_ready)
{
    KASSERT(reset_console());
    auto cons = open_path("/dev/cons");
    KASSERT(cons);
    KEXPECT_EQ(poll_now(*cons, POLL_READ | POLL_WRITE), uint32_t(POLL_WRITE));
    type("x");
    KEXPECT_EQ(poll_now(*cons, POLL_READ), 0u);
    type("\r");
    KEXPECT_EQ(poll_now(*cons, POLL_READ), uint32_t(POLL_READ));
    KEXPECT(read_once(*cons).is("x\n"));
    KEXPECT_EQ(poll_now(*cons, POLL_READ), 0u);
}

KTEST(cons, a_sleeping_reader_wakes_for_a_line)
{
    KASSERT(reset_console());
    auto cons = open_path("/dev/cons");
    KASSERT(cons);
    Reader reader { cons.ptr(), {} };
    auto thread = Thread::spawn("cons-reader", read_in_thread, &reader);
    KASSERT(thread.is_ok());
    KASSERT(wait_until_blocked(*thread.value()));
    type("wake");
    // Half a line is not enough: the reader must still be asleep (it can only be woken
    // by a notify, and each notify re-checks a condition that is still false).
    KEXPECT(thread.value()->state() == ThreadState::Blocked);
    type(" up\n");
    thread.value()->join();
    KEXPECT(reader.result.is("wake up\n"));
}

KTEST(cons, an_interrupt_ends_a_sleeping_read)
{
    KASSERT(reset_console());
    auto cons = open_path("/dev/cons");
    KASSERT(cons);
    Reader reader { cons.ptr(), {} };
    auto thread = Thread::spawn("cons-reader", read_in_thread, &reader);
    KASSERT(thread.is_ok());
    KASSERT(wait_until_blocked(*thread.value()));
    sched::interrupt(*thread.value());
    thread.value()->join();
    KEXPECT(!reader.result.ok && reader.result.error == Error::Interrupted);
}

KTEST(cons, ctl_switches_raw_mode)
{
    KASSERT(reset_console());
    auto cons = open_path("/dev/cons:nonblock");
    KASSERT(cons);
    type("half");
    KEXPECT(consctl("rawon").is_ok());
    // The half line is handed over, and raw bytes are readable at once, ^C and all.
    type("a\x03\x04\r");
    KEXPECT(read_once(*cons).is("half"
                                "a\x03\x04\r"));
    KEXPECT(consctl("rawoff").is_ok());
    type("b\x03"
         "c");
    KEXPECT(read_once(*cons).error == Error::WouldBlock);
    KEXPECT(reset_console());
}

KTEST(cons, bad_ctl_commands_change_nothing)
{
    KASSERT(reset_console());
    auto cons = open_path("/dev/cons:nonblock");
    KASSERT(cons);
    auto ctl = open_path("/dev/consctl");
    KASSERT(ctl);
    const char* script = "rawon && bogus";
    KEXPECT(ctl->write(script, __builtin_strlen(script)).is_error());
    char outcome[128] {};
    auto got = ctl->pread(0, outcome, sizeof(outcome) - 1);
    KEXPECT(got.is_ok() && StringView(outcome, got.value()) == StringView("error: command 2 \"bogus\": unknown command\n"));
    KEXPECT(error_of(consctl("echo maybe")) == Error::InvalidArgument);
    KEXPECT(error_of(consctl("echo")) == Error::InvalidArgument);
    KEXPECT(error_of(consctl("rawon now")) == Error::InvalidArgument);
    KEXPECT(error_of(consctl("interrupt -1")) == Error::InvalidArgument);
    KEXPECT(error_of(consctl("interrupt 12abc")) == Error::InvalidArgument);
    KEXPECT(error_of(consctl("interrupt 99999999999")) == Error::InvalidArgument);
    // Generation 0 is never handed out (proc/Process.cpp), so this pid names nobody.
    KEXPECT(error_of(consctl("interrupt 4095")) == Error::NotFound);
    // Still cooked: a byte without a line end is not readable.
    type("z");
    KEXPECT(read_once(*cons).error == Error::WouldBlock);
    KEXPECT(reset_console());
}

KTEST(cons, ctrl_c_sends_the_interrupt_note)
{
    KASSERT(reset_console());
    auto made = proc::create_process(0, "cons-victim", kernel_namespace(), {});
    KASSERT(made.is_ok());
    NonnullRefPtr<proc::Process> victim = made.release_value();
    proc::Pid pid = victim->pid();
    char script[64];
    format(script, sizeof(script), "interrupt %u", pid);
    KEXPECT(consctl(script).is_ok());
    uint64_t posted = drivers::cons_interrupts_posted();
    type("sleep 10\x03");
    // A process that was never started and has no handler exits with the note as its
    // status (proc/Notes.hpp). The note thread does the posting, so wait for the exit,
    // with a bound so a lost note fails the test instead of hanging it.
    uint64_t deadline = arch::monotonic_ns() + 5'000'000'000ull;
    KEXPECT(victim->exit_queue().wait_until_deadline([&] { return victim->has_exited(); }, deadline));
    char status[proc::MAX_STATUS];
    size_t length = victim->status(status, sizeof(status));
    KEXPECT(StringView(status, length) == StringView("interrupt"));
    // The note thread counts the post after post() returns, which may be after the victim
    // has exited (on another CPU): wait for the count too, with the same bound.
    while (drivers::cons_interrupts_posted() == posted && arch::monotonic_ns() < deadline)
        sched::yield();
    KEXPECT_EQ(drivers::cons_interrupts_posted(), posted + 1);
    // Nothing of the discarded line is readable.
    auto cons = open_path("/dev/cons:nonblock");
    KASSERT(cons);
    KEXPECT(read_once(*cons).error == Error::WouldBlock);
    KEXPECT(proc::reap(pid).is_ok());
    // The pid is stale now: naming it is refused.
    KEXPECT(error_of(consctl(script)) == Error::NotFound);
    KEXPECT(reset_console());
}

KTEST(cons, writes_and_echo_reach_the_screen)
{
    KASSERT(reset_console());
    KASSERT(framebuffer_console().is_ready());
    auto cons = open_path("/dev/cons");
    KASSERT(cons);
    // Straight to the screen: no timestamp, no process name in front.
    const char* text = "\ncons write QX7-RAW\n";
    KEXPECT_EQ(cons->write(text, __builtin_strlen(text)).value_or(0), __builtin_strlen(text));
    int column = -1;
    KEXPECT(screen_shows("cons write QX7-RAW", &column));
    KEXPECT_EQ(column, 0);
    // Echo shows what was typed; with echo off nothing appears.
    KEXPECT(consctl("echo on").is_ok());
    type("QX8-ECHO\n");
    KEXPECT(consctl("echo off").is_ok());
    type("QX9-SILENT\n");
    KEXPECT(screen_shows("QX8-ECHO"));
    KEXPECT(!screen_shows("QX9-SILENT"));
    KEXPECT(reset_console());
}

} // namespace ts::test
