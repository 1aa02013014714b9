// Host tests for lib/CtlParser: words and quoting, every syntax error with its offset,
// the limits at and past their edges, parse_int, and run()'s rules (validation before
// anything runs; on a handler failure the earlier commands stay applied, the later ones
// do not run) with the exact message texts.
#include <gtest/gtest.h>

#include <lib/CtlParser.hpp>

#include <string>
#include <vector>

using ts::Error;
using ts::Result;
using ts::StringView;
namespace ctl = ts::ctl;

namespace {

std::string text_of(StringView view) { return std::string(view.data(), view.size()); }

using Words = std::vector<std::string>;

// The script as a list of word lists, or a failed assertion.
std::vector<Words> parse_ok(const std::string& text)
{
    ctl::Script script;
    ctl::ParseProblem problem;
    auto result = script.parse(StringView(text.data(), text.size()), &problem);
    EXPECT_TRUE(result.is_ok()) << '"' << text << "\": " << (problem.reason ? problem.reason : "?") << " at "
                                << problem.offset;
    std::vector<Words> out;
    for (const ctl::Command& command : script) {
        Words words;
        for (size_t i = 0; i < command.count; ++i)
            words.push_back(text_of(command.words[i]));
        out.push_back(words);
    }
    return out;
}

void expect_error(const std::string& text, Error error, const std::string& reason, size_t offset)
{
    ctl::Script script;
    ctl::ParseProblem problem;
    auto result = script.parse(StringView(text.data(), text.size()), &problem);
    ASSERT_TRUE(result.is_error()) << '"' << text << "\" was accepted";
    EXPECT_EQ(result.error(), error) << text;
    EXPECT_EQ(std::string(problem.reason ? problem.reason : "(null)"), reason) << text;
    EXPECT_EQ(problem.offset, offset) << text;
    EXPECT_EQ(script.size(), 0u) << "a failed parse leaves the script empty";
}

std::string repeat(const std::string& piece, size_t count, const std::string& separator)
{
    std::string out;
    for (size_t i = 0; i < count; ++i)
        out += (i ? separator : "") + piece;
    return out;
}

} // namespace

TEST(CtlParser, WordsAndCommands)
{
    EXPECT_EQ(parse_ok("start"), (std::vector<Words> { { "start" } }));
    EXPECT_EQ(parse_ok("dup2 3 0 && close 3 -1 && start"),
        (std::vector<Words> { { "dup2", "3", "0" }, { "close", "3", "-1" }, { "start" } }));
    // Blanks are spaces and tabs, any number, also around the script.
    EXPECT_EQ(parse_ok(" \t bind \t a\tb  "), (std::vector<Words> { { "bind", "a", "b" } }));
    // "&&" separates without blanks around it.
    EXPECT_EQ(parse_ok("a&&b 1&&c"), (std::vector<Words> { { "a" }, { "b", "1" }, { "c" } }));
    // A backslash outside double quotes is an ordinary byte.
    EXPECT_EQ(parse_ok("path C:\\dir\\n"), (std::vector<Words> { { "path", "C:\\dir\\n" } }));
}

TEST(CtlParser, CommandAccessors)
{
    ctl::Script script;
    ASSERT_TRUE(script.parse("  close 3 -1 && start").is_ok());
    ASSERT_EQ(script.size(), 2u);
    const ctl::Command& close = script[0];
    EXPECT_EQ(text_of(close.name()), "close");
    EXPECT_EQ(close.arg_count(), 2u);
    EXPECT_EQ(text_of(close.arg(0)), "3");
    EXPECT_EQ(text_of(close.arg(1)), "-1");
    EXPECT_TRUE(close.arg(2).is_empty());
    EXPECT_TRUE(close.arg(100).is_empty());
    EXPECT_EQ(close.offset, 2u);
    EXPECT_EQ(script[1].offset, 16u);
    EXPECT_EQ(script[1].arg_count(), 0u);
    EXPECT_EQ(script.end() - script.begin(), 2);
}

