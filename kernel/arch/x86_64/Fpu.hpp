// Fpu: x87/SSE/AVX state, saved and restored per thread on every context switch.
// Layer: arch facade. The kernel itself is built without SSE (-mno-sse), so only user
// code and threads that opt in (tests) touch these registers; saving eagerly on each
// switch keeps the rule simple: a thread always finds its registers as it left them.
// Ref: Intel SDM Vol. 1 §13 (XSAVE), §10.5 (FXSAVE); Vol. 3A §2.5 (CR0.MP/EM, CR4.OSFXSR,
// OSXMMEXCPT, OSXSAVE).
#pragma once

#include <cstddef>

namespace ts::arch {

// Enables the FPU, SSE and (where present) XSAVE with AVX on the calling CPU. The boot CPU
// also records the save-area size and a clean initial state.
void fpu_init_cpu(bool boot_cpu);

// Bytes a save area needs; areas must be 64-byte aligned.
size_t fpu_state_size();
void fpu_init_state(void* area); // copies the clean initial state
void fpu_save(void* area);
void fpu_restore(const void* area);

} // namespace ts::arch
