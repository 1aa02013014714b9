// Environment: see Environment.hpp.
#include "Environment.hpp"

#include <fs/File.hpp>
#include <fs/Path.hpp>
#include <lib/CString.hpp>
#include <core/Panic.hpp>
#include <lib/TryNew.hpp>
#include <sched/Mutex.hpp>

namespace ts::proc {

namespace {

class EnvironmentSuperblock final : public fs::Superblock {
public:
    EnvironmentSuperblock() : Superblock("procenv", true) {}
};

// One variable: a small file whose contents are the value.
class Variable final : public fs::Vnode {
public:
    explicit Variable(fs::Superblock& superblock) : Vnode(superblock, fs::VnodeKind::File) {}

    Result<size_t> read(fs::File&, uint64_t offset, void* buffer, size_t size) override
    {
        MutexGuard guard(m_lock);
        if (offset >= m_length)
            return size_t(0);
        size_t n = m_length - offset < size ? m_length - static_cast<size_t>(offset) : size;
        memcpy(buffer, m_value + offset, n);
        return n;
    }
    Result<size_t> write(fs::File&, uint64_t offset, const void* buffer, size_t size) override
    {
        MutexGuard guard(m_lock);
        if (offset > MAX_VALUE || size > MAX_VALUE - offset)
            return Error::TooBig;
        if (offset > m_length)
            memset(m_value + m_length, 0, offset - m_length);
        memcpy(m_value + offset, buffer, size);
        if (offset + size > m_length)
            m_length = static_cast<size_t>(offset + size);
        return size;
    }
    Result<void> truncate(uint64_t size) override
    {
        MutexGuard guard(m_lock);
        if (size > MAX_VALUE)
            return Error::TooBig;
        if (size > m_length)
            memset(m_value + m_length, 0, size - m_length);
        m_length = static_cast<size_t>(size);
        return {};
    }
    fs::Stat stat() override
    {
        fs::Stat s = Vnode::stat();
        MutexGuard guard(m_lock);
        s.size = m_length;
        return s;
    }

    // Copies the value out; returns its length.
    size_t value(char* out, size_t capacity)
    {
        MutexGuard guard(m_lock);
        size_t n = m_length < capacity ? m_length : capacity;
        memcpy(out, m_value, n);
        return n;
    }
    void set(StringView text)
    {
        MutexGuard guard(m_lock);
        m_length = text.length() < MAX_VALUE ? text.length() : MAX_VALUE;
        memcpy(m_value, text.data(), m_length);
    }

private:
    Mutex m_lock;
    size_t m_length TS_GUARDED_BY(m_lock) { 0 };
    char m_value[MAX_VALUE] TS_GUARDED_BY(m_lock) {};
};

bool valid_variable_name(StringView name)
{
    if (fs::validate_name(name).is_error())
        return false;
    for (size_t i = 0; i < name.length(); ++i) {
        if (name[i] == '=')
            return false;
    }
    return true;
}

} // namespace

fs::Superblock& environment_superblock()
{
    static EnvironmentSuperblock* superblock = nullptr;
    if (!superblock) {
        superblock = try_new<EnvironmentSuperblock>();
        VERIFY(superblock);
        superblock->ref(); // lives for ever
    }
    return *superblock;
}

Environment::Environment(fs::Superblock& superblock)
    : Vnode(superblock, fs::VnodeKind::Directory)
{
}

Result<NonnullRefPtr<fs::Vnode>> Environment::lookup_locked(StringView name)
{
    auto* entry = m_entries.find(name);
    if (!entry)
        return Error::NotFound;
    return entry->vnode;
}

Result<NonnullRefPtr<fs::Vnode>> Environment::create_locked(StringView name, fs::VnodeKind kind)
{
    if (kind != fs::VnodeKind::File || !valid_variable_name(name))
        return Error::InvalidArgument;
    if (m_entries.size() >= MAX_VARIABLES)
        return Error::NoSpace;
    auto variable = TRY(make_ref<Variable>(superblock()));
    TRY(m_entries.add(name, *variable));
    return NonnullRefPtr<fs::Vnode>(*variable);
}

Result<void> Environment::unlink_locked(StringView name, fs::Vnode&)
{
    auto* entry = m_entries.find(name);
    if (!entry)
        return Error::NotFound;
    m_entries.remove(*entry);
    return {};
}

Result<bool> Environment::read_entry_locked(StringView after, fs::DirEntry& out)
{
    auto* entry = m_entries.first_after(after);
    if (!entry)
        return false;
    fs::DirectoryEntries::describe(*entry, out);
    return true;
}

Result<void> Environment::set(StringView name, StringView value)
{
    MutexGuard guard(dir_lock());
    auto* entry = m_entries.find(name);
    if (!entry) {
        TRY(create_locked(name, fs::VnodeKind::File));
        entry = m_entries.find(name);
    }
    static_cast<Variable&>(*entry->vnode).set(value);
    return {};
}

Result<void> Environment::copy_from(Environment& other)
{
    // Lock order: the source, then this one (a fresh environment nobody else sees yet).
    MutexGuard source(other.dir_lock());
    MutexGuard guard(dir_lock());
    char* value = new (std::nothrow) char[MAX_VALUE];
    if (!value)
        return Error::NoMemory;
    Result<void> result;
    for (auto* entry = other.m_entries.first(); entry; entry = other.m_entries.first_after(entry->view())) {
        size_t length = static_cast<Variable&>(*entry->vnode).value(value, MAX_VALUE);
        auto created = create_locked(entry->view(), fs::VnodeKind::File);
        if (created.is_error()) {
            result = created.error();
            break;
        }
        static_cast<Variable&>(*created.value()).set(StringView(value, length));
    }
    delete[] value;
    return result;
}

Result<size_t> Environment::flatten(char* storage, size_t capacity, const char** pointers, size_t max_pointers)
{
    MutexGuard guard(dir_lock());
    size_t used = 0;
    size_t count = 0;
    for (auto* entry = m_entries.first(); entry; entry = m_entries.first_after(entry->view())) {
        StringView name = entry->view();
        if (count == max_pointers || used + name.length() + 2 > capacity)
            return Error::TooBig;
        pointers[count++] = storage + used;
        memcpy(storage + used, name.data(), name.length());
        used += name.length();
        storage[used++] = '=';
        size_t length = static_cast<Variable&>(*entry->vnode).value(storage + used, capacity - used - 1);
        used += length;
        storage[used++] = '\0';
    }
    return count;
}

} // namespace ts::proc
