// In-kernel tests of the VFS: tmpfs operations, links, symbolic links, mounts, binds,
// namespaces, permission narrowing, share/claim, poll, the devices and sysfs files, the
// initrd, and a 100,000-file stress run that must give back every page.
// Each test works in a namespace of its own over a fresh tmpfs, so tests do not see
// each other's files (the kernel namespace is used only to reach /dev and /sys).
#include <arch/x86_64/Clock.hpp>
#include <arch/x86_64/Cpu.hpp>
#include <core/Log.hpp>
#include <fs/Dentry.hpp>
#include <fs/Initrd.hpp>
#include <fs/Poll.hpp>
#include <fs/ShareTable.hpp>
#include <fs/Tmpfs.hpp>
#include <fs/Vfs.hpp>
#include <fs/VfsInit.hpp>
#include <lib/Format.hpp>
#include <mm/Heap.hpp>
#include <mm/Pmm.hpp>
#include <sched/Scheduler.hpp>
#include <sched/Thread.hpp>

#include "KernelTest.hpp"

namespace ts::test {

namespace {

using namespace fs;

struct Scratch {
    RefPtr<Namespace> ns;
    PathContext context() const { return PathContext { ns.ptr(), {}, Perm::All }; }
};

Scratch make_scratch()
{
    Scratch scratch;
    auto root = tmpfs::create();
    if (root.is_error())
        return scratch;
    auto ns = Namespace::create(root.release_value());
    if (ns.is_ok())
        scratch.ns = ns.release_value();
    return scratch;
}

bool write_file(const PathContext& context, const char* path, const char* text)
{
    auto file = open(context, path);
    if (file.is_error())
        return false;
    auto done = file.value()->write(text, __builtin_strlen(text));
    return done.is_ok() && done.value() == __builtin_strlen(text);
}

// Reads a whole (small) file into buffer, NUL-terminated; returns the length or -1.
long read_file(const PathContext& context, const char* path, char* buffer, size_t size)
{
    auto file = open(context, path);
    if (file.is_error())
        return -1;
    size_t total = 0;
    while (total + 1 < size) {
        auto done = file.value()->read(buffer + total, size - 1 - total);
        if (done.is_error())
            return -1;
        if (done.value() == 0)
            break;
        total += done.value();
    }
    buffer[total] = '\0';
    return static_cast<long>(total);
}

bool text_equals(const char* a, const char* b)
{
    return StringView(a) == StringView(b);
}

Error error_of(Result<NonnullRefPtr<File>> result)
{
    return result.is_error() ? result.error() : Error::InvalidArgument;
}

} // namespace

KTEST(vfs, create_write_read_truncate)
{
    auto scratch = make_scratch();
    KASSERT(scratch.ns);
    auto ctx = scratch.context();
    KEXPECT(error_of(open(ctx, "/a")) == Error::NotFound);
    KASSERT(write_file(ctx, "/a:create:write", "hello, world"));
    char buffer[64];
    KEXPECT_EQ(read_file(ctx, "/a", buffer, sizeof(buffer)), 12);
    KEXPECT(text_equals(buffer, "hello, world"));
    KEXPECT(error_of(open(ctx, "/a:ce")) == Error::Exists);
    // Truncate then append.
    KASSERT(write_file(ctx, "/a:wt", "abc"));
    KASSERT(write_file(ctx, "/a:wa", "def"));
    KEXPECT_EQ(read_file(ctx, "/a", buffer, sizeof(buffer)), 6);
    KEXPECT(text_equals(buffer, "abcdef"));
    // Sparse extension reads zeros; shrinking cuts.
    auto file = open(ctx, "/a:rw");
    KASSERT(file.is_ok());
    KEXPECT(file.value()->truncate(10000).is_ok());
    KEXPECT_EQ(file.value()->stat().size, 10000u);
    char tail[4] = { 1, 1, 1, 1 };
    KEXPECT_EQ(file.value()->pread(9000, tail, 4).value_or(99), 4u);
    KEXPECT(tail[0] == 0 && tail[3] == 0);
    KEXPECT(file.value()->truncate(2).is_ok());
    KEXPECT_EQ(read_file(ctx, "/a", buffer, sizeof(buffer)), 2);
    // Directories: create with parents, not writable as files.
    KEXPECT(open(ctx, "/d/e/f:create:directory:parents").is_ok());
    auto directory = open(ctx, "/d/e/f:w");
    KASSERT(directory.is_ok());
    KEXPECT(directory.value()->write("x", 1).error() == Error::IsDirectory);
    KEXPECT(error_of(open(ctx, "/a/x:create")) == Error::NotDirectory);
    KEXPECT(error_of(open(ctx, "/a:directory")) == Error::NotDirectory);
    KEXPECT(error_of(open(ctx, "/a:bogus")) == Error::InvalidArgument);
}

KTEST(vfs, readdir_lists_every_entry_in_name_order)
{
    auto scratch = make_scratch();
    KASSERT(scratch.ns);
    auto ctx = scratch.context();
    const char* names[] = { "/c:c", "/a:c", "/bb:c", "/b:cd" };
    for (const char* name : names)
        KASSERT(open(ctx, name).is_ok());
    auto dir = open(ctx, "/");
    KASSERT(dir.is_ok());
    const char* expected[] = { "a", "b", "bb", "c" };
    DirEntry entry;
    for (const char* name : expected) {
        KASSERT(dir.value()->read_dir(entry).value_or(false));
        KEXPECT(text_equals(entry.name, name));
    }
    KEXPECT(!dir.value()->read_dir(entry).value_or(true));
}

KTEST(vfs, remove_and_rename)
{
    auto scratch = make_scratch();
    KASSERT(scratch.ns);
    auto ctx = scratch.context();
    KASSERT(write_file(ctx, "/x:c", "x"));
    KASSERT(write_file(ctx, "/y:c", "y"));
    KASSERT(open(ctx, "/dir/sub:cdp").is_ok());
    KASSERT(write_file(ctx, "/dir/sub/f:c", "f"));
    // Replacing a file; kinds must match; not into itself; only empty directories.
    KEXPECT(rename(ctx, "/x", "/y").is_ok());
    char buffer[8];
    KEXPECT_EQ(read_file(ctx, "/y", buffer, sizeof(buffer)), 1);
    KEXPECT(buffer[0] == 'x');
    KEXPECT(error_of(open(ctx, "/x")) == Error::NotFound);
    KEXPECT(rename(ctx, "/y", "/dir").error() == Error::IsDirectory);
    KEXPECT(rename(ctx, "/dir", "/dir/sub/inner").error() == Error::InvalidArgument);
    KASSERT(open(ctx, "/other:cd").is_ok());
    KEXPECT(rename(ctx, "/other", "/dir").error() == Error::NotEmpty);
    KEXPECT(rename(ctx, "/dir", "/moved").is_ok());
    KEXPECT_EQ(read_file(ctx, "/moved/sub/f", buffer, sizeof(buffer)), 1);
    KEXPECT(error_of(open(ctx, "/dir/sub/f")) == Error::NotFound);
    // Remove: files, empty directories, :recursive for the rest.
    KEXPECT(remove(ctx, "/moved").error() == Error::NotEmpty);
    KEXPECT(remove(ctx, "/moved:recursive").is_ok());
    KEXPECT(error_of(open(ctx, "/moved")) == Error::NotFound);
    KEXPECT(remove(ctx, "/other").is_ok());
    KEXPECT(remove(ctx, "/y").is_ok());
    KEXPECT(remove(ctx, "/y").error() == Error::NotFound);
    KEXPECT(remove(ctx, "/").error() == Error::Busy);
}

KTEST(vfs, hard_links_share_data_and_outlive_a_name)
{
    auto scratch = make_scratch();
    KASSERT(scratch.ns);
    auto ctx = scratch.context();
    KASSERT(write_file(ctx, "/one:c", "shared"));
    KEXPECT(link(ctx, "/one", "/two").is_ok());
    KEXPECT(link(ctx, "/one", "/two").error() == Error::Exists);
    KEXPECT_EQ(stat(ctx, "/one").value().link_count, 2u);
    KASSERT(write_file(ctx, "/two:wa", "!"));
    char buffer[16];
    KEXPECT_EQ(read_file(ctx, "/one", buffer, sizeof(buffer)), 7);
    auto held = open(ctx, "/one");
    KASSERT(held.is_ok());
    KEXPECT(remove(ctx, "/one").is_ok());
    KEXPECT(remove(ctx, "/two").is_ok());
    // Unlinked but open: the data is still there.
    KEXPECT_EQ(held.value()->pread(0, buffer, sizeof(buffer)).value_or(0), 7u);
    KASSERT(open(ctx, "/d:cd").is_ok());
    KEXPECT(link(ctx, "/d", "/d2").error() == Error::IsDirectory);
}

KTEST(vfs, symlinks_and_their_loops)
{
    auto scratch = make_scratch();
    KASSERT(scratch.ns);
    auto ctx = scratch.context();
    KASSERT(open(ctx, "/real/dir:cdp").is_ok());
    KASSERT(write_file(ctx, "/real/dir/file:c", "via link"));
    KEXPECT(symlink(ctx, "/real/dir", "/abs").is_ok());
    KEXPECT(symlink(ctx, "real", "/rel").is_ok());
    char buffer[32];
    KEXPECT_EQ(read_file(ctx, "/abs/file", buffer, sizeof(buffer)), 8);
    KEXPECT_EQ(read_file(ctx, "/rel/dir/file", buffer, sizeof(buffer)), 8);
    KEXPECT_EQ(readlink(ctx, "/rel", buffer, sizeof(buffer)).value_or(0), 4u);
    KEXPECT(error_of(open(ctx, "/abs:nofollow")) == Error::Loop);
    KEXPECT(stat(ctx, "/abs:nofollow").value().kind == VnodeKind::Symlink);
    KEXPECT(stat(ctx, "/abs").value().kind == VnodeKind::Directory);
    // a -> b -> a
    KEXPECT(symlink(ctx, "/b", "/a").is_ok());
    KEXPECT(symlink(ctx, "/a", "/b").is_ok());
    KEXPECT(error_of(open(ctx, "/a")) == Error::Loop);
    // A chain longer than the limit, each link pointing at the next.
    char target[32], path[32];
    for (int i = 0; i < MAX_SYMLINKS + 1; ++i) {
        format(target, sizeof(target), "l%d", i + 1);
        format(path, sizeof(path), "/l%d", i);
        KASSERT(symlink(ctx, target, path).is_ok());
    }
    KASSERT(write_file(ctx, "/l41:c", "end"));
    KEXPECT(error_of(open(ctx, "/l0")) == Error::Loop);
    KEXPECT_EQ(read_file(ctx, "/l35", buffer, sizeof(buffer)), 3); // 6 hops: fine
    // A dangling link: creating through it creates the target.
    KEXPECT(symlink(ctx, "/made", "/dangling").is_ok());
    KEXPECT(open(ctx, "/dangling:c").is_ok());
    KEXPECT(stat(ctx, "/made").is_ok());
}

KTEST(vfs, dotdot_never_leaves_the_namespace_root)
{
    auto scratch = make_scratch();
    KASSERT(scratch.ns);
    auto ctx = scratch.context();
    KASSERT(write_file(ctx, "/top:c", "t"));
    KASSERT(open(ctx, "/a/b:cdp").is_ok());
    KEXPECT(stat(ctx, "/../../../top").is_ok());
    KEXPECT(stat(ctx, "/a/b/../../top").is_ok());
    KEXPECT(stat(ctx, "/a/./b/.././../a/b").value().kind == VnodeKind::Directory);
    // From a directory descriptor, relative paths and ".." work the same way.
    auto b = open(ctx, "/a/b");
    KASSERT(b.is_ok());
    auto at_b = context_at(*scratch.ns, *b.value());
    KEXPECT(stat(at_b, "../../top").is_ok());
    KEXPECT(stat(at_b, "../../../../top").is_ok());
    char path[64];
    absolute_path(*scratch.ns, b.value()->location(), path, sizeof(path));
    KEXPECT(text_equals(path, "/a/b"));
}

KTEST(vfs, mount_unmount_and_namespace_isolation)
{
    auto scratch = make_scratch();
    KASSERT(scratch.ns);
    auto ctx = scratch.context();
    KASSERT(open(ctx, "/mnt:cd").is_ok());
    KASSERT(write_file(ctx, "/mnt/under:c", "u"));
    auto other = tmpfs::create();
    KASSERT(other.is_ok());
    KEXPECT(mount(ctx, "/mnt", *other.value()).is_ok());
    KEXPECT(error_of(open(ctx, "/mnt/under")) == Error::NotFound); // hidden by the mount
    KASSERT(write_file(ctx, "/mnt/over:c", "o"));
    KEXPECT(stat(ctx, "/mnt/../mnt/over").is_ok()); // ".." from a mount root goes up
    KEXPECT(remove(ctx, "/mnt").error() == Error::Busy);

    // A copy sees the mount; a mount made in the copy is invisible in the original.
    auto copy = scratch.ns->copy();
    KASSERT(copy.is_ok());
    PathContext copy_ctx { copy.value().ptr(), {}, Perm::All };
    KEXPECT(stat(copy_ctx, "/mnt/over").is_ok());
    auto third = tmpfs::create();
    KASSERT(third.is_ok());
    KASSERT(open(copy_ctx, "/mnt/deeper:cd").is_ok());
    KEXPECT(mount(copy_ctx, "/mnt/deeper", *third.value()).is_ok());
    KASSERT(write_file(copy_ctx, "/mnt/deeper/secret:c", "s"));
    KEXPECT(stat(copy_ctx, "/mnt/deeper/secret").is_ok());
    KEXPECT(stat(ctx, "/mnt/deeper/secret").error() == Error::NotFound);
    // A sibling copied from the original before that mount does not see it either.
    auto sibling = scratch.ns->copy();
    KASSERT(sibling.is_ok());
    PathContext sibling_ctx { sibling.value().ptr(), {}, Perm::All };
    KEXPECT(stat(sibling_ctx, "/mnt/deeper/secret").error() == Error::NotFound);

    // Unmounting in the original shows the hidden file again; the copy keeps its mount.
    KEXPECT(unmount(ctx, "/mnt").is_ok());
    KEXPECT(stat(ctx, "/mnt/under").is_ok());
    KEXPECT(stat(copy_ctx, "/mnt/over").is_ok());
    KEXPECT(unmount(copy_ctx, "/mnt").error() == Error::Busy); // /mnt/deeper sits inside
    KEXPECT(unmount(ctx, "/mnt").error() == Error::InvalidArgument); // nothing mounted now
}

KTEST(vfs, permissions_only_narrow_through_binds_and_descriptors)
{
    auto scratch = make_scratch();
    KASSERT(scratch.ns);
    auto ctx = scratch.context();
    KASSERT(open(ctx, "/data/sub:cdp").is_ok());
    KASSERT(write_file(ctx, "/data/file:c", "d"));
    KASSERT(open(ctx, "/ro:cd").is_ok());
    auto read_only = open(ctx, "/data:r");
    KASSERT(read_only.is_ok());
    KEXPECT(read_only.value()->perms() == Perm::Read);
    KEXPECT(bind(ctx, "/ro", *read_only.value()).is_ok());
    // Through the bind: read yes, write never, whatever the path asks.
    char buffer[8];
    KEXPECT_EQ(read_file(ctx, "/ro/file", buffer, sizeof(buffer)), 1);
    KEXPECT(error_of(open(ctx, "/ro/file:w")) == Error::Permission);
    KEXPECT(error_of(open(ctx, "/ro/file:rw")) == Error::Permission);
    KEXPECT(error_of(open(ctx, "/ro/new:c")) == Error::Permission);
    KEXPECT(error_of(open(ctx, "/ro/sub/../file:w")) == Error::Permission);
    KEXPECT(remove(ctx, "/ro/file").error() == Error::Permission);
    auto default_open = open(ctx, "/ro/file");
    KASSERT(default_open.is_ok());
    KEXPECT(default_open.value()->perms() == Perm::Read);
    KEXPECT(default_open.value()->write("x", 1).error() == Error::Permission);
    KEXPECT(stat(ctx, "/ro/file").value().perms == Perm::Read);
    // The same directory by its own path is still writable.
    KEXPECT(open(ctx, "/data/file:w").is_ok());
    // From the read-only descriptor, relative walks stay read-only, even through "..".
    auto from_fd = context_at(*scratch.ns, *read_only.value());
    KEXPECT(error_of(open(from_fd, "file:w")) == Error::Permission);
    KEXPECT(error_of(open(from_fd, "../data/file:w")) == Error::Permission);
    KEXPECT(error_of(open(from_fd, "/data/file:w")) == Error::Permission);
    // A bind of the read-only bind: still read-only.
    auto again = open(ctx, "/ro");
    KASSERT(again.is_ok());
    KASSERT(open(ctx, "/ro2:cd").is_ok());
    KEXPECT(bind(ctx, "/ro2", *again.value()).is_ok());
    KEXPECT(error_of(open(ctx, "/ro2/file:w")) == Error::Permission);
    // Execute is granted only when asked for and allowed.
    KEXPECT(error_of(open(ctx, "/ro/file:x")) == Error::Permission);
}

KTEST(vfs, share_and_claim_one_time_keys)
{
    auto scratch = make_scratch();
    KASSERT(scratch.ns);
    auto ctx = scratch.context();
    KASSERT(write_file(ctx, "/shared:c", "payload"));
    auto file = open(ctx, "/shared:r");
    KASSERT(file.is_ok());
    auto key = share(*file.value());
    KASSERT(key.is_ok());
    auto key2 = share(*file.value());
    KASSERT(key2.is_ok());
    KEXPECT(!(key.value().view() == key2.value().view())); // fresh random keys
    // Claimed from another namespace: the same open file, usable there.
    auto elsewhere = make_scratch();
    KASSERT(elsewhere.ns);
    auto claimed = claim(key.value().view());
    KASSERT(claimed.is_ok());
    KEXPECT(claimed.value().ptr() == file.value().ptr());
    char buffer[16];
    KEXPECT_EQ(claimed.value()->pread(0, buffer, sizeof(buffer)).value_or(0), 7u);
    KEXPECT(claimed.value()->perms() == Perm::Read);
    // One use only; garbage keys are refused.
    KEXPECT(claim(key.value().view()).error() == Error::NotFound);
    KEXPECT(claim("not-a-key").error() == Error::BadFormat);
    KEXPECT(claim("00000000000000000000000000000000").error() == Error::NotFound);
    KEXPECT(claim(key2.value().view()).is_ok());
    // Expiry: a key with a 1 ms lifetime, claimed after 5 ms.
    auto short_key = share(*file.value(), 1000 * 1000);
    KASSERT(short_key.is_ok());
    uint64_t start = arch::monotonic_ns();
    while (arch::monotonic_ns() - start < 5 * 1000 * 1000)
        sched::sleep_ns(1000 * 1000);
    KEXPECT(claim(short_key.value().view()).error() == Error::Timeout);
    KEXPECT(claim(short_key.value().view()).error() == Error::NotFound);
}

namespace {

void log_a_line(void*)
{
    log("vfs test: a line for the poller");
}

} // namespace

KTEST(vfs, poll_klog_with_timeout)
{
    auto ctx = kernel_context();
    auto klog = open(ctx, "/dev/klog:nonblock");
    KASSERT(klog.is_ok());
    // Drain what is there: the first read returns lines, then WouldBlock.
    char buffer[512];
    size_t lines = 0;
    for (;;) {
        auto done = klog.value()->read(buffer, sizeof(buffer));
        if (done.is_error()) {
            KEXPECT(done.error() == Error::WouldBlock);
            break;
        }
        ++lines;
    }
    KEXPECT(lines > 0);
    // Nothing new: poll times out after (at least) its timeout.
    PollRequest request { klog.value().ptr(), POLL_READ, 0 };
    uint64_t start = arch::monotonic_ns();
    auto ready = poll(&request, 1, 20 * 1000 * 1000);
    uint64_t waited = arch::monotonic_ns() - start;
    KEXPECT(ready.is_ok() && ready.value() == 0);
    KEXPECT(waited >= 20 * 1000 * 1000);
    // A line logged by another thread wakes an unbounded poll.
    auto writer = Thread::spawn("klog-writer", log_a_line, nullptr);
    KASSERT(writer.is_ok());
    ready = poll(&request, 1, POLL_FOREVER);
    KEXPECT(ready.is_ok() && ready.value() == 1);
    KEXPECT(request.revents & POLL_READ);
    auto got = klog.value()->read(buffer, sizeof(buffer));
    KEXPECT(got.is_ok() && StringView(buffer, got.value_or(0)).contains("a line for the poller"));
    writer.value()->join();
    // A regular file is always ready.
    auto scratch = make_scratch();
    KASSERT(scratch.ns);
    auto plain = open(scratch.context(), "/p:c");
    KASSERT(plain.is_ok());
    PollRequest both[2] = { { klog.value().ptr(), POLL_READ, 0 }, { plain.value().ptr(), POLL_READ | POLL_WRITE, 0 } };
    ready = poll(both, 2, 0);
    KEXPECT(ready.is_ok() && ready.value() == 1);
    KEXPECT(both[1].revents == (POLL_READ | POLL_WRITE));
}

KTEST(vfs, const_devices)
{
    auto ctx = kernel_context();
    uint8_t buffer[64];
    auto zero = open(ctx, "/dev/const/zero:rw");
    KASSERT(zero.is_ok());
    __builtin_memset(buffer, 7, sizeof(buffer));
    KEXPECT_EQ(zero.value()->read(buffer, sizeof(buffer)).value_or(0), sizeof(buffer));
    KEXPECT(buffer[0] == 0 && buffer[63] == 0);
    KEXPECT_EQ(zero.value()->write(buffer, 10).value_or(0), 10u);
    auto one = open(ctx, "/dev/const/one");
    KASSERT(one.is_ok());
    KEXPECT_EQ(one.value()->read(buffer, 5).value_or(0), 5u);
    KEXPECT(buffer[0] == 0xff && buffer[4] == 0xff && buffer[5] == 0);
    auto null = open(ctx, "/dev/const/null");
    KASSERT(null.is_ok());
    KEXPECT_EQ(null.value()->read(buffer, 5).value_or(9), 0u);
    KEXPECT_EQ(null.value()->write(buffer, 5).value_or(0), 5u);
    KEXPECT(error_of(open(ctx, "/dev/new:c")) == Error::Permission); // devfs is published, not created
}

KTEST(vfs, sysfs_files)
{
    auto ctx = kernel_context();
    char buffer[512];
    KEXPECT(read_file(ctx, "/sys/kernel/version", buffer, sizeof(buffer)) > 0);
    KEXPECT(StringView(buffer).starts_with("Tessera "));
    KEXPECT(read_file(ctx, "/sys/mm/stats", buffer, sizeof(buffer)) > 0);
    KEXPECT(StringView(buffer).contains("free_pages "));
    KEXPECT(read_file(ctx, "/sys/cpu/0/busy_ns", buffer, sizeof(buffer)) > 0);
    KEXPECT(StringView(buffer).trim().parse_u64().is_ok());
    KEXPECT(read_file(ctx, "/sys/cpu/online", buffer, sizeof(buffer)) > 0);
    KEXPECT_EQ(StringView(buffer).trim().parse_u64().value_or(0), sched::online_cpus());
    KEXPECT(read_file(ctx, "/sys/acpi/tables/APIC", buffer, sizeof(buffer)) > 36);
    KEXPECT(StringView(buffer, 4) == "APIC");
    KEXPECT(error_of(open(ctx, "/sys/kernel/version:w")) == Error::Permission);
    KEXPECT(error_of(open(ctx, "/sys/kernel/nope")) == Error::NotFound);
    auto listing = open(ctx, "/sys");
    KASSERT(listing.is_ok());
    DirEntry entry;
    size_t count = 0;
    while (listing.value()->read_dir(entry).value_or(false))
        ++count;
    KEXPECT(count >= 4); // acpi cpu kernel mm
}

KTEST(vfs, ctl_file_runs_scripts_and_reports_the_failing_command)
{
    auto ctx = kernel_context();
    auto ctl = open(ctx, "/sys/fs/ctl:rw");
    KASSERT(ctl.is_ok());
    char buffer[200];
    // Nothing written yet: nothing to report.
    KEXPECT_EQ(ctl.value()->pread(0, buffer, sizeof(buffer)).value_or(99), 0u);
    const char* good = "log \"ctl test\" one && shrink 100000\n";
    KEXPECT_EQ(ctl.value()->write(good, __builtin_strlen(good)).value_or(0), __builtin_strlen(good));
    size_t length = ctl.value()->pread(0, buffer, sizeof(buffer) - 1).value_or(0);
    KEXPECT(StringView(buffer, length) == "ok\n");
    // The second command fails as it runs: the first stays applied, the third never runs.
    const char* bad = "log ctl test two && shrink -5 && log ctl test three";
    auto result = ctl.value()->write(bad, __builtin_strlen(bad));
    KEXPECT(result.is_error() && result.error() == Error::InvalidArgument);
    length = ctl.value()->pread(0, buffer, sizeof(buffer) - 1).value_or(0);
    buffer[length] = '\0';
    KEXPECT(StringView(buffer).starts_with("error: command 2 \"shrink\""));
    // Unknown commands are found before anything runs: nothing is applied.
    const char* unknown = "log ctl test four && bogus 1";
    KEXPECT(ctl.value()->write(unknown, __builtin_strlen(unknown)).error() == Error::NotFound);
    length = ctl.value()->pread(0, buffer, sizeof(buffer) - 1).value_or(0);
    buffer[length] = '\0';
    KEXPECT(StringView(buffer).starts_with("error: command 2 \"bogus\": unknown command"));
    // Argument counts and syntax are checked too; a syntax error runs nothing.
    const char* extra = "shrink 1 2";
    KEXPECT(ctl.value()->write(extra, __builtin_strlen(extra)).error() == Error::InvalidArgument);
    const char* unterminated = "log \"never && shrink";
    KEXPECT(ctl.value()->write(unterminated, __builtin_strlen(unterminated)).is_error());
    // What reached the log: "one" and "two", not "three" or "four".
    auto klog = open(ctx, "/dev/klog:nonblock");
    KASSERT(klog.is_ok());
    bool one = false, two = false, three = false, four = false;
    for (;;) {
        auto got = klog.value()->read(buffer, sizeof(buffer));
        if (got.is_error())
            break;
        StringView line(buffer, got.value());
        one |= line.contains("ctl: ctl test one");
        two |= line.contains("ctl: ctl test two");
        three |= line.contains("ctl: ctl test three");
        four |= line.contains("ctl: ctl test four");
    }
    KEXPECT(one && two && !three && !four);
}

KTEST(vfs, initrd_is_the_root)
{
    auto ctx = kernel_context();
    char buffer[128];
    KEXPECT(read_file(ctx, "/etc/version", buffer, sizeof(buffer)) > 0);
    KEXPECT(StringView(buffer).starts_with("Tessera"));
    KEXPECT(stat(ctx, "/tmp").value().kind == VnodeKind::Directory);
}

KTEST(vfs, malformed_initrd_leaves_an_empty_usable_root)
{
    auto scratch = make_scratch();
    KASSERT(scratch.ns);
    auto ctx = scratch.context();
    // A plausible first header with a wrong checksum, followed by junk.
    static uint8_t archive[2048];
    for (size_t i = 0; i < sizeof(archive); ++i)
        archive[i] = static_cast<uint8_t>(i * 37 + 11);
    __builtin_memcpy(archive, "etc/passwd", 11);
    __builtin_memcpy(archive + 257, "ustar", 6);
    ustar::Problem problem;
    auto result = unpack_initrd(ctx, archive, sizeof(archive), &problem);
    KEXPECT(result.is_error() && result.error() == Error::Corrupt);
    KEXPECT(problem.reason != nullptr);
    auto root = open(ctx, "/");
    KASSERT(root.is_ok());
    DirEntry entry;
    KEXPECT(!root.value()->read_dir(entry).value_or(true));
    KEXPECT(write_file(ctx, "/still-usable:c", "yes"));
}

KTEST(vfs, hundred_thousand_files_return_every_page)
{
    constexpr int DIRECTORIES = 1000;
    constexpr int FILES_PER_DIRECTORY = 99; // 1,000 + 99,000 = 100,000 entries
    // Earlier tests' names are still cached (and pin their vnodes); drop every unused
    // dentry first, as at the end, so the counts compare like with like.
    dcache().shrink(0);
    auto before_pages = pmm::stats().free_pages;
    auto before_heap = heap::stats().bytes_in_use;
    auto before_vnodes = tmpfs::stats().files;
    {
        auto scratch = make_scratch();
        KASSERT(scratch.ns);
        auto ctx = scratch.context();
        char path[64];
        for (int d = 0; d < DIRECTORIES; ++d) {
            format(path, sizeof(path), "/d%d:cd", d);
            KASSERT(open(ctx, path).is_ok());
            for (int f = 0; f < FILES_PER_DIRECTORY; ++f) {
                format(path, sizeof(path), "/d%d/f%d:c", d, f);
                KASSERT(open(ctx, path).is_ok());
            }
        }
        KEXPECT_EQ(tmpfs::stats().files, before_vnodes + 1 + DIRECTORIES * (FILES_PER_DIRECTORY + 1));
        for (int d = 0; d < DIRECTORIES; ++d) {
            format(path, sizeof(path), "/d%d:recursive", d);
            KASSERT(remove(ctx, path).is_ok());
        }
        auto root = open(ctx, "/");
        KASSERT(root.is_ok());
        DirEntry entry;
        KEXPECT(!root.value()->read_dir(entry).value_or(true));
    }
    dcache().shrink(0);
    KEXPECT_EQ(tmpfs::stats().files, before_vnodes);
    KEXPECT_EQ(heap::stats().bytes_in_use, before_heap);
    KEXPECT_EQ(pmm::stats().free_pages, before_pages);
}

} // namespace ts::test

