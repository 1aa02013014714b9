// Host tests of the VFS core over tmpfs: walks, flags, links, mounts, binds, namespaces
// and permission narrowing, with the same sources the kernel runs (locks come from
// tests/host/shim). The in-kernel suite (kernel/test/VfsTests.cpp) repeats the main cases
// on real hardware locks; this one adds edge cases and a multi-threaded run under ASan.
#include <gtest/gtest.h>

#include <pthread.h>

#include <string>
#include <thread>
#include <vector>

#include "fs/Synthetic.hpp"
#include "fs/Tmpfs.hpp"
#include "fs/Vfs.hpp"

using namespace ts;
using namespace ts::fs;

namespace {

struct World {
    RefPtr<Namespace> ns;
    World()
    {
        auto root = tmpfs::create();
        EXPECT_TRUE(root.is_ok());
        ns = Namespace::create(root.release_value()).release_value();
    }
    PathContext ctx() const { return { ns.ptr(), {}, Perm::All }; }
};

Error open_error(const PathContext& ctx, const char* path)
{
    auto result = open(ctx, path);
    return result.is_error() ? result.error() : Error::InvalidArgument; // "no error" reads as InvalidArgument
}

bool put(const PathContext& ctx, const char* path, const std::string& text)
{
    auto file = open(ctx, path);
    if (file.is_error())
        return false;
    return file.value()->write(text.data(), text.size()).value_or(0) == text.size();
}

std::string get(const PathContext& ctx, const char* path)
{
    auto file = open(ctx, path);
    if (file.is_error())
        return std::string("<") + error_name(file.error()) + ">";
    std::string text;
    char buffer[7]; // odd size: exercises reads across page and call boundaries
    for (;;) {
        auto done = file.value()->read(buffer, sizeof(buffer));
        if (done.is_error() || done.value() == 0)
            break;
        text.append(buffer, done.value());
    }
    return text;
}

std::vector<std::string> list(const PathContext& ctx, const char* path)
{
    std::vector<std::string> names;
    auto dir = open(ctx, path);
    if (dir.is_error())
        return names;
    DirEntry entry;
    while (dir.value()->read_dir(entry).value_or(false))
        names.push_back(entry.name);
    return names;
}

} // namespace

TEST(Vfs, CreateReadWriteAcrossPages)
{
    World w;
    std::string big(10000, 'x');
    for (size_t i = 0; i < big.size(); ++i)
        big[i] = static_cast<char>('a' + i % 26);
    ASSERT_TRUE(put(w.ctx(), "/big:create:write", big));
    EXPECT_EQ(get(w.ctx(), "/big"), big);
    auto file = open(w.ctx(), "/big:rw").release_value();
    EXPECT_EQ(file->seek(-3, SeekFrom::End).value_or(0), 9997u);
    char tail[8] = {};
    EXPECT_EQ(file->read(tail, sizeof(tail)).value_or(0), 3u);
    EXPECT_EQ(std::string(tail), big.substr(9997));
    EXPECT_EQ(file->seek(-1, SeekFrom::Start).error(), Error::InvalidArgument);
    EXPECT_EQ(file->pwrite(tmpfs::MAX_FILE_SIZE, "x", 1).error(), Error::TooBig);
}

TEST(Vfs, FlagsAndTheirErrors)
{
    World w;
    auto c = w.ctx();
    EXPECT_EQ(open_error(c, "/f"), Error::NotFound);
    EXPECT_EQ(open_error(c, "/f:e"), Error::InvalidArgument); // exclusive without create
    EXPECT_EQ(open_error(c, "/f:zz"), Error::InvalidArgument);
    EXPECT_TRUE(open(c, "/f:ce").is_ok());
    EXPECT_EQ(open_error(c, "/f:ce"), Error::Exists);
    EXPECT_TRUE(open(c, "/f:c").is_ok()); // create without exclusive opens it
    EXPECT_EQ(open_error(c, "/f/"), Error::NotDirectory);
    EXPECT_EQ(open_error(c, "/f:directory"), Error::NotDirectory);
    EXPECT_EQ(open_error(c, "/no/such/f:c"), Error::NotFound);
    EXPECT_TRUE(open(c, "/yes/such/f:cp").is_ok());
    EXPECT_EQ(list(c, "/yes"), std::vector<std::string>({ "such" }));
    EXPECT_TRUE(open(c, "/yes/such/").is_ok());
    EXPECT_EQ(open_error(c, "/f:r:t"), Error::InvalidArgument); // truncate needs write
    auto read_only = open(c, "/f:r").release_value();
    EXPECT_EQ(read_only->write("x", 1).error(), Error::Permission);
    EXPECT_EQ(read_only->truncate(0).error(), Error::Permission);
    auto write_only = open(c, "/f:w").release_value();
    char b;
    EXPECT_EQ(write_only->read(&b, 1).error(), Error::Permission);
    std::string long_name(MAX_NAME_LENGTH + 1, 'n');
    EXPECT_EQ(open_error(c, ("/" + long_name + ":c").c_str()), Error::TooBig);
}

