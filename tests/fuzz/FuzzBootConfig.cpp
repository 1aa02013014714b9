// fuzz_boot_config: libFuzzer target for bootloader/BootConfig. Part of tests/fuzz
// (host-only).
//
// The input is a boot.cfg file. The loader hands the parser a buffer that is not NUL
// terminated, and so does libFuzzer, so ASan catches any read past the end. After the
// parse the configuration must hold NUL-terminated strings within their capacities, a
// command-line length that matches its text, and a resolution in range; every warning
// must be one printable line starting with its line number (warnings reach the screen
// and the serial port, so control characters other than a tab must not).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>

#include "FuzzCheck.hpp"
#include "bootloader/BootConfig.hpp"

namespace loader = ts::loader;

namespace {

void check_warning(void*, const char* message)
{
    const size_t length = std::strlen(message);
    FUZZ_CHECK(length > 0 && length < 240);
    FUZZ_CHECK(std::strncmp(message, "line ", 5) == 0);
    for (size_t i = 0; i < length; ++i) {
        const unsigned char c = static_cast<unsigned char>(message[i]);
        FUZZ_CHECK(c == '\t' || (c >= 0x20 && c != 0x7f));
    }
}

bool terminated(const char* text, size_t capacity)
{
    return std::memchr(text, '\0', capacity) != nullptr;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static auto config = std::make_unique<loader::BootConfig>();
    loader::set_config_defaults(*config);
    loader::parse_boot_config(reinterpret_cast<const char*>(data), size, *config, check_warning, nullptr);

    FUZZ_CHECK(config->cmdline_length < loader::CMDLINE_CAPACITY);
    FUZZ_CHECK(config->cmdline[config->cmdline_length] == '\0');
    FUZZ_CHECK(std::strlen(config->cmdline) == config->cmdline_length);
    FUZZ_CHECK(terminated(config->kernel_path, loader::PATH_CAPACITY) && config->kernel_path[0] != '\0');
    FUZZ_CHECK(terminated(config->initrd_path, loader::PATH_CAPACITY) && config->initrd_path[0] != '\0');
    // Paths are ASCII without control characters (a tab is allowed, like in any value).
    for (const char* path : { config->kernel_path, config->initrd_path }) {
        for (const char* p = path; *p; ++p) {
            const unsigned char c = static_cast<unsigned char>(*p);
            FUZZ_CHECK(c == '\t' || (c >= 0x20 && c < 0x7f));
        }
    }
    if (config->has_resolution) {
        FUZZ_CHECK(config->width >= 1 && config->width <= 65535);
        FUZZ_CHECK(config->height >= 1 && config->height <= 65535);
    }
    return 0;
}
