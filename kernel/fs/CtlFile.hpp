// CtlFile: a command file (".../ctl") built on the shared ctl parser (lib/CtlParser.hpp).
// Layer: fs.
//
// Each write() is one script, `cmd arg && cmd arg`, run against a table of handlers: the
// whole script is parsed first (a syntax error runs nothing), then the commands run in
// order and the first failure stops it with the commands before it applied. The write
// fails with that command's error. Reading the file returns the outcome of the last
// write made through the same open file: nothing before the first write, then "ok\n" or
// "error: command 2 \"bind\": not found\n", so a shell can show why a command failed.
#pragma once

#include <lib/CtlParser.hpp>

#include "Vnode.hpp"

namespace ts::fs {

class CtlFile final : public Vnode {
public:
    CtlFile(Superblock& superblock, const ctl::Handler* handlers, size_t handler_count, void* context);

    Result<void> open(File& file) override;
    void close(File& file) override;
    Result<size_t> read(File& file, uint64_t offset, void* buffer, size_t size) override;
    Result<size_t> write(File& file, uint64_t offset, const void* buffer, size_t size) override;
    Result<void> truncate(uint64_t) override { return {}; }

private:
    const ctl::Handler* m_handlers;
    size_t m_handler_count;
    void* m_context;
};

} // namespace ts::fs
