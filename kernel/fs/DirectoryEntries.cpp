// DirectoryEntries (see DirectoryEntries.hpp).
#include "DirectoryEntries.hpp"

#include <lib/TryNew.hpp>

namespace ts::fs {

int compare_names(StringView a, StringView b)
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

namespace {

char* copy_text(StringView text)
{
    auto* copy = new (std::nothrow) char[text.size() ? text.size() : 1];
    if (!copy)
        return nullptr;
    for (size_t i = 0; i < text.size(); ++i)
        copy[i] = text[i];
    return copy;
}

} // namespace

DirectoryEntries::~DirectoryEntries()
{
    while (Entry* entry = m_tree.first()) {
        m_tree.remove(*entry);
        delete entry;
    }
}

DirectoryEntries::Entry* DirectoryEntries::find(StringView name) const
{
    Entry* node = m_tree.root();
    while (node) {
        int order = compare_names(name, node->view());
        if (order == 0)
            return node;
        node = order < 0 ? Tree::left(*node) : Tree::right(*node);
    }
    return nullptr;
}

Result<void> DirectoryEntries::add(StringView name, Vnode& vnode)
{
    if (find(name))
        return Error::Exists;
    char* text = copy_text(name);
    if (!text)
        return Error::NoMemory;
    auto* entry = try_new<Entry>(RbNode {}, text, name.size(), NonnullRefPtr<Vnode>(vnode));
    if (!entry) {
        delete[] text;
        return Error::NoMemory;
    }
    m_tree.insert(*entry);
    return {};
}

void DirectoryEntries::remove(Entry& entry)
{
    m_tree.remove(entry);
    delete &entry;
}

Result<void> DirectoryEntries::move(Entry& entry, DirectoryEntries& target, StringView new_name)
{
    char* text = copy_text(new_name);
    if (!text)
        return Error::NoMemory;
    m_tree.remove(entry);
    delete[] entry.name;
    entry.name = text;
    entry.length = new_name.size();
    target.m_tree.insert(entry);
    return {};
}

DirectoryEntries::Entry* DirectoryEntries::first_after(StringView after) const
{
    Entry* best = nullptr;
    Entry* node = m_tree.root();
    while (node) {
        if (after.is_empty() || compare_names(node->view(), after) > 0) {
            best = node;
            node = Tree::left(*node);
        } else {
            node = Tree::right(*node);
        }
    }
    return best;
}

void DirectoryEntries::describe(const Entry& entry, DirEntry& out)
{
    copy_string(out.name, sizeof(out.name), entry.view());
    out.kind = entry.vnode->kind();
    out.ino = entry.vnode->ino();
}

} // namespace ts::fs
