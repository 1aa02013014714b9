// Host tests for kernel/lib/RbTree: random inserts and removals mirrored in a std::set of
// (key, insertion number), with verify() and a from-scratch recomputation of the
// augmented subtree aggregates after every operation; an augmented search (the shape of
// EEVDF's pick) against a linear scan; height bounds; verify() rejecting broken trees.
#include <lib/RbTree.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <random>
#include <set>
#include <utility>
#include <vector>

namespace {

using ts::RbNode;

struct Item {
    uint32_t padding[3] {}; // keeps the node away from offset 0, to test container_of
    uint64_t key { 0 };
    uint64_t sequence { 0 }; // insertion order, to check that equal keys stay in order
    RbNode node;
    uint64_t weight { 0 };
    // Maintained by the augment: minimum weight and element count of the subtree.
    uint64_t subtree_min { 0 };
    size_t subtree_count { 0 };
    size_t update_calls { 0 };
    bool linked { false };
};

struct ByKey {
    static bool less(const Item& a, const Item& b) { return a.key < b.key; }
};

struct SubtreeMin;
using Tree = ts::RbTree<Item, &Item::node, ByKey, SubtreeMin>;

struct SubtreeMin {
    static void update(Item& item)
    {
        ++item.update_calls;
        item.subtree_min = item.weight;
        item.subtree_count = 1;
        for (Item* child : { Tree::left(item), Tree::right(item) }) {
            if (child) {
                item.subtree_min = std::min(item.subtree_min, child->subtree_min);
                item.subtree_count += child->subtree_count;
            }
        }
    }
};

// Recomputes the aggregates from the structure and compares them with what the tree
// maintained. Returns the subtree's true minimum through `min`.
::testing::AssertionResult check_augment(const Item* item, uint64_t& min, size_t& count)
{
    if (!item) {
        min = UINT64_MAX;
        count = 0;
        return ::testing::AssertionSuccess();
    }
    uint64_t left_min, right_min;
    size_t left_count, right_count;
    auto left = check_augment(Tree::left(*item), left_min, left_count);
    if (!left)
        return left;
    auto right = check_augment(Tree::right(*item), right_min, right_count);
    if (!right)
        return right;
    min = std::min({ item->weight, left_min, right_min });
    count = 1 + left_count + right_count;
    if (item->subtree_min != min || item->subtree_count != count) {
        return ::testing::AssertionFailure() << "stale aggregate at key " << item->key << ": min " << item->subtree_min
                                             << " vs " << min << ", count " << item->subtree_count << " vs " << count;
    }
    if (const Item* parent = Tree::parent(*item)) {
        if (Tree::left(*parent) != item && Tree::right(*parent) != item)
            return ::testing::AssertionFailure() << "parent does not point back";
    }
    return ::testing::AssertionSuccess();
}

::testing::AssertionResult matches_reference(const Tree& tree, const std::set<std::pair<uint64_t, uint64_t>>& reference)
{
    if (!tree.verify())
        return ::testing::AssertionFailure() << "verify() failed";
    if (tree.size() != reference.size())
        return ::testing::AssertionFailure() << "size " << tree.size() << " vs " << reference.size();
    if (tree.is_empty() != reference.empty())
        return ::testing::AssertionFailure() << "is_empty disagrees";

    // Forwards with next(), backwards with prev(), and through the iterator.
    auto expected = reference.begin();
    for (Item* item = tree.first(); item; item = tree.next(*item), ++expected) {
        if (expected == reference.end() || item->key != expected->first || item->sequence != expected->second)
            return ::testing::AssertionFailure() << "forward walk differs at key " << item->key;
    }
    if (expected != reference.end())
        return ::testing::AssertionFailure() << "forward walk too short";
    auto reverse = reference.rbegin();
    for (Item* item = tree.last(); item; item = tree.prev(*item), ++reverse) {
        if (reverse == reference.rend() || item->key != reverse->first || item->sequence != reverse->second)
            return ::testing::AssertionFailure() << "backward walk differs at key " << item->key;
    }
    if (reverse != reference.rend())
        return ::testing::AssertionFailure() << "backward walk too short";
    size_t iterated = 0;
    for (Item& item : tree) {
        (void)item;
        ++iterated;
    }
    if (iterated != reference.size())
        return ::testing::AssertionFailure() << "iterator visited " << iterated;

    uint64_t min;
    size_t count;
    auto augment = check_augment(tree.root(), min, count);
    if (!augment)
        return augment;
    if (tree.root() && Tree::parent(*tree.root()))
        return ::testing::AssertionFailure() << "root has a parent";
    return ::testing::AssertionSuccess();
}

TEST(RbTree, EmptyTree)
{
    Tree tree;
    EXPECT_TRUE(tree.is_empty());
    EXPECT_EQ(tree.size(), 0u);
    EXPECT_EQ(tree.root(), nullptr);
    EXPECT_EQ(tree.first(), nullptr);
    EXPECT_EQ(tree.last(), nullptr);
    EXPECT_TRUE(tree.verify());
    EXPECT_TRUE(tree.begin() == tree.end());
}

TEST(RbTree, SingleElement)
{
    Tree tree;
    Item item;
    item.key = 5;
    tree.insert(item);
    EXPECT_EQ(tree.root(), &item);
    EXPECT_EQ(tree.first(), &item);
    EXPECT_EQ(tree.last(), &item);
    EXPECT_EQ(tree.next(item), nullptr);
    EXPECT_EQ(tree.prev(item), nullptr);
    EXPECT_EQ(Tree::left(item), nullptr);
    EXPECT_EQ(Tree::parent(item), nullptr);
    EXPECT_TRUE(tree.verify());
    tree.remove(item);
    EXPECT_TRUE(tree.is_empty());
    EXPECT_TRUE(tree.verify());
    // A removed node is left unlinked.
    EXPECT_EQ(item.node.parent, nullptr);
    EXPECT_EQ(item.node.left, nullptr);
    EXPECT_EQ(item.node.right, nullptr);
}

// Runs `operations` random inserts/removals over a pool, checking everything after each.
void random_operations(uint64_t seed, size_t pool_size, uint64_t key_range, int operations)
{
    std::mt19937_64 rng(seed);
    std::vector<std::unique_ptr<Item>> pool;
    for (size_t i = 0; i < pool_size; ++i)
        pool.push_back(std::make_unique<Item>());
    Tree tree;
    std::set<std::pair<uint64_t, uint64_t>> reference;
    uint64_t sequence = 0;

    for (int op = 0; op < operations; ++op) {
        Item& item = *pool[rng() % pool_size];
        // Bias towards growth in the first half and shrinking in the second, so the tree
        // passes through many sizes.
        bool prefer_insert = (rng() % 100) < (op < operations / 2 ? 65u : 35u);
        if (!item.linked && (prefer_insert || reference.empty())) {
            item.key = rng() % key_range;
            item.weight = rng() % 1000;
            item.sequence = sequence++;
            tree.insert(item);
            item.linked = true;
            reference.insert({ item.key, item.sequence });
        } else if (item.linked) {
            tree.remove(item);
            item.linked = false;
            reference.erase({ item.key, item.sequence });
        } else {
            continue;
        }
        ASSERT_TRUE(matches_reference(tree, reference)) << "after operation " << op << " (seed " << seed << ")";
    }
    // Drain in random order.
    for (auto& item : pool) {
        if (item->linked) {
            tree.remove(*item);
            item->linked = false;
            reference.erase({ item->key, item->sequence });
            ASSERT_TRUE(matches_reference(tree, reference));
        }
    }
    EXPECT_TRUE(tree.is_empty());
}

TEST(RbTree, RandomAgainstStdSetDistinctishKeys) { random_operations(1, 300, 1u << 30, 20000); }

// A small key range makes many equal keys, whose insertion order must be kept.
TEST(RbTree, RandomAgainstStdSetManyEqualKeys) { random_operations(2, 300, 8, 20000); }

TEST(RbTree, RandomSmallTrees)
{
    // Small pools hit every fix-up case near the root over and over.
    for (uint64_t seed = 10; seed < 60; ++seed)
        random_operations(seed, 1 + seed % 9, 1 + seed % 5, 400);
}

TEST(RbTree, SortedInsertionKeepsLogarithmicHeight)
{
    // Ascending and descending keys are the worst case for an unbalanced tree.
    for (bool descending : { false, true }) {
        const size_t count = 4095;
        std::vector<Item> items(count);
        Tree tree;
        for (size_t i = 0; i < count; ++i) {
            items[i].key = descending ? count - i : i;
            tree.insert(items[i]);
        }
        ASSERT_TRUE(tree.verify());
        size_t height = 0;
        for (Item& item : items) {
            size_t depth = 1;
            for (Item* up = Tree::parent(item); up; up = Tree::parent(*up))
                ++depth;
            height = std::max(height, depth);
        }
        EXPECT_LE(double(height), 2 * std::log2(double(count) + 1));
        // Remove every other element, then the rest, verifying as we go.
        for (size_t i = 0; i < count; i += 2)
            tree.remove(items[i]);
        ASSERT_TRUE(tree.verify());
        for (size_t i = 1; i < count; i += 2)
            tree.remove(items[i]);
        EXPECT_TRUE(tree.is_empty());
    }
}

// The augmented search EEVDF performs: the leftmost element (smallest key) whose weight
// is at most `limit`, found by steering with the subtree minimum in O(log n).
Item* leftmost_with_weight_at_most(const Tree& tree, uint64_t limit)
{
    Item* node = tree.root();
    while (node) {
        Item* left = Tree::left(*node);
        if (left && left->subtree_min <= limit)
            node = left;
        else if (node->weight <= limit)
            return node;
        else if (Item* right = Tree::right(*node); right && right->subtree_min <= limit)
            node = right;
        else
            return nullptr;
    }
    return nullptr;
}

TEST(RbTree, AugmentedSearchAgainstLinearScan)
{
    std::mt19937_64 rng(77);
    std::vector<std::unique_ptr<Item>> items;
    Tree tree;
    for (int round = 0; round < 3000; ++round) {
        if (items.empty() || rng() % 3 != 0) {
            items.push_back(std::make_unique<Item>());
            items.back()->key = rng() % 500;
            items.back()->weight = rng() % 10000;
            tree.insert(*items.back());
        } else {
            size_t index = rng() % items.size();
            tree.remove(*items[index]);
            items.erase(items.begin() + long(index));
        }
        uint64_t limit = rng() % 10000;
        Item* expected = nullptr;
        for (Item* item = tree.first(); item; item = tree.next(*item)) {
            if (item->weight <= limit) {
                expected = item;
                break;
            }
        }
        ASSERT_EQ(leftmost_with_weight_at_most(tree, limit), expected) << "round " << round;
    }
}

TEST(RbTree, UpdateChangesOnlyTouchThePath)
{
    // A single insert into a large tree calls update() O(log n) times, not O(n).
    std::vector<Item> items(1024);
    Tree tree;
    for (size_t i = 0; i < items.size(); ++i) {
        items[i].key = i * 7919 % 1024;
        tree.insert(items[i]);
    }
    size_t before = 0;
    for (Item& item : items)
        before += item.update_calls;
    Item extra;
    extra.key = 512;
    tree.insert(extra);
    size_t after = extra.update_calls;
    for (Item& item : items)
        after += item.update_calls;
    EXPECT_LE(after - before, 3 * 11u + 4);
    EXPECT_GE(after - before, 1u);
}

TEST(RbTree, VerifyDetectsBrokenTrees)
{
    std::vector<Item> items(64);
    Tree tree;
    for (size_t i = 0; i < items.size(); ++i) {
        items[i].key = i;
        tree.insert(items[i]);
    }
    ASSERT_TRUE(tree.verify());

    // A red root.
    tree.root()->node.red = true;
    EXPECT_FALSE(tree.verify());
    tree.root()->node.red = false;
    ASSERT_TRUE(tree.verify());

    // Out-of-order key.
    uint64_t saved = tree.first()->key;
    tree.first()->key = 1000;
    EXPECT_FALSE(tree.verify());
    tree.first()->key = saved;
    ASSERT_TRUE(tree.verify());

    // Unequal black heights: flip the colour of a black leaf-level node.
    Item* leaf = nullptr;
    for (Item& item : items) {
        if (!Tree::left(item) && !Tree::right(item) && !item.node.red && Tree::parent(item)) {
            leaf = &item;
            break;
        }
    }
    if (leaf) {
        leaf->node.red = true;
        bool parent_red = Tree::parent(*leaf)->node.red;
        EXPECT_FALSE(tree.verify()) << "parent red: " << parent_red;
        leaf->node.red = false;
    }
    ASSERT_TRUE(tree.verify());

    // A wrong parent link.
    Item* child = Tree::left(*tree.root());
    ASSERT_NE(child, nullptr);
    RbNode* saved_parent = child->node.parent;
    child->node.parent = &tree.last()->node;
    EXPECT_FALSE(tree.verify());
    child->node.parent = saved_parent;
    EXPECT_TRUE(tree.verify());
}

// The default NoAugment tree over a type whose node is its first member.
struct Plain {
    RbNode node;
    int value { 0 };
};
struct ByValue {
    static bool less(const Plain& a, const Plain& b) { return a.value < b.value; }
};

TEST(RbTree, WithoutAugmentAndNodeFirst)
{
    std::vector<Plain> items(100);
    ts::RbTree<Plain, &Plain::node, ByValue> tree;
    std::mt19937 rng(3);
    std::multiset<int> reference;
    for (Plain& item : items) {
        item.value = int(rng() % 50) - 25;
        tree.insert(item);
        reference.insert(item.value);
    }
    ASSERT_TRUE(tree.verify());
    std::vector<int> walked;
    for (Plain& item : tree)
        walked.push_back(item.value);
    EXPECT_EQ(walked, std::vector<int>(reference.begin(), reference.end()));
    EXPECT_EQ(tree.first()->value, *reference.begin());
    EXPECT_EQ(tree.last()->value, *reference.rbegin());
}

} // namespace
