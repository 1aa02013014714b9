# The libc test suite (tests/libc), run twice with the same sources:
#   - on Tessera: an application built out of tree with the installed SDK, booted as the
#     first process (boot.libc_tests);
#   - on the Linux host: the libc's sources on its Linux OS layer (sdk/libc/os/Linux.c),
#     linked statically without the host's C library (host.libc_on_linux).
# Included from the top-level CMakeLists.txt after cmake/Sdk.cmake.
set(TS_LIBC_TESTS ${CMAKE_BINARY_DIR}/libc-tests/libc-tests)
ExternalProject_Add(libc_tests
    SOURCE_DIR ${TS_ROOT}/tests/libc
    BINARY_DIR ${CMAKE_BINARY_DIR}/libc-tests
    CMAKE_GENERATOR Ninja
    CMAKE_ARGS -DCMAKE_TOOLCHAIN_FILE=${TS_SDK_TOOLCHAIN} -DCMAKE_BUILD_TYPE=${CMAKE_BUILD_TYPE}
    DEPENDS sdk
    BUILD_ALWAYS ON
    INSTALL_COMMAND ""
    BUILD_BYPRODUCTS ${TS_LIBC_TESTS}
    USES_TERMINAL_BUILD ON)
ts_add_initrd(libc PROGRAMS ${TS_LIBC_TESTS} DEPENDS libc_tests)
ts_add_image(test-libc CMDLINE "init=/bin/libc-tests init.report" INITRD ${TS_INITRD_LIBC} DEBUG_EXIT)
add_dependencies(image-test-libc initrd-libc)

# The Linux build: one clang invocation, our headers only, our crt0 and start-up code.
find_program(TS_CLANG_FOR_LINUX NAMES clang clang-14 REQUIRED)
set(TS_LIBC_LINUX_DIR ${CMAKE_BINARY_DIR}/libc-linux)
configure_file(${TS_ROOT}/kernel/syscalls/SyscallList.h ${TS_LIBC_LINUX_DIR}/include/tessera/SyscallList.h COPYONLY)
set(TS_LIBC_LINUX_SOURCES "")
foreach(part ctype errno format locale math os setjmp signal stdio stdlib string threads time)
    file(GLOB sources CONFIGURE_DEPENDS ${TS_ROOT}/sdk/libc/${part}/*.c ${TS_ROOT}/sdk/libc/${part}/*.S)
    list(APPEND TS_LIBC_LINUX_SOURCES ${sources})
endforeach()
# The Tessera layer (os/Tessera*.c, os/Tessera*.S) is left out; the Linux one stays.
list(FILTER TS_LIBC_LINUX_SOURCES EXCLUDE REGEX "/os/Tessera[A-Za-z]*\\.[cS]$")
file(GLOB TS_PATCHWORK_SOURCES CONFIGURE_DEPENDS ${TS_ROOT}/sdk/libpatchwork/*.c)
list(APPEND TS_LIBC_LINUX_SOURCES ${TS_PATCHWORK_SOURCES})
file(GLOB TS_LIBC_TEST_SOURCES CONFIGURE_DEPENDS ${TS_ROOT}/tests/libc/*.c)
list(APPEND TS_LIBC_LINUX_SOURCES ${TS_ROOT}/sdk/crt/Start.c ${TS_ROOT}/sdk/crt/crt0.S ${TS_LIBC_TEST_SOURCES})
set(TS_LIBC_ON_LINUX ${TS_LIBC_LINUX_DIR}/libc-tests)
add_custom_command(OUTPUT ${TS_LIBC_ON_LINUX}
    COMMAND ${TS_CLANG_FOR_LINUX} --target=x86_64-linux-gnu -fuse-ld=lld -static -nostdlib
        -ffreestanding -fno-builtin -nostdlibinc -fno-pic -fno-pie -fno-stack-protector -O2 -std=c17
        -ffp-contract=off -fno-math-errno
        -Wall -Wextra -Werror -Wno-unused-parameter
        -I${TS_ROOT}/sdk/libc/include -I${TS_ROOT}/sdk/libpatchwork/include -I${TS_LIBC_LINUX_DIR}/include
        -Wl,-e,_start -o ${TS_LIBC_ON_LINUX} ${TS_LIBC_LINUX_SOURCES}
    DEPENDS ${TS_LIBC_LINUX_SOURCES}
    COMMENT "Building the libc tests for the Linux host" VERBATIM)
add_custom_target(libc_on_linux ALL DEPENDS ${TS_LIBC_ON_LINUX})
add_test(NAME host.libc_on_linux COMMAND ${TS_LIBC_ON_LINUX})
set_tests_properties(host.libc_on_linux PROPERTIES LABELS host
    PASS_REGULAR_EXPRESSION "libc-tests: [0-9]+ checks, 0 failed")
