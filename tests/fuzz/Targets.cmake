# The fuzz targets, one tests/fuzz/Fuzz<Name>.cpp each, built as fuzz_<name>. Read by
# tests/fuzz/CMakeLists.txt (which builds them) and tests/fuzz/FuzzTests.cmake (which
# registers their short ctest runs); run-fuzzers.sh asks the build for the list.
set(TS_FUZZ_TARGETS
    ustar:Ustar
    elf_validator:ElfValidator
    boot_config:BootConfig
    font:Font
    symbol_table:SymbolTable
    command_line:CommandLine
    memory_map:MemoryMap
    acpi_tables:AcpiTables
    path_flags:PathFlags
    ctl_parser:CtlParser
)
