// Efi.hpp: the loader's one door to gnu-efi's headers. Part of bootloader/ (the UEFI
// application); every loader file that talks to firmware includes this, never <efi.h>.
//
// gnu-efi is used for its type and protocol declarations only. We link neither libefi
// nor libgnuefi and use none of their start-up code: efi_main is the PE entry point the
// firmware calls directly, with the Microsoft x64 calling convention that the
// x86_64-w64-windows-gnu target uses by default (so EFIAPI needs no attribute).
#pragma once

extern "C" {
#include <efi.h>
}

// gnu-efi defines NULL as ((void*)0), which C++ will not convert to other pointer types.
#undef NULL
#define NULL nullptr
