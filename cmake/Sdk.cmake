# The SDK (sdk/): built for Tessera and installed into sysroot/, then used exactly as an
# outside developer would use it (the ports, the libc tests). The boot test
# `boot.sdk_out_of_tree` (tests/sdk/out-of-tree.sh) installs it again into a temporary
# prefix and builds tests/sdk/hello outside the source tree with nothing but that
# prefix's toolchain file. Included from the top-level CMakeLists.txt after
# cmake/BuildImage.cmake.
set(TS_SYSROOT ${TS_ROOT}/sysroot)
set(TS_SDK_TOOLCHAIN ${TS_SYSROOT}/lib/cmake/tessera/tessera.cmake)

ExternalProject_Add(sdk
    SOURCE_DIR ${TS_ROOT}/sdk
    BINARY_DIR ${CMAKE_BINARY_DIR}/sdk
    CMAKE_GENERATOR Ninja
    CMAKE_ARGS ${TS_CROSS_ARGS} -DCMAKE_TOOLCHAIN_FILE=${TS_ROOT}/cmake/toolchain-user.cmake
        -DCMAKE_INSTALL_PREFIX=${TS_SYSROOT}
    BUILD_ALWAYS ON
    BUILD_BYPRODUCTS ${TS_SYSROOT}/lib/libc.a ${TS_SYSROOT}/lib/crt0.o ${TS_SDK_TOOLCHAIN}
    USES_TERMINAL_BUILD ON)
