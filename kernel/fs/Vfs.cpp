// Vfs: path walks and path operations (see Vfs.hpp; docs/kernel/vfs.md).
//
// Lock order, outermost first:
//   superblock rename_lock -> directory dir_lock (ancestor before descendant; unrelated
//   directories, which only rename takes together, by address) -> file-system data locks
//   -> the namespace and dentry-cache spinlocks (leaves).
// A walk holds at most one dir_lock at a time, and only around a cache miss.
#include "Vfs.hpp"

#include <lib/OwnPtr.hpp>
#include <lib/TryNew.hpp>

#include "Path.hpp"
#include "Superblock.hpp"

namespace ts::fs {

namespace {

// Symbolic links inside symbolic links recurse; this bounds the kernel stack a walk uses
// (each level is one Walker::walk frame) independently of MAX_SYMLINKS.
constexpr int MAX_SYMLINK_NESTING = 8;

Result<void> require(Perm cap, Perm needed)
{
    if (!is_subset(needed, cap))
        return Error::Permission;
    return {};
}

// A MutexGuard that may hold nothing.
class OptionalMutexGuard {
public:
    OptionalMutexGuard() = default;
    ~OptionalMutexGuard() { release(); }
    void lock(Mutex& mutex) TS_NO_THREAD_SAFETY_ANALYSIS
    {
        mutex.lock();
        m_mutex = &mutex;
    }
    void release() TS_NO_THREAD_SAFETY_ANALYSIS
    {
        if (m_mutex)
            m_mutex->unlock();
        m_mutex = nullptr;
    }

private:
    Mutex* m_mutex { nullptr };
};

struct NameBuffer {
    char text[MAX_NAME_LENGTH + 1];
    StringView view() const { return StringView(text); }
};

// The cached dentry for (parent, name), asking the file system on a miss. The caller
// holds the directory's dir_lock.
Result<NonnullRefPtr<Dentry>> lookup_child_locked(Dentry& parent, Vnode& directory, StringView name)
{
    if (auto cached = dcache().lookup(parent, name))
        return NonnullRefPtr<Dentry>(*cached);
    auto found = directory.lookup_locked(name);
    if (found.is_error()) {
        if (found.error() != Error::NotFound)
            return found.error();
        if (!parent.superblock().caches_negative_entries())
            return dcache().make_unhashed(parent, name);
        return dcache().insert(parent, name, nullptr);
    }
    return dcache().insert(parent, name, found.value().ptr());
}

Result<NonnullRefPtr<Dentry>> lookup_child(Dentry& parent, StringView name)
{
    if (auto cached = dcache().lookup(parent, name))
        return NonnullRefPtr<Dentry>(*cached);
    auto directory = parent.vnode();
    if (!directory)
        return Error::NotFound;
    if (!directory->is_directory())
        return Error::NotDirectory;
    MutexGuard guard(directory->dir_lock());
    return lookup_child_locked(parent, *directory, name);
}

// Creates `name` in `directory`. With `existing_directory_ok`, an existing directory of
// that name is returned instead of Error::Exists (for :parents, which may race).
Result<NonnullRefPtr<Dentry>> create_in(const Location& directory, StringView name, VnodeKind kind, bool existing_directory_ok)
{
    TRY(validate_name(name));
    auto vnode = directory.dentry->vnode();
    if (!vnode)
        return Error::NotFound;
    if (!vnode->is_directory())
        return Error::NotDirectory;
    MutexGuard guard(vnode->dir_lock());
    auto existing = TRY(lookup_child_locked(*directory.dentry, *vnode, name));
    if (auto existing_vnode = existing->vnode()) {
        if (existing_directory_ok && existing_vnode->is_directory())
            return existing;
        return Error::Exists;
    }
    auto created = TRY(vnode->create_locked(name, kind));
    return dcache().insert(*directory.dentry, name, created.ptr());
}

bool is_ancestor(const Dentry& ancestor, const Dentry& dentry)
{
    RefPtr<Dentry> at = const_cast<Dentry*>(&dentry);
    while (at) {
        if (at == &ancestor)
            return true;
        at = at->parent();
    }
    return false;
}

struct Walk {
    Location at;     // the final dentry (negative when !exists)
    Location parent; // the directory holding it
    Perm cap;        // what the walk allows at `at`
    bool exists;

