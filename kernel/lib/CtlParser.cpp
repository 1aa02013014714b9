// CtlParser: parsing and running ctl scripts (see CtlParser.hpp for the grammar and the
// rules). Part of kernel/lib: no hardware, no allocation in the parser; run() allocates
// its one Script.
#include "CtlParser.hpp"

#include "Format.hpp"
#include "OwnPtr.hpp"

namespace ts::ctl {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

} // namespace

Result<void> Script::parse(StringView text, ParseProblem* problem)
{
    m_count = 0;
    auto fail = [&](Error error, const char* reason, size_t offset) {
        m_count = 0;
        if (problem) {
            problem->reason = reason;
            problem->offset = offset;
        }
        return error;
    };

    if (text.size() > MAX_SCRIPT)
        return fail(Error::TooBig, "script longer than 1024 bytes", MAX_SCRIPT);
    static_assert(MAX_SCRIPT == 1024, "the reason above names the limit");

    // One newline at the very end is what `echo` adds; it is not part of the script.
    size_t length = text.size();
    if (text.ends_with("\r\n"))
        length -= 2;
    else if (text.ends_with('\n'))
        length -= 1;

    // Bytes that are wrong wherever they stand, quotes included, are found first, so the
    // scanner below never meets them.
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\0')
            return fail(Error::BadFormat, "NUL byte", i);
    }
    for (size_t i = 0; i < length; ++i) {
        if (text[i] == '\n' || text[i] == '\r')
            return fail(Error::BadFormat, "line break inside the script", i);
    }

    // Decoded words never grow: every stored byte consumes at least one input byte, so
    // `stored` stays within length <= MAX_SCRIPT.
    size_t stored = 0;
    bool in_command = false; // the current command has at least one word
    bool separated = false;  // an "&&" was seen
    size_t last_separator = 0;
    size_t i = 0;
    while (i < length) {
        const char c = text[i];
        if (is_blank(c)) {
            ++i;
            continue;
        }
        if (c == '&') {
            if (i + 1 < length && text[i + 1] == '&') {
                if (!in_command)
                    return fail(Error::BadFormat, "empty command", i);
                in_command = false;
                separated = true;
                last_separator = i;
                i += 2;
                continue;
            }
            return fail(Error::BadFormat, "lone '&'", i);
        }

        // A word starts here.
        if (!in_command) {
            if (m_count == MAX_COMMANDS)
                return fail(Error::TooBig, "too many commands", i);
            Command& command = m_commands[m_count++];
            command.count = 0;
            command.offset = i;
            in_command = true;
        }
        Command& command = m_commands[m_count - 1];
        if (command.count == MAX_WORDS)
            return fail(Error::TooBig, "too many words in one command", i);

        const size_t word_start = stored;
        while (i < length) {
            const char d = text[i];
            if (is_blank(d) || d == '&')
                break;
            if (d == '"') {
                const size_t open = i++;
                for (;;) {
                    if (i >= length)
                        return fail(Error::BadFormat, "unterminated quote", open);
                    const char e = text[i];
                    if (e == '"') {
                        ++i;
                        break;
                    }
                    if (e == '\\') {
                        if (i + 1 >= length)
                            return fail(Error::BadFormat, "unterminated quote", open);
                        char decoded;
                        switch (text[i + 1]) {
                        case '"': decoded = '"'; break;
                        case '\\': decoded = '\\'; break;
                        case 'n': decoded = '\n'; break;
                        case 't': decoded = '\t'; break;
                        default: return fail(Error::BadFormat, "bad escape", i);
                        }
                        m_storage[stored++] = decoded;
                        i += 2;
                        continue;
                    }
                    m_storage[stored++] = e;
                    ++i;
                }
            } else if (d == '\'') {
                const size_t open = i++;
                for (;;) {
                    if (i >= length)
                        return fail(Error::BadFormat, "unterminated quote", open);
                    if (text[i] == '\'') {
                        ++i;
                        break;
                    }
                    m_storage[stored++] = text[i++];
                }
            } else {
                m_storage[stored++] = d;
                ++i;
            }
        }
        command.words[command.count++] = StringView(m_storage + word_start, stored - word_start);
    }

    if (!in_command) {
        if (!separated)
            return fail(Error::BadFormat, "empty script", 0);
        return fail(Error::BadFormat, "empty command", last_separator); // a trailing "&&"
    }
    return {};
}

