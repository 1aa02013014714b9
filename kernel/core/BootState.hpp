// BootState: what the kernel kept from the loader's BootInfo (copied into kernel memory
// by kernel_entry before the loader's pages are reclaimed). Layer: core.
#pragma once

#include <arch/x86_64/BootInfo.hpp>

#include "CommandLine.hpp"

namespace ts {

const boot::BootInfo& boot_info();
const CommandLine& command_line();

} // namespace ts
