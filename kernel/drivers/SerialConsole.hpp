// SerialConsole: the interactive console on COM1, /dev/cons and /dev/consctl (the names
// follow Plan 9's cons(3)). Layer: drivers (calls lib's LineDiscipline, the fs objects,
// devfs, the arch facade for the UART and its interrupt, the log's console output, and
// proc for the "interrupt" note). docs/kernel/console.md has the design.
//
//   COM1 IRQ 4 --> drain the FIFO --> cons_input_bytes --> LineDiscipline --> /dev/cons read
//                                                      \-> echo to the consoles
//                                                      \-> ^C: the note thread posts "interrupt"
//
// /dev/cons  read: what the line discipline gives (a line in cooked mode, whatever is
//            there in raw mode, 0 once per ^D at the start of a line); waits for input,
//            interruptibly (a note for the reader's process ends the wait with
//            Error::Interrupted); :nonblock gives Error::WouldBlock instead. Pollable
//            (POLL_READ when a read would not wait; always POLL_WRITE).
//            write: the bytes as they are to COM1 ("\n" becomes "\r\n") and to the
//            framebuffer console, not through the kernel log and with no prefix. Writers
//            are serialised, so one write call is never interleaved with another's.
// /dev/consctl  a ctl file (fs/CtlFile.hpp) taking
//            rawon | rawoff | echo on | echo off | interrupt PID   (PID 0: nobody)
//
// Without a UART at COM1 both files still exist: reads wait for ever, polls are never
// readable, writes still reach the framebuffer console.
#pragma once

#include <cstddef>
#include <cstdint>

#include <lib/Result.hpp>

namespace ts::drivers {

// Publishes /dev/cons and /dev/consctl, starts the note thread and turns on COM1's
// receive interrupt (a missing UART or I/O APIC is logged, not an error).
Result<void> serial_console_init();

// The input path: bytes as the terminal sent them. The COM1 interrupt handler calls it
// with what it drained; tests call it to type. Callable from any context, interrupt
// handlers included (it never sleeps); does nothing before serial_console_init.
void cons_input_bytes(const char* bytes, size_t length);

// How many "interrupt" notes the note thread has posted (for tests and diagnostics).
uint64_t cons_interrupts_posted();

} // namespace ts::drivers
