// FuzzCheck: the one assertion the fuzz targets use. Part of tests/fuzz (host-only,
// built with clang's -fsanitize=fuzzer). A failed check prints the condition and its
// place and aborts, which libFuzzer records as a crash and saves the input for.
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition)                                                                              \
    do {                                                                                                   \
        if (!(condition)) {                                                                                \
            std::fprintf(stderr, "%s:%d: FUZZ_CHECK(%s) failed\n", __FILE__, __LINE__, #condition);        \
            std::abort();                                                                                  \
        }                                                                                                  \
    } while (0)
