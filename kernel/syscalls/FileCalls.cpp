// File system calls: open, close, read, write, seek, dup2. See SyscallList.h.
#include <fs/Vfs.hpp>
#include <lib/CString.hpp>
#include <mm/Heap.hpp>
#include <mm/UserAccess.hpp>
#include <proc/Process.hpp>

#include "Syscalls.hpp"

namespace ts::syscalls {

namespace {

// Bytes moved per step between user memory and a file: a bounce buffer on the stack.
constexpr size_t CHUNK = 1024;
// A path with its flags.
constexpr size_t MAX_PATH_ARGUMENT = fs::MAX_PATH_LENGTH + 256;

Result<NonnullRefPtr<fs::File>> file_of(uint64_t fd)
{
    proc::Process* process = proc::current_process();
    if (!process || fd >= uint64_t(proc::MAX_FDS))
        return Error::BadDescriptor;
    RefPtr<fs::File> file = process->file(static_cast<int>(fd));
    if (!file)
        return Error::BadDescriptor;
    return NonnullRefPtr<fs::File>(*file);
}

} // namespace

PathArgument::~PathArgument() { heap::free(m_text); }

Result<void> PathArgument::copy(uint64_t pointer, uint64_t length)
{
    if (length == 0)
        return Error::InvalidArgument;
    if (length > MAX_PATH_ARGUMENT)
        return Error::TooBig;
    m_text = static_cast<char*>(TRY(heap::allocate(length)));
    m_length = length;
    return copy_from_user(m_text, UserPtr<const void>(pointer), length);
}

Result<int64_t> sys_open(const Arguments& args)
{
    proc::Process* process = proc::current_process();
    PathArgument path;
    TRY(path.copy(args.a0, args.a1));
    fs::PathContext context { &process->ns(), process->cwd(), fs::Perm::All };
    auto file = TRY(fs::open(context, path.view()));
    return TRY(process->add_file(file));
}

Result<int64_t> sys_close(const Arguments& args)
{
    proc::Process* process = proc::current_process();
    if (args.a0 >= uint64_t(proc::MAX_FDS))
        return Error::BadDescriptor;
    TRY(process->close(static_cast<int>(args.a0)));
    return 0;
}

Result<int64_t> sys_read(const Arguments& args)
{
    auto file = TRY(file_of(args.a0));
    const UserPtr<void> buffer(args.a1);
    const uint64_t size = args.a2;
    if (!user_range_ok(buffer.address(), size))
        return Error::Fault;
    uint8_t bounce[CHUNK];
    uint64_t done = 0;
    while (done < size) {
        size_t want = size - done < CHUNK ? size - done : CHUNK;
        auto got = file->read(bounce, want);
        if (got.is_error()) {
            if (done)
                break; // report what was read; the error comes next time
            return got.error();
        }
        TRY(copy_to_user(buffer.offset(done), bounce, got.value()));
        done += got.value();
        // A short read (end of file, a stream with no more data now) ends the call.
        if (got.value() < want)
            break;
    }
    return static_cast<int64_t>(done);
}

Result<int64_t> sys_write(const Arguments& args)
{
    auto file = TRY(file_of(args.a0));
    const UserPtr<const void> buffer(args.a1);
    const uint64_t size = args.a2;
    if (!user_range_ok(buffer.address(), size))
        return Error::Fault;
    uint8_t bounce[CHUNK];
    uint64_t done = 0;
    while (done < size) {
        size_t want = size - done < CHUNK ? size - done : CHUNK;
        TRY(copy_from_user(bounce, buffer.offset(done), want));
        auto put = file->write(bounce, want);
        if (put.is_error()) {
            if (done)
                break;
            return put.error();
        }
        done += put.value();
        if (put.value() < want)
            break;
    }
    return static_cast<int64_t>(done);
}

Result<int64_t> sys_seek(const Arguments& args)
{
    auto file = TRY(file_of(args.a0));
    if (args.a2 > 2)
        return Error::InvalidArgument;
    uint64_t offset = TRY(file->seek(static_cast<int64_t>(args.a1), static_cast<fs::SeekFrom>(args.a2)));
    if (offset > uint64_t(0x7fffffffffffffff))
        return Error::Overflow;
    return static_cast<int64_t>(offset);
}

Result<int64_t> sys_dup2(const Arguments& args)
{
    proc::Process* process = proc::current_process();
    if (args.a0 >= uint64_t(proc::MAX_FDS) || args.a1 >= uint64_t(proc::MAX_FDS))
        return Error::BadDescriptor;
    TRY(process->dup2(static_cast<int>(args.a0), static_cast<int>(args.a1)));
    return static_cast<int64_t>(args.a1);
}

} // namespace ts::syscalls

