// Eevdf: the EEVDF run queue operations (see Eevdf.hpp for the interface and the calling
// protocol, docs/kernel/scheduler.md for the derivations). Layer: sched, hardware-free:
// integer arithmetic over the entities and the intrusive tree, nothing else.
#include "sched/Eevdf.hpp"

#include <initializer_list>

namespace ts::sched {

// A span accounted in one go is split into chunks of at most this much real time, so
// that chunk * NICE_0_WEIGHT stays far below 2^63 whatever the caller passes (2^40 ns is
// about 18 minutes; the kernel normally charges a few milliseconds at a time).
static constexpr uint64_t ACCOUNT_CHUNK_NS = uint64_t(1) << 40;

void SchedEntity::set_weight(uint32_t new_weight)
{
    new_weight = clamp_weight(new_weight);
    // A saved lag l (virtual) is worth l * w / 1024 real ns; keep that worth. |l * w| is
    // at most LAG_LIMIT_SLICES * MAX_SLICE_NS * 1024 ~ 2^38, so the product fits.
    saved_vlag = saved_vlag * static_cast<int64_t>(weight) / static_cast<int64_t>(new_weight);
    weight = new_weight;
}

// The zero point follows V. After every change of the sum, fold its whole multiples of
// the total weight into the zero point: q = floor(sum / W), zero += q, sum -= q * W.
// Sum_i w_i (v_i - zero) changes by -W * q, exactly what moving the zero by q means, and
// afterwards 0 <= sum < W, i.e. zero == floor(V). Between two recentrings the sum moves
// by one entity's term or one accounted chunk, which bounds it (docs: "Overflow").
void EevdfQueue::recentre()
{
    if (m_weight == 0) {
        m_sum = 0;
        return;
    }
    int64_t weight = static_cast<int64_t>(m_weight);
    int64_t q = floor_div(m_sum, weight);
    m_zero += static_cast<uint64_t>(q);
    m_sum -= q * weight;
}

void EevdfQueue::add_to_average(const SchedEntity& entity)
{
    m_sum += static_cast<int64_t>(entity.weight) * vtime_diff(entity.vruntime, m_zero);
    m_weight += entity.weight;
    ++m_count;
}

void EevdfQueue::remove_from_average(const SchedEntity& entity)
{
    m_sum -= static_cast<int64_t>(entity.weight) * vtime_diff(entity.vruntime, m_zero);
    m_weight -= entity.weight;
    --m_count;
}

void EevdfQueue::enqueue(SchedEntity& entity, EnqueueReason reason)
{
    if (entity.on_queue) {
        ++m_stats.refused;
        return;
    }
    entity.weight = clamp_weight(entity.weight);
    entity.slice_ns = clamp_slice(entity.slice_ns);
    int64_t weight = entity.weight;

    // Placement (docs: "Placing an entity"). With W the weight already queued and V its
    // average, putting the entity at v = V - L gives the new average
    // V' = V - w L / (W + w) and the entity the lag V' - v = L * W / (W + w): the others
    // pull its lag toward zero. Choosing L = l * (W + w) / W = l + l * w / W makes the lag
    // after insertion exactly the saved l, and moves V by -w l / W, which is the weighted
    // share the others owe (or are owed) for it. A lone entity has lag 0 by definition,
    // so with W = 0 it simply starts at the old V.
    int64_t vlag = reason == EnqueueReason::New ? 0 : entity.saved_vlag;
    int64_t limit = static_cast<int64_t>(real_to_virtual(LAG_LIMIT_SLICES * entity.slice_ns, entity.weight));
    vlag = vlag > limit ? limit : (vlag < -limit ? -limit : vlag);
    int64_t placed_lag = 0;
    if (m_weight > 0)
        placed_lag = vlag + floor_div(vlag * weight, static_cast<int64_t>(m_weight)); // |vlag * w| <= 2^38

    entity.vruntime = m_zero - static_cast<uint64_t>(placed_lag);
    entity.vruntime_frac = 0;
    entity.deadline = entity.vruntime + request_vslice(entity.slice_ns, entity.weight);
    entity.saved_vlag = 0;
    entity.on_queue = true;

    add_to_average(entity);
    m_tree.insert(entity);
    recentre();
}

void EevdfQueue::dequeue(SchedEntity& entity, DequeueReason reason)
{
    if (!entity.on_queue) {
        ++m_stats.refused;
        return;
    }
    if (reason == DequeueReason::Exit) {
        entity.saved_vlag = 0;
    } else {
        // The lag against floor(V), clamped: see LAG_LIMIT_SLICES.
        int64_t limit = static_cast<int64_t>(real_to_virtual(LAG_LIMIT_SLICES * entity.slice_ns, entity.weight));
        int64_t vlag = vtime_diff(m_zero, entity.vruntime);
        entity.saved_vlag = vlag > limit ? limit : (vlag < -limit ? -limit : vlag);
    }

    if (&entity == m_current)
        m_current = nullptr;
    else
        m_tree.remove(entity);
    remove_from_average(entity);
    entity.on_queue = false;
    recentre();
}

// The eligible entity with the earliest deadline among the waiting ones. The tree is
// ordered by deadline, so among the eligible entities of any subtree, those in the left
// subtree come first, then the node, then the right subtree. The augmentation answers
// "does this subtree hold an eligible entity?" (its minimum v <= V) in O(1), so one walk
// down suffices: we only ever enter a subtree known to hold an eligible entity, and at
// each node either go left (the answer is there), stop (the node is the answer), or go
// right (neither the left subtree nor the node qualifies, so it must be there).
// At most one node per level: O(height) = O(log n) for a red-black tree.
SchedEntity* EevdfQueue::search_eligible(uint64_t& steps) const
{
    SchedEntity* node = m_tree.root();
    if (!node || !vtime_not_after(node->subtree_min_vruntime, m_zero))
        return nullptr;
    while (node) {
        ++steps;
        SchedEntity* left = EevdfTree::left(*node);
        if (left && vtime_not_after(left->subtree_min_vruntime, m_zero)) {
            node = left;
            continue;
        }
        if (vtime_not_after(node->vruntime, m_zero))
            return node;
        node = EevdfTree::right(*node);
    }
    return nullptr;
}

// The waiting entity with the smallest v (the fallback when nothing is eligible). The
// same kind of walk, steering by the subtree minimum.
SchedEntity* EevdfQueue::search_min_vruntime(uint64_t& steps) const
{
    SchedEntity* node = m_tree.root();
    if (!node)
        return nullptr;
    uint64_t target = node->subtree_min_vruntime;
    while (node) {
        ++steps;
        if (node->vruntime == target)
            return node;
        SchedEntity* left = EevdfTree::left(*node);
        if (left && left->subtree_min_vruntime == target)
            node = left;
        else
            node = EevdfTree::right(*node);
    }
    return nullptr;
}

SchedEntity* EevdfQueue::choose()
{
    if (m_count == 0)
        return nullptr;
    uint64_t steps = 0;
    SchedEntity* best = search_eligible(steps);
    SchedEntity* current = m_current;
    // On equal deadlines the waiting entity wins: after a completed request the current
    // entity's fresh deadline often equals the others' (equal weights and slices), and
    // letting it win would run it twice in a row instead of in turn.
    if (current && is_eligible(*current) && (!best || vtime_before(current->deadline, best->deadline)))
        best = current;

    if (!best) {
        // Unreachable with exact arithmetic: sum_i w_i (v_i - V) = 0, so some v_i <= V, and
        // v_i <= floor(V) = m_zero because v_i is an integer. Kept so that a broken
        // invariant degrades into a reasonable choice rather than an idle CPU.
        ++m_stats.fallback_picks;
        best = search_min_vruntime(steps);
        if (current && (!best || vtime_before(current->vruntime, best->vruntime)))
            best = current;
    }

    ++m_stats.picks;
    m_stats.pick_steps += steps;
    m_stats.last_pick_steps = steps;
    if (steps > m_stats.max_pick_steps)
        m_stats.max_pick_steps = steps;
    return best;
}

SchedEntity* EevdfQueue::peek() { return choose(); }

SchedEntity* EevdfQueue::pick()
{
    SchedEntity* next = choose();
    if (next && next != m_current) {
        // The previous current is still runnable (it was not dequeued): it waits again.
        if (m_current)
            m_tree.insert(*m_current);
        m_tree.remove(*next);
        m_current = next;
    }
    return next;
}

// v advances by ran * 1024 / w. Carrying the remainder (in units of 1/w virtual ns)
// makes the charge exact over any number of calls: a rounded-down charge would hand a
// heavy entity up to w / 1024 real ns of free time per call.
void EevdfQueue::charge(SchedEntity& entity, uint64_t ran_ns)
{
    uint64_t numerator = (ran_ns << NICE_0_SHIFT) + entity.vruntime_frac; // < 2^51
    uint64_t advance = numerator / entity.weight;
    entity.vruntime_frac = static_cast<uint32_t>(numerator % entity.weight);
    entity.vruntime += advance;
    // The entity's term w * (v - zero) grows by w * advance <= ran * 1024 + frac < 2^51.
    m_sum += static_cast<int64_t>(entity.weight * advance);
    recentre();
}

bool EevdfQueue::account(SchedEntity& current, uint64_t ran_ns)
{
    if (&current != m_current) {
        // Moving a waiting entity's v would break the tree's order and augmentation.
        ++m_stats.refused;
        return false;
    }
    current.exec_ns += ran_ns;
    while (ran_ns > ACCOUNT_CHUNK_NS) {
        charge(current, ACCOUNT_CHUNK_NS);
        ran_ns -= ACCOUNT_CHUNK_NS;
    }
    charge(current, ran_ns);

    if (vtime_before(current.vruntime, current.deadline))
        return false;
    // The request is complete; the next one starts where the entity is now, so time it
    // ran past the deadline (timer latency) counts against the next request's share.
    current.deadline = current.vruntime + request_vslice(current.slice_ns, current.weight);
    return true;
}

bool EevdfQueue::should_preempt(const SchedEntity& current, const SchedEntity& woken) const
{
    if (!woken.on_queue || &woken == &current)
        return false;
    return is_eligible(woken) && vtime_before(woken.deadline, current.deadline);
}

// The smallest real t with floor((t * 1024 + frac) / w) >= d - v, i.e.
// t >= ((d - v) * w - frac) / 1024, rounded up. (d - v) * w is at most a couple of
// requests times 1024 (< 2^38) for any deadline this queue sets; the 128-bit product only
// guards against a deadline edited from outside, and dividing by 1024 is a shift.
uint64_t EevdfQueue::time_until_slice_end(const SchedEntity& current) const
{
    int64_t remaining = vtime_diff(current.deadline, current.vruntime);
    if (remaining <= 0)
        return 0;
    unsigned __int128 needed = static_cast<unsigned __int128>(remaining) * current.weight - current.vruntime_frac;
    unsigned __int128 ns = (needed + NICE_0_WEIGHT - 1) >> NICE_0_SHIFT;
    return ns > UINT64_MAX ? UINT64_MAX : static_cast<uint64_t>(ns);
}

void EevdfQueue::yield(SchedEntity& current)
{
    if (&current != m_current) {
        ++m_stats.refused;
        return;
    }
    current.deadline += request_vslice(current.slice_ns, current.weight);
}

// Reweighting keeps the entity's real lag w (V - v) / 1024, and then V and every other
// entity's lag stay where they are. In terms of the entity's share of the sum,
// T = w (v - zero), and f = V - zero = m_sum / W (0 <= f < 1):
//     w (V - v) = w f - T   must equal   w' f - T',   so   T' = T + f (w' - w),
// and with T' the new total is m_sum + f (w' - w) over W + w' - w, whose quotient is
// still V. (Scaling only the integer part of the lag, (zero - v) * w / w', would drop
// the fraction f and move V by up to |w' - w| / W.) Then v' = zero + T' / w', rounded
// down, which leaves V within w' / W' < 1 virtual ns of where it was. The rest of the
// current request keeps its real length the same way: (d - v) * w / w'.
void EevdfQueue::reweight(SchedEntity& entity, uint32_t new_weight)
{
    new_weight = clamp_weight(new_weight);
    if (!entity.on_queue) {
        entity.set_weight(new_weight);
        return;
    }
    bool waiting = &entity != m_current;
    if (waiting)
        m_tree.remove(entity);

    int64_t old_weight = entity.weight;
    int64_t weight = new_weight;
    // |T| is the entity's real lag times 1024 (far below 2^63, see the doc's bounds);
    // m_sum < W and |w' - w| <= 2^20, so m_sum * (w' - w) fits as well.
    int64_t share = old_weight * vtime_diff(entity.vruntime, m_zero);
    int64_t new_share = share + floor_div(m_sum * (weight - old_weight), static_cast<int64_t>(m_weight));
    int64_t request_left = vtime_diff(entity.deadline, entity.vruntime) * old_weight / weight;
    remove_from_average(entity);

    entity.weight = new_weight;
    entity.vruntime = m_zero + static_cast<uint64_t>(floor_div(new_share, weight));
    entity.vruntime_frac = 0;
    entity.deadline = entity.vruntime + static_cast<uint64_t>(request_left > 0 ? request_left : 1);

    add_to_average(entity);
    if (waiting)
        m_tree.insert(entity);
    recentre();
}

bool EevdfQueue::verify_subtree(const SchedEntity* entity, uint64_t& min) const
{
    if (!entity->on_queue || entity == m_current)
        return false;
    uint64_t expected = entity->vruntime;
    for (const SchedEntity* child : { EevdfTree::left(*entity), EevdfTree::right(*entity) }) {
        if (!child)
            continue;
        uint64_t child_min;
        if (!verify_subtree(child, child_min))
            return false;
        expected = vtime_min(expected, child_min);
    }
    min = expected;
    return entity->subtree_min_vruntime == expected;
}

bool EevdfQueue::verify() const
{
    if (!m_tree.verify())
        return false;
    if (const SchedEntity* root = m_tree.root()) {
        uint64_t min;
        if (!verify_subtree(root, min))
            return false;
    }

    // Recompute the sums with 128-bit accumulators, so that the check itself cannot
    // overflow where the queue's own arithmetic would.
    __int128 sum = 0;
    uint64_t weight = 0;
    size_t count = 0;
    auto add = [&](const SchedEntity& entity) {
        sum += static_cast<__int128>(entity.weight) * vtime_diff(entity.vruntime, m_zero);
        weight += entity.weight;
        ++count;
        return entity.vruntime_frac < entity.weight && entity.weight >= MIN_WEIGHT && entity.weight <= MAX_WEIGHT;
    };
    for (const SchedEntity& entity : m_tree) {
        if (!add(entity))
            return false;
    }
    if (m_current) {
        if (!m_current->on_queue || !add(*m_current))
            return false;
    }
    if (count != m_count || weight != m_weight || sum != m_sum)
        return false;
    // The zero point is floor(V).
    if (m_weight == 0)
        return m_sum == 0 && m_current == nullptr;
    return m_sum >= 0 && static_cast<uint64_t>(m_sum) < m_weight;
}

} // namespace ts::sched