TEST(CtlParser, TrailingNewlineIsIgnored)
{
    EXPECT_EQ(parse_ok("start\n"), (std::vector<Words> { { "start" } }));
    EXPECT_EQ(parse_ok("start\r\n"), (std::vector<Words> { { "start" } }));
    EXPECT_EQ(parse_ok("a \"b\"\n"), (std::vector<Words> { { "a", "b" } }));
    // Only one.
    expect_error("start\n\n", Error::BadFormat, "line break inside the script", 5);
    expect_error("a\nb", Error::BadFormat, "line break inside the script", 1);
    expect_error("a\rb", Error::BadFormat, "line break inside the script", 1);
    expect_error("a\r", Error::BadFormat, "line break inside the script", 1);
    // Also inside quotes: a newline is written as \n there.
    expect_error("a \"x\ny\"", Error::BadFormat, "line break inside the script", 4);
    expect_error("a 'x\ny'", Error::BadFormat, "line break inside the script", 4);
}

TEST(CtlParser, DoubleQuotes)
{
    EXPECT_EQ(parse_ok("echo \"a b  c\""), (std::vector<Words> { { "echo", "a b  c" } }));
    EXPECT_EQ(parse_ok("echo \"q\\\"q\" \"b\\\\s\" \"n\\nt\\t\""),
        (std::vector<Words> { { "echo", "q\"q", "b\\s", "n\nt\t" } }));
    // "&&", single quotes and tabs are literal inside.
    EXPECT_EQ(parse_ok("echo \"x && y\" && z"), (std::vector<Words> { { "echo", "x && y" }, { "z" } }));
    EXPECT_EQ(parse_ok("echo \"it's\t&\""), (std::vector<Words> { { "echo", "it's\t&" } }));
}

TEST(CtlParser, SingleQuotes)
{
    EXPECT_EQ(parse_ok("echo 'a \\n \"b\" && c'"), (std::vector<Words> { { "echo", "a \\n \"b\" && c" } }));
    EXPECT_EQ(parse_ok("echo '\\'"), (std::vector<Words> { { "echo", "\\" } }));
}

TEST(CtlParser, QuotesJoinWithPlainText)
{
    EXPECT_EQ(parse_ok("a\"b c\"d"), (std::vector<Words> { { "ab cd" } }));
    EXPECT_EQ(parse_ok("x'1 2'\"3 4\"y z"), (std::vector<Words> { { "x1 23 4y", "z" } }));
}

TEST(CtlParser, EmptyWords)
{
    EXPECT_EQ(parse_ok("set \"\" ''"), (std::vector<Words> { { "set", "", "" } }));
    EXPECT_EQ(parse_ok("\"\""), (std::vector<Words> { { "" } }));
    EXPECT_EQ(parse_ok("set ''&&x"), (std::vector<Words> { { "set", "" }, { "x" } }));
}

TEST(CtlParser, WordsLiveInTheScript)
{
    // The words are copies: the input may go away.
    ctl::Script script;
    {
        std::string text = "bind \"/a b\" /c";
        ASSERT_TRUE(script.parse(StringView(text.data(), text.size())).is_ok());
        text.assign(text.size(), 'X');
    }
    EXPECT_EQ(text_of(script[0].arg(0)), "/a b");
    EXPECT_EQ(text_of(script[0].arg(1)), "/c");
    for (const ctl::Command& command : script) {
        for (size_t i = 0; i < command.count; ++i) {
            EXPECT_GE(command.words[i].data(), script.storage());
            EXPECT_LE(command.words[i].data() + command.words[i].size(), script.storage() + ctl::MAX_SCRIPT);
        }
    }
}

TEST(CtlParser, ParseReplacesThePreviousScript)
{
    ctl::Script script;
    ASSERT_TRUE(script.parse("a && b && c").is_ok());
    ASSERT_TRUE(script.parse("d").is_ok());
    ASSERT_EQ(script.size(), 1u);
    EXPECT_EQ(text_of(script[0].name()), "d");
    EXPECT_TRUE(script.parse("a &&").is_error());
    EXPECT_EQ(script.size(), 0u);
}

