// SharedMemory: see SharedMemory.hpp.
#include "SharedMemory.hpp"

#include <fs/Devfs.hpp>
#include <fs/File.hpp>
#include <lib/Atomic.hpp>
#include <lib/CString.hpp>
#include <mm/MemoryObject.hpp>
#include <mm/Pmm.hpp>
#include <sched/Mutex.hpp>

namespace ts::ipc {

namespace {

constexpr uint64_t CHUNK = 512; // page addresses per directory chunk (one 4 KiB block)
constexpr uint64_t CHUNKS = SHMEM_MAX_PAGES / CHUNK;

Atomic<uint64_t> g_live { 0 };

class SharedMemory final : public vmm::MemoryObject {
public:
    SharedMemory() { g_live.fetch_add(1); }
    ~SharedMemory() override
    {
        for (uint64_t c = 0; c < CHUNKS; ++c) {
            if (!m_chunks[c])
                continue;
            for (uint64_t i = 0; i < CHUNK; ++i) {
                if (m_chunks[c][i])
                    pmm::free_page(PhysAddr(m_chunks[c][i]));
            }
            delete[] m_chunks[c];
        }
        g_live.fetch_sub(1);
    }

    Result<PhysAddr> page(uint64_t index) override
    {
        if (index >= SHMEM_MAX_PAGES)
            return Error::OutOfRange;
        MutexGuard guard(m_lock);
        uint64_t*& chunk = m_chunks[index / CHUNK];
        if (!chunk) {
            chunk = new (std::nothrow) uint64_t[CHUNK];
            if (!chunk)
                return Error::NoMemory;
            memset(chunk, 0, CHUNK * sizeof(uint64_t));
        }
        uint64_t& slot = chunk[index % CHUNK];
        if (!slot)
            slot = TRY(pmm::allocate_zeroed_page()).value();
        return PhysAddr(slot);
    }

private:
    Mutex m_lock;
    uint64_t* m_chunks[CHUNKS] TS_GUARDED_BY(m_lock) {};
};

class SharedMemoryDevice final : public fs::Vnode {
public:
    explicit SharedMemoryDevice(fs::Superblock& superblock) : Vnode(superblock, fs::VnodeKind::Device) {}

    Result<void> open(fs::File& file) override
    {
        vmm::MemoryObject* object = new (std::nothrow) SharedMemory();
        if (!object)
            return Error::NoMemory;
        file.private_data = object; // the file's reference
        return {};
    }
    void close(fs::File& file) override
    {
        if (file.private_data)
            static_cast<vmm::MemoryObject*>(file.private_data)->unref();
    }
    Result<MapSource> map_source(fs::File& file) override
    {
        MapSource source;
        source.object = static_cast<vmm::MemoryObject*>(file.private_data);
        return source;
    }
};

} // namespace

Result<void> shared_memory_init()
{
    auto vnode = TRY(make_ref<SharedMemoryDevice>(devfs::superblock()));
    return devfs::publish("shmem/new", *vnode);
}

uint64_t live_shared_memory() { return g_live.load(); }

} // namespace ts::ipc
