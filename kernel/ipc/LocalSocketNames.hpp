// LocalSocketNames: the table of local socket names (`bind NAME` puts a socket in it,
// `connect NAME` finds it). Layer: ipc, but hardware-free: a red-black tree of names
// (kernel/lib/RbTree) that takes no lock, so the host tests compile this same header
// (tests/host/lib/LocalSocketNamesTest.cpp); the kernel's one table and its lock live in
// LocalSocket.cpp. Header-only because the host build compiles kernel/lib's sources,
// not kernel/ipc's.
//
// A name is 1 to LOCAL_NAME_MAX bytes of anything but NUL and control characters (a ctl
// word, so spaces need quotes). The table maps each name to one value it does not own:
// the socket removes its own name when it dies, and remove() only removes a name that
// still maps to the value given, so a late remove never takes a name bound since.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>

#include <lib/RbTree.hpp>
#include <lib/Result.hpp>
#include <lib/StringView.hpp>

namespace ts::ipc {

inline constexpr size_t LOCAL_NAME_MAX = 64;

inline Result<void> validate_local_name(StringView name)
{
    if (name.is_empty() || name.size() > LOCAL_NAME_MAX)
        return Error::InvalidArgument;
    for (char c : name) {
        auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f)
            return Error::InvalidArgument;
    }
    return {};
}

template<typename T>
class NameTable {
public:
    NameTable() = default;
    ~NameTable()
    {
        while (Entry* entry = m_tree.first()) {
            m_tree.remove(*entry);
            delete entry;
        }
    }
    NameTable(const NameTable&) = delete;
    NameTable& operator=(const NameTable&) = delete;

    // Maps `name` to `value`. InvalidArgument for a bad name, Exists if it is taken,
    // NoMemory.
    Result<void> add(StringView name, T& value)
    {
        TRY(validate_local_name(name));
        if (find_entry(name))
            return Error::Exists;
        auto* entry = new (std::nothrow) Entry;
        if (!entry)
            return Error::NoMemory;
        entry->value = &value;
        entry->length = name.size();
        __builtin_memcpy(entry->name, name.data(), name.size());
        m_tree.insert(*entry);
        return {};
    }

    // The value `name` maps to, or null.
    T* find(StringView name) const
    {
        Entry* entry = find_entry(name);
        return entry ? entry->value : nullptr;
    }

    // Removes `name` if it maps to `value`; returns whether it did.
    bool remove(StringView name, const T& value)
    {
        Entry* entry = find_entry(name);
        if (!entry || entry->value != &value)
            return false;
        m_tree.remove(*entry);
        delete entry;
        return true;
    }

    size_t size() const { return m_tree.size(); }

private:
    struct Entry {
        RbNode node;
        T* value { nullptr };
        size_t length { 0 };
        char name[LOCAL_NAME_MAX];
        StringView view() const { return StringView(name, length); }
    };

    // Byte order, a shorter name first on a common prefix.
    static int compare(StringView a, StringView b)
    {
        size_t common = a.size() < b.size() ? a.size() : b.size();
        for (size_t i = 0; i < common; ++i) {
            auto x = static_cast<unsigned char>(a[i]);
            auto y = static_cast<unsigned char>(b[i]);
            if (x != y)
                return x < y ? -1 : 1;
        }
        if (a.size() == b.size())
            return 0;
        return a.size() < b.size() ? -1 : 1;
    }
    struct ByName {
        static bool less(const Entry& a, const Entry& b) { return compare(a.view(), b.view()) < 0; }
    };
    using Tree = RbTree<Entry, &Entry::node, ByName>;

    Entry* find_entry(StringView name) const
    {
        Entry* node = m_tree.root();
        while (node) {
            int order = compare(name, node->view());
            if (order == 0)
                return node;
            node = order < 0 ? Tree::left(*node) : Tree::right(*node);
        }
        return nullptr;
    }

    Tree m_tree;
};

} // namespace ts::ipc
