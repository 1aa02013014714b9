// ShareTable (see ShareTable.hpp): the hardware-free table.
#include "ShareTable.hpp"

namespace ts::fs {

namespace {

bool is_key_text(StringView key)
{
    if (key.size() != SHARE_KEY_LENGTH)
        return false;
    for (char c : key) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

// Looks at every byte whatever the first difference, so the time taken does not depend
// on how much of a guess was right.
bool equal_constant_time(StringView a, StringView b)
{
    unsigned difference = 0;
    for (size_t i = 0; i < SHARE_KEY_LENGTH; ++i)
        difference |= static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i]);
    return difference == 0;
}

} // namespace

ShareKey make_share_key(const uint8_t (&bytes)[16])
{
    static constexpr char DIGITS[] = "0123456789abcdef";
    ShareKey key;
    for (size_t i = 0; i < 16; ++i) {
        key.text[2 * i] = DIGITS[bytes[i] >> 4];
        key.text[2 * i + 1] = DIGITS[bytes[i] & 15];
    }
    key.text[SHARE_KEY_LENGTH] = '\0';
    return key;
}

ShareTable::~ShareTable() TS_NO_THREAD_SAFETY_ANALYSIS
{
    for (Slot& slot : m_slots) {
        if (slot.file)
            slot.file->unref();
    }
}

size_t ShareTable::drop_expired_locked(uint64_t now_ns, File** released, size_t capacity)
{
    size_t count = 0;
    for (Slot& slot : m_slots) {
        if (slot.file && now_ns >= slot.deadline_ns && count < capacity) {
            released[count++] = slot.file;
            slot.file = nullptr;
        }
    }
    return count;
}

Result<void> ShareTable::insert(const ShareKey& key, File& file, uint64_t deadline_ns, uint64_t now_ns)
{
    if (!is_key_text(key.view()))
        return Error::BadFormat;
    File* released[CAPACITY];
    size_t released_count;
    Result<void> result = Error::NoSpace;
    {
        SpinlockGuard guard(m_lock);
        released_count = drop_expired_locked(now_ns, released, CAPACITY);
        Slot* free_slot = nullptr;
        bool duplicate = false;
        for (Slot& slot : m_slots) {
            if (!slot.file) {
                if (!free_slot)
                    free_slot = &slot;
            } else if (equal_constant_time(slot.key.view(), key.view())) {
                duplicate = true;
            }
        }
        if (duplicate) {
            result = Error::Exists;
        } else if (free_slot) {
            file.ref();
            free_slot->file = &file;
            free_slot->key = key;
            free_slot->deadline_ns = deadline_ns;
            result = {};
        }
    }
    // Outside the lock: the last reference to a file runs its close.
    for (size_t i = 0; i < released_count; ++i)
        released[i]->unref();
    return result;
}

Result<NonnullRefPtr<File>> ShareTable::claim(StringView key, uint64_t now_ns)
{
    if (!is_key_text(key))
        return Error::BadFormat;
    File* taken = nullptr;
    bool expired = false;
    {
        SpinlockGuard guard(m_lock);
        for (Slot& slot : m_slots) {
            if (slot.file && equal_constant_time(slot.key.view(), key)) {
                taken = slot.file;
                expired = now_ns >= slot.deadline_ns;
                slot.file = nullptr;
            }
        }
    }
    if (!taken)
        return Error::NotFound;
    auto file = adopt_ref(*taken); // the table's reference, now ours
    if (expired)
        return Error::Timeout;
    return file;
}

size_t ShareTable::size() const
{
    SpinlockGuard guard(m_lock);
    size_t count = 0;
    for (const Slot& slot : m_slots)
        count += slot.file != nullptr;
    return count;
}

} // namespace ts::fs
