// Host tests for lib/LineDiscipline: every cooked-mode rule with its exact echo, raw
// mode, the bounds at and past their edges, and a randomized comparison with a plain
// model written over std::string and std::deque, plus a check that the echo, played on a
// pretend terminal, always shows the line being edited.
#include <gtest/gtest.h>

#include <lib/LineDiscipline.hpp>

#include <algorithm>
#include <deque>
#include <iterator>
#include <memory>
#include <random>
#include <string>

using ts::LineDiscipline;
using Event = LineDiscipline::Event;
using Mode = LineDiscipline::Mode;
using Echo = LineDiscipline::Echo;

namespace {

constexpr size_t INPUT = LineDiscipline::INPUT_CAPACITY;
constexpr size_t LINE = LineDiscipline::LINE_CAPACITY;

std::string text_of(ts::StringView view) { return std::string(view.data(), view.size()); }

class LineDisciplineTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ld = std::make_unique<LineDiscipline>();
        ld->set_echo_sink([](void* context, const char* text, size_t length) {
            static_cast<std::string*>(context)->append(text, length); }, &echoed);
    }

    // Feeds every byte; returns how many reported an interrupt.
    int feed(const std::string& bytes)
    {
        int interrupts = 0;
        for (char c : bytes)
            interrupts += ld->input(static_cast<uint8_t>(c)) == Event::Interrupt;
        return interrupts;
    }

    // One read of at most `size` bytes.
    std::string read(size_t size = 8192)
    {
        std::string buffer(size, '\0');
        size_t got = ld->read(buffer.data(), size);
        EXPECT_LE(got, size);
        buffer.resize(got);
        return buffer;
    }

    std::string take_echo()
    {
        std::string out = echoed;
        echoed.clear();
        return out;
    }

    std::unique_ptr<LineDiscipline> ld;
    std::string echoed;
};

TEST_F(LineDisciplineTest, StartsCookedWithEchoAndNothingToRead)
{
    EXPECT_EQ(ld->mode(), Mode::Cooked);
    EXPECT_EQ(ld->echo(), Echo::On);
    EXPECT_FALSE(ld->readable());
    EXPECT_EQ(read(), "");
    EXPECT_EQ(read(0), "");
}

TEST_F(LineDisciplineTest, PrintableBytesWaitForTheLineEnd)
{
    feed("ls -l");
    EXPECT_FALSE(ld->readable());
    EXPECT_EQ(text_of(ld->line()), "ls -l");
    EXPECT_EQ(take_echo(), "ls -l");
    feed("\r");
    EXPECT_TRUE(ld->readable());
    EXPECT_EQ(take_echo(), "\n");
    EXPECT_EQ(read(), "ls -l\n");
    EXPECT_FALSE(ld->readable());
    EXPECT_EQ(text_of(ld->line()), "");
}

TEST_F(LineDisciplineTest, CrLfAndCrAndLfEachEndOneLine)
{
    feed("a\r\nb\nc\rd\n\re\r\r");
    EXPECT_EQ(read(), "a\n");
    EXPECT_EQ(read(), "b\n");
    EXPECT_EQ(read(), "c\n");
    EXPECT_EQ(read(), "d\n");
    EXPECT_EQ(read(), "\n") << "LF then CR is two line ends";
    EXPECT_EQ(read(), "e\n");
    EXPECT_EQ(read(), "\n") << "CR CR is two line ends";
    EXPECT_FALSE(ld->readable());
    EXPECT_EQ(take_echo(), "a\nb\nc\nd\n\ne\n\n");
    // Only the byte right after the CR is swallowed.
    feed("\rx\n");
    EXPECT_EQ(read(), "\n");
    EXPECT_EQ(read(), "x\n");
}

TEST_F(LineDisciplineTest, AReadReturnsAtMostOneLine)
{
    feed("one\ntwo\n");
    EXPECT_EQ(ld->buffered(), 8u);
    EXPECT_EQ(read(), "one\n");
    EXPECT_EQ(read(), "two\n");
    EXPECT_EQ(ld->buffered(), 0u);
}