namespace {

// The command name for a message: at most 32 bytes, printable ASCII only, so a hostile
// name can neither break the line nor smuggle escape sequences into a log.
void quote_name(StringView name, char (&out)[40])
{
    constexpr size_t LIMIT = 32;
    size_t n = 0;
    for (; n < name.size() && n < LIMIT; ++n) {
        const char c = name[n];
        out[n] = (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') ? c : '?';
    }
    if (name.size() > LIMIT) {
        for (int dot = 0; dot < 3; ++dot)
            out[n++] = '.';
    }
    out[n] = '\0';
}

const Handler* find_handler(StringView name, const Handler* handlers, size_t handler_count)
{
    for (size_t h = 0; h < handler_count; ++h) {
        if (name == StringView(handlers[h].name))
            return &handlers[h];
    }
    return nullptr;
}

Error report(RunError* out, Error error, size_t index, size_t applied)
{
    if (out) {
        out->error = error;
        out->index = index;
        out->applied = applied;
    }
    return error;
}

// "expects ..." for a handler's argument range.
void describe_range(const Handler& handler, char* buf, size_t size)
{
    if (handler.min_args == handler.max_args) {
        if (handler.min_args == 0)
            format(buf, size, "expects no arguments");
        else
            format(buf, size, "expects %zu argument%s", handler.min_args, handler.min_args == 1 ? "" : "s");
    } else if (handler.max_args >= MAX_WORDS - 1) {
        // No script can pass more than MAX_WORDS - 1 arguments, so the upper end means
        // "any number".
        format(buf, size, "expects at least %zu argument%s", handler.min_args, handler.min_args == 1 ? "" : "s");
    } else {
        format(buf, size, "expects %zu to %zu arguments", handler.min_args, handler.max_args);
    }
}

} // namespace

Result<void> run(StringView text, const Handler* handlers, size_t handler_count, void* context, RunError* error)
{
    char* message = error ? error->message : nullptr;
    const size_t message_size = error ? sizeof(error->message) : 0;
    if (error)
        *error = RunError {};

    // A Script is about 5.4 KiB: too much for a kernel stack deep in a write() path.
    auto made = make_own<Script>();
    if (made.is_error()) {
        format(message, message_size, "out of memory");
        return report(error, Error::NoMemory, 0, 0);
    }
    Script& script = *made.value();

    ParseProblem problem;
    if (auto parsed = script.parse(text, &problem); parsed.is_error()) {
        format(message, message_size, "syntax error at byte %zu: %s", problem.offset, problem.reason);
        return report(error, parsed.error(), 0, 0);
    }

    // Validate the whole script before running any of it.
    const Handler* chosen[MAX_COMMANDS] {};
    for (size_t i = 0; i < script.size(); ++i) {
        const Command& command = script[i];
        char name[40];
        quote_name(command.name(), name);
        const Handler* handler = find_handler(command.name(), handlers, handler_count);
        if (!handler) {
            format(message, message_size, "command %zu \"%s\": unknown command", i + 1, name);
            return report(error, Error::NotFound, i, 0);
        }
        if (command.arg_count() < handler->min_args || command.arg_count() > handler->max_args) {
            char range[64];
            describe_range(*handler, range, sizeof(range));
            format(message, message_size, "command %zu \"%s\": %s", i + 1, name, range);
            return report(error, Error::InvalidArgument, i, 0);
        }
        chosen[i] = handler;
    }

    for (size_t i = 0; i < script.size(); ++i) {
        auto result = chosen[i]->run(context, script[i]);
        if (result.is_error()) {
            char name[40];
            quote_name(script[i].name(), name);
            format(message, message_size, "command %zu \"%s\": %s", i + 1, name, error_name(result.error()));
            return report(error, result.error(), i, i);
        }
    }
    return {};
}

Result<int64_t> parse_int(StringView word)
{
    const bool negative = word.starts_with('-');
    const StringView digits = negative ? word.drop_front(1) : word;
    // parse_u64 refuses signs, blanks, prefixes in base 10 and the empty view.
    const uint64_t magnitude = TRY(digits.parse_u64(10));
    constexpr uint64_t MAX_POSITIVE = static_cast<uint64_t>(INT64_MAX);
    if (!negative) {
        if (magnitude > MAX_POSITIVE)
            return Error::Overflow;
        return static_cast<int64_t>(magnitude);
    }
    if (magnitude > MAX_POSITIVE + 1)
        return Error::Overflow;
    if (magnitude == MAX_POSITIVE + 1)
        return INT64_MIN;
    return -static_cast<int64_t>(magnitude);
}

} // namespace ts::ctl