namespace ts::test {

// open + read 16 bytes + close of a tmpfs file, and a cached lookup at depths 1, 8, 32,
// in TSC cycles (averages over many rounds; bench/README.md has the figures).
KTEST(bench, vfs_open_read_close)
{
    using namespace fs;
    auto scratch = make_scratch();
    KASSERT(scratch.ns);
    auto ctx = scratch.context();
    KASSERT(write_file(ctx, "/small:c", "0123456789abcdef"));
    constexpr int ROUNDS = 2000;
    char buffer[16];
    uint64_t start = arch::rdtsc();
    for (int i = 0; i < ROUNDS; ++i) {
        auto file = open(ctx, "/small:r");
        KASSERT(file.is_ok());
        KASSERT(file.value()->read(buffer, sizeof(buffer)).value_or(0) == 16);
    }
    uint64_t per_round = (arch::rdtsc() - start) / ROUNDS;
    log("bench: vfs open+read(16)+close of a tmpfs file: %llu TSC cycles", static_cast<unsigned long long>(per_round));

    char path[400] = "";
    size_t length = 0;
    for (int depth = 1; depth <= 32; ++depth) {
        length += format(path + length, sizeof(path) - length, "/d%d", depth);
        char create[420];
        format(create, sizeof(create), "%s:cd", path);
        KASSERT(open(ctx, create).is_ok());
        if (depth == 1 || depth == 8 || depth == 32) {
            (void)stat(ctx, path); // warm the dentry cache
            uint64_t begin = arch::rdtsc();
            for (int i = 0; i < ROUNDS; ++i)
                KASSERT(stat(ctx, path).is_ok());
            log("bench: vfs lookup at depth %d: %llu TSC cycles", depth,
                static_cast<unsigned long long>((arch::rdtsc() - begin) / ROUNDS));
        }
    }
}

} // namespace ts::test