TEST(Vfs, RelativeWalksAndDotDot)
{
    World w;
    auto c = w.ctx();
    ASSERT_TRUE(open(c, "/a/b/c:cdp").is_ok());
    ASSERT_TRUE(put(c, "/a/file:c", "A"));
    auto b = open(c, "/a/b").release_value();
    auto at_b = context_at(*w.ns, *b);
    EXPECT_EQ(get(at_b, "../file"), "A");
    EXPECT_EQ(get(at_b, "./c/../../file"), "A");
    EXPECT_EQ(get(at_b, "../../../../../a/file"), "A");
    EXPECT_TRUE(open(at_b, "new:c").is_ok());
    EXPECT_EQ(list(c, "/a/b"), std::vector<std::string>({ "c", "new" }));
    // The descriptor's directory renamed: relative walks follow it.
    ASSERT_TRUE(rename(c, "/a/b", "/moved").is_ok());
    EXPECT_EQ(get(at_b, "../a/file"), "A");
    char path[64];
    absolute_path(*w.ns, b->location(), path, sizeof(path));
    EXPECT_STREQ(path, "/moved");
}

TEST(Vfs, RemovedDirectoryStaysUsableButEmpty)
{
    World w;
    auto c = w.ctx();
    ASSERT_TRUE(open(c, "/gone:cd").is_ok());
    auto held = open(c, "/gone").release_value();
    ASSERT_TRUE(remove(c, "/gone").is_ok());
    auto at = context_at(*w.ns, *held);
    EXPECT_EQ(open_error(at, "x:c"), Error::NotFound);
    DirEntry entry;
    EXPECT_FALSE(held->read_dir(entry).value_or(true));
}

TEST(Vfs, RecursiveRemoveOfADeepTree)
{
    World w;
    auto c = w.ctx();
    std::string path;
    for (int i = 0; i < 200; ++i)
        path += "/d" + std::to_string(i);
    ASSERT_TRUE(open(c, (path + ":cdp").c_str()).is_ok());
    ASSERT_TRUE(put(c, (path + "/leaf:c").c_str(), "x"));
    ASSERT_TRUE(put(c, "/d0/d1/side:c", "y"));
    uint64_t vnodes = tmpfs::stats().files;
    ASSERT_TRUE(remove(c, "/d0:recursive").is_ok());
    EXPECT_EQ(tmpfs::stats().files, vnodes - 202);
    EXPECT_TRUE(list(c, "/").empty());
}

TEST(Vfs, RemoveRefusesMountsAndRoots)
{
    World w;
    auto c = w.ctx();
    ASSERT_TRUE(open(c, "/m/inner:cdp").is_ok());
    auto other = tmpfs::create().release_value();
    ASSERT_TRUE(mount(c, "/m/inner", *other).is_ok());
    ASSERT_TRUE(put(c, "/m/inner/x:c", "x"));
    EXPECT_EQ(remove(c, "/m:recursive").error(), Error::Busy);
    EXPECT_EQ(remove(c, "/m/inner").error(), Error::Busy);
    EXPECT_EQ(remove(c, "/").error(), Error::Busy);
    EXPECT_EQ(remove(c, "/m:create").error(), Error::InvalidArgument); // flags that mean nothing here
}

