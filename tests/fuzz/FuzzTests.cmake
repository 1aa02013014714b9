# FuzzTests.cmake: brings the libFuzzer targets into the main build. Included from
# tests/host/CMakeLists.txt; part of tests/fuzz.
#
# The targets need clang and libFuzzer's runtime (Debian: libclang-rt-14-dev), while the
# host tests may be built with any compiler, so tests/fuzz is built as an ExternalProject
# with clang++ into <build>/tests/fuzz. If clang++ is missing or cannot link
# -fsanitize=fuzzer, the fuzzers are left out with a message and nothing else changes.
#
# Each target gets a short ctest run under the label `fuzz` (`ctest -L fuzz`); the
# `./tessera test` labels (host, boot) do not include it. Longer runs:
# tests/fuzz/run-fuzzers.sh.
option(TS_FUZZ "Build the libFuzzer targets in tests/fuzz (needs clang) and register their ctest runs" ON)
set(TS_FUZZ_CTEST_RUNS 50000 CACHE STRING "Inputs each fuzz target tries in its ctest run")
if(NOT TS_FUZZ)
    return()
endif()

find_program(TS_FUZZ_CLANGXX NAMES clang++ clang++-14)
if(NOT TS_FUZZ_CLANGXX)
    message(STATUS "fuzz: no clang++; the libFuzzer targets are not built")
    return()
endif()

# Can this clang link a fuzzer? (libclang-rt-14-dev is only recommended by clang-14.)
set(probe_dir ${CMAKE_BINARY_DIR}/CMakeFiles/fuzz-probe)
file(WRITE ${probe_dir}/probe.cpp
    "extern \"C\" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }\n")
execute_process(
    COMMAND ${TS_FUZZ_CLANGXX} -fsanitize=fuzzer,address,undefined probe.cpp -o probe
    WORKING_DIRECTORY ${probe_dir}
    RESULT_VARIABLE probe_result OUTPUT_QUIET ERROR_QUIET)
if(NOT probe_result EQUAL 0)
    message(STATUS "fuzz: ${TS_FUZZ_CLANGXX} cannot link -fsanitize=fuzzer (install libclang-rt-14-dev); "
        "the libFuzzer targets are not built")
    return()
endif()

message(STATUS "fuzz: building the libFuzzer targets with ${TS_FUZZ_CLANGXX} (ctest -L fuzz)")
include(ExternalProject)
set(TS_FUZZ_BINARY_DIR ${CMAKE_BINARY_DIR}/tests/fuzz)
ExternalProject_Add(fuzzers
    SOURCE_DIR ${TS_ROOT}/tests/fuzz
    BINARY_DIR ${TS_FUZZ_BINARY_DIR}
    CMAKE_GENERATOR Ninja
    CMAKE_ARGS -DCMAKE_CXX_COMPILER=${TS_FUZZ_CLANGXX} -DTS_ROOT=${TS_ROOT} -DCMAKE_BUILD_TYPE=RelWithDebInfo
    BUILD_ALWAYS ON
    INSTALL_COMMAND "")

# A fixed number of inputs from a fixed random seed, on top of the generated seeds and
# whatever corpus earlier runs left in <build>/tests/fuzz/corpus.
include(${TS_ROOT}/tests/fuzz/Targets.cmake)
foreach(entry IN LISTS TS_FUZZ_TARGETS)
    string(REPLACE ":" ";" parts ${entry})
    list(GET parts 0 name)
    set(options -runs=${TS_FUZZ_CTEST_RUNS} -seed=1 -timeout=10 -artifact_prefix=${TS_FUZZ_BINARY_DIR}/artifacts/${name}-)
    if(EXISTS ${TS_ROOT}/tests/fuzz/${name}.dict)
        list(APPEND options -dict=${TS_ROOT}/tests/fuzz/${name}.dict)
    endif()
    add_test(NAME fuzz.${name}
        COMMAND ${TS_FUZZ_BINARY_DIR}/fuzz_${name} ${options}
            ${TS_FUZZ_BINARY_DIR}/corpus/${name} ${TS_FUZZ_BINARY_DIR}/seeds/${name})
    set_tests_properties(fuzz.${name} PROPERTIES LABELS "fuzz" TIMEOUT 300)
endforeach()
