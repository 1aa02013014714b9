// LocalSocketMessages: the bounded list of messages behind one direction of a seqpacket
// connection or a datagram socket's inbox (LocalSocketChannel.hpp adds the locking and
// the waiting). Layer: ipc, but hardware-free: it uses only kernel/lib and new/delete and
// takes no lock (its owner holds one), so this header also compiles into the host tests
// (tests/host/lib/LocalSocketMessagesTest.cpp). Header-only for that reason: the host
// build compiles kernel/lib's sources, not kernel/ipc's.
//
// A message is one heap block, a header followed by its payload, so queueing a message
// costs one allocation and reading it one copy. The list is bounded twice: by payload
// bytes (LOCAL_QUEUE_BYTES) and by message count (LOCAL_QUEUE_MESSAGES). The count bound
// is what keeps zero-length messages, which carry no bytes, from queueing without end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>

#include <lib/IntrusiveList.hpp>
#include <lib/Result.hpp>

namespace ts::ipc {

// Payload bytes one queue holds; also the largest message.
inline constexpr size_t LOCAL_QUEUE_BYTES = 64 * 1024;
inline constexpr size_t LOCAL_QUEUE_MESSAGES = 256;
inline constexpr size_t LOCAL_MESSAGE_MAX = LOCAL_QUEUE_BYTES;

struct Message {
    ListNode node;
    size_t size { 0 };

    uint8_t* data() { return reinterpret_cast<uint8_t*>(this + 1); }
    const uint8_t* data() const { return reinterpret_cast<const uint8_t*>(this + 1); }

    // A message holding a copy of `size` bytes at `payload` (any size; the list checks
    // the bounds), or null when memory is short.
    static Message* make(const void* payload, size_t size)
    {
        auto* block = new (std::nothrow) uint8_t[sizeof(Message) + size];
        if (!block)
            return nullptr;
        auto* message = new (block) Message;
        message->size = size;
        if (size > 0)
            __builtin_memcpy(message->data(), payload, size);
        return message;
    }

    static void destroy(Message* message)
    {
        if (!message)
            return;
        message->~Message();
        delete[] reinterpret_cast<uint8_t*>(message);
    }
};
// The payload follows the header; a header of whole words leaves it word-aligned.
static_assert(sizeof(Message) % sizeof(uint64_t) == 0);

class MessageList {
public:
    MessageList() = default;
    ~MessageList() { clear(); }
    MessageList(const MessageList&) = delete;
    MessageList& operator=(const MessageList&) = delete;

    // Whether a message of `size` payload bytes fits now.
    bool fits(size_t size) const { return m_count < LOCAL_QUEUE_MESSAGES && size <= LOCAL_QUEUE_BYTES - m_bytes; }
    // Takes `message` at the back; Error::NoSpace (and the caller keeps it) if it does
    // not fit.
    Result<void> push(Message& message)
    {
        if (!fits(message.size))
            return Error::NoSpace;
        m_list.push_back(message);
        m_bytes += message.size;
        ++m_count;
        return {};
    }
    // The oldest message, now the caller's (Message::destroy frees it), or null.
    Message* pop()
    {
        Message* message = m_list.pop_front();
        if (message) {
            m_bytes -= message->size;
            --m_count;
        }
        return message;
    }
    void clear()
    {
        while (Message* message = pop())
            Message::destroy(message);
    }

    size_t bytes() const { return m_bytes; }
    size_t count() const { return m_count; }
    bool is_empty() const { return m_count == 0; }

private:
    IntrusiveList<Message, &Message::node> m_list;
    size_t m_bytes { 0 };
    size_t m_count { 0 };
};

} // namespace ts::ipc
