# Toolchain for the freestanding x86_64 kernel: clang/clang++ targeting bare x86_64 ELF,
# linked by ld.lld directly. Used by kernel/CMakeLists.txt through ExternalProject.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

find_program(TS_CLANG NAMES clang clang-14 REQUIRED)
find_program(TS_CLANGXX NAMES clang++ clang++-14 REQUIRED)
find_program(TS_LLD NAMES ld.lld ld.lld-14 REQUIRED)

set(CMAKE_C_COMPILER ${TS_CLANG})
set(CMAKE_CXX_COMPILER ${TS_CLANGXX})
set(CMAKE_ASM_COMPILER ${TS_CLANG})
set(CMAKE_C_COMPILER_TARGET x86_64-unknown-elf)
set(CMAKE_CXX_COMPILER_TARGET x86_64-unknown-elf)
set(CMAKE_ASM_COMPILER_TARGET x86_64-unknown-elf)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(CMAKE_CXX_LINK_EXECUTABLE "${TS_LLD} <LINK_FLAGS> <OBJECTS> -o <TARGET> <LINK_LIBRARIES>")
set(CMAKE_C_LINK_EXECUTABLE "${TS_LLD} <LINK_FLAGS> <OBJECTS> -o <TARGET> <LINK_LIBRARIES>")
