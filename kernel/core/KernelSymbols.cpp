// The kernel's embedded symbol table (see SymbolTable.hpp and kernel/CMakeLists.txt).
#include "SymbolTable.hpp"

extern "C" const char __ksyms_start[];
extern "C" const char __ksyms_end[];

namespace ts {

const SymbolTable& kernel_symbols()
{
    static SymbolTable table(__ksyms_start, static_cast<size_t>(__ksyms_end - __ksyms_start));
    return table;
}

} // namespace ts
