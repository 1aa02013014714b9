// Backtrace: walks the frame-pointer chain (the kernel is built with
// -fno-omit-frame-pointer, so each frame starts with [saved rbp, return address]).
// Layer: arch facade.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ts::arch {

// Calls visit(return_address) for up to max_frames frames starting at frame pointer rbp.
// Stops at a null, misaligned or non-kernel frame pointer, so a corrupt stack ends the walk
// instead of faulting inside the panic handler.
template<typename Visit>
void walk_frames(uint64_t rbp, size_t max_frames, Visit visit)
{
    for (size_t i = 0; i < max_frames; ++i) {
        if (rbp == 0 || (rbp & 7) != 0 || rbp < 0xffff800000000000ull)
            return;
        auto* frame = reinterpret_cast<const uint64_t*>(rbp);
        uint64_t return_address = frame[1];
        if (return_address < 0xffffffff80000000ull)
            return;
        visit(return_address);
        if (frame[0] <= rbp)
            return; // frames grow towards higher addresses; anything else is a loop
        rbp = frame[0];
    }
}

inline uint64_t current_frame_pointer()
{
    uint64_t rbp;
    asm volatile("mov %%rbp, %0" : "=r"(rbp));
    return rbp;
}

} // namespace ts::arch