namespace ts::syscalls {

namespace {

fs::PathContext context_of(proc::Process& process) { return { &process.ns(), process.cwd(), fs::Perm::All }; }

ts_stat user_stat(const fs::Stat& s)
{
    static_assert(TS_KIND_FILE == int(fs::VnodeKind::File) && TS_KIND_DIRECTORY == int(fs::VnodeKind::Directory)
        && TS_KIND_SYMLINK == int(fs::VnodeKind::Symlink) && TS_KIND_DEVICE == int(fs::VnodeKind::Device));
    static_assert(TS_PERM_READ == int(fs::Perm::Read) && TS_PERM_WRITE == int(fs::Perm::Write)
        && TS_PERM_EXECUTE == int(fs::Perm::Execute));
    ts_stat out {};
    out.ino = s.ino;
    out.filesystem = s.superblock_id;
    out.size = s.size;
    out.kind = static_cast<unsigned>(s.kind);
    out.links = s.link_count;
    out.perms = static_cast<unsigned>(s.perms);
    return out;
}

} // namespace

Result<int64_t> sys_remove(const Arguments& args)
{
    PathArgument path;
    TRY(path.copy(args.a0, args.a1));
    TRY(fs::remove(context_of(*proc::current_process()), path.view()));
    return 0;
}

namespace {

// The calls taking two paths (a0/a1 and a2/a3) for one VFS operation.
Result<int64_t> two_paths(const Arguments& args,
    Result<void> (*operation)(const fs::PathContext&, StringView, StringView))
{
    PathArgument first, second;
    TRY(first.copy(args.a0, args.a1));
    TRY(second.copy(args.a2, args.a3));
    TRY(operation(context_of(*proc::current_process()), first.view(), second.view()));
    return 0;
}

} // namespace

Result<int64_t> sys_rename(const Arguments& args) { return two_paths(args, fs::rename); }
Result<int64_t> sys_link(const Arguments& args) { return two_paths(args, fs::link); }
Result<int64_t> sys_symlink(const Arguments& args) { return two_paths(args, fs::symlink); }

Result<int64_t> sys_readlink(const Arguments& args)
{
    PathArgument path;
    TRY(path.copy(args.a0, args.a1));
    char target[fs::MAX_PATH_LENGTH];
    size_t length = TRY(fs::readlink(context_of(*proc::current_process()), path.view(), target, sizeof(target)));
    size_t copy = length < args.a3 ? length : args.a3;
    TRY(copy_to_user(UserPtr<void>(args.a2), target, copy));
    return static_cast<int64_t>(length);
}

Result<int64_t> sys_stat(const Arguments& args)
{
    PathArgument path;
    TRY(path.copy(args.a0, args.a1));
    fs::Stat s = TRY(fs::stat(context_of(*proc::current_process()), path.view()));
    ts_stat out = user_stat(s);
    TRY(copy_to_user(UserPtr<void>(args.a2), &out, sizeof(out)));
    return 0;
}

Result<int64_t> sys_fstat(const Arguments& args)
{
    auto file = TRY(file_of(args.a0));
    ts_stat out = user_stat(file->stat());
    TRY(copy_to_user(UserPtr<void>(args.a1), &out, sizeof(out)));
    return 0;
}

Result<int64_t> sys_read_dir(const Arguments& args)
{
    auto file = TRY(file_of(args.a0));
    fs::DirEntry entry;
    if (!TRY(file->read_dir(entry)))
        return 0;
    ts_dirent out {};
    out.ino = entry.ino;
    out.kind = static_cast<unsigned>(entry.kind);
    static_assert(sizeof(out.name) == sizeof(entry.name));
    memcpy(out.name, entry.name, sizeof(out.name));
    TRY(copy_to_user(UserPtr<void>(args.a1), &out, sizeof(out)));
    return 1;
}

Result<int64_t> sys_chdir(const Arguments& args)
{
    proc::Process* process = proc::current_process();
    PathArgument path;
    TRY(path.copy(args.a0, args.a1));
    // Opened as a directory with no permission asked (walks from it keep their own).
    char* with_flags = static_cast<char*>(TRY(heap::allocate(path.view().length() + 16)));
    memcpy(with_flags, path.view().data(), path.view().length());
    memcpy(with_flags + path.view().length(), ":directory", 10);
    auto directory = fs::open(context_of(*process), StringView(with_flags, path.view().length() + 10));
    heap::free(with_flags);
    if (directory.is_error())
        return directory.error();
    process->set_cwd(directory.value()->location());
    return 0;
}

} // namespace ts::syscalls
