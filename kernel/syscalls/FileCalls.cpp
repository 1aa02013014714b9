// File system calls: open, close, read, write, seek, dup2. See SyscallList.h.
#include <fs/Vfs.hpp>
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