TEST_F(LineDisciplineTest, ALongLineComesOutOverSmallReads)
{
    feed("hello\nz\n");
    EXPECT_EQ(read(2), "he");
    EXPECT_EQ(read(2), "ll");
    EXPECT_EQ(read(2), "o\n");
    EXPECT_EQ(read(2), "z\n");
}

TEST_F(LineDisciplineTest, BackspaceAndDeleteEraseOneCharacter)
{
    feed("abc\b");
    EXPECT_EQ(text_of(ld->line()), "ab");
    feed("\x7f");
    EXPECT_EQ(text_of(ld->line()), "a");
    EXPECT_EQ(take_echo(), "abc\b \b\b \b");
    feed("\b\b\x7f");
    EXPECT_EQ(text_of(ld->line()), "");
    EXPECT_EQ(take_echo(), "\b \b") << "erasing an empty line echoes nothing";
    feed("x\n");
    EXPECT_EQ(read(), "x\n");
}

TEST_F(LineDisciplineTest, EraseTakesAUtf8CharacterWhole)
{
    feed("a\xc3\xa9\xe2\x82\xac"); // a, é, €
    take_echo();
    feed("\b");
    EXPECT_EQ(text_of(ld->line()), "a\xc3\xa9");
    feed("\b");
    EXPECT_EQ(text_of(ld->line()), "a");
    EXPECT_EQ(take_echo(), "\b \b\b \b");
    // A continuation byte without its lead is one character of its own.
    feed("\xa9\xa9\b");
    EXPECT_EQ(text_of(ld->line()), "a\xa9");
}

TEST_F(LineDisciplineTest, ControlBytesEchoAsCaretsAndEraseTwoColumns)
{
    feed("\x1b[A\t");
    EXPECT_EQ(take_echo(), "^[[A\t");
    feed("\b\b\b");
    EXPECT_EQ(text_of(ld->line()), "\x1b");
    take_echo();
    feed("\b");
    EXPECT_EQ(take_echo(), "\b \b\b \b");
    feed("\x01\n");
    EXPECT_EQ(read(), "\x01\n");
}

TEST_F(LineDisciplineTest, CtrlUKillsTheLine)
{
    feed("abc\x15");
    EXPECT_EQ(text_of(ld->line()), "");
    EXPECT_EQ(take_echo(), "abc\b \b\b \b\b \b");
    feed("\x15");
    EXPECT_EQ(take_echo(), "");
    feed("d\n");
    EXPECT_EQ(read(), "d\n");
}

TEST_F(LineDisciplineTest, CtrlWErasesAWord)
{
    feed("cat foo  bar \t");
    feed("\x17");
    EXPECT_EQ(text_of(ld->line()), "cat foo  ");
    feed("\x17");
    EXPECT_EQ(text_of(ld->line()), "cat ");
    take_echo();
    feed("\x17");
    EXPECT_EQ(text_of(ld->line()), "");
    EXPECT_EQ(take_echo(), "\b \b\b \b\b \b\b \b");
    feed("\x17");
    EXPECT_EQ(take_echo(), "");
}

TEST_F(LineDisciplineTest, CtrlDOnAnEmptyLineIsEndOfFileOnce)
{
    feed("\x04");
    EXPECT_TRUE(ld->readable());
    EXPECT_EQ(take_echo(), "");
    EXPECT_EQ(read(), "");
    EXPECT_FALSE(ld->readable()) << "the mark is used up by one read";
    feed("\x04\x04x\n");
    EXPECT_EQ(read(), "");
    EXPECT_EQ(read(), "");
    EXPECT_EQ(read(), "x\n");
    // A zero-byte read does not use up the mark.
    feed("\x04");
    EXPECT_EQ(read(0), "");
    EXPECT_TRUE(ld->readable());
}

TEST_F(LineDisciplineTest, CtrlDInsideALineDeliversItWithoutNewline)
{
    feed("abc\x04");
    EXPECT_TRUE(ld->readable());
    EXPECT_EQ(text_of(ld->line()), "");
    EXPECT_EQ(read(), "abc");
    // The line after it starts empty, so ^D now is end of file.
    feed("\x04");
    EXPECT_EQ(read(), "");
}

