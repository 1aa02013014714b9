// MemoryObject: pages that several address spaces may map at once (shared memory).
// Layer: mm. The object owns its pages for its whole life; an address space that maps
// some of them holds a reference to the object (AddressSpace's owner table), so a page
// is never freed while any page table still points at it.
#pragma once

#include <cstdint>

#include <lib/Addr.hpp>
#include <lib/RefPtr.hpp>
#include <lib/Result.hpp>

namespace ts::vmm {

class MemoryObject : public RefCounted<MemoryObject> {
public:
    virtual ~MemoryObject() = default;
    // The page at `index` (zeroed when first used). OutOfRange past the object's limit.
    // May sleep: never call with a spinlock held.
    virtual Result<PhysAddr> page(uint64_t index) = 0;
};

} // namespace ts::vmm
