// Host tests of the dentry cache: hits and misses, negative entries, eviction that never
// touches a dentry in use, moves and invalidation.
#include <gtest/gtest.h>

#include "fs/Dentry.hpp"
#include "fs/Superblock.hpp"
#include "fs/Tmpfs.hpp"
#include "fs/Vnode.hpp"

using namespace ts;
using namespace ts::fs;

namespace {

class TestSuperblock final : public Superblock {
public:
    TestSuperblock() : Superblock("test", true) {}
};

class TestVnode final : public Vnode {
public:
    TestVnode(Superblock& sb, VnodeKind kind) : Vnode(sb, kind) {}
};

struct Fixture {
    DentryCache cache { 64, 8 };
    NonnullRefPtr<TestSuperblock> sb = make_ref<TestSuperblock>().release_value();
    NonnullRefPtr<TestVnode> dir = make_ref<TestVnode>(*sb, VnodeKind::Directory).release_value();
    RefPtr<Dentry> root;
    Fixture()
    {
        EXPECT_TRUE(cache.init().is_ok());
        root = cache.make_root(*dir).release_value();
    }
};

} // namespace

TEST(DentryCache, MissThenHitReturnsTheSameDentry)
{
    Fixture f;
    EXPECT_EQ(f.cache.lookup(*f.root, "a"), nullptr);
    auto file = make_ref<TestVnode>(*f.sb, VnodeKind::File).release_value();
    auto inserted = f.cache.insert(*f.root, "a", file.ptr());
    ASSERT_TRUE(inserted.is_ok());
    auto found = f.cache.lookup(*f.root, "a");
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(found.ptr(), inserted.value().ptr());
    EXPECT_EQ(found->vnode().ptr(), file.ptr());
    EXPECT_EQ(found->parent().ptr(), f.root.ptr());
    auto stats = f.cache.stats();
    EXPECT_EQ(stats.entries, 1u);
    EXPECT_EQ(stats.hits, 1u);
    EXPECT_EQ(stats.misses, 1u);
    // Same name, different parent: a different entry.
    auto sub = make_ref<TestVnode>(*f.sb, VnodeKind::Directory).release_value();
    auto sub_dentry = f.cache.insert(*f.root, "sub", sub.ptr()).release_value();
    EXPECT_EQ(f.cache.lookup(*sub_dentry, "a"), nullptr);
}

TEST(DentryCache, NegativeEntriesTurnPositiveAndBack)
{
    Fixture f;
    auto negative = f.cache.insert(*f.root, "ghost", nullptr).release_value();
    EXPECT_EQ(f.cache.stats().negative, 1u);
    EXPECT_EQ(f.cache.lookup(*f.root, "ghost")->vnode(), nullptr);
    auto file = make_ref<TestVnode>(*f.sb, VnodeKind::File).release_value();
    auto again = f.cache.insert(*f.root, "ghost", file.ptr()).release_value();
    EXPECT_EQ(again.ptr(), negative.ptr()); // updated in place
    EXPECT_EQ(f.cache.stats().negative, 0u);
    f.cache.set_vnode(*again, nullptr);
    EXPECT_EQ(f.cache.stats().negative, 1u);
    f.cache.unhash(*again);
    EXPECT_EQ(f.cache.lookup(*f.root, "ghost"), nullptr);
    EXPECT_EQ(f.cache.stats().entries, 0u);
    EXPECT_EQ(f.cache.stats().negative, 0u);
}

