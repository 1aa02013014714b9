// SymbolTable: address-to-name lookup over the kernel's embedded symbol list.
// Layer: core, hardware-free (host-tested). The build links the kernel once, lists its
// symbols with `nm -n -C --defined-only` into text ("ffffffff80101234 T name\n" per line,
// sorted by address), and links again with that text embedded in the last section
// (kernel/CMakeLists.txt), so every other address stays where it was in the first link.
// Parsing text at lookup time costs a linear scan, which is fine for panics and tests.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ts {

struct SymbolMatch {
    const char* name;    // not NUL terminated
    size_t name_length;
    uint64_t address;    // start of the symbol
    uint64_t offset;     // query - address
};

class SymbolTable {
public:
    SymbolTable() = default;
    SymbolTable(const char* text, size_t length) : m_text(text), m_length(length) {}

    // The function-like symbol (text section types T/t/W/w) at or below address; false when
    // the address lies before every symbol or past `limit` bytes beyond the nearest one.
    bool lookup(uint64_t address, SymbolMatch& match, uint64_t limit = 1 << 20) const;
    size_t count() const;

private:
    const char* m_text { nullptr };
    size_t m_length { 0 };
};

// The kernel's own table (the embedded text between __ksyms_start and __ksyms_end).
const SymbolTable& kernel_symbols();

} // namespace ts
