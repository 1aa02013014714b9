// IntrusiveList: a doubly linked list whose node lives inside the listed object, so
// linking never allocates. Part of kernel/lib (depends on nothing).
//
//     struct Thread { ListNode run_node; ... };
//     IntrusiveList<Thread, &Thread::run_node> queue;
//     queue.push_back(thread); for (Thread& t : queue) ...
//
// Invariants: a node is on at most one list through a given member; an unlinked node has
// null prev/next. The list does not own its elements. Not thread-safe: the owner locks.
#pragma once

#include <cstddef>

namespace ts {

struct ListNode {
    ListNode* prev { nullptr };
    ListNode* next { nullptr };
    bool is_linked() const { return next != nullptr; }
};

template<typename T, ListNode T::*Member>
class IntrusiveList {
public:
    IntrusiveList() { m_head.prev = m_head.next = &m_head; }
    IntrusiveList(const IntrusiveList&) = delete;
    IntrusiveList& operator=(const IntrusiveList&) = delete;

    bool is_empty() const { return m_head.next == &m_head; }
    size_t size() const { return m_size; }

    T* front() const { return is_empty() ? nullptr : owner(m_head.next); }
    T* back() const { return is_empty() ? nullptr : owner(m_head.prev); }

    void push_front(T& item) { insert_after(&m_head, &(item.*Member)); }
    void push_back(T& item) { insert_after(m_head.prev, &(item.*Member)); }
    // Inserts item right after position (which must be on this list).
    void insert_after(T& position, T& item) { insert_after(&(position.*Member), &(item.*Member)); }

    T* pop_front()
    {
        T* item = front();
        if (item)
            remove(*item);
        return item;
    }
    T* pop_back()
    {
        T* item = back();
        if (item)
            remove(*item);
        return item;
    }

    // item must be on this list.
    void remove(T& item)
    {
        ListNode* node = &(item.*Member);
        node->prev->next = node->next;
        node->next->prev = node->prev;
        node->prev = node->next = nullptr;
        --m_size;
    }

    T* next(T& item) const
    {
        ListNode* n = (item.*Member).next;
        return n == &m_head ? nullptr : owner(n);
    }

    class Iterator {
    public:
        Iterator(ListNode* node, const ListNode* head) : m_node(node), m_head(head) {}
        T& operator*() const { return *owner(m_node); }
        T* operator->() const { return owner(m_node); }
        // Advancing reads next before the caller may unlink the current element, so
        // "for (auto it = begin(); it != end();) { T& t = *it; ++it; remove(t); }" is safe.
        Iterator& operator++()
        {
            m_node = m_node->next;
            return *this;
        }
        bool operator==(const Iterator& other) const { return m_node == other.m_node; }
        bool operator!=(const Iterator& other) const { return m_node != other.m_node; }

    private:
        ListNode* m_node;
        const ListNode* m_head;
    };

    Iterator begin() const { return Iterator(m_head.next, &m_head); }
    Iterator end() const { return Iterator(const_cast<ListNode*>(&m_head), &m_head); }

private:
    static T* owner(ListNode* node)
    {
        // Recover the containing object from the member pointer (the classic container_of),
        // computed from a null-based member offset so it works for any standard-layout T.
        auto offset = reinterpret_cast<size_t>(&(static_cast<T*>(nullptr)->*Member));
        return reinterpret_cast<T*>(reinterpret_cast<char*>(node) - offset);
    }

    void insert_after(ListNode* position, ListNode* node)
    {
        node->prev = position;
        node->next = position->next;
        position->next->prev = node;
        position->next = node;
        ++m_size;
    }

    ListNode m_head;
    size_t m_size { 0 };
};

} // namespace ts