TEST(Vfs, MountStackingAndUnmountOrder)
{
    World w;
    auto c = w.ctx();
    ASSERT_TRUE(open(c, "/m:cd").is_ok());
    auto first = tmpfs::create().release_value();
    auto second = tmpfs::create().release_value();
    ASSERT_TRUE(mount(c, "/m", *first).is_ok());
    ASSERT_TRUE(put(c, "/m/which:c", "first"));
    ASSERT_TRUE(mount(c, "/m", *second).is_ok());
    EXPECT_EQ(get(c, "/m/which"), "<not found>");
    ASSERT_TRUE(put(c, "/m/which:c", "second"));
    ASSERT_TRUE(unmount(c, "/m").is_ok());
    EXPECT_EQ(get(c, "/m/which"), "first");
    ASSERT_TRUE(unmount(c, "/m").is_ok());
    EXPECT_EQ(get(c, "/m/which"), "<not found>");
    // Mounting over the root works too, and ".." at the top stays there.
    auto third = tmpfs::create().release_value();
    ASSERT_TRUE(mount(c, "/", *third).is_ok());
    EXPECT_TRUE(list(c, "/").empty());
    EXPECT_TRUE(list(c, "/..").empty());
    ASSERT_TRUE(unmount(c, "/").is_ok());
    EXPECT_EQ(list(c, "/"), std::vector<std::string>({ "m" }));
}

TEST(Vfs, BindAFileOverAFile)
{
    World w;
    auto c = w.ctx();
    ASSERT_TRUE(put(c, "/real:c", "real"));
    ASSERT_TRUE(put(c, "/shown:c", "shown"));
    auto real = open(c, "/real:r").release_value();
    ASSERT_TRUE(bind(c, "/shown", *real).is_ok());
    EXPECT_EQ(get(c, "/shown"), "real");
    EXPECT_EQ(open_error(c, "/shown:w"), Error::Permission);
    ASSERT_TRUE(open(c, "/dir:cd").is_ok());
    EXPECT_EQ(bind(c, "/dir", *real).error(), Error::NotDirectory);
}

TEST(Vfs, NamespacesCopiedAndShared)
{
    World w;
    auto c = w.ctx();
    ASSERT_TRUE(open(c, "/mnt:cd").is_ok());
    auto copy = w.ns->copy().release_value();
    RefPtr<Namespace> shared = w.ns; // "shared": the same object
    auto extra = tmpfs::create().release_value();
    ASSERT_TRUE(mount(c, "/mnt", *extra).is_ok());
    ASSERT_TRUE(put(c, "/mnt/seen:c", "1"));
    PathContext copy_ctx { copy.ptr(), {}, Perm::All };
    PathContext shared_ctx { shared.ptr(), {}, Perm::All };
    EXPECT_EQ(get(shared_ctx, "/mnt/seen"), "1");
    EXPECT_EQ(get(copy_ctx, "/mnt/seen"), "<not found>");
    EXPECT_EQ(copy->mount_count(), 1u);
    EXPECT_EQ(w.ns->mount_count(), 2u);
}

TEST(Vfs, SyntheticDirectoriesArePublishedNotCreated)
{
    World w;
    auto c = w.ctx();
    auto sys = create_synthetic("testfs").release_value();
    ASSERT_TRUE(open(c, "/sys:cd").is_ok());
    ASSERT_TRUE(mount(c, "/sys", *sys.root_dentry).is_ok());
    static int value = 41;
    auto file = make_ref<HandlerFile>(sys.root->superblock(),
        [](void* ctx, TextBuffer& out) -> Result<void> { out.appendf("%d\n", *static_cast<int*>(ctx)); return {}; },
        [](void* ctx, StringView text) -> Result<void> {
            auto parsed = text.trim().parse_u64();
            if (parsed.is_error())
                return Error::InvalidArgument;
            *static_cast<int*>(ctx) = static_cast<int>(parsed.value());
            return {};
        },
        &value).release_value();
    ASSERT_TRUE(publish_at(*sys.root, "a/b/value", *file).is_ok());
    EXPECT_EQ(get(c, "/sys/a/b/value"), "41\n");
    EXPECT_TRUE(put(c, "/sys/a/b/value:w", "7\n"));
    EXPECT_EQ(get(c, "/sys/a/b/value"), "7\n");
    EXPECT_FALSE(put(c, "/sys/a/b/value:w", "seven"));
    EXPECT_EQ(open_error(c, "/sys/a/new:c"), Error::Permission);
    EXPECT_EQ(remove(c, "/sys/a/b/value").error(), Error::Permission);
    // Published later, found at once: no negative entry hides it.
    EXPECT_EQ(open_error(c, "/sys/late"), Error::NotFound);
    ASSERT_TRUE(publish_at(*sys.root, "late", *file).is_ok());
    EXPECT_EQ(get(c, "/sys/late"), "7\n");
    ASSERT_TRUE(sys.root->unpublish("late").is_ok());
    EXPECT_EQ(open_error(c, "/sys/late"), Error::NotFound);
}