TEST(CtlParser, SyntaxErrors)
{
    expect_error("", Error::BadFormat, "empty script", 0);
    expect_error("   \t ", Error::BadFormat, "empty script", 0);
    expect_error("\n", Error::BadFormat, "empty script", 0);
    expect_error("&&", Error::BadFormat, "empty command", 0);
    expect_error("&& a", Error::BadFormat, "empty command", 0);
    expect_error("a && && b", Error::BadFormat, "empty command", 5);
    expect_error("a &&&& b", Error::BadFormat, "empty command", 4);
    expect_error("a &&", Error::BadFormat, "empty command", 2);
    expect_error("a && b &&  \n", Error::BadFormat, "empty command", 7);
    expect_error("a & b", Error::BadFormat, "lone '&'", 2);
    expect_error("a&", Error::BadFormat, "lone '&'", 1);
    expect_error("a &&& b", Error::BadFormat, "lone '&'", 4);
    expect_error("echo \"abc", Error::BadFormat, "unterminated quote", 5);
    expect_error("echo x'abc", Error::BadFormat, "unterminated quote", 6);
    expect_error("echo \"abc\\\"", Error::BadFormat, "unterminated quote", 5);
    expect_error("echo \"abc\\", Error::BadFormat, "unterminated quote", 5);
    expect_error("echo \"a\\x\"", Error::BadFormat, "bad escape", 7);
    expect_error("echo \"\\'\"", Error::BadFormat, "bad escape", 6);
    expect_error(std::string("a\0b", 3), Error::BadFormat, "NUL byte", 1);
    expect_error(std::string("a '\0'", 5), Error::BadFormat, "NUL byte", 3);
    expect_error(std::string("a\n\0", 3), Error::BadFormat, "NUL byte", 2);
}

TEST(CtlParser, NullProblemIsAllowed)
{
    ctl::Script script;
    EXPECT_EQ(script.parse("a && && b").error(), Error::BadFormat);
    EXPECT_TRUE(script.parse("a").is_ok());
}

TEST(CtlParser, CommandLimit)
{
    const std::string sixteen = repeat("c", ctl::MAX_COMMANDS, " && ");
    EXPECT_EQ(parse_ok(sixteen).size(), ctl::MAX_COMMANDS);
    // The 17th command's first word is where the limit is crossed: 16 * 5 bytes in.
    expect_error(sixteen + " && c", Error::TooBig, "too many commands", 16 * 5);
    expect_error(sixteen + "&&x", Error::TooBig, "too many commands", 16 * 5 - 4 + 2);
}

TEST(CtlParser, WordLimit)
{
    const std::string sixteen = repeat("w", ctl::MAX_WORDS, " ");
    auto parsed = parse_ok(sixteen);
    ASSERT_EQ(parsed.size(), 1u);
    EXPECT_EQ(parsed[0].size(), ctl::MAX_WORDS);
    expect_error(sixteen + " w", Error::TooBig, "too many words in one command", 32);
    // The limit is per command.
    EXPECT_EQ(parse_ok(sixteen + " && " + sixteen).size(), 2u);
    expect_error(sixteen + " && " + sixteen + " \"\"", Error::TooBig, "too many words in one command", 31 + 4 + 32);
}

TEST(CtlParser, LengthLimit)
{
    std::string exact = "x " + std::string(ctl::MAX_SCRIPT - 2, 'a');
    ASSERT_EQ(exact.size(), ctl::MAX_SCRIPT);
    auto parsed = parse_ok(exact);
    ASSERT_EQ(parsed.size(), 1u);
    EXPECT_EQ(parsed[0][1].size(), ctl::MAX_SCRIPT - 2);
    expect_error(exact + "a", Error::TooBig, "script longer than 1024 bytes", ctl::MAX_SCRIPT);
    // The trailing newline counts.
    expect_error(exact + "\n", Error::TooBig, "script longer than 1024 bytes", ctl::MAX_SCRIPT);
    // One quoted word using all the storage.
    std::string quoted = "\"" + std::string(ctl::MAX_SCRIPT - 2, 'q') + "\"";
    EXPECT_EQ(parse_ok(quoted)[0][0].size(), ctl::MAX_SCRIPT - 2);
}

