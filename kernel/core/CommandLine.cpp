// CommandLine: see CommandLine.hpp.
#include "CommandLine.hpp"

#include <lib/CString.hpp>

namespace ts {

template<typename Visit>
bool CommandLine::for_each_word(Visit visit) const
{
    size_t i = 0;
    while (i < m_length) {
        while (i < m_length && m_text[i] == ' ')
            ++i;
        size_t start = i;
        while (i < m_length && m_text[i] != ' ')
            ++i;
        if (i > start && visit(m_text + start, i - start))
            return true;
    }
    return false;
}

namespace {
// Length of the name part of a word (up to '=').
size_t name_length(const char* word, size_t length)
{
    size_t n = 0;
    while (n < length && word[n] != '=')
        ++n;
    return n;
}
} // namespace

bool CommandLine::has(const char* name) const
{
    size_t want = strlen(name);
    return for_each_word([&](const char* word, size_t length) {
        return name_length(word, length) == want && memcmp(word, name, want) == 0;
    });
}

const char* CommandLine::value(const char* name, size_t* out_length) const
{
    size_t want = strlen(name);
    const char* found = nullptr;
    for_each_word([&](const char* word, size_t length) {
        size_t n = name_length(word, length);
        if (n != want || memcmp(word, name, want) != 0 || n == length)
            return false;
        found = word + n + 1;
        *out_length = length - n - 1;
        return true;
    });
    return found;
}

} // namespace ts
