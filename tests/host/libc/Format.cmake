# Format.cmake: the libc's formatting and parsing engine (sdk/libc/format) on the host.
# Included from tests/host/libc/CMakeLists.txt; expects TS_ROOT, TS_SANITIZE_FLAGS and
# GoogleTest (GTest::gtest, gtest_discover_tests) from the including project.
#
# ts_libc_format_host: sdk/libc/format/*.c built with the host compiler (the sources
# are freestanding C17, so this is exactly the code the SDK ships).
# libc_format_tests: tests/host/libc/FormatTest.cpp, which compares the engine with the
# host's glibc (printf, strtod, sscanf), registered under the ctest label `host`.
file(GLOB TS_LIBC_FORMAT_SOURCES CONFIGURE_DEPENDS ${TS_ROOT}/sdk/libc/format/*.c)
add_library(ts_libc_format_host STATIC ${TS_LIBC_FORMAT_SOURCES})
set_target_properties(ts_libc_format_host PROPERTIES C_STANDARD 17 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_include_directories(ts_libc_format_host PUBLIC ${TS_ROOT}/sdk/libc/format)
# -O2 even in debug builds: the tests push a few hundred thousand numbers through the
# big-integer conversions, under the sanitizers.
target_compile_options(ts_libc_format_host PRIVATE ${TS_SANITIZE_FLAGS} -O2 -Wall -Wextra -ffreestanding)
target_link_options(ts_libc_format_host PUBLIC ${TS_SANITIZE_FLAGS})

add_executable(libc_format_tests ${TS_ROOT}/tests/host/libc/FormatTest.cpp)
target_compile_options(libc_format_tests PRIVATE ${TS_SANITIZE_FLAGS} -Wall -Wextra -Wno-format-security)
target_link_libraries(libc_format_tests PRIVATE ts_libc_format_host GTest::gtest GTest::gtest_main)
gtest_discover_tests(libc_format_tests TEST_PREFIX "host.libc_format." DISCOVERY_TIMEOUT 60
    PROPERTIES LABELS "host")
