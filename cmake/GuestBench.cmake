# The in-guest user-space benchmarks, Tessera against Linux on the same emulated machine
# (bench/guest; figures and how to read them in bench/README.md). Included by the
# top-level CMakeLists.txt after cmake/BuildImage.cmake and tests/boot, since it uses
# ts_add_image, ts_add_initrd and the cross-build arguments.
#
#   guest_bench                  ExternalProject: bench/guest with cmake/toolchain-user.cmake,
#                                giving guest-bench/bin/{bench,exit-at-once}-{tessera,linux}
#   image-bench-guest            init=/bin/bench: the full run
#   image-bench-guest-quick      init=/bin/bench-quick: every measurement ~1 ms (smoke)
#
# Tests: guestbench.{tessera,linux,compare} under the label `guestbench` (not CI: about a
# minute each under TCG, and the Linux one downloads Debian's kernel), and
# boot.bench_guest_smoke under `boot`, so CI proves the benchmark builds and runs.
set(TS_GUESTBENCH_BIN ${CMAKE_BINARY_DIR}/guest-bench/bin)
ExternalProject_Add(guest_bench
    SOURCE_DIR ${TS_ROOT}/bench/guest
    BINARY_DIR ${CMAKE_BINARY_DIR}/guest-bench
    CMAKE_GENERATOR Ninja
    CMAKE_ARGS ${TS_CROSS_ARGS} -DCMAKE_TOOLCHAIN_FILE=${TS_ROOT}/cmake/toolchain-user.cmake
    BUILD_ALWAYS ON
    INSTALL_COMMAND ""
    BUILD_BYPRODUCTS ${TS_GUESTBENCH_BIN}/bench-tessera ${TS_GUESTBENCH_BIN}/bench-linux
                     ${TS_GUESTBENCH_BIN}/exit-at-once-tessera ${TS_GUESTBENCH_BIN}/exit-at-once-linux
    USES_TERMINAL_BUILD ON)

# Tessera's init starts its program without arguments, so the quick run is the same
# program under a name ending in "-quick" (bench/guest/Bench.c). spawn_wait starts
# /bin/exit-at-once (bench/guest/BenchOs.h); run-linux.sh installs the Linux build at the
# same path.
set(TS_GUESTBENCH_STAGE ${CMAKE_BINARY_DIR}/guest-bench/initrd-programs)
add_custom_command(
    OUTPUT ${TS_GUESTBENCH_STAGE}/bench ${TS_GUESTBENCH_STAGE}/bench-quick ${TS_GUESTBENCH_STAGE}/exit-at-once
    COMMAND ${CMAKE_COMMAND} -E make_directory ${TS_GUESTBENCH_STAGE}
    COMMAND ${CMAKE_COMMAND} -E copy ${TS_GUESTBENCH_BIN}/bench-tessera ${TS_GUESTBENCH_STAGE}/bench
    COMMAND ${CMAKE_COMMAND} -E copy ${TS_GUESTBENCH_BIN}/bench-tessera ${TS_GUESTBENCH_STAGE}/bench-quick
    COMMAND ${CMAKE_COMMAND} -E copy ${TS_GUESTBENCH_BIN}/exit-at-once-tessera ${TS_GUESTBENCH_STAGE}/exit-at-once
    DEPENDS ${TS_GUESTBENCH_BIN}/bench-tessera ${TS_GUESTBENCH_BIN}/exit-at-once-tessera
    COMMENT "Staging bench-tessera as /bin/bench and /bin/bench-quick, and /bin/exit-at-once" VERBATIM)
ts_add_initrd(bench-guest
    PROGRAMS ${TS_GUESTBENCH_STAGE}/bench ${TS_GUESTBENCH_STAGE}/bench-quick ${TS_GUESTBENCH_STAGE}/exit-at-once
    DEPENDS guest_bench)
ts_add_image(bench-guest CMDLINE "init=/bin/bench init.report" INITRD ${TS_INITRD_BENCH_GUEST} DEBUG_EXIT)
ts_add_image(bench-guest-quick CMDLINE "init=/bin/bench-quick init.report" INITRD ${TS_INITRD_BENCH_GUEST} DEBUG_EXIT)
add_dependencies(image-bench-guest initrd-bench-guest)
add_dependencies(image-bench-guest-quick initrd-bench-guest)

# --- tests ---------------------------------------------------------------------------------
set(TS_GUESTBENCH_SCRIPTS ${TS_ROOT}/bench/guest)
add_test(NAME guestbench.tessera COMMAND ${TS_GUESTBENCH_SCRIPTS}/run-tessera.sh --build-dir ${CMAKE_BINARY_DIR})
add_test(NAME guestbench.linux COMMAND ${TS_GUESTBENCH_SCRIPTS}/run-linux.sh --build-dir ${CMAKE_BINARY_DIR})
add_test(NAME guestbench.compare COMMAND ${TS_GUESTBENCH_SCRIPTS}/compare.sh --build-dir ${CMAKE_BINARY_DIR})
set_tests_properties(guestbench.tessera guestbench.linux guestbench.compare PROPERTIES
    LABELS guestbench TIMEOUT 400 SKIP_RETURN_CODE 77)
# The two boots share two host cores; run one at a time, then the table.
set_tests_properties(guestbench.tessera guestbench.linux PROPERTIES RUN_SERIAL ON)
set_tests_properties(guestbench.compare PROPERTIES DEPENDS "guestbench.tessera;guestbench.linux")

# The smoke test: the quick image on the CI machine's default boot options (one CPU,
# 256 MiB, no -icount), checking that every benchmark printed its line.
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/boot-logs)
add_test(NAME boot.bench_guest_smoke COMMAND ${TS_ROOT}/tests/boot/boot-test.sh
    --image ${TS_IMAGE_DIR}/bench-guest-quick.img --log ${CMAKE_BINARY_DIR}/boot-logs/bench_guest_smoke.log
    --exit 33 --timeout 60
    --expect "bench-begin tessera quick"
    --expect "bench syscall_roundtrip getpid [0-9.]+ ns$"
    --expect "bench mmap_touch_unmap 4096 [0-9.]+ ns$"
    --expect "bench mmap_unmap_untouched 262144 [0-9.]+ ns$"
    --expect "bench spawn_wait exit_at_once [0-9.]+ ns$"
    --expect "bench pipe_pingpong 1 [0-9.]+ ns$"
    --expect "bench thread_create_join exit_at_once [0-9.]+ ns$"
    --expect "bench-end ok"
    --reject "bench-error")
set_tests_properties(boot.bench_guest_smoke PROPERTIES LABELS boot TIMEOUT 90)
