// Eevdf: the per-CPU EEVDF run queue (Earliest Eligible Virtual Deadline First), the
// hardware-free core of the scheduler. Layer: sched; it calls only kernel/lib (RbTree)
// and EevdfMath.hpp. It never reads a clock, never locks and never allocates: the kernel
// passes elapsed times in, holds the per-CPU run-queue lock around every call, and embeds
// a SchedEntity in each thread. The host tests (tests/host/sched) drive the same source
// with a simulated clock. docs/kernel/scheduler.md explains the model and derives the
// formulas; the short version:
//
//   - Each entity has a weight w and a virtual time v ("eligible time"): running t real
//     ns advances v by t * 1024 / w, so heavier entities' virtual time runs slower.
//   - V is the weighted average of the v of all queued entities (the running one too).
//     An entity's lag is V - v (in virtual ns; times w / 1024 in real ns): positive means
//     it received less than its fair share so far. The weighted lags sum to zero.
//   - An entity is eligible when its lag is >= 0, i.e. v <= V. Each request of r real ns
//     (its slice) has the virtual deadline d = v + r * 1024 / w.
//   - pick() runs the eligible entity with the earliest virtual deadline, in O(log n).
//
// Design choices (reasons in the doc):
//   - Tree key = virtual deadline; augmentation = minimum v of the subtree. pick() is then
//     a single walk from the root: go left while the left subtree holds an eligible
//     entity, else take the node if it is eligible, else go right.
//   - The running entity ("current") stays in V's sums but is kept out of the tree while
//     it runs, so account() moves its v and deadline in O(1) without touching the tree;
//     pick() compares it with the tree's best and puts it back when another one wins.
//   - V is kept as a zero point plus a small weighted remainder: m_zero == floor(V) after
//     every operation and 0 <= m_sum < total_weight, so the sums cannot drift or grow
//     and "v <= V" is the exact test "v <= m_zero".
//
// Calling protocol (the kernel scheduler, with this CPU's run-queue lock held):
//   1. Bring the running entity up to date first: before pick(), enqueue(), dequeue(),
//      should_preempt(), yield() or reweight() on a queue whose current() is not null,
//      call account(*current(), now - last_accounted) so V reflects the time it ran.
//   2. Schedule: if the running thread blocks, dequeue(it, Sleep) (or Exit); then
//      next = pick(). pick() makes `next` the current entity; the previous current, if it
//      is still queued, goes back into the tree. nullptr means the queue is empty: idle.
//   3. Timer: after pick() (and after every account() that did not lead to a switch) arm
//      the one-shot timer at now + time_until_slice_end(*current()). When it fires,
//      account() returns true (the request is complete) and the kernel reschedules.
//      A queue with one entity may skip the timer; account() then takes long spans.
//   4. Wake-up: enqueue(woken, Wakeup); if should_preempt(*current(), woken), reschedule
//      (pick() will then choose by the full rule, which may or may not be `woken`).
//   5. Migration: on the source queue dequeue(e, Migrate) (a waiting entity, never the
//      current one), on the target queue enqueue(e, Migrate); the lag travels along.
//   6. New thread: set its weight and slice (SchedEntity::set_nice/set_weight/set_slice)
//      and enqueue(e, New). Exit: dequeue(e, Exit), or never enqueue it again.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lib/RbTree.hpp"
#include "sched/EevdfMath.hpp"

namespace ts::sched {

// Embedded in each thread. Fields marked (queue) belong to the queue the entity is on
// and are protected by that queue's lock; the setters below are for an entity that is
// not on any queue (for a queued one use EevdfQueue::reweight()).
struct SchedEntity {
    RbNode node;                                 // (queue) link in the tree while waiting
    uint32_t weight { NICE_0_WEIGHT };           // share of the CPU, see weight_for_nice()
    bool on_queue { false };                     // (queue) runnable on some EevdfQueue
    uint64_t slice_ns { DEFAULT_SLICE_NS };      // requested slice r, real ns
    uint64_t vruntime { 0 };                     // (queue) virtual time v (eligible time)
    uint32_t vruntime_frac { 0 };                // (queue) exact v = vruntime + frac / weight
    uint64_t deadline { 0 };                     // (queue) virtual deadline of the request
    int64_t saved_vlag { 0 };                    // V - v when it left the queue (virtual ns)
    uint64_t subtree_min_vruntime { 0 };         // (queue) augmentation: min v in subtree
    uint64_t exec_ns { 0 };                      // real time charged by account(), total

