// Host tests for kernel/lib/RefPtr: reference counts through every constructor and
// assignment, deletion exactly once (ASan reports a double free or a leak), conversions
// to a base class, make_ref's out-of-memory path, and counts under concurrent copying.
#include <lib/RefPtr.hpp>

#include <gtest/gtest.h>

#include <thread>
#include <utility>
#include <vector>

namespace {

using ts::NonnullRefPtr;
using ts::RefPtr;

struct Tracked : ts::RefCounted<Tracked> {
    static inline int live = 0;
    static inline int destroyed = 0;
    explicit Tracked(int v = 0) : value(v) { ++live; }
    ~Tracked()
    {
        --live;
        ++destroyed;
    }
    int value;
};

class RefPtrTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        Tracked::live = 0;
        Tracked::destroyed = 0;
    }
    void TearDown() override { EXPECT_EQ(Tracked::live, 0) << "leaked objects"; }
};

TEST_F(RefPtrTest, MakeRefStartsAtOneAndLastUnrefDeletes)
{
    {
        auto result = ts::make_ref<Tracked>(7);
        ASSERT_TRUE(result.is_ok());
        NonnullRefPtr<Tracked> object = result.release_value();
        EXPECT_EQ(object->ref_count(), 1u);
        EXPECT_EQ(object->value, 7);
        EXPECT_EQ((*object).value, 7);
        EXPECT_EQ(Tracked::live, 1);
    }
    EXPECT_EQ(Tracked::live, 0);
    EXPECT_EQ(Tracked::destroyed, 1);
}

TEST_F(RefPtrTest, CopiesCountAndMovesTransfer)
{
    NonnullRefPtr<Tracked> a = ts::adopt_ref(*new Tracked(1));
    {
        NonnullRefPtr<Tracked> b = a;
        EXPECT_EQ(a->ref_count(), 2u);
        RefPtr<Tracked> c = b;
        EXPECT_EQ(a->ref_count(), 3u);
        RefPtr<Tracked> d = std::move(c);
        EXPECT_TRUE(c.is_null());
        EXPECT_FALSE(c);
        EXPECT_EQ(a->ref_count(), 3u);
        NonnullRefPtr<Tracked> e = std::move(b);
        EXPECT_EQ(a->ref_count(), 3u);
        EXPECT_EQ(e.ptr(), a.ptr());
        EXPECT_TRUE(d == a.ptr());
    }
    EXPECT_EQ(a->ref_count(), 1u);
    EXPECT_EQ(Tracked::destroyed, 0);
}

TEST_F(RefPtrTest, AssignmentReleasesTheOldObject)
{
    RefPtr<Tracked> p = ts::adopt_ref(*new Tracked(1));
    NonnullRefPtr<Tracked> second = ts::adopt_ref(*new Tracked(2));
    p = second;
    EXPECT_EQ(Tracked::destroyed, 1);
    EXPECT_EQ(second->ref_count(), 2u);
    EXPECT_EQ(p->value, 2);

    // Self-assignment (through an alias, as it happens in real code) must neither free
    // nor leak.
    RefPtr<Tracked>& same = p;
    p = same;
    EXPECT_EQ(second->ref_count(), 2u);
    NonnullRefPtr<Tracked>& alias = second;
    second = alias;
    EXPECT_EQ(second->ref_count(), 2u);

    p = nullptr;
    EXPECT_TRUE(p == nullptr);
    EXPECT_EQ(second->ref_count(), 1u);

    NonnullRefPtr<Tracked> third = ts::adopt_ref(*new Tracked(3));
    second = third;
    EXPECT_EQ(Tracked::destroyed, 2);
    EXPECT_EQ(third->ref_count(), 2u);
    EXPECT_TRUE(second == third);
}

TEST_F(RefPtrTest, RawPointerConstructionAddsAReference)
{
    NonnullRefPtr<Tracked> owner = ts::adopt_ref(*new Tracked);
    Tracked* raw = owner.ptr();
    RefPtr<Tracked> from_pointer(raw);
    RefPtr<Tracked> from_reference(*raw);
    NonnullRefPtr<Tracked> nonnull_from_reference(*raw);
    EXPECT_EQ(raw->ref_count(), 4u);
    RefPtr<Tracked> from_null(static_cast<Tracked*>(nullptr));
    EXPECT_TRUE(from_null.is_null());
}

TEST_F(RefPtrTest, LeakAndAdoptRoundTrip)
{
    RefPtr<Tracked> p = ts::adopt_ref(*new Tracked(4));
    Tracked* raw = p.leak_ref();
    EXPECT_TRUE(p.is_null());
    EXPECT_EQ(Tracked::live, 1);
    EXPECT_EQ(raw->ref_count(), 1u);
    RefPtr<Tracked> back = ts::adopt_ref_if_nonnull(raw);
    EXPECT_EQ(raw->ref_count(), 1u);
    EXPECT_TRUE(ts::adopt_ref_if_nonnull<Tracked>(nullptr).is_null());

    NonnullRefPtr<Tracked> nonnull = ts::adopt_ref(*new Tracked(5));
    Tracked& leaked = nonnull.leak_ref();
    NonnullRefPtr<Tracked> readopted = ts::adopt_ref(leaked);
    EXPECT_EQ(readopted->ref_count(), 1u);
}

