// RbTree: an intrusive red-black tree, ordered by a comparator type, optionally keeping a
// per-subtree aggregate. Part of kernel/lib (depends on nothing; never allocates).
//
//     struct Entity { RbNode node; uint64_t deadline; uint64_t min_deadline; ... };
//     struct ByDeadline { static bool less(const Entity& a, const Entity& b); };
//     struct MinDeadline { static void update(Entity& e); };  // from e and its children
//     RbTree<Entity, &Entity::node, ByDeadline, MinDeadline> queue;
//
// The node lives inside the element, so inserting never allocates and an element can be
// removed in O(log n) given only a reference to it. Equal keys are allowed; a new element
// goes after the ones that compare equal, so equal keys leave in insertion order.
//
// Augmentation: the tree calls Augment::update(node) on every node whose subtree changed,
// children before parents, so update() may read its children's aggregates through
// RbTree::left()/right(). Insertion and removal refresh the path up to the root, then
// each rotation refreshes the two nodes it moved (a rotation keeps the set of nodes below
// the rotated position, so nodes above it need no update). EEVDF keeps the minimum
// virtual deadline of each subtree this way and finds the eligible entity with the
// earliest deadline by walking down from root().
//
// The algorithm is the classic one (CLRS chapter 13) with null leaves instead of a shared
// sentinel: a shared sentinel would be written to during removal and could not be shared
// between trees on different CPUs without a lock. Invariants (checked by verify()):
//   1. the root is black;  2. a red node has no red child;
//   3. every path from a node down to a null leaf crosses the same number of black nodes;
//   4. parent links match child links;  5. an in-order walk never goes down in key.
// Not thread-safe: the owner serializes access.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ts {

struct RbNode {
    RbNode* parent { nullptr };
    RbNode* left { nullptr };
    RbNode* right { nullptr };
    bool red { false };
};

// The default: no per-subtree aggregate.
struct NoAugment {
    template<typename T>
    static void update(T&) {}
};

template<typename T, RbNode T::*Member, typename Less, typename Augment = NoAugment>
class RbTree {
public:
    RbTree() = default;
    RbTree(const RbTree&) = delete;
    RbTree& operator=(const RbTree&) = delete;

    size_t size() const { return m_size; }
    bool is_empty() const { return m_root == nullptr; }
    T* root() const { return to_item(m_root); }

    // The structure, for searches that steer by the Augment aggregate.
    static T* left(T& item) { return to_item(node_of(item).left); }
    static T* right(T& item) { return to_item(node_of(item).right); }
    static T* parent(T& item) { return to_item(node_of(item).parent); }
    static const T* left(const T& item) { return to_item(node_of(item).left); }
    static const T* right(const T& item) { return to_item(node_of(item).right); }
    static const T* parent(const T& item) { return to_item(node_of(item).parent); }

    // The smallest and largest elements, or nullptr when empty. O(log n).
    T* first() const { return m_root ? to_item(leftmost(m_root)) : nullptr; }
    T* last() const { return m_root ? to_item(rightmost(m_root)) : nullptr; }

    // In-order neighbours of an element in this tree, or nullptr at either end. O(log n)
    // worst case, O(1) amortized over a full walk.
    T* next(const T& item) const
    {
        RbNode* node = const_cast<RbNode*>(&node_of(item));
        if (node->right)
            return to_item(leftmost(node->right));
        while (node->parent && node == node->parent->right)
            node = node->parent;
        return to_item(node->parent);
    }
    T* prev(const T& item) const
    {
        RbNode* node = const_cast<RbNode*>(&node_of(item));
        if (node->left)
            return to_item(rightmost(node->left));
        while (node->parent && node == node->parent->left)
            node = node->parent;
        return to_item(node->parent);
    }

    // Links `item`, which must not be in any tree through this member.
    void insert(T& item)
    {
        RbNode* node = &node_of(item);
        RbNode* parent = nullptr;
        RbNode** link = &m_root;
        while (*link) {
            parent = *link;
            // Ties go right, after the existing equal keys.
            link = Less::less(item, *to_item(parent)) ? &parent->left : &parent->right;
        }
        node->parent = parent;
        node->left = nullptr;
        node->right = nullptr;
        node->red = true;
        *link = node;
        ++m_size;

        update_to_root(node);
        fix_after_insert(node);
    }

