// fuzz_symbol_table: libFuzzer target for kernel/core/SymbolTable. Part of tests/fuzz
// (host-only).
//
// The input is the embedded `nm` text (the build makes it, but a panic must never
// crash on a damaged one). Lookups run at a few fixed addresses and at the address in
// the input's first 8 bytes; a match must point into the text, name a non-empty
// symbol, lie at or below the query and within the limit.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "FuzzCheck.hpp"
#include "core/SymbolTable.hpp"

namespace {

void check_lookup(const ts::SymbolTable& table, const char* text, size_t size, uint64_t address)
{
    constexpr uint64_t limit = 1 << 20;
    ts::SymbolMatch match {};
    if (!table.lookup(address, match, limit))
        return;
    FUZZ_CHECK(match.name >= text && match.name_length > 0);
    FUZZ_CHECK(match.name_length <= size && static_cast<size_t>(match.name - text) <= size - match.name_length);
    FUZZ_CHECK(match.address <= address && match.offset == address - match.address);
    FUZZ_CHECK(match.offset <= limit);
    unsigned sum = 0;
    for (size_t i = 0; i < match.name_length; ++i)
        sum += static_cast<unsigned char>(match.name[i]);
    asm volatile("" : : "r"(sum));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const char* text = reinterpret_cast<const char*>(data);
    ts::SymbolTable table(text, size);
    FUZZ_CHECK(table.count() <= size / 5); // the shortest line, "0 T x", is 5 bytes

    uint64_t from_input = 0;
    std::memcpy(&from_input, data, size < 8 ? size : 8);
    const uint64_t addresses[] = { 0, 0xffffffff80000000ull, 0xffffffff80001234ull, UINT64_MAX, from_input };
    for (uint64_t address : addresses)
        check_lookup(table, text, size, address);
    return 0;
}