TEST(CtlParser, ParseInt)
{
    EXPECT_EQ(ctl::parse_int("0").value(), 0);
    EXPECT_EQ(ctl::parse_int("42").value(), 42);
    EXPECT_EQ(ctl::parse_int("-1").value(), -1);
    EXPECT_EQ(ctl::parse_int("-0").value(), 0);
    EXPECT_EQ(ctl::parse_int("007").value(), 7);
    EXPECT_EQ(ctl::parse_int("9223372036854775807").value(), INT64_MAX);
    EXPECT_EQ(ctl::parse_int("-9223372036854775808").value(), INT64_MIN);
    EXPECT_EQ(ctl::parse_int("9223372036854775808").error(), Error::Overflow);
    EXPECT_EQ(ctl::parse_int("-9223372036854775809").error(), Error::Overflow);
    EXPECT_EQ(ctl::parse_int("99999999999999999999999").error(), Error::Overflow);
    EXPECT_EQ(ctl::parse_int("").error(), Error::BadFormat);
    EXPECT_EQ(ctl::parse_int("-").error(), Error::BadFormat);
    EXPECT_EQ(ctl::parse_int("+1").error(), Error::BadFormat);
    EXPECT_EQ(ctl::parse_int("--1").error(), Error::BadFormat);
    EXPECT_EQ(ctl::parse_int(" 1").error(), Error::BadFormat);
    EXPECT_EQ(ctl::parse_int("1 ").error(), Error::BadFormat);
    EXPECT_EQ(ctl::parse_int("0x10").error(), Error::BadFormat);
    EXPECT_EQ(ctl::parse_int("1e3").error(), Error::BadFormat);
}

// run(): a little process-like context that records what the handlers did.
namespace {

struct Recorder {
    std::vector<std::string> log;
    int fail_at_call { -1 }; // the call number (from 0) that fails with Busy
    int calls { 0 };
};

Result<void> record(void* context, const ctl::Command& command)
{
    auto& recorder = *static_cast<Recorder*>(context);
    if (recorder.calls++ == recorder.fail_at_call)
        return Error::Busy;
    std::string line = text_of(command.name());
    for (size_t i = 0; i < command.arg_count(); ++i)
        line += " " + text_of(command.arg(i));
    recorder.log.push_back(line);
    return {};
}

Result<void> close_fd(void* context, const ctl::Command& command)
{
    for (size_t i = 0; i < command.arg_count(); ++i)
        TRY(ctl::parse_int(command.arg(i)));
    return record(context, command);
}

const ctl::Handler HANDLERS[] = {
    { "dup2", 2, 2, record },
    { "close", 1, 2, close_fd },
    { "start", 0, 0, record },
    { "set", 1, 1, record },
    { "env", 1, 15, record },
    { "pair", 2, 2, record },
};
constexpr size_t HANDLER_COUNT = sizeof(HANDLERS) / sizeof(HANDLERS[0]);

struct Ran {
    Result<void> result;
    ctl::RunError error;
    std::vector<std::string> log;
};

Ran run(const std::string& text, int fail_at_call = -1)
{
    Recorder recorder;
    recorder.fail_at_call = fail_at_call;
    ctl::RunError error;
    auto result = ctl::run(StringView(text.data(), text.size()), HANDLERS, HANDLER_COUNT, &recorder, &error);
    return { result, error, recorder.log };
}

} // namespace

TEST(CtlRun, AllCommandsRunInOrder)
{
    Ran ran = run("dup2 3 0 && close 3 -1 && start\n");
    EXPECT_TRUE(ran.result.is_ok());
    EXPECT_EQ(ran.log, (std::vector<std::string> { "dup2 3 0", "close 3 -1", "start" }));
}

TEST(CtlRun, FailureKeepsEarlierCommandsAndStops)
{
    // The third command (call 2) fails: the first two stay applied, the fourth never runs.
    Ran ran = run("set a && set b && set c && set d", 2);
    ASSERT_TRUE(ran.result.is_error());
    EXPECT_EQ(ran.result.error(), Error::Busy);
    EXPECT_EQ(ran.log, (std::vector<std::string> { "set a", "set b" }));
    EXPECT_EQ(ran.error.error, Error::Busy);
    EXPECT_EQ(ran.error.index, 2u);
    EXPECT_EQ(ran.error.applied, 2u);
    EXPECT_STREQ(ran.error.message, "command 3 \"set\": busy");

    // A handler's own validation failure is reported the same way.
    ran = run("start && close x");
    EXPECT_EQ(ran.result.error(), Error::BadFormat);
    EXPECT_EQ(ran.log, (std::vector<std::string> { "start" }));
    EXPECT_EQ(ran.error.applied, 1u);
    EXPECT_STREQ(ran.error.message, "command 2 \"close\": bad format");

    // The first command failing applies nothing.
    ran = run("start && start", 0);
    EXPECT_TRUE(ran.log.empty());
    EXPECT_EQ(ran.error.applied, 0u);
    EXPECT_STREQ(ran.error.message, "command 1 \"start\": busy");
}

