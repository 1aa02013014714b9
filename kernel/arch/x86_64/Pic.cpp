// 8259 PIC remap and mask. See Pic.hpp.
#include "Pic.hpp"

#include "Cpu.hpp"

namespace ts::arch {

void pic_disable()
{
    constexpr uint16_t MASTER_CMD = 0x20, MASTER_DATA = 0x21, SLAVE_CMD = 0xA0, SLAVE_DATA = 0xA1;
    outb(MASTER_CMD, 0x11); // ICW1: initialise, ICW4 follows
    outb(SLAVE_CMD, 0x11);
    outb(MASTER_DATA, 0x20); // ICW2: vectors 0x20-0x27 ...
    outb(SLAVE_DATA, 0x28);  // ... and 0x28-0x2f, clear of the exceptions
    outb(MASTER_DATA, 0x04); // ICW3: slave on IRQ2
    outb(SLAVE_DATA, 0x02);
    outb(MASTER_DATA, 0x01); // ICW4: 8086 mode
    outb(SLAVE_DATA, 0x01);
    outb(MASTER_DATA, 0xFF); // OCW1: mask everything
    outb(SLAVE_DATA, 0xFF);
}

} // namespace ts::arch