    // The vnode the walk ended at, or NotFound.
    Result<NonnullRefPtr<Vnode>> existing() const
    {
        auto vnode = exists ? at.dentry->vnode() : nullptr;
        if (!vnode)
            return Error::NotFound;
        return NonnullRefPtr<Vnode>(*vnode);
    }
};

class Walker {
public:
    explicit Walker(Namespace& ns) : m_ns(ns) {}

    Result<Walk> walk(const Location& start, Perm cap, StringView path, bool follow_last, bool create_parents, int depth);
    void follow_mounts(Location& at, Perm& cap);
    void go_up(Location& at, Perm& cap);

private:
    Namespace& m_ns;
    int m_budget { MAX_SYMLINKS };
};

void Walker::follow_mounts(Location& at, Perm& cap)
{
    while (at.dentry->mount_count() > 0) {
        auto mount = m_ns.mounted_on(*at.mount, *at.dentry);
        if (!mount)
            return;
        at.dentry = &mount->root();
        at.mount = static_cast<RefPtr<Mount>&&>(mount);
        cap = cap & at.mount->perms();
    }
}

void Walker::go_up(Location& at, Perm& cap)
{
    Location root = m_ns.root();
    for (;;) {
        if (at == root) {
            follow_mounts(at, cap); // "/.." is "/": the top of whatever is mounted there
            return;
        }
        if (at.dentry != &at.mount->root())
            break;
        // At the root of a mount: continue from its mountpoint, unless the mount is not
        // part of this namespace (a descriptor passed in from elsewhere), whose top
        // behaves like a root.
        Mount* parent = at.mount->parent();
        if (!parent || !m_ns.contains(*at.mount))
            return;
        at.dentry = at.mount->mountpoint();
        at.mount = parent;
    }
    if (auto up = at.dentry->parent())
        at.dentry = up;
    follow_mounts(at, cap);
}

Result<Walk> Walker::walk(const Location& start, Perm cap, StringView path, bool follow_last, bool create_parents, int depth)
{
    PathComponents components(path);
    Location at = components.is_absolute() || !start.is_valid() ? m_ns.root() : start;
    follow_mounts(at, cap);
    Location parent = at;
    StringView name;
    while (components.next(name)) {
        bool last = components.is_last();
        auto directory = at.dentry->vnode();
        if (!directory)
            return Error::NotFound;
        if (!directory->is_directory())
            return Error::NotDirectory;
        if (name == ".") {
            continue;
        }
        if (name == "..") {
            go_up(at, cap);
            parent = at;
            continue;
        }
        if (name.size() > MAX_NAME_LENGTH)
            return Error::TooBig;
        auto child = TRY(lookup_child(*at.dentry, name));
        auto vnode = child->vnode();
        if (!vnode) {
            if (last)
                return Walk { { at.mount, child }, at, cap, false };
            if (!create_parents)
                return Error::NotFound;
            TRY(require(cap, Perm::Write));
            child = TRY(create_in(at, name, VnodeKind::Directory, true));
            vnode = child->vnode();
            if (!vnode)
                return Error::NotFound;
        }
        if (vnode->is_symlink() && (!last || follow_last)) {
            if (--m_budget < 0 || depth >= MAX_SYMLINK_NESTING)
                return Error::Loop;
            auto* target = new (std::nothrow) char[MAX_PATH_LENGTH];
            if (!target)
                return Error::NoMemory;
            auto length = vnode->read_link(target, MAX_PATH_LENGTH);
            if (length.is_error()) {
                delete[] target;
                return length.error();
            }
            auto sub = walk(at, cap, StringView(target, length.value()), true, create_parents, depth + 1);
            delete[] target;
            if (sub.is_error())
                return sub.error();
            Walk& result = sub.value();
            if (!result.exists) {
                if (!last)
                    return Error::NotFound;
                return result; // a dangling link: the caller may create its target
            }
            at = result.at;
            parent = result.parent;
            cap = result.cap;
            continue;
        }
        parent = at;
        at = { at.mount, child };
        follow_mounts(at, cap);
    }
    if (components.has_trailing_slash()) {
        auto vnode = at.dentry->vnode();
        if (vnode && !vnode->is_directory())
            return Error::NotDirectory;
    }
    return Walk { at, parent, cap, true };
}

Namespace& namespace_of(const PathContext& context)
{
    return *context.ns;
}

Result<Walk> walk_path(const PathContext& context, StringView path, bool follow_last, bool create_parents = false)
{
    if (!context.ns)
        return Error::InvalidArgument;
    if (path.is_empty())
        return Error::NotFound;
    Walker walker(namespace_of(context));
    return walker.walk(context.start, context.cap, path, follow_last, create_parents, 0);
}

// The directory that would hold the last component of `path`, and that component.
struct ParentWalk {
    Location directory;
    Perm cap;
    StringView name;
};

Result<ParentWalk> walk_parent(const PathContext& context, StringView path)
{
    if (path.is_empty())
        return Error::NotFound;
    SplitPath split = split_last(path);
    TRY(validate_name(split.name));
    // An empty parent part means the start itself ("name" relative to the start).
    StringView parent_path = split.parent.is_empty() ? StringView(".") : split.parent;
    auto walk = TRY(walk_path(context, parent_path, true));
    if (!walk.exists)
        return Error::NotFound;
    auto vnode = walk.at.dentry->vnode();
    if (!vnode || !vnode->is_directory())
        return Error::NotDirectory;
    return ParentWalk { walk.at, walk.cap, split.name };
}

// Parses a path that may carry only the flags in `allowed` (and no permissions).
Result<ParsedPath> parse_plain(StringView text, OpenFlag allowed)
{
    auto parsed = TRY(parse_path(text));
    if (parsed.perms_given || (parsed.flags & ~allowed) != OpenFlag::None)
        return Error::InvalidArgument;
    return parsed;
}

// Removes one entry: `at` (a file, a symbolic link or an empty directory) from `parent`.
Result<void> remove_one(Namespace& ns, const Location& parent, const Location& at, Perm cap)
{
    if (at == ns.root() || at.dentry == &at.mount->root())
        return Error::Busy; // a namespace root or a mount root
    if (at.dentry->mount_count() > 0)
        return Error::Busy;
    TRY(require(cap, Perm::Write));
    auto directory = parent.dentry->vnode();
    auto child = at.dentry->vnode();
    if (!directory || !child)
        return Error::NotFound;
    NameBuffer name;
    at.dentry->copy_name(name.text, sizeof(name.text));
    MutexGuard guard(directory->dir_lock());
    // Still the same entry? (Another thread may have removed or renamed it.)
    auto current = TRY(lookup_child_locked(*parent.dentry, *directory, name.view()));
    if (current != at.dentry.ptr())
        return Error::NotFound;
    OptionalMutexGuard child_guard;
    if (child->is_directory()) {
        child_guard.lock(child->dir_lock());
        if (!child->is_empty_locked())
            return Error::NotEmpty;
    }
    TRY(directory->unlink_locked(name.view(), *child));
    dcache().unhash(*at.dentry);
    return {};
}

// Removes `target` and everything below it without recursion: descend to a leaf,
// remove it, climb back when a directory has become empty.
Result<void> remove_tree(Namespace& ns, const Location& target_parent, const Location& target, Perm cap)
{
    Location at = target;
    for (;;) {
        auto vnode = at.dentry->vnode();
        if (!vnode)
            return Error::NotFound;
        if (vnode->is_directory()) {
            DirEntry entry;
            bool any;
            {
                MutexGuard guard(vnode->dir_lock());
                any = TRY(vnode->read_entry_locked("", entry));
            }
            if (any) {
                auto child = TRY(lookup_child(*at.dentry, StringView(entry.name)));
                auto child_vnode = child->vnode();
                if (!child_vnode)
                    continue; // gone meanwhile
                Location child_at { at.mount, child };
                if (child_vnode->is_directory()) {
                    if (child->mount_count() > 0)
                        return Error::Busy;
                    at = child_at;
                    continue;
                }
                TRY(remove_one(ns, at, child_at, cap));
                continue;
            }
        }
        bool done = at == target;
        Location parent = done ? target_parent : Location { at.mount, at.dentry->parent() };
        if (!parent.dentry)
            return Error::Busy;
        TRY(remove_one(ns, parent, at, cap));
        if (done)
            return {};
        at = parent;
    }
}

// What an open gets: the permissions the path names, all of which must be `allowed`, or
// with none named read and write narrowed to `allowed`.
Result<Perm> requested_perms(const ParsedPath& parsed, Perm allowed)
{
    if (!parsed.perms_given)
        return (Perm::Read | Perm::Write) & allowed;
    if (!is_subset(parsed.perms, allowed))
        return Error::Permission;
    return parsed.perms;
}

} // namespace

Result<NonnullRefPtr<File>> open(const PathContext& context, StringView path)
{
    auto parsed = TRY(parse_path(path));
    bool create = has(parsed.flags, OpenFlag::Create);
    auto walk = TRY(walk_path(context, parsed.path, !has(parsed.flags, OpenFlag::Nofollow),
        create && has(parsed.flags, OpenFlag::Parents)));
    Location at = walk.at;
    Perm cap = walk.cap;
    RefPtr<Vnode> vnode;
    if (walk.exists) {
        if (create && has(parsed.flags, OpenFlag::Exclusive))
            return Error::Exists;
        vnode = at.dentry->vnode();
        if (!vnode)
            return Error::NotFound;
    } else {
        if (!create)
            return Error::NotFound;
        TRY(require(walk.cap, Perm::Write));
        NameBuffer name;
        at.dentry->copy_name(name.text, sizeof(name.text));
        VnodeKind kind = has(parsed.flags, OpenFlag::Directory) ? VnodeKind::Directory : VnodeKind::File;
        auto created = create_in(walk.parent, name.view(), kind, false);
        if (created.is_error() && created.error() == Error::Exists && !has(parsed.flags, OpenFlag::Exclusive))
            created = lookup_child(*walk.parent.dentry, name.view()); // lost a race: open it
        auto dentry = TRY(static_cast<Result<NonnullRefPtr<Dentry>>&&>(created));
        at = { walk.parent.mount, dentry };
        vnode = dentry->vnode();
        if (!vnode)
            return Error::NotFound;
    }
    if (vnode->is_symlink())
        return Error::Loop; // :nofollow and the last component is a link
    if (has(parsed.flags, OpenFlag::Directory) && !vnode->is_directory())
        return Error::NotDirectory;
    Perm requested = TRY(requested_perms(parsed, cap & vnode->max_perms()));
    if (has(parsed.flags, OpenFlag::Truncate) || has(parsed.flags, OpenFlag::Append)) {
        if (!has(requested, Perm::Write))
            return Error::Permission;
    }
    if (has(parsed.flags, OpenFlag::Truncate))
        TRY(vnode->truncate(0));
    return File::open(at, NonnullRefPtr<Vnode>(*vnode), requested, parsed.flags);
}

Result<FilePair> open_pair(const PathContext& context, StringView path)
{
    auto parsed = TRY(parse_path(path));
    if ((parsed.flags & ~(OpenFlag::Nonblock | OpenFlag::Nofollow)) != OpenFlag::None)
        return Error::InvalidArgument;
    auto walk = TRY(walk_path(context, parsed.path, !has(parsed.flags, OpenFlag::Nofollow)));
    auto vnode = TRY(walk.existing());
    if (vnode->is_symlink())
        return Error::Loop; // :nofollow and the last component is a link
    Perm requested = TRY(requested_perms(parsed, walk.cap & vnode->max_perms()));
    return vnode->open_pair(walk.at, requested, parsed.flags);
}

Result<void> remove(const PathContext& context, StringView path)
{
    auto parsed = TRY(parse_plain(path, OpenFlag::Recursive | OpenFlag::Directory | OpenFlag::Nofollow));
    auto walk = TRY(walk_path(context, parsed.path, false));
    auto vnode = TRY(walk.existing());
    if (has(parsed.flags, OpenFlag::Directory) && !vnode->is_directory())
        return Error::NotDirectory;
    Namespace& ns = namespace_of(context);
    if (has(parsed.flags, OpenFlag::Recursive) && vnode->is_directory())
        return remove_tree(ns, walk.parent, walk.at, walk.cap);
    return remove_one(ns, walk.parent, walk.at, walk.cap);
}

Result<void> rename(const PathContext& context, StringView from, StringView to)
{
    auto from_parsed = TRY(parse_plain(from, OpenFlag::None));
    auto to_parsed = TRY(parse_plain(to, OpenFlag::None));
    auto source_dir = TRY(walk_parent(context, from_parsed.path));
    auto target_dir = TRY(walk_parent(context, to_parsed.path));
    TRY(require(source_dir.cap, Perm::Write));
    TRY(require(target_dir.cap, Perm::Write));
    Dentry& old_parent = *source_dir.directory.dentry;
    Dentry& new_parent = *target_dir.directory.dentry;
    if (&old_parent.superblock() != &new_parent.superblock())
        return Error::CrossDevice;
    auto old_dir = old_parent.vnode();
    auto new_dir = new_parent.vnode();
    if (!old_dir || !new_dir)
        return Error::NotFound;

    MutexGuard rename_guard(old_parent.superblock().rename_lock());
    // Ancestry is stable now (only renames change it); lock ancestor first.
    OptionalMutexGuard first, second;
    if (old_dir == new_dir) {
        first.lock(old_dir->dir_lock());
    } else if (is_ancestor(old_parent, new_parent)) {
        first.lock(old_dir->dir_lock());
        second.lock(new_dir->dir_lock());
    } else if (is_ancestor(new_parent, old_parent)) {
        first.lock(new_dir->dir_lock());
        second.lock(old_dir->dir_lock());
    } else {
        bool old_first = old_dir.ptr() < new_dir.ptr();
        first.lock((old_first ? old_dir : new_dir)->dir_lock());
        second.lock((old_first ? new_dir : old_dir)->dir_lock());
    }

    auto source = TRY(lookup_child_locked(old_parent, *old_dir, source_dir.name));
    auto source_vnode = source->vnode();
    if (!source_vnode)
        return Error::NotFound;
    if (source->mount_count() > 0)
        return Error::Busy;
    if (source_vnode->is_directory() && is_ancestor(*source, new_parent))
        return Error::InvalidArgument; // into itself
    auto target = TRY(lookup_child_locked(new_parent, *new_dir, target_dir.name));
    OptionalMutexGuard target_guard;
    if (auto target_vnode = target->vnode()) {
        if (target_vnode == source_vnode)
            return {}; // two names of one file: nothing to do
        if (target->mount_count() > 0)
            return Error::Busy;
        if (source_vnode->is_directory() && !target_vnode->is_directory())
            return Error::NotDirectory;
        if (!source_vnode->is_directory() && target_vnode->is_directory())
            return Error::IsDirectory;
        if (target_vnode->is_directory()) {
            target_guard.lock(target_vnode->dir_lock());
            if (!target_vnode->is_empty_locked())
                return Error::NotEmpty;
        }
    }
    TRY(old_dir->rename_locked(source_dir.name, *new_dir, target_dir.name));
    if (dcache().move(*source, new_parent, target_dir.name).is_error()) {
        // Out of memory for the new name: forget both names rather than lie.
        dcache().unhash(*source);
        dcache().unhash(*target);
    }
    return {};
}

Result<void> link(const PathContext& context, StringView from, StringView to)
{
    auto from_parsed = TRY(parse_plain(from, OpenFlag::None));
    auto to_parsed = TRY(parse_plain(to, OpenFlag::None));
    auto walk = TRY(walk_path(context, from_parsed.path, false));
    auto vnode = TRY(walk.existing());
    if (vnode->is_directory())
        return Error::IsDirectory;
    auto target = TRY(walk_parent(context, to_parsed.path));
    TRY(require(target.cap, Perm::Write));
    if (&target.directory.dentry->superblock() != &vnode->superblock())
        return Error::CrossDevice;
    auto directory = target.directory.dentry->vnode();
    MutexGuard guard(directory->dir_lock());
    auto existing = TRY(lookup_child_locked(*target.directory.dentry, *directory, target.name));
    if (existing->vnode())
        return Error::Exists;
    TRY(directory->link_locked(target.name, *vnode));
    TRY(dcache().insert(*target.directory.dentry, target.name, vnode.ptr()));
    return {};
}

Result<void> symlink(const PathContext& context, StringView target, StringView path)
{
    if (target.is_empty() || target.size() >= MAX_PATH_LENGTH || target.contains('\0'))
        return Error::InvalidArgument;
    auto parsed = TRY(parse_plain(path, OpenFlag::None));
    auto parent = TRY(walk_parent(context, parsed.path));
    TRY(require(parent.cap, Perm::Write));
    auto directory = parent.directory.dentry->vnode();
    MutexGuard guard(directory->dir_lock());
    auto existing = TRY(lookup_child_locked(*parent.directory.dentry, *directory, parent.name));
    if (existing->vnode())
        return Error::Exists;
    auto link = TRY(directory->symlink_locked(parent.name, target));
    TRY(dcache().insert(*parent.directory.dentry, parent.name, link.ptr()));
    return {};
}

Result<size_t> readlink(const PathContext& context, StringView path, char* buffer, size_t size)
{
    auto parsed = TRY(parse_plain(path, OpenFlag::None));
    auto walk = TRY(walk_path(context, parsed.path, false));
    auto vnode = TRY(walk.existing());
    if (!vnode->is_symlink())
        return Error::InvalidArgument;
    TRY(require(walk.cap, Perm::Read));
    return vnode->read_link(buffer, size);
}

Result<Stat> stat(const PathContext& context, StringView path)
{
    auto parsed = TRY(parse_plain(path, OpenFlag::Nofollow));
    auto walk = TRY(walk_path(context, parsed.path, !has(parsed.flags, OpenFlag::Nofollow)));
    auto vnode = TRY(walk.existing());
    Stat result = vnode->stat();
    result.perms = walk.cap & vnode->max_perms();
    return result;
}

namespace {

Result<Location> walk_mountpoint(const PathContext& context, StringView path, Vnode& root)
{
    auto parsed = TRY(parse_plain(path, OpenFlag::None));
    auto walk = TRY(walk_path(context, parsed.path, true));
    auto vnode = TRY(walk.existing());
    if (vnode->is_directory() != root.is_directory())
        return vnode->is_directory() ? Error::NotDirectory : Error::IsDirectory;
    return walk.at;
}

} // namespace

Result<void> mount(const PathContext& context, StringView path, Dentry& root, Perm perms)
{
    auto root_vnode = root.vnode();
    if (!root_vnode)
        return Error::NotFound;
    auto at = TRY(walk_mountpoint(context, path, *root_vnode));
    return namespace_of(context).mount(at, NonnullRefPtr<Dentry>(root), perms);
}

Result<void> bind(const PathContext& context, StringView path, File& file)
{
    // Files made without a path (a pipe end from create_pipe) have no place to show.
    if (!file.location().is_valid())
        return Error::InvalidArgument;
    auto at = TRY(walk_mountpoint(context, path, file.vnode()));
    return namespace_of(context).mount(at, NonnullRefPtr<Dentry>(*file.location().dentry), file.perms());
}

Result<void> unmount(const PathContext& context, StringView path)
{
    auto parsed = TRY(parse_plain(path, OpenFlag::None));
    auto walk = TRY(walk_path(context, parsed.path, true));
    if (!walk.exists)
        return Error::NotFound;
    Location& at = walk.at;
    if (at.dentry != &at.mount->root() || !at.mount->parent())
        return Error::InvalidArgument; // not a mount
    return namespace_of(context).unmount(*at.mount);
}

size_t absolute_path(const Namespace& ns, const Location& location, char* buffer, size_t size)
{
    // Built backwards in a scratch buffer, then copied out.
    auto* scratch = new (std::nothrow) char[MAX_PATH_LENGTH];
    if (!scratch)
        return copy_string(buffer, size, "?");
    size_t start = MAX_PATH_LENGTH;
    Location root = ns.root();
    Location at = location;
    while (at.is_valid() && !(at == root)) {
        if (at.dentry == &at.mount->root()) {
            Mount* parent = at.mount->parent();
            if (!parent || !ns.contains(*at.mount))
                break;
            at.dentry = at.mount->mountpoint();
            at.mount = parent;
            continue;
        }
        char name[MAX_NAME_LENGTH + 1];
        size_t length = at.dentry->copy_name(name, sizeof(name));
        if (length + 1 > start)
            break;
        start -= length;
        for (size_t i = 0; i < length; ++i)
            scratch[start + i] = name[i];
        scratch[--start] = '/';
        at.dentry = at.dentry->parent();
    }
    if (start == MAX_PATH_LENGTH)
        scratch[--start] = '/';
    size_t result = copy_string(buffer, size, StringView(scratch + start, MAX_PATH_LENGTH - start));
    delete[] scratch;
    return result;
}

PathContext context_at(Namespace& ns, const File& directory)
{
    return PathContext { &ns, directory.location(), directory.perms() };
}

} // namespace ts::fs