TEST_F(RefPtrTest, ClearEmptiesBeforeTheDestructorRuns)
{
    // The destructor looks at the RefPtr that is dropping it and must find it empty.
    static RefPtr<struct Observer>* watched;
    struct Observer : ts::RefCounted<Observer> {
        bool* saw_empty;
        explicit Observer(bool* flag) : saw_empty(flag) {}
        ~Observer() { *saw_empty = watched->is_null(); }
    };
    bool saw_empty = false;
    RefPtr<Observer> p = ts::adopt_ref(*new Observer(&saw_empty));
    watched = &p;
    p.clear();
    EXPECT_TRUE(saw_empty);
}

struct Base : ts::RefCounted<Base> {
    static inline int destroyed = 0;
    virtual ~Base() { ++destroyed; }
    virtual int kind() const { return 1; }
};
struct Derived : Base {
    static inline int destroyed = 0;
    ~Derived() override { ++destroyed; }
    int kind() const override { return 2; }
};

TEST_F(RefPtrTest, DerivedConvertsToBaseAndDeletesThroughIt)
{
    Base::destroyed = Derived::destroyed = 0;
    {
        NonnullRefPtr<Derived> derived = ts::make_ref<Derived>().release_value();
        NonnullRefPtr<Base> base = derived;
        RefPtr<Base> maybe = derived;
        RefPtr<Derived> derived_maybe = derived;
        RefPtr<Base> moved_base = std::move(derived_maybe);
        NonnullRefPtr<Base> moved_nonnull = std::move(derived);
        EXPECT_EQ(base->kind(), 2);
        EXPECT_EQ(base->ref_count(), 4u);
    }
    EXPECT_EQ(Derived::destroyed, 1);
    EXPECT_EQ(Base::destroyed, 1);
}

struct Unallocatable : ts::RefCounted<Unallocatable> {
    static inline int constructed = 0;
    Unallocatable() { ++constructed; }
    // Class-specific allocation that always fails, to drive make_ref's error path.
    static void* operator new(size_t, const std::nothrow_t&) noexcept { return nullptr; }
    static void operator delete(void*) noexcept {}
};

TEST_F(RefPtrTest, MakeRefReportsNoMemory)
{
    Unallocatable::constructed = 0;
    auto result = ts::make_ref<Unallocatable>();
    ASSERT_TRUE(result.is_error());
    EXPECT_EQ(result.error(), ts::Error::NoMemory);
    EXPECT_EQ(Unallocatable::constructed, 0);
}

// An aggregate: make_ref must brace-initialize it.
struct Pair : ts::RefCounted<Pair> {
    int a;
    int b;
    Pair(int x, int y) : a(x), b(y) {}
};
struct Plain {
    int a;
    int b;
    void ref() { ++refs; }
    void unref()
    {
        if (--refs == 0)
            delete this;
    }
    int refs { 1 };
};

TEST_F(RefPtrTest, MakeRefWithArgumentsAndDuckTypedCounts)
{
    auto pair = ts::make_ref<Pair>(3, 4).release_value();
    EXPECT_EQ(pair->a + pair->b, 7);

    // Any type with ref()/unref() works, including an aggregate built with braces.
    auto plain = ts::make_ref<Plain>(5, 6).release_value();
    EXPECT_EQ(plain->a, 5);
    EXPECT_EQ(plain->b, 6);
    RefPtr<Plain> copy = plain;
    EXPECT_EQ(plain->refs, 2);
}

TEST_F(RefPtrTest, TryUnwrapsMakeRef)
{
    auto build = []() -> ts::Result<int> {
        NonnullRefPtr<Tracked> object = TRY(ts::make_ref<Tracked>(11));
        return object->value;
    };
    auto result = build();
    ASSERT_TRUE(result.is_ok());
    EXPECT_EQ(result.value(), 11);
}

TEST_F(RefPtrTest, ConcurrentCopiesKeepTheCountExact)
{
    NonnullRefPtr<Tracked> shared = ts::adopt_ref(*new Tracked);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&shared] {
            for (int i = 0; i < 50000; ++i) {
                RefPtr<Tracked> copy = shared;
                NonnullRefPtr<Tracked> another = shared;
                (void)copy;
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(shared->ref_count(), 1u);
    EXPECT_EQ(Tracked::destroyed, 0);
}

TEST_F(RefPtrTest, ConcurrentLastReleaseDeletesOnce)
{
    // Many threads drop their references at the same time; exactly one deletes.
    for (int round = 0; round < 200; ++round) {
        std::vector<RefPtr<Tracked>> copies;
        {
            NonnullRefPtr<Tracked> object = ts::adopt_ref(*new Tracked);
            for (int t = 0; t < 4; ++t)
                copies.emplace_back(object);
        }
        std::vector<std::thread> threads;
        for (auto& copy : copies)
            threads.emplace_back([&copy] { copy.clear(); });
        for (auto& thread : threads)
            thread.join();
    }
    EXPECT_EQ(Tracked::destroyed, 200);
}

} // namespace
