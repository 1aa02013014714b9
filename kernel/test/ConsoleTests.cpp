// The framebuffer console, checked by reading the screen back.
#include <core/Log.hpp>
#include <drivers/FramebufferConsole.hpp>

#include "KernelTest.hpp"

namespace ts {

KTEST(console, banner_is_on_screen)
{
    auto& console = framebuffer_console();
    KASSERT(console.is_ready());
    bool found = false;
    for (uint32_t row = 0; row < console.rows() && !found; ++row)
        found = console.find_on_row(row, "Tessera " TS_VERSION_STRING) >= 0;
    KEXPECT(found);
}

KTEST(console, draws_what_is_logged)
{
    auto& console = framebuffer_console();
    KASSERT(console.is_ready());
    log("console self-check: QZXJ-%d", 4711);
    bool found = false;
    for (uint32_t row = 0; row < console.rows() && !found; ++row)
        found = console.find_on_row(row, "console self-check: QZXJ-4711") >= 0;
    KEXPECT(found);
    // And something never written is not found.
    bool phantom = false;
    for (uint32_t row = 0; row < console.rows() && !phantom; ++row)
        phantom = console.find_on_row(row, "QZXJ-4712") >= 0;
    KEXPECT(!phantom);
}

} // namespace ts