    void set_nice(int nice) { set_weight(weight_for_nice(nice)); }
    // Keeps a saved lag worth the same real time under the new weight.
    void set_weight(uint32_t new_weight);
    void set_slice(uint64_t ns) { slice_ns = clamp_slice(ns); }
};

enum class EnqueueReason : uint8_t {
    New,     // first time runnable: placed at V with zero lag
    Wakeup,  // back from sleep: placed with the lag saved at dequeue(Sleep)
    Migrate, // arriving from another CPU: placed with the lag saved at dequeue(Migrate)
};

enum class DequeueReason : uint8_t {
    Sleep,   // blocks: the lag is saved (clamped) for the wake-up
    Exit,    // dies: the lag is discarded
    Migrate, // leaves for another CPU: the lag is saved (clamped) and travels along
};

namespace detail {
struct ByDeadline {
    static bool less(const SchedEntity& a, const SchedEntity& b) { return vtime_before(a.deadline, b.deadline); }
};
struct MinVruntime {
    static void update(SchedEntity& entity);
};
} // namespace detail

using EevdfTree = RbTree<SchedEntity, &SchedEntity::node, detail::ByDeadline, detail::MinVruntime>;

inline void detail::MinVruntime::update(SchedEntity& entity)
{
    uint64_t min = entity.vruntime;
    if (const SchedEntity* left = EevdfTree::left(entity))
        min = vtime_min(min, left->subtree_min_vruntime);
    if (const SchedEntity* right = EevdfTree::right(entity))
        min = vtime_min(min, right->subtree_min_vruntime);
    entity.subtree_min_vruntime = min;
}

// What the load balancer compares between CPUs.
struct QueueLoad {
    uint64_t weight { 0 };   // total weight of all queued entities, the running one too
    uint32_t runnable { 0 }; // queued entities, the running one too
    uint32_t waiting { 0 };  // queued but not running: the ones that may be migrated
};

class EevdfQueue {
public:
    struct Stats {
        uint64_t picks { 0 };           // pick() and peek() calls
        uint64_t pick_steps { 0 };      // tree nodes visited by them, in total
        uint64_t last_pick_steps { 0 }; // ... by the latest one
        uint64_t max_pick_steps { 0 };  // ... by the worst one
        uint64_t fallback_picks { 0 };  // picks that found nothing eligible (should stay 0)
        uint64_t refused { 0 };         // calls refused as misuse (enqueue twice, ...)
    };

    // initial_vtime: where virtual time starts (the tests start near 2^64 to cross the wrap).
    explicit EevdfQueue(uint64_t initial_vtime = 0) : m_zero(initial_vtime) {}
    EevdfQueue(const EevdfQueue&) = delete;
    EevdfQueue& operator=(const EevdfQueue&) = delete;

    // Makes `entity` runnable here. It is placed so that its lag right after the
    // insertion equals the lag it brought along (0 for New): v = V - l * (W + w) / W,
    // where W is the queued weight before it arrives (docs: "Placing an entity").
    // Starts a new request: deadline = v + slice * 1024 / weight. Refused (counted in
    // stats().refused) if the entity is already queued.
    void enqueue(SchedEntity& entity, EnqueueReason reason);

    // Makes `entity` (queued here, possibly the current one) not runnable. Sleep and
    // Migrate save its lag V - v, clamped to +- LAG_LIMIT_SLICES of its requests; Exit
    // discards it. Dequeueing the current entity leaves the queue without a current one.
    void dequeue(SchedEntity& entity, DequeueReason reason);

    // The EEVDF choice among all queued entities (the current one included): the eligible
    // entity (v <= V) with the earliest virtual deadline; on a tie a waiting entity wins
    // over the current one, and among waiting ones the first inserted. O(log n). Never
    // nullptr on a non-empty queue (if nothing were eligible, which exact arithmetic
    // rules out, the smallest v is taken and stats().fallback_picks counts it). Makes
    // the choice the current entity.
    SchedEntity* pick();
    // The same choice without making it current (for the tests and for diagnostics).
    SchedEntity* peek();
    SchedEntity* current() const { return m_current; }

