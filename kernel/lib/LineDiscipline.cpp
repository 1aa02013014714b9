// LineDiscipline: the editing rules and the completed-input rings (see
// LineDiscipline.hpp for the rules).
#include "LineDiscipline.hpp"

namespace ts {

namespace {

constexpr uint8_t CTRL_C = 0x03;
constexpr uint8_t CTRL_D = 0x04;
constexpr uint8_t BACKSPACE = 0x08;
constexpr uint8_t TAB = 0x09;
constexpr uint8_t LF = 0x0a;
constexpr uint8_t CR = 0x0d;
constexpr uint8_t CTRL_U = 0x15;
constexpr uint8_t CTRL_W = 0x17;
constexpr uint8_t DEL = 0x7f;

bool is_blank(char c) { return c == ' ' || c == '\t'; }
// A control byte other than TAB shows as two columns ("^X").
bool shows_as_caret(uint8_t c) { return (c < 0x20 && c != TAB) || c == DEL; }
bool is_utf8_continuation(uint8_t c) { return (c & 0xc0) == 0x80; }

} // namespace

void LineDiscipline::reset()
{
    m_mode = Mode::Cooked;
    m_echo = Echo::On;
    m_after_cr = false;
    m_line_length = 0;
    m_input_head = m_input_used = 0;
    m_record_head = m_record_count = 0;
}

void LineDiscipline::echo(const char* text, size_t length)
{
    if (m_echo == Echo::On && m_sink)
        m_sink(m_sink_context, text, length);
}

LineDiscipline::Event LineDiscipline::input(uint8_t byte)
{
    if (m_mode == Mode::Raw) {
        raw_input(byte);
        return Event::None;
    }
    bool after_cr = m_after_cr;
    m_after_cr = false;
    if (byte == LF && after_cr)
        return Event::None; // the LF of a CR LF pair: the CR already ended the line
    if (byte == CR || byte == LF) {
        m_after_cr = byte == CR;
        if (deliver_line('\n'))
            echo("\n", 1);
        else
            ring_bell();
        return Event::None;
    }
    if (byte == CTRL_C || byte == CTRL_D || byte == BACKSPACE || byte == DEL || byte == CTRL_U || byte == CTRL_W)
        return cooked_control(byte);
    cooked_input(byte);
    return Event::None;
}

void LineDiscipline::cooked_input(uint8_t byte)
{
    if (m_line_length >= LINE_CAPACITY - 1) {
        ring_bell();
        return;
    }
    m_line[m_line_length++] = static_cast<char>(byte);
    if (shows_as_caret(byte)) {
        char shown[2] = { '^', static_cast<char>(byte == DEL ? '?' : byte + 0x40) };
        echo(shown, 2);
    } else {
        char c = static_cast<char>(byte);
        echo(&c, 1);
    }
}

LineDiscipline::Event LineDiscipline::cooked_control(uint8_t byte)
{
    switch (byte) {
    case CTRL_C:
        m_line_length = 0;
        echo("^C\n");
        return Event::Interrupt;
    case CTRL_D:
        if (m_line_length == 0) {
            if (!push_end_of_file())
                ring_bell();
        } else if (!deliver_line(0)) {
            ring_bell();
        }
        return Event::None;
    case BACKSPACE:
    case DEL:
        erase_character();
        return Event::None;
    case CTRL_U:
        while (erase_character()) { }
        return Event::None;
    case CTRL_W:
        while (m_line_length > 0 && is_blank(m_line[m_line_length - 1]))
            erase_character();
        while (m_line_length > 0 && !is_blank(m_line[m_line_length - 1]))
            erase_character();
        return Event::None;
    default:
        return Event::None;
    }
}

bool LineDiscipline::erase_character()
{
    if (m_line_length == 0)
        return false;
    // A UTF-8 character goes whole: its continuation bytes, then the byte that led them.
    // A stray continuation byte with no lead before it goes on its own. A sequence is
    // at most four bytes, so the look back is too (and ^U stays linear in the line).
    size_t end = m_line_length;
    size_t start = end - 1;
    while (start > 0 && end - start < 4 && is_utf8_continuation(static_cast<uint8_t>(m_line[start])))
        --start;
    if (start + 1 != end && static_cast<uint8_t>(m_line[start]) < 0xc0)
        start = end - 1; // no lead byte: not a sequence, erase one byte
    bool caret = shows_as_caret(static_cast<uint8_t>(m_line[start]));
    m_line_length = start;
    echo("\b \b", 3);
    if (caret)
        echo("\b \b", 3);
    return true;
}

void LineDiscipline::raw_input(uint8_t byte)
{
    bool merge = m_record_count > 0 && record_at(m_record_count - 1).kind == RecordKind::Raw;
    if (m_input_used == INPUT_CAPACITY || (!merge && m_record_count == MAX_RECORDS)) {
        ring_bell();
        return;
    }
    char c = static_cast<char>(byte);
    append_input(&c, 1);
    if (merge)
        ++record_at(m_record_count - 1).length;
    else
        m_records[(m_record_head + m_record_count++) % MAX_RECORDS] = Record { 1, RecordKind::Raw };
    echo(&c, 1);
}

bool LineDiscipline::deliver_line(char terminator)
{
    size_t length = m_line_length + (terminator ? 1 : 0);
    if (m_record_count == MAX_RECORDS || INPUT_CAPACITY - m_input_used < length)
        return false;
    append_input(m_line, m_line_length);
    if (terminator)
        append_input(&terminator, 1);
    m_records[(m_record_head + m_record_count++) % MAX_RECORDS] = Record { static_cast<uint16_t>(length), RecordKind::Line };
    m_line_length = 0;
    return true;
}

bool LineDiscipline::push_end_of_file()
{
    if (m_record_count == MAX_RECORDS)
        return false;
    m_records[(m_record_head + m_record_count++) % MAX_RECORDS] = Record { 0, RecordKind::EndOfFile };
    return true;
}

void LineDiscipline::append_input(const char* bytes, size_t length)
{
    for (size_t i = 0; i < length; ++i)
        m_input[(m_input_head + m_input_used + i) % INPUT_CAPACITY] = static_cast<uint8_t>(bytes[i]);
    m_input_used += length;
}

void LineDiscipline::pop_record()
{
    m_record_head = (m_record_head + 1) % MAX_RECORDS;
    --m_record_count;
}

size_t LineDiscipline::copy_out(uint8_t* to, size_t size)
{
    Record& head = record_at(0);
    size_t count = size < head.length ? size : head.length;
    for (size_t i = 0; i < count; ++i)
        to[i] = m_input[(m_input_head + i) % INPUT_CAPACITY];
    m_input_head = (m_input_head + count) % INPUT_CAPACITY;
    m_input_used -= count;
    head.length = static_cast<uint16_t>(head.length - count);
    if (head.length == 0)
        pop_record();
    return count;
}

size_t LineDiscipline::read(void* buffer, size_t size)
{
    if (size == 0 || m_record_count == 0)
        return 0;
    if (record_at(0).kind == RecordKind::EndOfFile) {
        pop_record();
        return 0;
    }
    auto* to = static_cast<uint8_t*>(buffer);
    size_t done = copy_out(to, size);
    if (m_mode == Mode::Raw) {
        // Whatever is there: more records, up to an end-of-file mark.
        while (done < size && m_record_count > 0 && record_at(0).kind != RecordKind::EndOfFile)
            done += copy_out(to + done, size - done);
    }
    return done;
}

void LineDiscipline::set_mode(Mode mode)
{
    if (mode == m_mode)
        return;
    // The line being edited is handed over as it is, as ^D would; if it cannot be, it
    // is dropped (raw mode has no line to keep it in).
    if (mode == Mode::Raw && m_line_length > 0 && !deliver_line(0)) {
        m_line_length = 0;
        ring_bell();
    }
    m_after_cr = false;
    m_mode = mode;
}

} // namespace ts
