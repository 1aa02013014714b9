// LineDiscipline: turns the bytes a terminal sends, one at a time, into what a reader of
// the console gets: whole edited lines (cooked mode) or every byte as it came (raw mode).
// Part of kernel/lib: no hardware, no allocation, no locking (the console driver,
// drivers/SerialConsole.cpp, holds its lock around every call); host-tested.
//
// Cooked mode (the default):
//   printable bytes  (0x20-0x7e, TAB and every byte >= 0x80, so UTF-8 passes) are added
//                    to the line being edited and echoed as they are.
//   other control bytes are added too, echoed as "^X" (ESC as "^[").
//   BS (0x08), DEL   erase one character: a UTF-8 sequence goes whole, a control byte
//                    takes its two columns. Echo: "\b \b" per column.
//   ^W (0x17)        erases a word: the blanks (space, TAB) before the cursor, then the
//                    characters back to the previous blank.
//   ^U (0x15)        erases the whole line.
//   CR, LF           end the line; the reader gets it with '\n'. A CR followed at once by
//                    LF is one line end (terminals send either, or both). Echo: "\n"
//                    (the console's writer turns it into CR LF).
//   ^D (0x04)        on an empty line: the next read returns 0 (end of file), once.
//                    Elsewhere: the line so far is delivered without a newline.
//   ^C (0x03)        discards the line, echoes "^C\n" and input() returns
//                    Event::Interrupt (the driver sends the "interrupt" note).
// Raw mode: every byte is readable as it came, nothing is interpreted; with echo on it
// is echoed as it came. Switching to raw delivers the line being edited (as ^D would).
//
// Reads. In cooked mode a read returns at most one line (a line longer than the buffer
// is handed out over several reads); in raw mode whatever is there, up to the buffer's
// size. An end-of-file mark from ^D ends a raw read too, and a read that meets it first
// returns 0.
//
// Bounds. At most INPUT_CAPACITY bytes of completed input wait for readers, in at most
// MAX_RECORDS separate lines (or end-of-file marks); the line being edited holds at most
// LINE_CAPACITY - 1 bytes, so that with its newline it still fits in one read of
// LINE_CAPACITY bytes. What does not fit is dropped, and with echo on a BEL (0x07) is
// echoed instead. A line end that does not fit is dropped too and the line stays open for
// editing (so nothing typed is lost; the next line end may fit once a reader has read).
#pragma once

#include <cstddef>
#include <cstdint>

#include "StringView.hpp"

namespace ts {

class LineDiscipline {
public:
    static constexpr size_t INPUT_CAPACITY = 4096;
    static constexpr size_t LINE_CAPACITY = 1024;
    static constexpr size_t MAX_RECORDS = 512;

    enum class Mode : uint8_t { Cooked, Raw };
    enum class Echo : uint8_t { Off, On };
    enum class Event : uint8_t { None, Interrupt };

    // Where echo goes. Called from input() and set_mode() with short texts.
    using EchoSink = void (*)(void* context, const char* text, size_t length);

    LineDiscipline() = default;
    LineDiscipline(const LineDiscipline&) = delete;
    LineDiscipline& operator=(const LineDiscipline&) = delete;

    void set_echo_sink(EchoSink sink, void* context)
    {
        m_sink = sink;
        m_sink_context = context;
    }

    // Takes one byte from the terminal.
    Event input(uint8_t byte);

    // Whether a read would return something now (data or an end-of-file mark).
    bool readable() const { return m_record_count > 0; }
    // Copies out what a read gets (see the file comment); 0 for end of file, and also
    // when nothing is readable (check readable() first) or size is 0.
    size_t read(void* buffer, size_t size);

    Mode mode() const { return m_mode; }
    void set_mode(Mode mode);
    Echo echo() const { return m_echo; }
    void set_echo(Echo echo) { m_echo = echo; }

    // The line being edited (cooked mode), for tests and diagnostics.
    StringView line() const { return StringView(m_line, m_line_length); }
    // Bytes of completed input waiting for readers.
    size_t buffered() const { return m_input_used; }
    // Back to the initial state: cooked, echo on, nothing buffered (the sink stays).
    void reset();

private:
    enum class RecordKind : uint8_t { Line, Raw, EndOfFile };
    struct Record {
        uint16_t length;
        RecordKind kind;
    };

    void cooked_input(uint8_t byte);
    Event cooked_control(uint8_t byte);
    void raw_input(uint8_t byte);
    // Moves the edited line (plus `terminator` when non-zero) into completed input;
    // false, changing nothing, when it does not fit.
    bool deliver_line(char terminator);
    bool push_end_of_file();
    void append_input(const char* bytes, size_t length);
    Record& record_at(size_t index) { return m_records[(m_record_head + index) % MAX_RECORDS]; }
    void pop_record();
    size_t copy_out(uint8_t* to, size_t size);
    // Removes the last character of the line (one UTF-8 sequence or one byte) and echoes
    // its erasure; false when the line is empty.
    bool erase_character();
    void echo(const char* text, size_t length);
    void echo(const char* text) { echo(text, __builtin_strlen(text)); }
    void ring_bell() { echo("\a", 1); }

    EchoSink m_sink { nullptr };
    void* m_sink_context { nullptr };
    Mode m_mode { Mode::Cooked };
    Echo m_echo { Echo::On };
    bool m_after_cr { false }; // the previous byte was a CR that ended a line

    char m_line[LINE_CAPACITY] {};
    size_t m_line_length { 0 };

    // Completed input: a ring of bytes and, over it, a ring of records saying how the
    // bytes divide into lines (and where the end-of-file marks sit, which take no bytes).
    uint8_t m_input[INPUT_CAPACITY] {};
    size_t m_input_head { 0 };
    size_t m_input_used { 0 };
    Record m_records[MAX_RECORDS] {};
    size_t m_record_head { 0 };
    size_t m_record_count { 0 };
};

} // namespace ts
