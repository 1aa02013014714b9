# tessera.cmake: the CMake toolchain file of an installed Tessera SDK. An application
# outside the Tessera tree builds for Tessera with
#     cmake -S app -B build -DCMAKE_TOOLCHAIN_FILE=<prefix>/lib/cmake/tessera/tessera.cmake
# and nothing else: C sources compile with clang for bare x86-64 ELF against the SDK's
# headers, and executables link statically with ld.lld against crt0.o and libc.a.
# libpatchwork is `target_link_libraries(app patchwork)` (the SDK's lib/ is searched).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

get_filename_component(TESSERA_SDK_PREFIX "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
set(TESSERA_SDK_PREFIX ${TESSERA_SDK_PREFIX} CACHE PATH "The Tessera SDK in use")

find_program(TESSERA_CLANG NAMES clang clang-14 REQUIRED)
find_program(TESSERA_LLD NAMES ld.lld ld.lld-14 REQUIRED)

set(CMAKE_C_COMPILER ${TESSERA_CLANG})
set(CMAKE_ASM_COMPILER ${TESSERA_CLANG})
set(CMAKE_C_COMPILER_TARGET x86_64-unknown-elf)
set(CMAKE_ASM_COMPILER_TARGET x86_64-unknown-elf)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

# The SDK's headers replace the host's; clang's own (stddef.h, stdint.h, stdarg.h, ...)
# stay. Static, position-dependent executables.
set(CMAKE_C_FLAGS_INIT "-nostdlibinc -isystem ${TESSERA_SDK_PREFIX}/include -fno-pic -fno-pie -fno-stack-protector")
set(CMAKE_C_LINK_EXECUTABLE
    "${TESSERA_LLD} -static --no-pie -z max-page-size=4096 --build-id=none -e _start -L${TESSERA_SDK_PREFIX}/lib <LINK_FLAGS> ${TESSERA_SDK_PREFIX}/lib/crt0.o <OBJECTS> -o <TARGET> <LINK_LIBRARIES> ${TESSERA_SDK_PREFIX}/lib/libc.a")

# After project(): libc.a and libpatchwork.a as link dependencies (tessera-project.cmake).
set(CMAKE_PROJECT_INCLUDE ${CMAKE_CURRENT_LIST_DIR}/tessera-project.cmake)

set(CMAKE_FIND_ROOT_PATH ${TESSERA_SDK_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
