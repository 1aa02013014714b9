// SymbolTable: see SymbolTable.hpp.
#include "SymbolTable.hpp"

namespace ts {

namespace {

// Parses one "address type name" line starting at text[i]; returns the index after it.
size_t parse_line(const char* text, size_t length, size_t i, uint64_t& address, char& type, size_t& name_start,
    size_t& name_end, bool& ok)
{
    ok = false;
    address = 0;
    size_t digits = 0;
    for (; i < length && text[i] != ' ' && text[i] != '\n'; ++i, ++digits) {
        char c = text[i];
        unsigned v = 0;
        if (c >= '0' && c <= '9')
            v = static_cast<unsigned>(c - '0');
        else if (c >= 'a' && c <= 'f')
            v = static_cast<unsigned>(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v = static_cast<unsigned>(c - 'A' + 10);
        else
            digits = 100; // poison: not a hex address
        address = (address << 4) | (v & 0xF);
    }
    bool shape_ok = digits > 0 && digits <= 16 && i + 2 < length && text[i] == ' ' && text[i + 2] == ' ';
    if (shape_ok) {
        type = text[i + 1];
        i += 3;
        name_start = i;
    }
    while (i < length && text[i] != '\n')
        ++i;
    name_end = i;
    ok = shape_ok && name_end > name_start;
    return i < length ? i + 1 : i;
}

bool is_code(char type) { return type == 'T' || type == 't' || type == 'W' || type == 'w'; }

} // namespace

bool SymbolTable::lookup(uint64_t address, SymbolMatch& match, uint64_t limit) const
{
    bool found = false;
    size_t i = 0;
    while (i < m_length) {
        uint64_t sym;
        char type = 0;
        size_t start = 0, end = 0;
        bool ok;
        i = parse_line(m_text, m_length, i, sym, type, start, end, ok);
        if (!ok || !is_code(type))
            continue;
        if (sym > address)
            break; // sorted by address: nothing later can match
        match = SymbolMatch { m_text + start, end - start, sym, address - sym };
        found = true;
    }
    return found && match.offset <= limit;
}

size_t SymbolTable::count() const
{
    size_t n = 0;
    for (size_t i = 0; i < m_length;) {
        uint64_t sym;
        char type;
        size_t start = 0, end = 0;
        bool ok;
        i = parse_line(m_text, m_length, i, sym, type, start, end, ok);
        n += ok;
    }
    return n;
}

} // namespace ts