    // Charges `current` (must be current()) with ran_ns of real CPU time: v advances by
    // ran_ns * 1024 / weight, exactly (the remainder is carried in vruntime_frac). When v
    // reaches the deadline the request is complete and a new one starts at v (deadline =
    // v + slice * 1024 / weight). Returns true then: a reschedule is due (pick() may still
    // return the same entity).
    bool account(SchedEntity& current, uint64_t ran_ns);

    // Wake-up preemption: should `woken` (queued here) take the CPU from `current`? Yes if
    // woken is eligible and its deadline is earlier than current's.
    bool should_preempt(const SchedEntity& current, const SchedEntity& woken) const;

    // Real ns that `current` may still run before its request is complete: arm the
    // one-shot timer at now + this. Exact: account() with exactly this much returns true.
    // 0 if the deadline is already reached.
    uint64_t time_until_slice_end(const SchedEntity& current) const;

    // sched_yield for the current entity: gives up the rest of its request by moving its
    // deadline one request further. The kernel then calls pick().
    void yield(SchedEntity& current);

    // Changes the weight of a queued entity (waiting or current) keeping its lag in real
    // time, which leaves V and every other entity's lag unchanged; the remaining part of
    // its request is rescaled too. For an entity not on a queue use set_weight().
    void reweight(SchedEntity& entity, uint32_t new_weight);

    // Eligibility and lag (virtual ns, V - v) of a queued entity against floor(V).
    bool is_eligible(const SchedEntity& entity) const { return vtime_not_after(entity.vruntime, m_zero); }
    int64_t lag(const SchedEntity& entity) const { return vtime_diff(m_zero, entity.vruntime); }

    uint64_t total_weight() const { return m_weight; }
    size_t size() const { return m_count; }
    bool is_empty() const { return m_count == 0; }
    // floor(V), the weighted average virtual time. On an empty queue, the last one.
    uint64_t avg_vruntime() const { return m_zero; }
    QueueLoad load() const
    {
        return { m_weight, static_cast<uint32_t>(m_count), static_cast<uint32_t>(m_tree.size()) };
    }

    // Visits the waiting (queued, not running) entities in deadline order, for the load
    // balancer to choose one to migrate. fn(SchedEntity&) returns false to stop. The
    // entities must not be dequeued during the walk.
    template<typename Fn>
    void for_each_waiting(Fn fn)
    {
        for (SchedEntity& entity : m_tree) {
            if (!fn(entity))
                return;
        }
    }

    const Stats& stats() const { return m_stats; }
    void reset_stats() { m_stats = {}; }

    // Checks everything the queue relies on; O(n), for tests and debug builds: the tree's
    // own invariants, each subtree minimum recomputed, the weighted sum and weight
    // recomputed from the entities, the zero point being floor(V), flags and counts.
    bool verify() const;

private:
    void add_to_average(const SchedEntity& entity);
    void remove_from_average(const SchedEntity& entity);
    void recentre();
    void charge(SchedEntity& entity, uint64_t ran_ns);
    SchedEntity* choose();
    SchedEntity* search_eligible(uint64_t& steps) const;
    SchedEntity* search_min_vruntime(uint64_t& steps) const;
    bool verify_subtree(const SchedEntity* entity, uint64_t& min) const;

    // All fields are protected by the owning CPU's run-queue lock (held by the caller).
    EevdfTree m_tree;                  // waiting entities, by virtual deadline
    SchedEntity* m_current { nullptr }; // running entity: queued, in the sums, not in the tree
    uint64_t m_zero;                   // floor(V): the zero point of the relative sum
    int64_t m_sum { 0 };               // sum of w_i * (v_i - m_zero), in [0, m_weight)
    uint64_t m_weight { 0 };           // sum of w_i over queued entities
    size_t m_count { 0 };              // queued entities (tree + current)
    Stats m_stats;
};

} // namespace ts::sched