    // Unlinks `item`, which must be in this tree.
    void remove(T& item)
    {
        RbNode* node = &node_of(item);
        RbNode* child;       // takes the place of the node that leaves its position
        RbNode* child_parent; // child's parent afterwards (child may be null)
        bool removed_black;

        if (!node->left || !node->right) {
            // At most one child: it moves up into node's place.
            child = node->left ? node->left : node->right;
            child_parent = node->parent;
            removed_black = !node->red;
            replace_child(node->parent, node, child);
            if (child)
                child->parent = child_parent;
        } else {
            // Two children: the successor (leftmost of the right subtree, which has no
            // left child) takes node's place and colour, so the colour that leaves the
            // tree is the successor's, from the successor's old position.
            RbNode* successor = leftmost(node->right);
            removed_black = !successor->red;
            child = successor->right;
            if (successor->parent == node) {
                child_parent = successor;
            } else {
                child_parent = successor->parent;
                child_parent->left = child;
                if (child)
                    child->parent = child_parent;
                successor->right = node->right;
                successor->right->parent = successor;
            }
            successor->left = node->left;
            successor->left->parent = successor;
            successor->parent = node->parent;
            successor->red = node->red;
            replace_child(node->parent, node, successor);
        }
        --m_size;
        node->parent = node->left = node->right = nullptr;
        node->red = false;

        // child_parent is the lowest node whose subtree changed; the path from it to the
        // root passes through the successor's new position.
        if (child_parent)
            update_to_root(child_parent);
        if (removed_black)
            fix_after_remove(child, child_parent);
    }

    // Checks every invariant listed at the top and that size() matches. O(n); for tests
    // and debug assertions.
    bool verify() const
    {
        if (!m_root)
            return m_size == 0;
        if (m_root->red || m_root->parent)
            return false;
        size_t count = 0;
        if (black_height(m_root, count) < 0 || count != m_size)
            return false;
        // Ordering: each element must not be less than the one before it.
        const T* previous = nullptr;
        for (const T* item = first(); item; item = next(*item)) {
            if (previous && Less::less(*item, *previous))
                return false;
            previous = item;
        }
        return true;
    }

    class Iterator {
    public:
        Iterator(const RbTree* tree, T* item) : m_tree(tree), m_item(item) {}
        T& operator*() const { return *m_item; }
        T* operator->() const { return m_item; }
        Iterator& operator++()
        {
            m_item = m_tree->next(*m_item);
            return *this;
        }
        bool operator==(const Iterator& other) const { return m_item == other.m_item; }

    private:
        const RbTree* m_tree;
        T* m_item;
    };
    // In-order iteration. Removing the current element invalidates the iterator; take
    // next() first when removing while walking.
    Iterator begin() const { return Iterator(this, first()); }
    Iterator end() const { return Iterator(this, nullptr); }

private:
    static RbNode& node_of(T& item) { return item.*Member; }
    static const RbNode& node_of(const T& item) { return item.*Member; }

    // The element that contains `node` (container_of). The member's offset is measured on
    // a stand-in address that is never dereferenced, only offset. It is not null, because
    // the sanitizers reject member access through null, and it is aligned for any T.
    // The compiler folds the whole computation to a constant.
    static T* to_item(RbNode* node)
    {
        if (!node)
            return nullptr;
        constexpr uintptr_t PROBE = 0x10000;
        static_assert(alignof(T) <= PROBE);
        uintptr_t member = reinterpret_cast<uintptr_t>(&(reinterpret_cast<T*>(PROBE)->*Member));
        return reinterpret_cast<T*>(reinterpret_cast<char*>(node) - (member - PROBE));
    }

    static RbNode* leftmost(RbNode* node)
    {
        while (node->left)
            node = node->left;
        return node;
    }
    static RbNode* rightmost(RbNode* node)
    {
        while (node->right)
            node = node->right;
        return node;
    }
    static bool is_red(const RbNode* node) { return node && node->red; }

    static void update(RbNode* node) { Augment::update(*to_item(node)); }
    static void update_to_root(RbNode* node)
    {
        for (; node; node = node->parent)
            update(node);
    }

    // Makes `replacement` take old_child's place under `parent` (or as the root).
    void replace_child(RbNode* parent, RbNode* old_child, RbNode* replacement)
    {
        if (!parent)
            m_root = replacement;
        else if (parent->left == old_child)
            parent->left = replacement;
        else
            parent->right = replacement;
    }

