// In-kernel tests. A test is a function registered in the `.ktests` linker section
// (arch/x86_64/linker.ld collects them between __ktests_start and __ktests_end), so
// adding a test is writing it; no list to maintain.
//
//     KTEST(mm, page_round_trip) { auto page = pmm_allocate(); KEXPECT(page.is_ok()); ... }
//
// The runner (KernelTest.cpp) runs when the command line says `test` (all tests) or
// `test=<prefix>` (those whose "suite.name" starts with the prefix). It prints one line per
// test and ends with "N passed, M failed", then exits QEMU with the pass or fail code.
// Tests declared with KTEST_EXPECT_PANIC deliberately crash the kernel; they only run
// when the command line also holds `test.expect_panic`, and finishing one without a panic
// counts as a failure.
#pragma once

#include <cstdint>

#include <lib/Format.hpp>

namespace ts::test {

class TestContext {
public:
    // Records a failed expectation (and prints it); returns `ok` so callers can bail out.
    bool check(bool ok, const char* expression, const char* file, int line);
    void fail(const char* file, int line, const char* fmt, ...) __attribute__((format(printf, 4, 5)));
    unsigned failures() const { return m_failures; }

private:
    unsigned m_failures { 0 };
};

enum class TestKind : uint32_t { Normal = 0, ExpectPanic = 1 };

struct TestCase {
    const char* suite;
    const char* name;
    void (*function)(TestContext&);
    TestKind kind;
};

// Runs the selected tests and exits QEMU; never returns.
[[noreturn]] void run_kernel_tests(const char* filter, uint64_t filter_length, bool expect_panic);

} // namespace ts::test

#define TS_KTEST_DEFINE(suite, name, kind)                                                             \
    static void ktest_##suite##_##name(::ts::test::TestContext&);                                      \
    [[gnu::used, gnu::section(".ktests")]] static const ::ts::test::TestCase ktest_case_##suite##_##name \
        = { #suite, #name, ktest_##suite##_##name, kind };                                            \
    static void ktest_##suite##_##name([[maybe_unused]] ::ts::test::TestContext& ktest_context)

#define KTEST(suite, name) TS_KTEST_DEFINE(suite, name, ::ts::test::TestKind::Normal)
#define KTEST_EXPECT_PANIC(suite, name) TS_KTEST_DEFINE(suite, name, ::ts::test::TestKind::ExpectPanic)

#define KEXPECT(cond) ktest_context.check(static_cast<bool>(cond), #cond, __FILE__, __LINE__)
#define KEXPECT_EQ(a, b)                                                                                \
    do {                                                                                                \
        auto ktest_a = (a);                                                                             \
        auto ktest_b = (b);                                                                             \
        if (!(ktest_a == ktest_b))                                                                      \
            ktest_context.fail(__FILE__, __LINE__, "%s == %s: %lld != %lld", #a, #b,                    \
                static_cast<long long>(ktest_a), static_cast<long long>(ktest_b));                      \
    } while (0)
// Stops the test when a precondition for the rest fails.
#define KASSERT(cond)                      \
    do {                                   \
        if (!KEXPECT(cond))                \
            return;                        \
    } while (0)
