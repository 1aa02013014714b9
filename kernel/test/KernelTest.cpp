// The in-kernel test runner. See KernelTest.hpp.
#include "KernelTest.hpp"

#include <arch/x86_64/Clock.hpp>
#include <arch/x86_64/DebugExit.hpp>
#include <core/Log.hpp>
#include <lib/CString.hpp>

extern "C" const ts::test::TestCase __ktests_start[];
extern "C" const ts::test::TestCase __ktests_end[];

namespace ts::test {

bool TestContext::check(bool ok, const char* expression, const char* file, int line)
{
    if (!ok) {
        ++m_failures;
        log_error("    expectation failed: %s (%s:%d)", expression, file, line);
    }
    return ok;
}

void TestContext::fail(const char* file, int line, const char* fmt, ...)
{
    ++m_failures;
    char message[256];
    va_list args;
    va_start(args, fmt);
    vformat(message, sizeof(message), fmt, args);
    va_end(args);
    log_error("    expectation failed: %s (%s:%d)", message, file, line);
}

namespace {

bool matches(const TestCase& test, const char* filter, uint64_t filter_length)
{
    if (!filter)
        return true;
    // Compare the prefix against "suite.name" without building the string.
    size_t suite_length = strlen(test.suite);
    for (uint64_t i = 0; i < filter_length; ++i) {
        char c;
        if (i < suite_length)
            c = test.suite[i];
        else if (i == suite_length)
            c = '.';
        else {
            size_t j = i - suite_length - 1;
            if (j >= strlen(test.name))
                return false;
            c = test.name[j];
        }
        if (c != filter[i])
            return false;
    }
    return true;
}

} // namespace

void run_kernel_tests(const char* filter, uint64_t filter_length, bool expect_panic)
{
    unsigned passed = 0, failed = 0;
    size_t total = static_cast<size_t>(__ktests_end - __ktests_start);
    log("ktest: %zu tests registered%s", total, expect_panic ? ", expect-panic mode" : "");
    for (const TestCase* test = __ktests_start; test < __ktests_end; ++test) {
        if (!matches(*test, filter, filter_length))
            continue;
        if ((test->kind == TestKind::ExpectPanic) != expect_panic)
            continue;
        log("ktest: %s.%s ...", test->suite, test->name);
        TestContext context;
        uint64_t start = arch::monotonic_ns();
        test->function(context);
        uint64_t ms = (arch::monotonic_ns() - start) / 1000000;
        if (test->kind == TestKind::ExpectPanic) {
            log_error("ktest: %s.%s FAILED: returned without the expected panic", test->suite, test->name);
            ++failed;
        } else if (context.failures() == 0) {
            log("ktest: %s.%s ok (%llu ms)", test->suite, test->name, static_cast<unsigned long long>(ms));
            ++passed;
        } else {
            log_error("ktest: %s.%s FAILED (%u expectations)", test->suite, test->name, context.failures());
            ++failed;
        }
    }
    // The closing line CI reads; also on serial without the timestamp prefix.
    char summary[64];
    size_t length = format(summary, sizeof(summary), "%u passed, %u failed\n", passed, failed);
    log_emergency_write(summary, length);
    arch::qemu_exit(failed == 0 && passed > 0 ? arch::ExitCode::TestsPassed : arch::ExitCode::TestsFailed);
}

} // namespace ts::test
