// Host tests for kernel/lib/Atomic: each operation against std::atomic on random
// sequences, pointer arithmetic in elements, the compare-and-swap contract, and counters
// and a spinlock hammered from several threads.
#include <lib/Atomic.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <random>
#include <thread>
#include <vector>

namespace {

using ts::Atomic;
using ts::MemoryOrder;

static_assert(sizeof(Atomic<uint8_t>) == 1);
static_assert(sizeof(Atomic<uint64_t>) == 8 && alignof(Atomic<uint64_t>) == 8);
static_assert(sizeof(Atomic<int*>) == sizeof(int*));

enum class State : uint8_t { Idle, Running, Dead };

// Arithmetic exists for integers and pointers only; bit operations for integers only.
template<typename T>
concept HasFetchAdd = requires(Atomic<T>& a) { a.fetch_add(1); };
template<typename T>
concept HasFetchOr = requires(Atomic<T>& a, T v) { a.fetch_or(v); };
static_assert(HasFetchAdd<int> && HasFetchAdd<uint8_t> && HasFetchAdd<int*>);
static_assert(!HasFetchAdd<bool> && !HasFetchAdd<State>);
static_assert(HasFetchOr<uint32_t>);
static_assert(!HasFetchOr<bool> && !HasFetchOr<State> && !HasFetchOr<int*>);

template<typename T>
void random_sequence_matches_std(uint64_t seed)
{
    std::mt19937_64 rng(seed);
    Atomic<T> ours(static_cast<T>(rng()));
    std::atomic<T> reference(ours.load());
    for (int i = 0; i < 20000; ++i) {
        T operand = static_cast<T>(rng());
        switch (rng() % 8) {
        case 0:
            ours.store(operand);
            reference.store(operand);
            break;
        case 1:
            ASSERT_EQ(ours.exchange(operand, MemoryOrder::AcqRel), reference.exchange(operand));
            break;
        case 2:
            ASSERT_EQ(ours.fetch_add(operand, MemoryOrder::Relaxed), reference.fetch_add(operand));
            break;
        case 3:
            ASSERT_EQ(ours.fetch_sub(operand), reference.fetch_sub(operand));
            break;
        case 4:
            ASSERT_EQ(ours.fetch_or(operand, MemoryOrder::Release), reference.fetch_or(operand));
            break;
        case 5:
            ASSERT_EQ(ours.fetch_and(operand), reference.fetch_and(operand));
            break;
        case 6:
            ASSERT_EQ(ours.fetch_xor(operand), reference.fetch_xor(operand));
            break;
        case 7: {
            // Half the time guess the current value so both outcomes are exercised.
            T guess = rng() % 2 ? reference.load() : operand;
            T ours_expected = guess, reference_expected = guess;
            T desired = static_cast<T>(rng());
            bool ours_swapped = ours.compare_exchange(ours_expected, desired);
            bool reference_swapped = reference.compare_exchange_strong(reference_expected, desired);
            ASSERT_EQ(ours_swapped, reference_swapped);
            ASSERT_EQ(ours_expected, reference_expected);
            break;
        }
        }
        ASSERT_EQ(ours.load(MemoryOrder::Acquire), reference.load());
    }
}

TEST(Atomic, RandomSequencesMatchStdAtomic)
{
    random_sequence_matches_std<uint8_t>(1);
    random_sequence_matches_std<int16_t>(2);
    random_sequence_matches_std<uint32_t>(3);
    random_sequence_matches_std<int64_t>(4);
    random_sequence_matches_std<uint64_t>(5);
}

TEST(Atomic, FetchAndReturnsPreviousValue)
{
    Atomic<uint32_t> bits(0xf0f0);
    EXPECT_EQ(bits.fetch_and(0xff00), 0xf0f0u);
    EXPECT_EQ(bits.load(), 0xf000u);
    EXPECT_EQ(bits.fetch_or(0x000f), 0xf000u);
    EXPECT_EQ(bits.load(), 0xf00fu);
}

TEST(Atomic, DefaultConstructsToZero)
{
    Atomic<uint64_t> value;
    EXPECT_EQ(value.load(), 0u);
    Atomic<int*> pointer;
    EXPECT_EQ(pointer.load(), nullptr);
}

TEST(Atomic, CompareExchangeContract)
{
    Atomic<int> value(5);
    int expected = 4;
    EXPECT_FALSE(value.compare_exchange(expected, 9));
    EXPECT_EQ(expected, 5); // failure reports the current value
    EXPECT_EQ(value.load(), 5);
    EXPECT_TRUE(value.compare_exchange(expected, 9, MemoryOrder::Release));
    EXPECT_EQ(value.load(), 9);
    expected = 9;
    EXPECT_TRUE(value.compare_exchange(expected, 10, MemoryOrder::AcqRel));
    EXPECT_EQ(expected, 9); // success leaves expected alone
}

TEST(Atomic, PointerArithmeticStepsInElements)
{
    uint64_t array[8] = {};
    Atomic<uint64_t*> cursor(array);
    EXPECT_EQ(cursor.fetch_add(3), array);
    EXPECT_EQ(cursor.load(), array + 3);
    EXPECT_EQ(cursor.fetch_sub(2), array + 3);
    EXPECT_EQ(cursor.load(), array + 1);
    EXPECT_EQ(cursor.exchange(array + 7), array + 1);
    uint64_t* expected = array + 7;
    EXPECT_TRUE(cursor.compare_exchange(expected, array));
    EXPECT_EQ(cursor.load(), array);
}

TEST(Atomic, BoolAndEnum)
{
    Atomic<bool> flag(false);
    EXPECT_FALSE(flag.exchange(true));
    EXPECT_TRUE(flag.load());
    bool expected = false;
    EXPECT_FALSE(flag.compare_exchange(expected, false));
    EXPECT_TRUE(expected);

    Atomic<State> state(State::Idle);
    State from = State::Idle;
    EXPECT_TRUE(state.compare_exchange(from, State::Running));
    EXPECT_EQ(state.exchange(State::Dead), State::Running);
    EXPECT_EQ(state.load(), State::Dead);
    static_assert(sizeof(Atomic<State>) == 1);
}

TEST(Atomic, ConcurrentFetchAddLosesNothing)
{
    constexpr int THREADS = 4;
    constexpr int PER_THREAD = 100000;
    Atomic<uint64_t> counter;
    Atomic<uint64_t> cas_counter;
    std::vector<std::thread> threads;
    for (int t = 0; t < THREADS; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < PER_THREAD; ++i) {
                counter.fetch_add(1, MemoryOrder::Relaxed);
                uint64_t seen = cas_counter.load(MemoryOrder::Relaxed);
                while (!cas_counter.compare_exchange(seen, seen + 1, MemoryOrder::Relaxed)) {
                }
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(counter.load(), uint64_t(THREADS) * PER_THREAD);
    EXPECT_EQ(cas_counter.load(), uint64_t(THREADS) * PER_THREAD);
}

TEST(Atomic, ExchangeSpinlockProtectsPlainData)
{
    // Acquire on lock and release on unlock must make the plain increments visible to
    // the next holder; a broken order shows up as lost updates (and as a TSan report).
    Atomic<bool> locked(false);
    uint64_t plain = 0;
    constexpr int THREADS = 4;
    constexpr int PER_THREAD = 20000;
    std::vector<std::thread> threads;
    for (int t = 0; t < THREADS; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < PER_THREAD; ++i) {
                while (locked.exchange(true, MemoryOrder::Acquire)) {
                    while (locked.load(MemoryOrder::Relaxed))
                        std::this_thread::yield();
                }
                ++plain;
                locked.store(false, MemoryOrder::Release);
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(plain, uint64_t(THREADS) * PER_THREAD);
}

TEST(Atomic, FencesCompile)
{
    ts::atomic_thread_fence();
    ts::atomic_thread_fence(MemoryOrder::Acquire);
    ts::atomic_signal_fence(MemoryOrder::Release);
    SUCCEED();
}

} // namespace
