// Host tests for kernel/lib/IntrusiveList: random operations mirrored in a std::list of
// pointers, with the order, size, ends, links and neighbours compared after every step;
// removal while iterating; one object on two lists through two members.
#include <lib/IntrusiveList.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <list>
#include <memory>
#include <random>
#include <vector>

namespace {

using ts::IntrusiveList;
using ts::ListNode;

struct Item {
    uint64_t padding { 0 }; // keeps the node away from offset 0, to test container_of
    int id { 0 };
    ListNode run_node;
    ListNode all_node;
};

using RunList = IntrusiveList<Item, &Item::run_node>;
using AllList = IntrusiveList<Item, &Item::all_node>;

::testing::AssertionResult matches(const RunList& list, const std::list<Item*>& reference)
{
    if (list.size() != reference.size())
        return ::testing::AssertionFailure() << "size " << list.size() << " vs " << reference.size();
    if (list.is_empty() != reference.empty())
        return ::testing::AssertionFailure() << "is_empty disagrees";
    if (list.front() != (reference.empty() ? nullptr : reference.front()))
        return ::testing::AssertionFailure() << "front differs";
    if (list.back() != (reference.empty() ? nullptr : reference.back()))
        return ::testing::AssertionFailure() << "back differs";
    auto expected = reference.begin();
    for (Item& item : list) {
        if (expected == reference.end() || &item != *expected)
            return ::testing::AssertionFailure() << "order differs at id " << item.id;
        if (!item.run_node.is_linked())
            return ::testing::AssertionFailure() << "listed item not linked";
        auto following = std::next(expected);
        Item* next = list.next(item);
        if (next != (following == reference.end() ? nullptr : *following))
            return ::testing::AssertionFailure() << "next() differs at id " << item.id;
        ++expected;
    }
    if (expected != reference.end())
        return ::testing::AssertionFailure() << "iteration too short";
    return ::testing::AssertionSuccess();
}

TEST(IntrusiveList, RandomOperationsAgainstStdList)
{
    std::mt19937_64 rng(4);
    std::vector<std::unique_ptr<Item>> pool;
    for (int i = 0; i < 64; ++i) {
        pool.push_back(std::make_unique<Item>());
        pool.back()->id = i;
    }
    RunList list;
    std::list<Item*> reference;

    for (int op = 0; op < 20000; ++op) {
        Item& item = *pool[rng() % pool.size()];
        bool linked = std::find(reference.begin(), reference.end(), &item) != reference.end();
        ASSERT_EQ(item.run_node.is_linked(), linked);
        switch (rng() % 6) {
        case 0:
            if (!linked) {
                list.push_back(item);
                reference.push_back(&item);
            }
            break;
        case 1:
            if (!linked) {
                list.push_front(item);
                reference.push_front(&item);
            }
            break;
        case 2:
            if (!linked && !reference.empty()) {
                auto position = reference.begin();
                std::advance(position, long(rng() % reference.size()));
                list.insert_after(**position, item);
                reference.insert(std::next(position), &item);
            }
            break;
        case 3:
            if (linked) {
                list.remove(item);
                reference.remove(&item);
                ASSERT_FALSE(item.run_node.is_linked());
                ASSERT_EQ(item.run_node.prev, nullptr);
            }
            break;
        case 4: {
            Item* popped = list.pop_front();
            ASSERT_EQ(popped, reference.empty() ? nullptr : reference.front());
            if (!reference.empty())
                reference.pop_front();
            break;
        }
        case 5: {
            Item* popped = list.pop_back();
            ASSERT_EQ(popped, reference.empty() ? nullptr : reference.back());
            if (!reference.empty())
                reference.pop_back();
            break;
        }
        }
        ASSERT_TRUE(matches(list, reference)) << "after operation " << op;
    }
}

TEST(IntrusiveList, EmptyList)
{
    RunList list;
    EXPECT_TRUE(list.is_empty());
    EXPECT_EQ(list.size(), 0u);
    EXPECT_EQ(list.front(), nullptr);
    EXPECT_EQ(list.back(), nullptr);
    EXPECT_EQ(list.pop_front(), nullptr);
    EXPECT_EQ(list.pop_back(), nullptr);
    EXPECT_TRUE(list.begin() == list.end());
}

TEST(IntrusiveList, RemoveWhileIterating)
{
    // The pattern documented on Iterator::operator++: advance, then unlink the current.
    std::vector<Item> items(10);
    RunList list;
    for (size_t i = 0; i < items.size(); ++i) {
        items[i].id = int(i);
        list.push_back(items[i]);
    }
    for (auto it = list.begin(); it != list.end();) {
        Item& current = *it;
        ++it;
        if (current.id % 2 == 0)
            list.remove(current);
    }
    std::vector<int> remaining;
    for (Item& item : list)
        remaining.push_back(item.id);
    EXPECT_EQ(remaining, (std::vector<int> { 1, 3, 5, 7, 9 }));
    EXPECT_EQ(list.size(), 5u);
}

TEST(IntrusiveList, OneObjectOnTwoLists)
{
    std::vector<Item> items(6);
    RunList run;
    AllList all;
    for (size_t i = 0; i < items.size(); ++i) {
        items[i].id = int(i);
        all.push_back(items[i]);
        if (i % 2)
            run.push_front(items[i]);
    }
    EXPECT_EQ(all.size(), 6u);
    EXPECT_EQ(run.size(), 3u);
    EXPECT_EQ(run.front()->id, 5);
    EXPECT_EQ(all.front()->id, 0);
    run.remove(items[3]);
    EXPECT_TRUE(items[3].all_node.is_linked());
    EXPECT_FALSE(items[3].run_node.is_linked());
    std::vector<int> ids;
    for (Item& item : all)
        ids.push_back(item.id);
    EXPECT_EQ(ids, (std::vector<int> { 0, 1, 2, 3, 4, 5 }));
    EXPECT_EQ(all.back()->id, 5);
    EXPECT_EQ(all.next(items[5]), nullptr);
    // Iterator arrow access.
    EXPECT_EQ(run.begin()->id, 5);
}

} // namespace
