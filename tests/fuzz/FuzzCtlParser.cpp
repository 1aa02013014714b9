// fuzz_ctl_parser: libFuzzer target for kernel/lib/CtlParser. Part of tests/fuzz
// (host-only).
//
// The input is a script written to a ctl file. Properties checked:
//   - a refusal has a reason, an offset inside the input, and leaves the script empty;
//   - an accepted script has 1..MAX_COMMANDS commands of 1..MAX_WORDS words, every word
//     inside the script's own storage, in order and without overlap, no more bytes of
//     words than the input had, and commands at increasing offsets that start a word;
//   - printing the words back, each in double quotes, and parsing that gives the same
//     words (when the longer text still fits MAX_SCRIPT);
//   - run() over a few recording handlers applies exactly the commands before the one it
//     reports, nothing at all for a syntax, name or count error, and writes one printable
//     line;
//   - parse_int() agrees with a 128-bit reference on every word.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "FuzzCheck.hpp"
#include "lib/CtlParser.hpp"

namespace ctl = ts::ctl;
using ts::Error;
using ts::Result;
using ts::StringView;

namespace {

using Words = std::vector<std::string>;

std::vector<Words> words_of(const ctl::Script& script)
{
    std::vector<Words> out;
    for (const ctl::Command& command : script) {
        Words words;
        for (size_t i = 0; i < command.count; ++i)
            words.emplace_back(command.words[i].data(), command.words[i].size());
        out.push_back(words);
    }
    return out;
}

// Words in double quotes with the escapes the grammar knows; commands joined by "&&".
std::string quote(const std::vector<Words>& commands)
{
    std::string out;
    for (size_t c = 0; c < commands.size(); ++c) {
        if (c)
            out += " && ";
        for (size_t w = 0; w < commands[c].size(); ++w) {
            out += w ? " \"" : "\"";
            for (char ch : commands[c][w]) {
                if (ch == '"' || ch == '\\')
                    out += '\\', out += ch;
                else if (ch == '\n')
                    out += "\\n";
                else
                    out += ch;
            }
            out += '"';
        }
    }
    return out;
}

enum class IntVerdict { Ok, BadFormat, Overflow };

IntVerdict reference_int(StringView word, int64_t* value)
{
    size_t i = 0;
    const bool negative = word.size() > 0 && word[0] == '-';
    if (negative)
        i = 1;
    if (i == word.size())
        return IntVerdict::BadFormat;
    __int128 magnitude = 0;
    bool overflow = false;
    for (; i < word.size(); ++i) {
        if (word[i] < '0' || word[i] > '9')
            return IntVerdict::BadFormat;
        if (!overflow)
            magnitude = magnitude * 10 + (word[i] - '0');
        // Past 2^64 the library's unsigned parse reports Overflow too, so saturating
        // here changes no verdict.
        if (magnitude > (static_cast<__int128>(1) << 64))
            overflow = true;
    }
    const __int128 signed_value = negative ? -magnitude : magnitude;
    if (overflow || signed_value > INT64_MAX || signed_value < INT64_MIN)
        return IntVerdict::Overflow;
    *value = static_cast<int64_t>(signed_value);
    return IntVerdict::Ok;
}

struct Recorder {
    size_t calls { 0 };
    size_t completed { 0 };
};

// Fails when its first argument is "fail", so the input decides where a script stops.
Result<void> record(void* context, const ctl::Command& command)
{
    auto& recorder = *static_cast<Recorder*>(context);
    ++recorder.calls;
    if (command.arg(0) == StringView("fail"))
        return Error::Busy;
    ++recorder.completed;
    return {};
}

const ctl::Handler HANDLERS[] = {
    { "a", 0, 15, record },
    { "b", 1, 1, record },
    { "c", 0, 0, record },
    { "d", 1, 3, record },
};

bool starts_with(const char* text, const char* prefix) { return std::strncmp(text, prefix, std::strlen(prefix)) == 0; }

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const char* chars = reinterpret_cast<const char*>(data);
    const StringView text(chars, size);