    // x's right child y takes x's place, x becomes y's left child and y's old left
    // subtree moves under x:   x(a, y(b, c))  =>  y(x(a, b), c)
    void rotate_left(RbNode* x)
    {
        RbNode* y = x->right;
        x->right = y->left;
        if (y->left)
            y->left->parent = x;
        y->parent = x->parent;
        replace_child(x->parent, x, y);
        y->left = x;
        x->parent = y;
        update(x);
        update(y);
    }

    // The mirror image of rotate_left.
    void rotate_right(RbNode* x)
    {
        RbNode* y = x->left;
        x->left = y->right;
        if (y->right)
            y->right->parent = x;
        y->parent = x->parent;
        replace_child(x->parent, x, y);
        y->right = x;
        x->parent = y;
        update(x);
        update(y);
    }

    // A new red node may sit under a red parent. Recolour while the uncle is red (moving
    // the problem two levels up), otherwise fix it with one or two rotations.
    void fix_after_insert(RbNode* node)
    {
        while (is_red(node->parent)) {
            RbNode* parent = node->parent;
            RbNode* grandparent = parent->parent; // exists: a red parent is never the root
            if (parent == grandparent->left) {
                RbNode* uncle = grandparent->right;
                if (is_red(uncle)) {
                    parent->red = false;
                    uncle->red = false;
                    grandparent->red = true;
                    node = grandparent;
                    continue;
                }
                if (node == parent->right) {
                    rotate_left(parent);
                    node = parent;
                    parent = node->parent;
                }
                parent->red = false;
                grandparent->red = true;
                rotate_right(grandparent);
            } else {
                RbNode* uncle = grandparent->left;
                if (is_red(uncle)) {
                    parent->red = false;
                    uncle->red = false;
                    grandparent->red = true;
                    node = grandparent;
                    continue;
                }
                if (node == parent->left) {
                    rotate_right(parent);
                    node = parent;
                    parent = node->parent;
                }
                parent->red = false;
                grandparent->red = true;
                rotate_left(grandparent);
            }
        }
        m_root->red = false;
    }

    // A black node left the path through `node` (which may be null, hence the separate
    // parent): that path is one black short. Push the deficit up or resolve it by
    // borrowing from the sibling's side. The sibling exists because the other path
    // through the parent still has at least one black node.
    void fix_after_remove(RbNode* node, RbNode* parent)
    {
        while (node != m_root && !is_red(node)) {
            if (node == parent->left) {
                RbNode* sibling = parent->right;
                if (sibling->red) {
                    sibling->red = false;
                    parent->red = true;
                    rotate_left(parent);
                    sibling = parent->right;
                }
                if (!is_red(sibling->left) && !is_red(sibling->right)) {
                    sibling->red = true;
                    node = parent;
                    parent = node->parent;
                    continue;
                }
                if (!is_red(sibling->right)) {
                    sibling->left->red = false;
                    sibling->red = true;
                    rotate_right(sibling);
                    sibling = parent->right;
                }
                sibling->red = parent->red;
                parent->red = false;
                sibling->right->red = false;
                rotate_left(parent);
                node = m_root;
            } else {
                RbNode* sibling = parent->left;
                if (sibling->red) {
                    sibling->red = false;
                    parent->red = true;
                    rotate_right(parent);
                    sibling = parent->left;
                }
                if (!is_red(sibling->left) && !is_red(sibling->right)) {
                    sibling->red = true;
                    node = parent;
                    parent = node->parent;
                    continue;
                }
                if (!is_red(sibling->left)) {
                    sibling->right->red = false;
                    sibling->red = true;
                    rotate_left(sibling);
                    sibling = parent->left;
                }
                sibling->red = parent->red;
                parent->red = false;
                sibling->left->red = false;
                rotate_right(parent);
                node = m_root;
            }
        }
        if (node)
            node->red = false;
    }

    // Black height of the subtree at `node` (null leaves count as one), or -1 when a rule
    // is broken below it. Counts the nodes into `count`. Recursion depth is the tree
    // height, at most 2 log2(n + 1).
    static int black_height(const RbNode* node, size_t& count)
    {
        if (!node)
            return 1;
        ++count;
        if (node->left && node->left->parent != node)
            return -1;
        if (node->right && node->right->parent != node)
            return -1;
        if (node->red && (is_red(node->left) || is_red(node->right)))
            return -1;
        int left_height = black_height(node->left, count);
        int right_height = black_height(node->right, count);
        if (left_height < 0 || right_height < 0 || left_height != right_height)
            return -1;
        return left_height + (node->red ? 0 : 1);
    }

    RbNode* m_root { nullptr };
    size_t m_size { 0 };
};

} // namespace ts
