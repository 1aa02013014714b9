// The C memory and string primitives the compiler may call on its own (memcpy, memset,
// memmove, memcmp) plus strlen, for the freestanding kernel and loader builds only. Host
// builds use the C library's versions, so this folder is not part of the host glob.
//
// The loops are plain C++; clang may turn them back into calls to these very functions,
// which would recurse forever. `-fno-builtin` on this file stops that
// (see kernel/CMakeLists.txt and bootloader/CMakeLists.txt).
#include <cstddef>
#include <cstdint>

extern "C" {

// Large runs go eight bytes at a time (`rep movsq`/`rep stosq`), the rest byte by byte.
// With ERMSB hardware `rep movsb` is as fast, but an emulator such as QEMU's TCG counts
// and executes every iteration, so the quadword form is 8 times cheaper there (a page is
// zeroed in 512 iterations, not 4096), and never slower on hardware.
void* memcpy(void* __restrict dest, const void* __restrict src, size_t n)
{
    auto* d = static_cast<unsigned char*>(dest);
    auto* s = static_cast<const unsigned char*>(src);
    if (n >= 64) {
        size_t words = n / 8;
        asm volatile("rep movsq" : "+D"(d), "+S"(s), "+c"(words) : : "memory");
        n %= 8;
    }
    asm volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
    return dest;
}

void* memset(void* dest, int value, size_t n)
{
    auto* d = static_cast<unsigned char*>(dest);
    if (n >= 64) {
        uint64_t pattern = uint64_t(static_cast<unsigned char>(value)) * 0x0101010101010101ull;
        size_t words = n / 8;
        asm volatile("rep stosq" : "+D"(d), "+c"(words) : "a"(pattern) : "memory");
        n %= 8;
    }
    asm volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(value) : "memory");
    return dest;
}

void* memmove(void* dest, const void* src, size_t n)
{
    auto* d = static_cast<unsigned char*>(dest);
    auto* s = static_cast<const unsigned char*>(src);
    if (d == s || n == 0)
        return dest;
    if (d < s || d >= s + n)
        return memcpy(dest, src, n);
    // Overlapping with dest above src: copy backwards.
    for (size_t i = n; i-- > 0;)
        d[i] = s[i];
    return dest;
}

int memcmp(const void* a, const void* b, size_t n)
{
    auto* x = static_cast<const unsigned char*>(a);
    auto* y = static_cast<const unsigned char*>(b);
    for (size_t i = 0; i < n; ++i) {
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    }
    return 0;
}

size_t strlen(const char* s)
{
    size_t n = 0;
    while (s[n])
        ++n;
    return n;
}

int strcmp(const char* a, const char* b)
{
    while (*a && *a == *b) {
        ++a;
        ++b;
    }
    return static_cast<unsigned char>(*a) - static_cast<unsigned char>(*b);
}

int strncmp(const char* a, const char* b, size_t n)
{
    for (size_t i = 0; i < n; ++i) {
        if (a[i] != b[i] || a[i] == 0)
            return static_cast<unsigned char>(a[i]) - static_cast<unsigned char>(b[i]);
    }
    return 0;
}

} // extern "C"