TEST_F(LineDisciplineTest, CtrlCDiscardsTheLineAndReportsAnInterrupt)
{
    EXPECT_EQ(feed("sleep 100\x03"), 1);
    EXPECT_FALSE(ld->readable());
    EXPECT_EQ(text_of(ld->line()), "");
    EXPECT_EQ(take_echo(), "sleep 100^C\n");
    EXPECT_EQ(feed("ok\n"), 0);
    EXPECT_EQ(read(), "ok\n");
    // Completed lines stay: only the one being edited goes.
    EXPECT_EQ(feed("kept\nlost\x03"), 1);
    EXPECT_EQ(read(), "kept\n");
    EXPECT_FALSE(ld->readable());
}

TEST_F(LineDisciplineTest, EchoOffEchoesNothing)
{
    ld->set_echo(Echo::Off);
    EXPECT_EQ(feed("secret\b\x15pw\x03x\x04\n"), 1);
    feed(std::string(LINE + 5, 'a'));
    EXPECT_EQ(take_echo(), "") << "not even the bell";
    EXPECT_EQ(read(), "x");
    ld->set_echo(Echo::On);
    feed("\b");
    EXPECT_EQ(take_echo(), "\b \b");
}

TEST_F(LineDisciplineTest, RawModePassesEveryByteAsItCame)
{
    ld->set_mode(Mode::Raw);
    EXPECT_EQ(feed(std::string("a\x03\x04\b\x7f\r\n\x15", 8)), 0);
    EXPECT_TRUE(ld->readable());
    EXPECT_EQ(take_echo(), std::string("a\x03\x04\b\x7f\r\n\x15", 8));
    EXPECT_EQ(read(), std::string("a\x03\x04\b\x7f\r\n\x15", 8)) << "one read takes whatever is there";
    feed("xyz");
    take_echo();
    EXPECT_EQ(read(2), "xy");
    EXPECT_EQ(read(), "z");
    ld->set_echo(Echo::Off);
    feed("q");
    EXPECT_EQ(take_echo(), "");
    EXPECT_EQ(read(), "q");
}

TEST_F(LineDisciplineTest, SwitchingModesKeepsWhatWasTyped)
{
    feed("done\npart");
    ld->set_mode(Mode::Raw);
    EXPECT_EQ(text_of(ld->line()), "");
    feed("12");
    // Raw reads run across the records...
    EXPECT_EQ(read(), "done\npart12");
    feed("ab");
    ld->set_mode(Mode::Cooked);
    feed("cd\n");
    // ...cooked reads take one at a time: the raw bytes, then the line.
    EXPECT_EQ(read(), "ab");
    EXPECT_EQ(read(), "cd\n");
    // A CR just before switching does not swallow an LF typed in raw mode later.
    feed("\r");
    read();
    ld->set_mode(Mode::Raw);
    ld->set_mode(Mode::Cooked);
    feed("\n");
    EXPECT_EQ(read(), "\n");
}

TEST_F(LineDisciplineTest, RawReadsStopAtAnEndOfFileMark)
{
    feed("\x04");
    feed("a\x04");
    ld->set_mode(Mode::Raw);
    EXPECT_EQ(read(), "");
    EXPECT_EQ(read(), "a");
    feed("b");
    ld->set_mode(Mode::Cooked);
    feed("\x04");
    ld->set_mode(Mode::Raw);
    feed("c");
    EXPECT_EQ(read(), "b");
    EXPECT_EQ(read(), "");
    EXPECT_EQ(read(), "c");
}

TEST_F(LineDisciplineTest, TheLineHoldsCapacityMinusOneBytes)
{
    feed(std::string(LINE - 1, 'x'));
    EXPECT_EQ(take_echo(), std::string(LINE - 1, 'x'));
    feed("yz");
    EXPECT_EQ(take_echo(), "\a\a");
    EXPECT_EQ(ld->line().size(), LINE - 1);
    feed("\b");
    feed("w\n");
    std::string expected = std::string(LINE - 2, 'x') + "w\n";
    EXPECT_EQ(read(LINE), expected) << "a full line and its newline fit one read of LINE_CAPACITY";
}

