// Host tests for kernel/lib/Result: values and errors through every constructor and
// assignment with a lifetime-counting type (each constructed object destroyed exactly
// once), move-only values, Result<void>, and TRY's propagation and single evaluation.
#include <lib/Result.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>

namespace {

using ts::Error;
using ts::Result;

// Counts live objects; a double destruction or a leak shows up as a non-zero balance.
struct Counted {
    static inline int live = 0;
    static inline int copies = 0;
    static inline int moves = 0;
    explicit Counted(int v) : value(v) { ++live; }
    Counted(const Counted& other) : value(other.value)
    {
        ++live;
        ++copies;
    }
    Counted(Counted&& other) : value(other.value)
    {
        other.value = -1;
        ++live;
        ++moves;
    }
    Counted& operator=(const Counted&) = default;
    ~Counted() { --live; }
    int value;
};

class ResultTest : public ::testing::Test {
protected:
    void SetUp() override { Counted::live = Counted::copies = Counted::moves = 0; }
    void TearDown() override { EXPECT_EQ(Counted::live, 0); }
};

TEST_F(ResultTest, ValueAndError)
{
    Result<int> ok = 42;
    EXPECT_TRUE(ok.is_ok());
    EXPECT_FALSE(ok.is_error());
    EXPECT_EQ(ok.value(), 42);
    EXPECT_EQ(ok.value_or(7), 42);

    Result<int> bad = Error::NotFound;
    EXPECT_TRUE(bad.is_error());
    EXPECT_FALSE(bad.is_ok());
    EXPECT_EQ(bad.error(), Error::NotFound);
    EXPECT_EQ(bad.value_or(7), 7);

    const Result<std::string> text = std::string("abc");
    EXPECT_EQ(text.value(), "abc");
}

TEST_F(ResultTest, ConvertingConstructor)
{
    Result<long> widened = 5; // int -> long
    EXPECT_EQ(widened.value(), 5);
    Result<std::string> from_literal = "literal";
    EXPECT_EQ(from_literal.value(), "literal");
}

TEST_F(ResultTest, LifetimesThroughCopiesAndMoves)
{
    {
        Result<Counted> a = Counted(1);
        EXPECT_EQ(Counted::live, 1);
        Result<Counted> b = a; // copy
        EXPECT_EQ(Counted::live, 2);
        EXPECT_EQ(b.value().value, 1);
        Result<Counted> c = std::move(a);
        EXPECT_EQ(c.value().value, 1);
        EXPECT_EQ(Counted::live, 3); // the moved-from value still exists until a dies

        Result<Counted> e = Error::Busy;
        EXPECT_EQ(Counted::live, 3);
        e = b; // error -> value
        EXPECT_EQ(Counted::live, 4);
        EXPECT_EQ(e.value().value, 1);
        e = Result<Counted>(Error::Timeout); // value -> error destroys the value
        EXPECT_EQ(Counted::live, 3);
        EXPECT_EQ(e.error(), Error::Timeout);
        e = std::move(c); // error -> value by move
        EXPECT_EQ(Counted::live, 4);
        b = Result<Counted>(Counted(9)); // value -> value
        EXPECT_EQ(b.value().value, 9);
        EXPECT_EQ(Counted::live, 4);

        // Self-assignment keeps the value.
        Result<Counted>& alias = b;
        b = alias;
        EXPECT_EQ(b.value().value, 9);
        b = std::move(alias);
        EXPECT_EQ(b.value().value, 9);
        EXPECT_EQ(Counted::live, 4);

        Result<Counted> copied_error = e;
        (void)copied_error;
    }
    EXPECT_EQ(Counted::live, 0);
}

TEST_F(ResultTest, ErrorSurvivesCopyAndMove)
{
    Result<Counted> bad = Error::Permission;
    Result<Counted> copy = bad;
    Result<Counted> moved = std::move(bad);
    EXPECT_EQ(copy.error(), Error::Permission);
    EXPECT_EQ(moved.error(), Error::Permission);
    Result<Counted> assigned = Counted(3);
    assigned = copy;
    EXPECT_TRUE(assigned.is_error());
    EXPECT_EQ(assigned.error(), Error::Permission);
    EXPECT_EQ(Counted::live, 0);
}

TEST_F(ResultTest, ReleaseValueMoves)
{
    Result<Counted> r = Counted(5);
    int copies_before = Counted::copies;
    Counted out = r.release_value();
    EXPECT_EQ(out.value, 5);
    EXPECT_EQ(Counted::copies, copies_before);
}

TEST_F(ResultTest, MoveOnlyValues)
{
    Result<std::unique_ptr<int>> r = std::make_unique<int>(8);
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(*r.value(), 8);
    Result<std::unique_ptr<int>> moved = std::move(r);
    EXPECT_EQ(*moved.value(), 8);
    std::unique_ptr<int> owned = moved.release_value();
    EXPECT_EQ(*owned, 8);
    EXPECT_EQ(moved.value(), nullptr);

    Result<std::unique_ptr<int>> assigned = Error::NoMemory;
    assigned = std::make_unique<int>(9);
    EXPECT_EQ(*assigned.value(), 9);
}

TEST_F(ResultTest, VoidResult)
{
    Result<void> ok;
    EXPECT_TRUE(ok.is_ok());
    ok.release_value();
    Result<void> bad = Error::Corrupt;
    EXPECT_TRUE(bad.is_error());
    EXPECT_EQ(bad.error(), Error::Corrupt);
    Result<void> copy = bad;
    EXPECT_EQ(copy.error(), Error::Corrupt);
}

// --- TRY ---

int g_evaluations = 0;

Result<int> produce(bool fail, int value)
{
    ++g_evaluations;
    if (fail)
        return Error::OutOfRange;
    return value;
}

Result<int> add_two(bool fail_first, bool fail_second)
{
    int a = TRY(produce(fail_first, 10));
    int b = TRY(produce(fail_second, 20));
    return a + b;
}

TEST_F(ResultTest, TryYieldsValuesAndPropagatesErrors)
{
    g_evaluations = 0;
    auto sum = add_two(false, false);
    ASSERT_TRUE(sum.is_ok());
    EXPECT_EQ(sum.value(), 30);
    EXPECT_EQ(g_evaluations, 2); // each expression evaluated exactly once

    g_evaluations = 0;
    auto first = add_two(true, false);
    ASSERT_TRUE(first.is_error());
    EXPECT_EQ(first.error(), Error::OutOfRange);
    EXPECT_EQ(g_evaluations, 1); // returned before the second

    auto second = add_two(false, true);
    EXPECT_EQ(second.error(), Error::OutOfRange);
}

Result<void> check(bool fail)
{
    if (fail)
        return Error::Interrupted;
    return {};
}

Result<void> run_checks(bool fail_at_second, int& reached)
{
    reached = 0;
    TRY(check(false));
    reached = 1;
    TRY(check(fail_at_second));
    reached = 2;
    return {};
}

TEST_F(ResultTest, TryWithVoid)
{
    int reached = 0;
    EXPECT_TRUE(run_checks(false, reached).is_ok());
    EXPECT_EQ(reached, 2);
    auto failed = run_checks(true, reached);
    ASSERT_TRUE(failed.is_error());
    EXPECT_EQ(failed.error(), Error::Interrupted);
    EXPECT_EQ(reached, 1);
}

Result<std::unique_ptr<int>> make_box(bool fail)
{
    if (fail)
        return Error::NoMemory;
    return std::make_unique<int>(77);
}

// An error crosses value types: Result<unique_ptr> into Result<Counted>.
Result<Counted> unbox(bool fail)
{
    std::unique_ptr<int> box = TRY(make_box(fail));
    return Counted(*box);
}

TEST_F(ResultTest, TryWithMoveOnlyValuesAcrossTypes)
{
    auto ok = unbox(false);
    ASSERT_TRUE(ok.is_ok());
    EXPECT_EQ(ok.value().value, 77);
    auto bad = unbox(true);
    ASSERT_TRUE(bad.is_error());
    EXPECT_EQ(bad.error(), Error::NoMemory);
}

TEST_F(ResultTest, IsNodiscard)
{
    // Result is [[nodiscard]]; this only documents that discarding needs a cast.
    (void)produce(false, 1);
    SUCCEED();
}

} // namespace