TEST(DentryCache, EvictionSkipsDentriesInUse)
{
    Fixture f; // capacity 8
    std::vector<RefPtr<Dentry>> held;
    for (int i = 0; i < 4; ++i)
        held.push_back(f.cache.insert(*f.root, std::string("held" + std::to_string(i)).c_str(), nullptr).release_value());
    for (int i = 0; i < 20; ++i)
        (void)f.cache.insert(*f.root, std::string("tmp" + std::to_string(i)).c_str(), nullptr).release_value();
    auto stats = f.cache.stats();
    EXPECT_LE(stats.entries, 8u);
    EXPECT_GE(stats.evictions, 16u);
    for (int i = 0; i < 4; ++i) {
        auto found = f.cache.lookup(*f.root, std::string("held" + std::to_string(i)).c_str());
        EXPECT_EQ(found.ptr(), held[i].ptr()) << i;
    }
    // The most recent unused ones survive, the oldest went.
    EXPECT_NE(f.cache.lookup(*f.root, "tmp19"), nullptr);
    EXPECT_EQ(f.cache.lookup(*f.root, "tmp0"), nullptr);
    held.clear();
    f.cache.shrink(0);
    EXPECT_EQ(f.cache.stats().entries, 0u);
}

TEST(DentryCache, AParentWithCachedChildrenIsNotEvicted)
{
    Fixture f;
    auto dir = make_ref<TestVnode>(*f.sb, VnodeKind::Directory).release_value();
    RefPtr<Dentry> child;
    {
        auto parent = f.cache.insert(*f.root, "parent", dir.ptr()).release_value();
        child = f.cache.insert(*parent, "child", nullptr).release_value();
    }
    f.cache.shrink(1); // only one may stay: the parent is pinned by its child
    EXPECT_NE(f.cache.lookup(*f.root, "parent"), nullptr);
    child = nullptr;
    f.cache.shrink(0);
    EXPECT_EQ(f.cache.stats().entries, 0u);
}

TEST(DentryCache, MoveRenamesAndReplaces)
{
    Fixture f;
    auto a = make_ref<TestVnode>(*f.sb, VnodeKind::File).release_value();
    auto b = make_ref<TestVnode>(*f.sb, VnodeKind::File).release_value();
    auto dir = make_ref<TestVnode>(*f.sb, VnodeKind::Directory).release_value();
    auto da = f.cache.insert(*f.root, "a", a.ptr()).release_value();
    auto db = f.cache.insert(*f.root, "b", b.ptr()).release_value();
    auto dd = f.cache.insert(*f.root, "d", dir.ptr()).release_value();
    ASSERT_TRUE(f.cache.move(*da, *dd, "b").is_ok());
    EXPECT_EQ(f.cache.lookup(*f.root, "a"), nullptr);
    EXPECT_EQ(f.cache.lookup(*dd, "b").ptr(), da.ptr());
    EXPECT_EQ(da->parent().ptr(), dd.ptr());
    char name[8];
    EXPECT_EQ(da->copy_name(name, sizeof(name)), 1u);
    EXPECT_STREQ(name, "b");
    // Moving onto an existing name drops that entry.
    ASSERT_TRUE(f.cache.move(*da, *f.root, "b").is_ok());
    EXPECT_EQ(f.cache.lookup(*f.root, "b").ptr(), da.ptr());
    EXPECT_FALSE(db->is_hashed());
}

TEST(DentryCache, InvalidateDropsNamesUnderADirectory)
{
    Fixture f;
    auto dir = make_ref<TestVnode>(*f.sb, VnodeKind::Directory).release_value();
    auto file = make_ref<TestVnode>(*f.sb, VnodeKind::File).release_value();
    auto dd = f.cache.insert(*f.root, "d", dir.ptr()).release_value();
    (void)f.cache.insert(*dd, "x", file.ptr()).release_value();
    (void)f.cache.insert(*dd, "y", file.ptr()).release_value();
    f.cache.invalidate(*dir, "x");
    EXPECT_EQ(f.cache.lookup(*dd, "x"), nullptr);
    EXPECT_NE(f.cache.lookup(*dd, "y"), nullptr);
}

TEST(DentryCache, HashSpreadsNamesAndParents)
{
    Fixture f;
    EXPECT_NE(DentryCache::hash_name(f.root.ptr(), "a"), DentryCache::hash_name(f.root.ptr(), "b"));
    int dummy;
    EXPECT_NE(DentryCache::hash_name(f.root.ptr(), "a"), DentryCache::hash_name(reinterpret_cast<Dentry*>(&dummy), "a"));
}
