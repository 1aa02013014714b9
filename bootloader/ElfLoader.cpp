// ElfLoader: copy a validated kernel's segments into one physical run. Part of bootloader/.
#include "ElfLoader.hpp"

#include <lib/CString.hpp>

#include "Firmware.hpp"

namespace ts::loader {

LoadedKernel load_kernel(const uint8_t* file, const elf::ImageLayout& layout)
{
    LoadedKernel kernel;
    kernel.virt = layout.span_start;
    kernel.size = layout.span_end - layout.span_start;
    kernel.entry = layout.entry;
    kernel.phys = allocate_zeroed_pages(kernel.size / PAGE_SIZE, OsMemoryType::KernelImage, "the kernel image");

    for (size_t i = 0; i < layout.segment_count; ++i) {
        const elf::LoadSegment& segment = layout.segments[i];
        // The validator guaranteed the segment lies inside the span and inside the file.
        uint8_t* destination = phys_to_ptr<uint8_t>(kernel.phys + (segment.vaddr - kernel.virt));
        memcpy(destination, file + segment.file_offset, segment.file_size);
    }
    return kernel;
}

} // namespace ts::loader
