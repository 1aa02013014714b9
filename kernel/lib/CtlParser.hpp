// CtlParser: the one parser and dispatcher for ctl files (/proc/N/ctl and friends), which
// take small command scripts such as `dup2 3 0 && close 3 -1 && start`. Part of
// kernel/lib: hardware-free, depends only on other kernel/lib pieces (StringView, Format,
// TryNew); host-tested and fuzzed, since every ctl write comes from user space.
//
// Grammar:
//     script  := command ( "&&" command )*      at most MAX_COMMANDS commands
//     command := word ( blanks word )*          at most MAX_WORDS words; blanks: space, tab
//     word    := ( plain | "..." | '...' )+     pieces join: a"b c"d is the word `ab cd`
// Double quotes allow the escapes \" \\ \n \t and no others; single quotes take every
// byte literally; "" and '' make an empty word. Outside quotes a backslash is an
// ordinary byte and `&&` separates commands even without blanks around it (`a&&b`), while
// a lone `&` is an error. One newline ("\n" or "\r\n") at the very end is ignored, since
// `echo cmd > ctl` adds it; any other newline or carriage return is an error, as is a NUL
// byte. Scripts are at most MAX_SCRIPT bytes (newline included).
#pragma once

#include <cstddef>
#include <cstdint>

#include "Error.hpp"
#include "Result.hpp"
#include "StringView.hpp"

namespace ts::ctl {

inline constexpr size_t MAX_COMMANDS = 16;
inline constexpr size_t MAX_WORDS = 16;
inline constexpr size_t MAX_SCRIPT = 1024;

struct Command {
    StringView words[MAX_WORDS]; // words[0] is the command's name; count >= 1
    size_t count { 0 };
    size_t offset { 0 }; // byte offset of the command's first word in the input

    StringView name() const { return words[0]; }
    // Argument i (words[i + 1]), or an empty view past the last one. (The MAX_WORDS test
    // is implied by count <= MAX_WORDS; it lets the compiler see the index is in bounds.)
    StringView arg(size_t i) const { return i < MAX_WORDS - 1 && i + 1 < count ? words[i + 1] : StringView(); }
    size_t arg_count() const { return count - 1; }
};

// Why a script was refused: `reason` is a static string, `offset` a byte offset in the
// input (for a quote problem, the opening quote; for a limit, where it was crossed).
struct ParseProblem {
    const char* reason { nullptr };
    size_t offset { 0 };
};

// A parsed script. It owns the text of its words (quotes removed, escapes decoded), so it
// outlives the input, and allocates nothing: about 5.4 KiB, which is why run() puts it on
// the heap rather than the kernel stack. Not copyable, since its views point into itself.
class Script {
public:
    Script() = default;
    Script(const Script&) = delete;
    Script& operator=(const Script&) = delete;

    // Parses `text` into this script, replacing what it held. Errors: BadFormat (syntax,
    // NUL byte, empty script or command), TooBig (longer than MAX_SCRIPT, more than
    // MAX_COMMANDS commands or MAX_WORDS words in one). On error the script is empty and
    // `problem` (when non-null) says why and where.
    Result<void> parse(StringView text, ParseProblem* problem = nullptr);

    size_t size() const { return m_count; }
    // i < size().
    const Command& operator[](size_t i) const { return m_commands[i]; }
    const Command* begin() const { return m_commands; }
    const Command* end() const { return m_commands + m_count; }

    // The word storage, so tests and fuzzers can check every word lies inside it.
    const char* storage() const { return m_storage; }

private:
    char m_storage[MAX_SCRIPT];
    Command m_commands[MAX_COMMANDS];
    size_t m_count { 0 };
};

// One command a ctl file understands. `run` gets the caller's context and the parsed
// command, whose argument count already lies within [min_args, max_args].
struct Handler {
    const char* name;
    size_t min_args;
    size_t max_args;
    Result<void> (*run)(void* context, const Command& command);
};

// Why run() stopped. `index` is the 0-based index of the command the message names (0
// for a syntax error); `applied` is how many commands ran to completion before the stop.
// `message` is one NUL-terminated line (see run()).
struct RunError {
    size_t index { 0 };
    size_t applied { 0 };
    Error error { Error::InvalidArgument };
    char message[160] {};
};

// Parses `text` and runs its commands in order against `handlers`.
//
// The rule every ctl file shares: whatever can be checked without running anything is
// checked first for the whole script, so a syntax error, an unknown command or a wrong
// argument count anywhere runs nothing (validate, then commit). Then the commands run in
// order; the first that fails stops the script, and the commands before it stay applied
// (there is no rollback: a handler's effect may be visible at once).
//
// Messages number commands from 1 and quote the name (non-printable bytes as '?'):
//     syntax error at byte 7: unterminated quote          the parse error's own Error
//     command 2 "bind": unknown command                   Error::NotFound
//     command 1 "close": expects 1 to 2 arguments         Error::InvalidArgument
//     command 3 "start": busy                             the handler's error, by name
// Error::NoMemory (message "out of memory") if the script cannot be allocated. `error`
// may be null.
Result<void> run(StringView text, const Handler* handlers, size_t handler_count, void* context, RunError* error);

// For handlers: a decimal integer, optionally with a leading '-' ("-1"); no '+', no
// blanks. BadFormat for anything else, Overflow outside int64_t.
Result<int64_t> parse_int(StringView word);

} // namespace ts::ctl
