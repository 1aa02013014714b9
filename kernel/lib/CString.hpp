// Declarations of the C memory/string primitives. In freestanding builds they come from
// kernel/lib/freestanding/Memory.cpp; host builds (TS_HOST) take the C library's.
// Part of kernel/lib.
#pragma once

#include <cstddef>

#ifdef TS_HOST
#    include <cstring>
#else
extern "C" {
void* memcpy(void* __restrict dest, const void* __restrict src, size_t n);
void* memset(void* dest, int value, size_t n);
void* memmove(void* dest, const void* src, size_t n);
int memcmp(const void* a, const void* b, size_t n);
size_t strlen(const char* s);
int strcmp(const char* a, const char* b);
int strncmp(const char* a, const char* b, size_t n);
}
#endif
