# The base system (ports/): each package is a separate CMake project built, like any
# outside application, with nothing but the installed SDK's toolchain file, and installed
# into one prefix (build/ports-root: bin/, etc/) that becomes the root archive of the
# image `./tessera run` boots. Included from the top-level CMakeLists.txt after
# cmake/Sdk.cmake.
set(TS_PORTS_ROOT ${CMAKE_BINARY_DIR}/ports-root)
set(TS_PORTS init shell coreutils)
set(TS_PORT_TARGETS "")
foreach(port ${TS_PORTS})
    ExternalProject_Add(port_${port}
        SOURCE_DIR ${TS_ROOT}/ports/${port}
        BINARY_DIR ${CMAKE_BINARY_DIR}/ports/${port}
        CMAKE_GENERATOR Ninja
        CMAKE_ARGS -DCMAKE_TOOLCHAIN_FILE=${TS_SDK_TOOLCHAIN} -DCMAKE_BUILD_TYPE=${CMAKE_BUILD_TYPE}
            -DCMAKE_INSTALL_PREFIX=${TS_PORTS_ROOT}
        DEPENDS sdk
        BUILD_ALWAYS ON
        USES_TERMINAL_BUILD ON)
    list(APPEND TS_PORT_TARGETS port_${port})
endforeach()

# ts_add_ports_initrd(NAME [ETC file...] [PROGRAMS file...]): build/initrd-NAME.tar (path
# in TS_INITRD_<NAME>) holding the ports' prefix and the usual /etc files; ETC files
# replace or add files in /etc (a test's own init.conf), PROGRAMS go into /bin. Rewritten
# only when its content changes.
function(ts_add_ports_initrd name)
    cmake_parse_arguments(RD "" "" "ETC;PROGRAMS" ${ARGN})
    set(stage ${CMAKE_BINARY_DIR}/initrd-${name}-root)
    set(archive ${CMAKE_BINARY_DIR}/initrd-${name}.tar)
    set(copy_etc "")
    if(RD_ETC)
        set(copy_etc COMMAND ${CMAKE_COMMAND} -E copy ${RD_ETC} ${stage}/etc/)
    endif()
    if(RD_PROGRAMS)
        list(APPEND copy_etc COMMAND ${CMAKE_COMMAND} -E copy ${RD_PROGRAMS} ${stage}/bin/)
    endif()
    add_custom_target(initrd-${name}
        COMMAND ${CMAKE_COMMAND} -E rm -rf ${stage}
        COMMAND ${CMAKE_COMMAND} -E copy_directory ${TS_PORTS_ROOT} ${stage}
        COMMAND ${CMAKE_COMMAND} -E copy ${TS_INITRD_STAGE}/etc/version ${TS_INITRD_STAGE}/etc/motd ${stage}/etc/
        ${copy_etc}
        COMMAND tar --format=ustar --owner=0 --group=0 --numeric-owner --mtime=@0 --sort=name
                -cf ${archive}.new -C ${stage} .
        COMMAND ${CMAKE_COMMAND} -E copy_if_different ${archive}.new ${archive}
        BYPRODUCTS ${archive}
        DEPENDS ${TS_INITRD_STAGE}/etc/version ${TS_INITRD_STAGE}/etc/motd ${RD_ETC} ${RD_PROGRAMS}
        COMMENT "Packing initrd-${name}.tar" VERBATIM)
    add_dependencies(initrd-${name} ${TS_PORT_TARGETS})
    string(TOUPPER ${name} upper)
    string(REPLACE "-" "_" upper ${upper})
    set(TS_INITRD_${upper} ${archive} PARENT_SCOPE)
endfunction()

# The image `./tessera run` boots: init reads /etc/init.conf and starts the shell on the
# serial console.
ts_add_ports_initrd(base)
ts_add_image(tessera CMDLINE "init=/bin/init" INITRD ${TS_INITRD_BASE})
add_dependencies(image-tessera initrd-base)

# The shell's system tests (tests/shell): the same programs with an init.conf that runs the
# shell once and reports its exit, fed scripted input over the serial console; /bin/fault
# (tests/system) gives the shell a child that a note kills.
ts_add_ports_initrd(shell-test ETC ${TS_ROOT}/tests/shell/init.conf PROGRAMS ${TS_SYSTEM_BIN}/fault)
add_dependencies(initrd-shell-test system_programs)
ts_add_image(test-shell CMDLINE "init=/bin/init init.report" INITRD ${TS_INITRD_SHELL_TEST} DEBUG_EXIT)
add_dependencies(image-test-shell initrd-shell-test)

# Boots of the shell test image, each typing one script (tests/shell/*.script) at the
# shell over the serial console and checking the output against *.expect.
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/boot-logs)
foreach(script basics coreutils)
    add_test(NAME boot.shell_${script} COMMAND ${TS_ROOT}/tests/shell/run-shell-test.sh
        --image ${TS_IMAGE_DIR}/test-shell.img
        --script ${TS_ROOT}/tests/shell/${script}.script --expect ${TS_ROOT}/tests/shell/${script}.expect
        --log ${CMAKE_BINARY_DIR}/boot-logs/shell_${script}.log)
    set_tests_properties(boot.shell_${script} PROPERTIES LABELS boot TIMEOUT 300)
endforeach()

# The ports' hardware-free parts, compiled for the host and tested there: the shell's
# parser and grep's matcher (under the sanitizers, like tests/host).
set(TS_PORT_TEST_FLAGS "")
if(TS_SANITIZE)
    set(TS_PORT_TEST_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
endif()
add_executable(shell_parse_test ${TS_ROOT}/tests/shell/ParseTest.c ${TS_ROOT}/ports/shell/Parse.c)
target_include_directories(shell_parse_test PRIVATE ${TS_ROOT}/ports/shell)
target_compile_options(shell_parse_test PRIVATE -Wall -Wextra -Werror ${TS_PORT_TEST_FLAGS})
target_link_options(shell_parse_test PRIVATE ${TS_PORT_TEST_FLAGS})
add_test(NAME host.shell_parse COMMAND shell_parse_test)
set_tests_properties(host.shell_parse PROPERTIES LABELS host)
add_executable(coreutils_match_test ${TS_ROOT}/ports/coreutils/tests/match_test.c ${TS_ROOT}/ports/coreutils/Match.c)
target_include_directories(coreutils_match_test PRIVATE ${TS_ROOT}/ports/coreutils)
target_compile_options(coreutils_match_test PRIVATE -Wall -Wextra -Werror ${TS_PORT_TEST_FLAGS})
target_link_options(coreutils_match_test PRIVATE ${TS_PORT_TEST_FLAGS})
add_test(NAME host.coreutils_match COMMAND coreutils_match_test)
set_tests_properties(host.coreutils_match PROPERTIES LABELS host)