TEST(CtlRun, SyntaxErrorRunsNothing)
{
    Ran ran = run("start && echo \"oops");
    EXPECT_EQ(ran.result.error(), Error::BadFormat);
    EXPECT_TRUE(ran.log.empty());
    EXPECT_EQ(ran.error.index, 0u);
    EXPECT_EQ(ran.error.applied, 0u);
    EXPECT_STREQ(ran.error.message, "syntax error at byte 14: unterminated quote");

    ran = run(repeat("start", 17, " && "));
    EXPECT_EQ(ran.result.error(), Error::TooBig);
    EXPECT_STREQ(ran.error.message, "syntax error at byte 144: too many commands");
    EXPECT_TRUE(ran.log.empty());
}

TEST(CtlRun, UnknownCommandRunsNothing)
{
    // Checked for the whole script before anything runs.
    Ran ran = run("start && bind /a /b && start");
    EXPECT_EQ(ran.result.error(), Error::NotFound);
    EXPECT_TRUE(ran.log.empty());
    EXPECT_EQ(ran.error.error, Error::NotFound);
    EXPECT_EQ(ran.error.index, 1u);
    EXPECT_EQ(ran.error.applied, 0u);
    EXPECT_STREQ(ran.error.message, "command 2 \"bind\": unknown command");

    // Names are matched exactly.
    EXPECT_STREQ(run("Start").error.message, "command 1 \"Start\": unknown command");
    EXPECT_STREQ(run("star").error.message, "command 1 \"star\": unknown command");
    EXPECT_STREQ(run("\"\"").error.message, "command 1 \"\": unknown command");
}

TEST(CtlRun, ArgumentCountsRunNothing)
{
    Ran ran = run("start && close");
    EXPECT_EQ(ran.result.error(), Error::InvalidArgument);
    EXPECT_TRUE(ran.log.empty());
    EXPECT_EQ(ran.error.index, 1u);
    EXPECT_STREQ(ran.error.message, "command 2 \"close\": expects 1 to 2 arguments");
    EXPECT_STREQ(run("close 1 2 3").error.message, "command 1 \"close\": expects 1 to 2 arguments");
    EXPECT_STREQ(run("start now").error.message, "command 1 \"start\": expects no arguments");
    EXPECT_STREQ(run("set").error.message, "command 1 \"set\": expects 1 argument");
    EXPECT_STREQ(run("set a b").error.message, "command 1 \"set\": expects 1 argument");
    EXPECT_STREQ(run("pair a").error.message, "command 1 \"pair\": expects 2 arguments");
    EXPECT_STREQ(run("env").error.message, "command 1 \"env\": expects at least 1 argument");
    // The edges are accepted.
    EXPECT_TRUE(run("close 1").result.is_ok());
    EXPECT_TRUE(run("close 1 2").result.is_ok());
    EXPECT_TRUE(run("env " + repeat("v", 15, " ")).result.is_ok());
}

TEST(CtlRun, HostileNamesAreQuotedSafely)
{
    // Control bytes, quotes and backslashes become '?', and long names are cut.
    Ran ran = run("\"a\\\"b\\\\c\\n\x1b[0m\"");
    EXPECT_STREQ(ran.error.message, "command 1 \"a?b?c??[0m\": unknown command");
    ran = run(std::string(200, 'n'));
    EXPECT_EQ(std::string(ran.error.message), "command 1 \"" + std::string(32, 'n') + "...\": unknown command");
}

TEST(CtlRun, NullErrorIsAllowed)
{
    Recorder recorder;
    EXPECT_TRUE(ctl::run("start", HANDLERS, HANDLER_COUNT, &recorder, nullptr).is_ok());
    EXPECT_EQ(ctl::run("nope", HANDLERS, HANDLER_COUNT, &recorder, nullptr).error(), Error::NotFound);
    EXPECT_EQ(ctl::run("a &&", HANDLERS, HANDLER_COUNT, &recorder, nullptr).error(), Error::BadFormat);
    EXPECT_EQ(recorder.log, (std::vector<std::string> { "start" }));
}

TEST(CtlRun, NoHandlers)
{
    ctl::RunError error;
    EXPECT_EQ(ctl::run("start", nullptr, 0, nullptr, &error).error(), Error::NotFound);
    EXPECT_STREQ(error.message, "command 1 \"start\": unknown command");
}
