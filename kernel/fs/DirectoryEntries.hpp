// DirectoryEntries: the name -> vnode map of an in-memory directory (tmpfs, devfs,
// sysfs). Layer: fs. A red-black tree ordered by name bytes (shorter first on a common
// prefix): O(log n) lookup, insert and remove, and "the first name after X" for
// listings that resume after a name. Not locked: the owning directory's dir_lock() is.
#pragma once

#include <cstddef>

#include <lib/RbTree.hpp>
#include <lib/RefPtr.hpp>
#include <lib/Result.hpp>
#include <lib/StringView.hpp>

#include "Vnode.hpp"

namespace ts::fs {

int compare_names(StringView a, StringView b);

class DirectoryEntries {
public:
    struct Entry {
        RbNode node;
        char* name { nullptr };
        size_t length { 0 };
        NonnullRefPtr<Vnode> vnode;
        StringView view() const { return StringView(name, length); }
        ~Entry() { delete[] name; }
    };

    DirectoryEntries() = default;
    ~DirectoryEntries();
    DirectoryEntries(const DirectoryEntries&) = delete;
    DirectoryEntries& operator=(const DirectoryEntries&) = delete;

    Entry* find(StringView name) const;
    // Error::Exists if the name is taken.
    Result<void> add(StringView name, Vnode& vnode);
    // Removes and frees the entry.
    void remove(Entry& entry);
    // Renames an entry of this map into `target` (maybe this map) as `new_name`; the
    // caller has removed whatever `target` had under that name.
    Result<void> move(Entry& entry, DirectoryEntries& target, StringView new_name);
    // The first entry whose name sorts after `after` ("": the first), or null.
    Entry* first_after(StringView after) const;
    Entry* first() const { return m_tree.first(); }
    bool is_empty() const { return m_tree.is_empty(); }
    size_t size() const { return m_tree.size(); }

    // Fills a DirEntry from an entry.
    static void describe(const Entry& entry, DirEntry& out);

private:
    struct ByName {
        static bool less(const Entry& a, const Entry& b) { return compare_names(a.view(), b.view()) < 0; }
    };
    using Tree = RbTree<Entry, &Entry::node, ByName>;
    Tree m_tree;
};

} // namespace ts::fs
