// Tests that end the kernel on purpose. They run only with `test.expect_panic` on the
// command line; tests/boot checks QEMU's exit status (the panic code) and that the
// serial log's backtrace names the function that faulted.
#include <core/Panic.hpp>

#include "KernelTest.hpp"

namespace ts::test {

// noinline and a volatile pointer, so the faulting store really sits in this function.
[[gnu::noinline]] void deliberately_write_through_null()
{
    volatile uint64_t* null_pointer = nullptr;
    *null_pointer = 0xdead;
}

[[gnu::noinline]] void deliberately_fail_verify(int value)
{
    VERIFY(value == 0);
}

} // namespace ts::test

KTEST_EXPECT_PANIC(panic, null_write_page_fault)
{
    ts::test::deliberately_write_through_null();
}

KTEST_EXPECT_PANIC(panic, verify_failure)
{
    ts::test::deliberately_fail_verify(1);
}
