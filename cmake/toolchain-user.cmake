# Toolchain for the in-tree user-space test programs (tests/system): clang targeting bare
# x86_64 ELF, static executables linked by ld.lld. The SDK's installed toolchain file
# (issue 6) replaces this for everything else.
include(${CMAKE_CURRENT_LIST_DIR}/toolchain-kernel.cmake)
