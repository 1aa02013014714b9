// The few C++ ABI hooks a freestanding kernel must supply itself.
// Layer: core. Ref: Itanium C++ ABI §3.3.5 (DSO object destruction), §3.2.6 (pure virtual).
#include "Panic.hpp"

extern "C" {

// Called if a pure virtual function is reached through a partly constructed or destroyed
// object: always a kernel bug.
[[noreturn]] void __cxa_pure_virtual() { ts::panic("pure virtual function called"); }

// Destructors of static objects would be registered here. The kernel never exits, so they
// are deliberately never run; registering succeeds and does nothing.
void* __dso_handle = nullptr;
int __cxa_atexit(void (*)(void*), void*, void*) { return 0; }

} // extern "C"
