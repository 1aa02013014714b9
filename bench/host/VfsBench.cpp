// Path lookup cost by depth: stat() of a file at depth 1..32 in a tmpfs tree, through
// the real VFS walk and dentry cache (kernel/fs built for the host, tests/host/shim
// locks). Every lookup after the first hits the dentry cache, so this is the cost of the
// walk itself: parsing, one hash probe and a mount check per component.
#include <benchmark/benchmark.h>

#include <string>

#include "fs/Tmpfs.hpp"
#include "fs/Vfs.hpp"

using namespace ts;
using namespace ts::fs;

namespace {

struct Tree {
    RefPtr<Namespace> ns;
    std::string paths[33]; // paths[d]: the file at depth d
    Tree()
    {
        ns = Namespace::create(tmpfs::create().release_value()).release_value();
        PathContext ctx { ns.ptr(), {}, Perm::All };
        std::string dir;
        for (int depth = 1; depth <= 32; ++depth) {
            paths[depth] = dir + "/file";
            (void)open(ctx, (paths[depth] + ":c").c_str());
            dir += "/d" + std::to_string(depth);
            (void)open(ctx, (dir + ":cd").c_str());
        }
    }
};

Tree& tree()
{
    static Tree instance;
    return instance;
}

void BM_PathLookup(benchmark::State& state)
{
    Tree& t = tree();
    PathContext ctx { t.ns.ptr(), {}, Perm::All };
    const std::string& path = t.paths[state.range(0)];
    for (auto _ : state) {
        auto result = stat(ctx, path.c_str());
        benchmark::DoNotOptimize(result);
        if (result.is_error())
            state.SkipWithError("lookup failed");
    }
    state.SetLabel("depth " + std::to_string(state.range(0)));
}

void BM_OpenReadClose(benchmark::State& state)
{
    Tree& t = tree();
    PathContext ctx { t.ns.ptr(), {}, Perm::All };
    (void)open(ctx, "/small:c").value()->write("0123456789abcdef", 16);
    char buffer[16];
    for (auto _ : state) {
        auto file = open(ctx, "/small:r");
        benchmark::DoNotOptimize(file.value()->read(buffer, sizeof(buffer)));
    }
}

} // namespace

BENCHMARK(BM_PathLookup)->DenseRange(1, 32, 1);
BENCHMARK(BM_OpenReadClose);
