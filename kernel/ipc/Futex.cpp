// Futex: see Futex.hpp.
#include "Futex.hpp"

#include <lib/IntrusiveList.hpp>
#include <mm/UserAccess.hpp>
#include <sched/Mutex.hpp>
#include <sched/WaitQueue.hpp>

namespace ts::ipc {

namespace {

struct Waiter {
    ListNode node;
    const vmm::AddressSpace* space;
    uint64_t address;
    bool woken; // under the bucket's mutex; read by the sleeper through the wait queue
};

struct Bucket {
    Mutex lock;
    IntrusiveList<Waiter, &Waiter::node> waiters TS_GUARDED_BY(lock);
    WaitQueue queue;
};

constexpr size_t BUCKETS = 64;
Bucket g_buckets[BUCKETS];

Bucket& bucket_of(const vmm::AddressSpace& space, uint64_t address)
{
    uint64_t key = reinterpret_cast<uint64_t>(&space) ^ (address * 0x9e3779b97f4a7c15ull);
    return g_buckets[(key >> 32) % BUCKETS];
}

} // namespace

Result<void> futex_wait(vmm::AddressSpace& space, uint64_t address, uint32_t expected, uint64_t deadline_ns)
{
    if (address & 3)
        return Error::InvalidArgument;
    Bucket& bucket = bucket_of(space, address);
    Waiter waiter { {}, &space, address, false };
    {
        MutexGuard guard(bucket.lock);
        uint32_t value = TRY(load_user_u32(UserPtr<const uint32_t>(address)));
        if (value != expected)
            return Error::WouldBlock;
        bucket.waiters.push_back(waiter);
    }
    auto woken = [&] { return __atomic_load_n(&waiter.woken, __ATOMIC_ACQUIRE); };
    auto outcome = bucket.queue.wait_interruptible(woken, deadline_ns == FUTEX_FOREVER ? 0 : deadline_ns);
    if (outcome != WaitQueue::Outcome::Ready) {
        MutexGuard guard(bucket.lock);
        if (!waiter.woken) {
            bucket.waiters.remove(waiter);
            return outcome == WaitQueue::Outcome::Interrupted ? Error::Interrupted : Error::Timeout;
        }
    }
    return {};
}

Result<size_t> futex_wake(vmm::AddressSpace& space, uint64_t address, size_t count)
{
    if (address & 3)
        return Error::InvalidArgument;
    Bucket& bucket = bucket_of(space, address);
    size_t woken = 0;
    {
        MutexGuard guard(bucket.lock);
        for (Waiter* w = bucket.waiters.front(); w && woken < count;) {
            Waiter* next = bucket.waiters.next(*w);
            if (w->space == &space && w->address == address) {
                bucket.waiters.remove(*w);
                __atomic_store_n(&w->woken, true, __ATOMIC_RELEASE);
                ++woken;
            }
            w = next;
        }
    }
    if (woken)
        bucket.queue.wake_all();
    return woken;
}

} // namespace ts::ipc