TEST_F(LineDisciplineTest, ALineEndThatDoesNotFitKeepsTheLine)
{
    std::string line(LINE - 1, 'l');
    for (size_t i = 0; i < INPUT / LINE; ++i)
        feed(line + "\n");
    EXPECT_EQ(ld->buffered(), INPUT);
    take_echo();
    feed("more\n");
    EXPECT_EQ(take_echo(), "more\a");
    EXPECT_EQ(text_of(ld->line()), "more");
    EXPECT_EQ(read(), line + "\n");
    feed("\r");
    EXPECT_EQ(take_echo(), "\n");
    for (size_t i = 1; i < INPUT / LINE; ++i)
        EXPECT_EQ(read(), line + "\n");
    EXPECT_EQ(read(), "more\n");
    EXPECT_FALSE(ld->readable());
    // Partial lines and raw bytes meet the same bound.
    for (size_t i = 0; i < INPUT / LINE; ++i)
        feed(line + "\n");
    feed("p\x04");
    EXPECT_EQ(text_of(ld->line()), "p");
    ld->set_mode(Mode::Raw);
    EXPECT_EQ(text_of(ld->line()), "") << "switching to raw drops a line that cannot be delivered";
    take_echo();
    feed("r");
    EXPECT_EQ(take_echo(), "\a");
    EXPECT_EQ(ld->buffered(), INPUT);
}

TEST_F(LineDisciplineTest, RecordsAreBoundedToo)
{
    for (size_t i = 0; i < LineDiscipline::MAX_RECORDS; ++i)
        feed("\n");
    take_echo();
    feed("\n\x04");
    EXPECT_EQ(take_echo(), "\a\a");
    feed("x\x04");
    EXPECT_EQ(take_echo(), "x\a");
    ld->set_mode(Mode::Raw);
    take_echo();
    feed("r");
    EXPECT_EQ(take_echo(), "\a") << "no record to start a raw run in";
    ld->set_mode(Mode::Cooked);
    EXPECT_EQ(read(), "\n");
    ld->set_mode(Mode::Raw);
    feed("rs");
    EXPECT_EQ(take_echo(), "rs") << "one record holds a whole raw run";
    ld->set_mode(Mode::Cooked);
    for (size_t i = 1; i < LineDiscipline::MAX_RECORDS; ++i)
        EXPECT_EQ(read(), "\n");
    EXPECT_EQ(read(), "rs");
    EXPECT_FALSE(ld->readable());
}

TEST_F(LineDisciplineTest, ResetForgetsEverything)
{
    feed("a\nb");
    ld->set_mode(Mode::Raw);
    ld->set_echo(Echo::Off);
    ld->reset();
    EXPECT_EQ(ld->mode(), Mode::Cooked);
    EXPECT_EQ(ld->echo(), Echo::On);
    EXPECT_FALSE(ld->readable());
    EXPECT_EQ(ld->buffered(), 0u);
    EXPECT_EQ(text_of(ld->line()), "");
}

// ---- The randomized model check ----

// The rules again, written the obvious way with unbounded containers and the same limits.
struct Model {
    enum Kind { LINE_RECORD, RAW_RECORD, EOF_RECORD };
    struct Record {
        std::string bytes;
        Kind kind;
    };

    bool raw { false };
    bool echo_on { true };
    bool after_cr { false };
    std::string line;
    std::deque<Record> records;
    std::string echoed;
    // How often each bound was met, so the test can show it reached them.
    size_t refused_deliveries { 0 };
    size_t full_lines { 0 };
    size_t full_raw { 0 };

