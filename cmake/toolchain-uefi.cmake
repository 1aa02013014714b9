# Toolchain for the UEFI loader: clang targeting x86_64-w64-windows-gnu (PE/COFF output)
# with gnu-efi's headers, linked by lld-link as an EFI application. Used by
# bootloader/CMakeLists.txt through ExternalProject.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

find_program(TS_CLANG NAMES clang clang-14 REQUIRED)
find_program(TS_CLANGXX NAMES clang++ clang++-14 REQUIRED)
find_program(TS_LLD_LINK NAMES lld-link lld-link-14 REQUIRED)

set(CMAKE_C_COMPILER ${TS_CLANG})
set(CMAKE_CXX_COMPILER ${TS_CLANGXX})
set(CMAKE_ASM_COMPILER ${TS_CLANG})
set(CMAKE_C_COMPILER_TARGET x86_64-w64-windows-gnu)
set(CMAKE_CXX_COMPILER_TARGET x86_64-w64-windows-gnu)
set(CMAKE_ASM_COMPILER_TARGET x86_64-w64-windows-gnu)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(CMAKE_CXX_LINK_EXECUTABLE
    "${TS_LLD_LINK} /subsystem:efi_application /entry:efi_main /nodefaultlib <LINK_FLAGS> <OBJECTS> /out:<TARGET> <LINK_LIBRARIES>")
set(CMAKE_C_LINK_EXECUTABLE ${CMAKE_CXX_LINK_EXECUTABLE})
