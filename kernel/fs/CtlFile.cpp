// CtlFile (see CtlFile.hpp).
#include "CtlFile.hpp"

#include <lib/Format.hpp>
#include <lib/TryNew.hpp>

#include "File.hpp"

namespace ts::fs {

namespace {

// The outcome of the last write through one open file.
struct Outcome {
    char text[sizeof(ctl::RunError::message) + 16] {};
    size_t length { 0 };
};

} // namespace

CtlFile::CtlFile(Superblock& superblock, const ctl::Handler* handlers, size_t handler_count, void* context)
    : Vnode(superblock, VnodeKind::File, Perm::Read | Perm::Write), m_handlers(handlers), m_handler_count(handler_count),
      m_context(context)
{
}

Result<void> CtlFile::open(File& file)
{
    auto* outcome = try_new<Outcome>();
    if (!outcome)
        return Error::NoMemory;
    file.private_data = outcome;
    return {};
}

void CtlFile::close(File& file)
{
    delete static_cast<Outcome*>(file.private_data);
}

Result<size_t> CtlFile::read(File& file, uint64_t offset, void* buffer, size_t size)
{
    auto* outcome = static_cast<Outcome*>(file.private_data);
    if (offset >= outcome->length)
        return size_t(0);
    size_t count = outcome->length - offset < size ? outcome->length - offset : size;
    __builtin_memcpy(buffer, outcome->text + offset, count);
    return count;
}

Result<size_t> CtlFile::write(File& file, uint64_t, const void* buffer, size_t size)
{
    auto* outcome = static_cast<Outcome*>(file.private_data);
    ctl::RunError error;
    auto result = ctl::run(StringView(static_cast<const char*>(buffer), size), m_handlers, m_handler_count, m_context, &error);
    if (result.is_error()) {
        outcome->length = format(outcome->text, sizeof(outcome->text), "error: %s\n", error.message);
        if (outcome->length >= sizeof(outcome->text))
            outcome->length = sizeof(outcome->text) - 1;
        return result.error();
    }
    outcome->length = format(outcome->text, sizeof(outcome->text), "ok\n");
    return size;
}

} // namespace ts::fs