    size_t buffered() const
    {
        size_t total = 0;
        for (const Record& r : records)
            total += r.bytes.size();
        return total;
    }
    void echo(const std::string& text)
    {
        if (echo_on)
            echoed += text;
    }
    static bool caret(unsigned char c) { return (c < 0x20 && c != '\t') || c == 0x7f; }
    bool deliver(const std::string& text)
    {
        if (records.size() == LineDiscipline::MAX_RECORDS || buffered() + text.size() > INPUT) {
            ++refused_deliveries;
            return false;
        }
        records.push_back({ text, LINE_RECORD });
        line.clear();
        return true;
    }
    bool erase()
    {
        if (line.empty())
            return false;
        size_t n = 1;
        if (line.size() >= 2 && line.compare(line.size() - 2, 2, "\xc3\xa9") == 0)
            n = 2;
        bool wide = caret(static_cast<unsigned char>(line[line.size() - n]));
        line.resize(line.size() - n);
        echo(wide ? "\b \b\b \b" : "\b \b");
        return true;
    }
    bool input(unsigned char c)
    {
        if (raw) {
            bool merge = !records.empty() && records.back().kind == RAW_RECORD;
            if (buffered() == INPUT || (!merge && records.size() == LineDiscipline::MAX_RECORDS)) {
                ++full_raw;
                echo("\a");
                return false;
            }
            if (merge)
                records.back().bytes += static_cast<char>(c);
            else
                records.push_back({ std::string(1, static_cast<char>(c)), RAW_RECORD });
            echo(std::string(1, static_cast<char>(c)));
            return false;
        }
        bool was_cr = after_cr;
        after_cr = false;
        if (c == '\n' && was_cr)
            return false;
        switch (c) {
        case '\r':
        case '\n':
            after_cr = c == '\r';
            echo(deliver(line + "\n") ? "\n" : "\a");
            return false;
        case 0x03:
            line.clear();
            echo("^C\n");
            return true;
        case 0x04:
            if (line.empty()) {
                if (records.size() == LineDiscipline::MAX_RECORDS)
                    echo("\a");
                else
                    records.push_back({ "", EOF_RECORD });
            } else if (!deliver(line)) {
                echo("\a");
            }
            return false;
        case 0x08:
        case 0x7f:
            erase();
            return false;
        case 0x15:
            while (erase()) { }
            return false;
        case 0x17:
            while (!line.empty() && (line.back() == ' ' || line.back() == '\t'))
                erase();
            while (!line.empty() && line.back() != ' ' && line.back() != '\t')
                erase();
            return false;
        default:
            if (line.size() >= LINE - 1) {
                ++full_lines;
                echo("\a");
                return false;
            }
            line += static_cast<char>(c);
            if (caret(c))
                echo(std::string("^") + static_cast<char>(c + 0x40));
            else
                echo(std::string(1, static_cast<char>(c)));
            return false;
        }
    }
    std::string read(size_t size)
    {
        if (size == 0 || records.empty())
            return "";
        if (records.front().kind == EOF_RECORD) {
            records.pop_front();
            return "";
        }
        std::string out;
        do {
            Record& r = records.front();
            size_t n = std::min(size - out.size(), r.bytes.size());
            out += r.bytes.substr(0, n);
            r.bytes.erase(0, n);
            if (r.bytes.empty())
                records.pop_front();
        } while (raw && out.size() < size && !records.empty() && records.front().kind != EOF_RECORD);
        return out;
    }
    void set_raw(bool on)
    {
        if (on == raw)
            return;
        if (on && !line.empty() && !deliver(line)) {
            line.clear();
            echo("\a");
        }
        after_cr = false;
        raw = on;
    }
};

