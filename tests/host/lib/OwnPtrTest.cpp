// Host tests for kernel/lib/OwnPtr: one deletion per object through every move and
// assignment (ASan reports double frees and leaks), conversions to a base class, adopt
// and leak round trips, and make_own's out-of-memory path.
#include <lib/OwnPtr.hpp>

#include <gtest/gtest.h>

#include <utility>

namespace {

using ts::NonnullOwnPtr;
using ts::OwnPtr;

struct Tracked {
    static inline int live = 0;
    explicit Tracked(int v = 0) : value(v) { ++live; }
    Tracked(const Tracked&) = delete;
    ~Tracked() { --live; }
    int value;
};

class OwnPtrTest : public ::testing::Test {
protected:
    void SetUp() override { Tracked::live = 0; }
    void TearDown() override { EXPECT_EQ(Tracked::live, 0) << "leaked objects"; }
};

TEST_F(OwnPtrTest, MakeOwnAndScopeEnd)
{
    {
        auto result = ts::make_own<Tracked>(3);
        ASSERT_TRUE(result.is_ok());
        NonnullOwnPtr<Tracked> owner = result.release_value();
        EXPECT_EQ(owner->value, 3);
        EXPECT_EQ((*owner).value, 3);
        EXPECT_EQ(Tracked::live, 1);
    }
    EXPECT_EQ(Tracked::live, 0);
}

TEST_F(OwnPtrTest, MovesTransferOwnership)
{
    NonnullOwnPtr<Tracked> a = ts::adopt_own(*new Tracked(1));
    Tracked* raw = a.ptr();
    NonnullOwnPtr<Tracked> b = std::move(a);
    EXPECT_EQ(b.ptr(), raw);
    OwnPtr<Tracked> c = std::move(b);
    EXPECT_TRUE(c == raw);
    OwnPtr<Tracked> d = std::move(c);
    EXPECT_TRUE(c.is_null());
    EXPECT_FALSE(c);
    EXPECT_TRUE(c == nullptr);
    EXPECT_TRUE(d);
    EXPECT_EQ(Tracked::live, 1);
}

TEST_F(OwnPtrTest, AssignmentDeletesThePreviousObject)
{
    OwnPtr<Tracked> p = ts::adopt_own(*new Tracked(1));
    p = ts::make_own<Tracked>(2).release_value();
    EXPECT_EQ(Tracked::live, 1);
    EXPECT_EQ(p->value, 2);

    OwnPtr<Tracked> other = ts::adopt_own(*new Tracked(3));
    p = std::move(other);
    EXPECT_EQ(Tracked::live, 1);
    EXPECT_EQ(p->value, 3);
    EXPECT_TRUE(other.is_null());

    // Self-move keeps the object alive and owned.
    OwnPtr<Tracked>& alias = p;
    p = std::move(alias);
    EXPECT_EQ(Tracked::live, 1);
    ASSERT_FALSE(p.is_null());
    EXPECT_EQ(p->value, 3);

    NonnullOwnPtr<Tracked> nonnull = ts::adopt_own(*new Tracked(4));
    nonnull = ts::adopt_own(*new Tracked(5));
    EXPECT_EQ(Tracked::live, 2);
    EXPECT_EQ(nonnull->value, 5);

    p = nullptr;
    EXPECT_EQ(Tracked::live, 1);
    p.clear();
    EXPECT_EQ(Tracked::live, 1);
}

TEST_F(OwnPtrTest, LeakAndAdoptRoundTrip)
{
    OwnPtr<Tracked> p = ts::adopt_own(*new Tracked(8));
    Tracked* raw = p.leak_ptr();
    EXPECT_TRUE(p.is_null());
    EXPECT_EQ(Tracked::live, 1);
    OwnPtr<Tracked> back = ts::adopt_own_if_nonnull(raw);
    EXPECT_EQ(back.ptr(), raw);
    EXPECT_TRUE(ts::adopt_own_if_nonnull<Tracked>(nullptr).is_null());

    NonnullOwnPtr<Tracked> nonnull = ts::adopt_own(*new Tracked(9));
    Tracked* leaked = nonnull.leak_ptr();
    EXPECT_EQ(Tracked::live, 2);
    delete leaked;
}

TEST_F(OwnPtrTest, ClearEmptiesBeforeTheDestructorRuns)
{
    static OwnPtr<struct Observer>* watched;
    struct Observer {
        bool* saw_empty;
        ~Observer() { *saw_empty = watched->is_null(); }
    };
    bool saw_empty = false;
    OwnPtr<Observer> p = ts::adopt_own(*new Observer { &saw_empty });
    watched = &p;
    p.clear();
    EXPECT_TRUE(saw_empty);
}

struct Base {
    static inline int destroyed = 0;
    virtual ~Base() { ++destroyed; }
    virtual int kind() const { return 1; }
};
struct Derived : Base {
    static inline int destroyed = 0;
    ~Derived() override { ++destroyed; }
    int kind() const override { return 2; }
};

TEST_F(OwnPtrTest, DerivedConvertsToBase)
{
    Base::destroyed = Derived::destroyed = 0;
    {
        NonnullOwnPtr<Base> base = ts::make_own<Derived>().release_value();
        EXPECT_EQ(base->kind(), 2);
        OwnPtr<Base> maybe = ts::make_own<Derived>().release_value();
        OwnPtr<Derived> derived = ts::adopt_own(*new Derived);
        maybe = std::move(derived);
        EXPECT_EQ(Derived::destroyed, 1);
        // A Result of the derived owner converts to a Result of the base owner.
        ts::Result<NonnullOwnPtr<Base>> converted = ts::make_own<Derived>().release_value();
        EXPECT_TRUE(converted.is_ok());
    }
    EXPECT_EQ(Derived::destroyed, 4);
    EXPECT_EQ(Base::destroyed, 4);
}

struct Unallocatable {
    static inline int constructed = 0;
    Unallocatable() { ++constructed; }
    static void* operator new(size_t, const std::nothrow_t&) noexcept { return nullptr; }
    static void operator delete(void*) noexcept {}
};

TEST_F(OwnPtrTest, MakeOwnReportsNoMemory)
{
    Unallocatable::constructed = 0;
    auto result = ts::make_own<Unallocatable>();
    ASSERT_TRUE(result.is_error());
    EXPECT_EQ(result.error(), ts::Error::NoMemory);
    EXPECT_EQ(Unallocatable::constructed, 0);

    auto propagate = []() -> ts::Result<void> {
        auto owner = TRY(ts::make_own<Unallocatable>());
        (void)owner;
        return {};
    };
    auto propagated = propagate();
    ASSERT_TRUE(propagated.is_error());
    EXPECT_EQ(propagated.error(), ts::Error::NoMemory);
}

struct Aggregate {
    int x;
    const char* name;
};

TEST_F(OwnPtrTest, MakeOwnBuildsAggregates)
{
    auto owner = ts::make_own<Aggregate>(4, "four").release_value();
    EXPECT_EQ(owner->x, 4);
    EXPECT_STREQ(owner->name, "four");
}

} // namespace
