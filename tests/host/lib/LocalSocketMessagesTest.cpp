// Host tests for kernel/ipc/LocalSocketMessages.hpp, the bounded message list behind
// seqpacket connections and datagram inboxes: order and contents, both bounds (payload
// bytes and message count, which zero-length messages exercise), and random pushes and
// pops mirrored in a std::deque. AddressSanitizer checks that clear() and the
// destructor free every message.
#include <ipc/LocalSocketMessages.hpp>

#include <gtest/gtest.h>

#include <cstring>
#include <deque>
#include <random>
#include <string>
#include <vector>

namespace {

using ts::ipc::LOCAL_MESSAGE_MAX;
using ts::ipc::LOCAL_QUEUE_BYTES;
using ts::ipc::LOCAL_QUEUE_MESSAGES;
using ts::ipc::Message;
using ts::ipc::MessageList;

std::string text_of(const Message& message)
{
    return std::string(reinterpret_cast<const char*>(message.data()), message.size);
}

TEST(LocalSocketMessages, KeepsOrderAndContents)
{
    MessageList list;
    EXPECT_TRUE(list.is_empty());
    for (const char* text : { "one", "", "three", "4" }) {
        Message* message = Message::make(text, std::strlen(text));
        ASSERT_NE(message, nullptr);
        ASSERT_TRUE(list.push(*message).is_ok());
    }
    EXPECT_EQ(list.count(), 4u);
    EXPECT_EQ(list.bytes(), 9u);
    for (const char* text : { "one", "", "three", "4" }) {
        Message* message = list.pop();
        ASSERT_NE(message, nullptr);
        EXPECT_EQ(text_of(*message), text);
        Message::destroy(message);
    }
    EXPECT_EQ(list.pop(), nullptr);
    EXPECT_EQ(list.bytes(), 0u);
    EXPECT_EQ(list.count(), 0u);
}

TEST(LocalSocketMessages, PayloadBoundAllowsExactlyTheCapacity)
{
    MessageList list;
    std::vector<uint8_t> block(LOCAL_MESSAGE_MAX, 0xab);
    EXPECT_TRUE(list.fits(LOCAL_QUEUE_BYTES));
    EXPECT_FALSE(list.fits(LOCAL_QUEUE_BYTES + 1));
    Message* first = Message::make(block.data(), LOCAL_QUEUE_BYTES - 10);
    ASSERT_TRUE(list.push(*first).is_ok());
    EXPECT_TRUE(list.fits(10));
    EXPECT_FALSE(list.fits(11));
    Message* refused = Message::make(block.data(), 11);
    auto pushed = list.push(*refused);
    ASSERT_TRUE(pushed.is_error());
    EXPECT_EQ(pushed.error(), ts::Error::NoSpace);
    Message::destroy(refused); // still the caller's
    Message* last = Message::make(block.data(), 10);
    ASSERT_TRUE(list.push(*last).is_ok());
    EXPECT_EQ(list.bytes(), LOCAL_QUEUE_BYTES);
    // No payload room left, but a zero-length message still fits (the count bounds it).
    EXPECT_FALSE(list.fits(1));
    EXPECT_TRUE(list.fits(0));
}

TEST(LocalSocketMessages, ZeroLengthMessagesAreBoundedByCount)
{
    MessageList list;
    for (size_t i = 0; i < LOCAL_QUEUE_MESSAGES; ++i) {
        Message* message = Message::make(nullptr, 0);
        ASSERT_NE(message, nullptr);
        ASSERT_TRUE(list.push(*message).is_ok()) << i;
    }
    EXPECT_EQ(list.bytes(), 0u);
    EXPECT_FALSE(list.fits(0));
    Message* extra = Message::make(nullptr, 0);
    EXPECT_TRUE(list.push(*extra).is_error());
    Message::destroy(extra);
    Message::destroy(list.pop());
    EXPECT_TRUE(list.fits(0));
    // The destructor frees the rest (ASan would report a leak otherwise).
}

TEST(LocalSocketMessages, RandomTrafficMatchesADeque)
{
    std::mt19937 random(1234);
    MessageList list;
    std::deque<std::string> model;
    size_t model_bytes = 0;
    for (int step = 0; step < 20000; ++step) {
        if (random() % 3 != 0) {
            size_t size = random() % 7 == 0 ? random() % 5000 : random() % 40;
            std::string text(size, '\0');
            for (auto& c : text)
                c = static_cast<char>(random());
            Message* message = Message::make(text.data(), text.size());
            ASSERT_NE(message, nullptr);
            bool should_fit = model.size() < LOCAL_QUEUE_MESSAGES && model_bytes + size <= LOCAL_QUEUE_BYTES;
            ASSERT_EQ(list.fits(size), should_fit);
            auto pushed = list.push(*message);
            ASSERT_EQ(pushed.is_ok(), should_fit);
            if (should_fit) {
                model.push_back(text);
                model_bytes += size;
            } else {
                Message::destroy(message);
            }
        } else {
            Message* message = list.pop();
            if (model.empty()) {
                ASSERT_EQ(message, nullptr);
                continue;
            }
            ASSERT_NE(message, nullptr);
            ASSERT_EQ(text_of(*message), model.front());
            model_bytes -= model.front().size();
            model.pop_front();
            Message::destroy(message);
        }
        ASSERT_EQ(list.count(), model.size());
        ASSERT_EQ(list.bytes(), model_bytes);
    }
    list.clear();
    EXPECT_TRUE(list.is_empty());
    EXPECT_EQ(list.bytes(), 0u);
}

} // namespace
