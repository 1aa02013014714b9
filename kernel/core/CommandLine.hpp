// CommandLine: the kernel command line from the loader's config (`cmdline = ...`).
// Layer: core, hardware-free (host-tested). Words are separated by spaces; a word is
// either `name` or `name=value`. Examples: `test`, `test=mm.`, `test.expect_panic`.
#pragma once

#include <cstddef>

namespace ts {

class CommandLine {
public:
    CommandLine() = default;
    CommandLine(const char* text, size_t length) : m_text(text), m_length(length) {}

    // True if a word `name` or `name=...` is present.
    bool has(const char* name) const;
    // The value of `name=value` (not NUL terminated; length in *length), or null when the
    // word is absent or has no '='.
    const char* value(const char* name, size_t* length) const;

    const char* text() const { return m_text; }
    size_t length() const { return m_length; }

private:
    // Calls visit(word, word_length) for each word; stops when it returns true.
    template<typename Visit>
    bool for_each_word(Visit visit) const;

    const char* m_text { "" };
    size_t m_length { 0 };
};

} // namespace ts
