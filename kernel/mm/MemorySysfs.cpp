// /sys/mm/stats: physical pages and the kernel heap (see core/SystemFiles.hpp).
#include <core/SystemFiles.hpp>
#include <fs/Sysfs.hpp>

#include "Heap.hpp"
#include "Pmm.hpp"

namespace ts {

Result<void> memory_publish_sysfs()
{
    return sysfs::publish("mm/stats", [](void*, fs::TextBuffer& out) -> Result<void> {
        auto pages = pmm::stats();
        auto heap = heap::stats();
        out.appendf("total_pages %zu\nfree_pages %zu\nbookkeeping_pages %zu\n", pages.total_pages, pages.free_pages,
            pages.bookkeeping_pages);
        out.appendf("heap_bytes_in_use %zu\nheap_objects %zu\nheap_pages %zu\n", heap.bytes_in_use, heap.objects_in_use,
            heap.pages_held);
        return {};
    }, nullptr, nullptr);
}

} // namespace ts