    static ctl::Script script; // 5 KiB: kept off the fuzzer's stack frame
    ctl::ParseProblem problem;
    auto parsed = script.parse(text, &problem);
    if (parsed.is_error()) {
        FUZZ_CHECK(parsed.error() == Error::BadFormat || parsed.error() == Error::TooBig);
        FUZZ_CHECK(problem.reason != nullptr);
        FUZZ_CHECK(problem.offset <= size);
        FUZZ_CHECK(script.size() == 0);
    } else {
        FUZZ_CHECK(size <= ctl::MAX_SCRIPT);
        FUZZ_CHECK(script.size() >= 1 && script.size() <= ctl::MAX_COMMANDS);
        const char* storage = script.storage();
        const char* cursor = storage;
        size_t word_bytes = 0;
        size_t previous_offset = 0;
        for (size_t c = 0; c < script.size(); ++c) {
            const ctl::Command& command = script[c];
            FUZZ_CHECK(command.count >= 1 && command.count <= ctl::MAX_WORDS);
            FUZZ_CHECK(command.arg_count() == command.count - 1);
            FUZZ_CHECK(command.offset < size);
            FUZZ_CHECK(c == 0 || command.offset > previous_offset);
            previous_offset = command.offset;
            const char first = chars[command.offset];
            FUZZ_CHECK(first != ' ' && first != '\t' && first != '&' && first != '\n' && first != '\r');
            for (size_t w = 0; w < command.count; ++w) {
                const StringView word = command.words[w];
                FUZZ_CHECK(word.data() == cursor); // in order, back to back, no overlap
                FUZZ_CHECK(word.data() + word.size() <= storage + ctl::MAX_SCRIPT);
                FUZZ_CHECK(!word.contains('\0') && !word.contains('\r'));
                cursor += word.size();
                word_bytes += word.size();
                if (w > 0)
                    FUZZ_CHECK(command.arg(w - 1) == word);

                int64_t want = 0;
                const IntVerdict verdict = reference_int(word, &want);
                auto number = ctl::parse_int(word);
                if (verdict == IntVerdict::Ok)
                    FUZZ_CHECK(number.is_ok() && number.value() == want);
                else
                    FUZZ_CHECK(number.is_error()
                        && number.error() == (verdict == IntVerdict::Overflow ? Error::Overflow : Error::BadFormat));
            }
            FUZZ_CHECK(command.arg(command.count - 1).is_empty());
        }
        FUZZ_CHECK(word_bytes <= size);

        // Print and parse again.
        const std::vector<Words> words = words_of(script);
        const std::string printed = quote(words);
        if (printed.size() <= ctl::MAX_SCRIPT) {
            static ctl::Script second;
            FUZZ_CHECK(second.parse(StringView(printed.data(), printed.size())).is_ok());
            FUZZ_CHECK(words_of(second) == words);
        }
    }

    // run(): the same verdict as parse(), and exactly the promised commands applied.
    Recorder recorder;
    ctl::RunError error;
    auto ran = ctl::run(text, HANDLERS, sizeof(HANDLERS) / sizeof(HANDLERS[0]), &recorder, &error);
    const size_t message_length = strnlen(error.message, sizeof(error.message));
    FUZZ_CHECK(message_length < sizeof(error.message));
    for (size_t i = 0; i < message_length; ++i)
        FUZZ_CHECK(error.message[i] >= 0x20 && error.message[i] < 0x7f);
    if (parsed.is_error()) {
        FUZZ_CHECK(ran.is_error() && ran.error() == parsed.error());
        FUZZ_CHECK(recorder.calls == 0 && error.applied == 0);
        FUZZ_CHECK(starts_with(error.message, "syntax error at byte "));
        return 0;
    }
    if (ran.is_ok()) {
        FUZZ_CHECK(recorder.calls == script.size() && recorder.completed == script.size());
        return 0;
    }
    FUZZ_CHECK(ran.error() == error.error);
    FUZZ_CHECK(error.index < script.size());
    FUZZ_CHECK(starts_with(error.message, "command "));
    if (ran.error() == Error::Busy) {
        // A handler failed: the ones before it ran to completion, nothing after it ran.
        FUZZ_CHECK(error.applied == error.index);
        FUZZ_CHECK(recorder.completed == error.index && recorder.calls == error.index + 1);
        FUZZ_CHECK(script[error.index].arg(0) == StringView("fail"));
    } else {
        // A name or count error: found before anything ran.
        FUZZ_CHECK(ran.error() == Error::NotFound || ran.error() == Error::InvalidArgument);
        FUZZ_CHECK(recorder.calls == 0 && error.applied == 0);
    }
    return 0;
}
