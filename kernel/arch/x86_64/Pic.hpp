// Pic: the legacy 8259 pair. Tessera routes device interrupts through the I/O APIC, so the
// PICs are remapped away from the exception vectors (a spurious IRQ7/15 then cannot look
// like an exception) and fully masked. Layer: arch facade.
// Ref: Intel 8259A datasheet (ICW1-ICW4, OCW1).
#pragma once

namespace ts::arch {

void pic_disable();

} // namespace ts::arch