TEST(Vfs, ConcurrentCreateRenameRemoveStaysConsistent)
{
    World w;
    auto c = w.ctx();
    ASSERT_TRUE(open(c, "/x/y:cdp").is_ok());
    ASSERT_TRUE(open(c, "/z:cd").is_ok());
    constexpr int THREADS = 4, ROUNDS = 300;
    std::vector<std::thread> threads;
    for (int t = 0; t < THREADS; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < ROUNDS; ++i) {
                std::string a = "/x/f" + std::to_string(t) + "_" + std::to_string(i % 7);
                std::string b = "/z/g" + std::to_string(t);
                (void)open(c, (a + ":c").c_str());
                (void)rename(c, a.c_str(), b.c_str());
                (void)rename(c, "/x/y", "/z/y");
                (void)rename(c, "/z/y", "/x/y");
                (void)remove(c, b.c_str());
                (void)list(c, "/x");
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    // Every name that is listed can be opened, and the directory is there exactly once.
    for (const char* dir : { "/x", "/z" }) {
        for (const auto& name : list(c, dir)) {
            std::string path = std::string(dir) + "/" + name;
            EXPECT_TRUE(open(c, path.c_str()).is_ok()) << path;
        }
    }
    bool in_x = open(c, "/x/y").is_ok(), in_z = open(c, "/z/y").is_ok();
    EXPECT_TRUE(in_x != in_z);
}

// Dropping the last reference to the leaf of a long chain of removed directories frees
// the chain in a loop, not by one nested destructor call per level: run the release on a
// thread with a small stack, which recursion 2,000 levels deep would overrun.
TEST(Vfs, ReleasingALongRemovedChainDoesNotRecurse)
{
    World w;
    auto c = w.ctx();
    std::string path;
    for (int i = 0; i < 2000; ++i)
        path += "/a";
    ASSERT_TRUE(open(c, (path + ":cdp").c_str()).is_ok());
    RefPtr<File> leaf = open(c, path.c_str()).release_value();
    ASSERT_TRUE(remove(c, "/a:recursive").is_ok());
    EXPECT_TRUE(list(c, "/").empty());

    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setstacksize(&attributes, 64 * 1024);
    pthread_t thread;
    auto release = [](void* argument) -> void* {
        static_cast<RefPtr<File>*>(argument)->clear();
        return nullptr;
    };
    ASSERT_EQ(pthread_create(&thread, &attributes, release, &leaf), 0);
    pthread_join(thread, nullptr);
    pthread_attr_destroy(&attributes);
    EXPECT_TRUE(leaf.is_null());
}

// The same for a whole tmpfs instance dropped with a deep tree still in it.
TEST(Vfs, DroppingADeepTmpfsTreeDoesNotRecurse)
{
    ts::fs::dcache().shrink(0); // names cached by earlier tests pin their vnodes
    uint64_t vnodes = tmpfs::stats().files;
    auto* world = new World;
    auto c = world->ctx();
    std::string path;
    for (int i = 0; i < 2000; ++i)
        path += "/a";
    ASSERT_TRUE(open(c, (path + "/f:cp").c_str()).is_ok());
    EXPECT_EQ(tmpfs::stats().files, vnodes + 2002);
    // Drop the cached names below the root, so that only the namespace (through its
    // root mount and root dentry) holds the tree: deleting the World on the small
    // stack then releases the whole tree there.
    ts::fs::dcache().shrink(0);

    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setstacksize(&attributes, 64 * 1024);
    pthread_t thread;
    auto release = [](void* argument) -> void* {
        delete static_cast<World*>(argument);
        return nullptr;
    };
    ASSERT_EQ(pthread_create(&thread, &attributes, release, world), 0);
    pthread_join(thread, nullptr);
    pthread_attr_destroy(&attributes);
    EXPECT_EQ(tmpfs::stats().files, vnodes);
}
