# The SDK (sdk/): built for Tessera and installed into sysroot/, then used exactly as an
# outside developer would use it: tests/sdk/hello is a separate CMake project configured
# with nothing but the installed toolchain file, booted as the first process by the
# boot test `boot.sdk_out_of_tree`. Included from the top-level CMakeLists.txt after
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

# The out-of-tree application: configured only after the SDK is installed.
set(TS_SDK_HELLO ${CMAKE_BINARY_DIR}/sdk-hello/hello)
ExternalProject_Add(sdk_hello
    SOURCE_DIR ${TS_ROOT}/tests/sdk/hello
    BINARY_DIR ${CMAKE_BINARY_DIR}/sdk-hello
    CMAKE_GENERATOR Ninja
    CMAKE_ARGS -DCMAKE_TOOLCHAIN_FILE=${TS_SDK_TOOLCHAIN} -DCMAKE_BUILD_TYPE=${CMAKE_BUILD_TYPE}
    DEPENDS sdk
    BUILD_ALWAYS ON
    INSTALL_COMMAND ""
    BUILD_BYPRODUCTS ${TS_SDK_HELLO}
    USES_TERMINAL_BUILD ON)

ts_add_initrd(sdk PROGRAMS ${TS_SDK_HELLO} DEPENDS sdk_hello)
ts_add_image(test-sdk CMDLINE "init=/bin/hello init.report" INITRD ${TS_INITRD_SDK} DEBUG_EXIT)
add_dependencies(image-test-sdk initrd-sdk)
