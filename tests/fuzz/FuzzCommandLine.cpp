// fuzz_command_line: libFuzzer target for kernel/core/CommandLine. Part of tests/fuzz
// (host-only).
//
// The input is a kernel command line, which comes from boot.cfg. has() and value() must
// stay inside the text, and a value must belong to a word of that name.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "FuzzCheck.hpp"
#include "core/CommandLine.hpp"

namespace {

void check_value(const ts::CommandLine& line, const char* text, size_t size, const char* name)
{
    size_t length = 0;
    const char* value = line.value(name, &length);
    if (!value) {
        return;
    }
    const size_t name_length = std::strlen(name);
    FUZZ_CHECK(line.has(name));
    FUZZ_CHECK(value >= text + name_length + 1 && static_cast<size_t>(value - text) <= size);
    FUZZ_CHECK(length <= size - static_cast<size_t>(value - text));
    FUZZ_CHECK(value[-1] == '=' && std::memcmp(value - 1 - name_length, name, name_length) == 0);
    FUZZ_CHECK(std::memchr(value, ' ', length) == nullptr);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const char* text = reinterpret_cast<const char*>(data);
    ts::CommandLine line(text, size);
    const char* names[] = { "test", "test.expect_panic", "console", "", "=" };
    for (const char* name : names) {
        (void)line.has(name);
        check_value(line, text, size, name);
    }
    return 0;
}
