// KlogDevice (see KlogDevice.hpp).
#include "KlogDevice.hpp"

#include <fs/Devfs.hpp>
#include <fs/File.hpp>
#include <fs/Poll.hpp>
#include <lib/TryNew.hpp>

#include "Log.hpp"
#include "LogRing.hpp"

namespace ts {

namespace {

fs::PollQueue* g_queue = nullptr;

struct Cursor {
    uint64_t position;
};

uint64_t write_position()
{
    uint64_t position = 0;
    log_ring_read([](const LogRing& ring, void* out) { *static_cast<uint64_t*>(out) = ring.write_position(); }, &position);
    return position;
}

class KlogDevice final : public fs::Vnode {
public:
    explicit KlogDevice(fs::Superblock& superblock) : Vnode(superblock, fs::VnodeKind::Device, fs::Perm::Read) {}

    Result<void> open(fs::File& file) override
    {
        auto* cursor = try_new<Cursor>();
        if (!cursor)
            return Error::NoMemory;
        log_ring_read([](const LogRing& ring, void* out) { static_cast<Cursor*>(out)->position = ring.oldest_position(); }, cursor);
        file.private_data = cursor;
        return {};
    }
    void close(fs::File& file) override { delete static_cast<Cursor*>(file.private_data); }
    bool is_stream() const override { return true; }

    Result<size_t> read(fs::File& file, uint64_t, void* buffer, size_t size) override
    {
        auto* cursor = static_cast<Cursor*>(file.private_data);
        if (size == 0)
            return size_t(0);
        for (;;) {
            if (cursor->position < write_position()) {
                struct Request {
                    uint64_t position;
                    void* buffer;
                    size_t size;
                    LogRing::ReadResult result;
                } request { cursor->position, buffer, size, {} };
                log_ring_read([](const LogRing& ring, void* context) {
                    auto* r = static_cast<Request*>(context);
                    r->result = ring.read(r->position, static_cast<char*>(r->buffer), r->size);
                }, &request);
                cursor->position = request.result.next;
                if (request.result.bytes > 0)
                    return request.result.bytes;
                continue;
            }
            if (file.is_nonblocking())
                return Error::WouldBlock;
            if (g_queue->wait_interruptible([&] { return cursor->position < write_position(); })
                == WaitQueue::Outcome::Interrupted)
                return Error::Interrupted;
        }
    }

    uint32_t poll(fs::File& file, fs::PollTable* table) override
    {
        if (table)
            table->add(*g_queue);
        auto* cursor = static_cast<Cursor*>(file.private_data);
        return cursor->position < write_position() ? fs::POLL_READ : 0;
    }
};

} // namespace

Result<void> klog_device_init()
{
    g_queue = try_new<fs::PollQueue>();
    if (!g_queue)
        return Error::NoMemory;
    auto device = TRY(make_ref<KlogDevice>(devfs::superblock()));
    TRY(devfs::publish("klog", *device));
    log_set_listener([] { g_queue->notify(); });
    return {};
}

} // namespace ts
