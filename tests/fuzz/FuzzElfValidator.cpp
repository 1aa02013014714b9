// fuzz_elf_validator: libFuzzer target for kernel/lib/ElfValidator. Part of tests/fuzz
// (host-only).
//
// The input is a kernel file. Each input is checked twice, under the loader's rules and
// under the most permissive ones. On success every promise of ImageLayout is checked
// (segments inside the file and the address window, no overlaps, the entry in an
// executable segment, the span page aligned and within the limit), and each segment's
// file bytes are read, as the loader's copy would, so ASan catches a layout that points
// outside the input. On refusal the reason and message must be filled in.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "FuzzCheck.hpp"
#include "lib/ElfRelocations.hpp"
#include "lib/ElfValidator.hpp"

namespace elf = ts::elf;

namespace {

constexpr uint64_t PAGE = 4096;

void check_layout(const uint8_t* data, size_t size, const elf::ImageRules& rules, const elf::ImageLayout& layout)
{
    FUZZ_CHECK(layout.segment_count >= 1 && layout.segment_count <= elf::MAX_PROGRAM_HEADERS);
    FUZZ_CHECK(layout.span_start % PAGE == 0 && layout.span_end % PAGE == 0);
    FUZZ_CHECK(layout.span_start < layout.span_end);
    FUZZ_CHECK(layout.span_end - layout.span_start <= rules.max_span);

    bool entry_found = false;
    unsigned sum = 0;
    for (size_t i = 0; i < layout.segment_count; ++i) {
        const elf::LoadSegment& s = layout.segments[i];
        FUZZ_CHECK(s.mem_size > 0 && s.file_size <= s.mem_size);
        FUZZ_CHECK(s.file_offset <= size && s.file_size <= size - s.file_offset);
        FUZZ_CHECK(s.file_size != 0 || s.file_offset == 0);
        FUZZ_CHECK(layout.position_independent || s.vaddr >= rules.lowest_address);
        FUZZ_CHECK(s.vaddr <= UINT64_MAX - (PAGE - 1) && s.mem_size <= UINT64_MAX - (PAGE - 1) - s.vaddr);
        FUZZ_CHECK(s.vaddr >= layout.span_start && s.vaddr + s.mem_size <= layout.span_end);
        if (i > 0)
            FUZZ_CHECK(s.header_index > layout.segments[i - 1].header_index);
        for (size_t j = 0; j < i; ++j) {
            const elf::LoadSegment& t = layout.segments[j];
            FUZZ_CHECK(s.vaddr >= t.vaddr + t.mem_size || t.vaddr >= s.vaddr + s.mem_size);
        }
        if ((s.flags & 1) && layout.entry >= s.vaddr && layout.entry - s.vaddr < s.mem_size)
            entry_found = true;
        // What ElfLoader does with the segment: read its file bytes.
        for (uint64_t k = 0; k < s.file_size; ++k)
            sum += data[s.file_offset + k];
    }
    FUZZ_CHECK(entry_found);
    // Keeps the reads above from being optimised away.
    asm volatile("" : : "r"(sum));
}

void check(const uint8_t* data, size_t size, const elf::ImageRules& rules)
{
    elf::ImageLayout layout;
    elf::Problem problem;
    auto result = elf::validate_kernel_image(data, size, rules, layout, problem);
    if (result.is_error()) {
        FUZZ_CHECK(result.error() == ts::Error::BadFormat);
        FUZZ_CHECK(problem.reason != elf::Refusal::None);
        FUZZ_CHECK(std::memchr(problem.message, '\0', sizeof(problem.message)) != nullptr);
        FUZZ_CHECK(problem.message[0] != '\0');
        return;
    }
    FUZZ_CHECK(problem.reason == elf::Refusal::None);
    check_layout(data, size, rules, layout);
    if (!layout.position_independent)
        return;
    // A static PIE: every relocation the walk hands out writes 8 bytes inside one
    // segment's memory, and a refusal comes with a message.
    FUZZ_CHECK(layout.dynamic_offset <= size && layout.dynamic_size <= size - layout.dynamic_offset);
    char message[160];
    auto applied = elf::apply_relocations(
        data, size, layout, 0x5555'0000'0000,
        [](void* context, uint64_t offset, uint64_t) -> ts::Result<void> {
            const auto& l = *static_cast<const elf::ImageLayout*>(context);
            bool inside = false;
            for (size_t i = 0; i < l.segment_count; ++i) {
                const elf::LoadSegment& s = l.segments[i];
                inside |= offset >= s.vaddr && offset - s.vaddr <= s.mem_size && s.mem_size - (offset - s.vaddr) >= 8;
            }
            FUZZ_CHECK(inside);
            return {};
        },
        const_cast<elf::ImageLayout*>(&layout), message);
    if (applied.is_error())
        FUZZ_CHECK(applied.error() == ts::Error::BadFormat && message[0] != '\0');
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    check(data, size, { .lowest_address = 0xffffffff80000000ull, .max_span = 1ull << 30 });
    check(data, size, { .lowest_address = 0, .max_span = UINT64_MAX });
    // The user-program rules: position-independent executables allowed.
    check(data, size, { .lowest_address = 0x1000, .max_span = 0x7000'0000'0000, .allow_position_independent = true });
    return 0;
}