TEST_F(LineDisciplineTest, MatchesTheModelOnRandomInput)
{
    const std::string pieces[] = { "a", "b", " ", "\t", "\xc3\xa9", "\x1b", "\b", "\x7f", "\x15", "\x17", "\r", "\n",
        "\r\n", "\x04", "\x03", "\x01" };
    size_t refused_deliveries = 0, full_lines = 0, full_raw = 0;
    for (uint32_t seed = 1; seed <= 40; ++seed) {
        SetUp();
        echoed.clear();
        Model model;
        std::mt19937 rng(seed);
        // Three kinds of run, so the bounds are reached too: a mix of everything; a
        // flood that is seldom read (the completed input fills, cooked and raw); and long
        // lines that are seldom ended, edited or switched to raw (the line fills). Rolls
        // are out of 10,000: below `input` a piece is typed, below `read` a read is made,
        // below `mode` the mode changes, and otherwise the echo does.
        struct Profile {
            unsigned input, read, mode;
            bool long_lines;
        };
        const Profile profiles[] = { { 7000, 9500, 9900, false }, { 9000, 9020, 9900, false }, { 9960, 9990, 9995, true } };
        const Profile& profile = profiles[seed % 3];
        for (int step = 0; step < 20000; ++step) {
            unsigned roll = rng() % 10000;
            if (roll < profile.input) {
                size_t which = rng() % std::size(pieces);
                // Everything that ends or shortens a line (from "\b" on in `pieces`).
                bool shortens = which >= 6 && which != std::size(pieces) - 1;
                if (shortens && profile.long_lines && rng() % 100 != 0)
                    which = 0;
                for (char c : pieces[which]) {
                    bool interrupt = ld->input(static_cast<uint8_t>(c)) == Event::Interrupt;
                    ASSERT_EQ(interrupt, model.input(static_cast<unsigned char>(c))) << "seed " << seed << " step " << step;
                }
            } else if (roll < profile.read) {
                size_t size = rng() % 3 == 0 ? rng() % 8 : rng() % (INPUT + 10);
                ASSERT_EQ(read(size), model.read(size)) << "seed " << seed << " step " << step;
            } else if (roll < profile.mode) {
                bool raw = rng() % 2;
                ld->set_mode(raw ? Mode::Raw : Mode::Cooked);
                model.set_raw(raw);
            } else {
                bool on = rng() % 4 != 0;
                ld->set_echo(on ? Echo::On : Echo::Off);
                model.echo_on = on;
            }
            ASSERT_EQ(ld->readable(), !model.records.empty()) << "seed " << seed << " step " << step;
            ASSERT_EQ(ld->buffered(), model.buffered()) << "seed " << seed << " step " << step;
            ASSERT_LE(ld->buffered(), INPUT);
            ASSERT_LT(ld->line().size(), LINE);
            ASSERT_EQ(text_of(ld->line()), model.line) << "seed " << seed << " step " << step;
            ASSERT_EQ(echoed, model.echoed) << "seed " << seed << " step " << step;
        }
        refused_deliveries += model.refused_deliveries;
        full_lines += model.full_lines;
        full_raw += model.full_raw;
    }
    EXPECT_GT(refused_deliveries, 0u) << "the runs never filled the completed input";
    EXPECT_GT(full_lines, 0u) << "the runs never filled a line";
    EXPECT_GT(full_raw, 0u) << "the runs never filled the input in raw mode";
}

// The echo, played on a pretend terminal, shows exactly the line being edited: what a
// person sees after any amount of editing is what the reader will get.
TEST_F(LineDisciplineTest, EchoShowsTheLineBeingEdited)
{
    const char alphabet[] = { 'a', 'b', ' ', '\x01', '\b', '\x7f', '\x15', '\x17', '\r', '\n', '\x03' };
    std::mt19937 rng(7);
    std::string row;   // the terminal's current row
    size_t cursor = 0; // its cursor column
    size_t played = 0; // how much of `echoed` the terminal has seen
    for (int step = 0; step < 50000; ++step) {
        ld->input(static_cast<uint8_t>(alphabet[rng() % sizeof(alphabet)]));
        if (rng() % 50 == 0)
            read();
        for (; played < echoed.size(); ++played) {
            char c = echoed[played];
            if (c == '\n') {
                row.clear();
                cursor = 0;
            } else if (c == '\b') {
                ASSERT_GT(cursor, 0u) << "the echo backs over the start of the line at step " << step;
                --cursor;
            } else if (c != '\a') {
                if (cursor == row.size())
                    row += c;
                else
                    row[cursor] = c;
                ++cursor;
            }
        }
        std::string shown;
        for (char c : text_of(ld->line()))
            shown += Model::caret(static_cast<unsigned char>(c)) ? std::string("^") + static_cast<char>(c + 0x40) : std::string(1, c);
        ASSERT_EQ(row.substr(0, cursor), shown) << "step " << step;
        // Everything right of the cursor has been blanked out.
        ASSERT_EQ(row.find_first_not_of(' ', cursor), std::string::npos) << "step " << step;
    }
}

} // namespace
