// fuzz_path_flags: libFuzzer target for kernel/fs/PathFlags and kernel/fs/Path. Part of
// tests/fuzz (host-only).
//
// The input is a path as a program passes it to open(), flags included. parse_path()
// must agree with a plain reference implementation of the grammar PathFlags.hpp
// documents (std::string, written for clarity, not speed) on the verdict, the error and
// the flags; an accepted path must keep the promises the walker relies on (no ':', no
// NUL, within the limits), and its flags must survive format_flags() and a second parse.
// The path part also goes through PathComponents, split_last() and validate_name(),
// each checked against what it documents.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "FuzzCheck.hpp"
#include "fs/Path.hpp"
#include "fs/PathFlags.hpp"

using namespace ts::fs;
using ts::Error;
using ts::StringView;

namespace {

struct Name {
    const char* text;
    char letter;
    Perm perm;
    OpenFlag flag;
};

const Name NAMES[] = {
    { "read", 'r', Perm::Read, OpenFlag::None },
    { "write", 'w', Perm::Write, OpenFlag::None },
    { "execute", 'x', Perm::Execute, OpenFlag::None },
    { "nonblock", 'n', Perm::None, OpenFlag::Nonblock },
    { "append", 'a', Perm::None, OpenFlag::Append },
    { "create", 'c', Perm::None, OpenFlag::Create },
    { "exclusive", 'e', Perm::None, OpenFlag::Exclusive },
    { "truncate", 't', Perm::None, OpenFlag::Truncate },
    { "directory", 'd', Perm::None, OpenFlag::Directory },
    { "parents", 'p', Perm::None, OpenFlag::Parents },
    { "recursive", 'R', Perm::None, OpenFlag::Recursive },
    { "nofollow", 'l', Perm::None, OpenFlag::Nofollow },
};

struct Expected {
    bool ok { false };
    Error error { Error::InvalidArgument };
    OpenFlag flags { OpenFlag::None };
    Perm perms { Perm::None };
};

std::vector<std::string> split(const std::string& text, char separator)
{
    std::vector<std::string> parts;
    size_t start = 0;
    for (;;) {
        size_t end = text.find(separator, start);
        parts.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos)
            return parts;
        start = end + 1;
    }
}

// The documented grammar and the documented order of the checks.
Expected reference(const std::string& text)
{
    Expected out;
    if (text.find('\0') != std::string::npos)
        return { false, Error::BadFormat };
    const size_t colon = text.find(':');
    const std::string path = text.substr(0, colon);
    if (path.empty())
        return { false, Error::BadFormat };
    if (path.size() > MAX_PATH_LENGTH)
        return { false, Error::TooBig };
    for (const std::string& component : split(path, '/')) {
        if (component.size() > MAX_NAME_LENGTH)
            return { false, Error::TooBig };
    }
    if (colon != std::string::npos) {
        for (const std::string& segment : split(text.substr(colon + 1), ':')) {
            if (segment.empty())
                return { false, Error::InvalidArgument };
            const Name* long_name = nullptr;
            for (const Name& name : NAMES) {
                if (segment == name.text)
                    long_name = &name;
            }
            if (long_name) {
                out.flags |= long_name->flag;
                out.perms |= long_name->perm;
                continue;
            }
            for (char letter : segment) {
                const Name* found = nullptr;
                for (const Name& name : NAMES) {
                    if (name.letter == letter)
                        found = &name;
                }
                if (!found)
                    return { false, Error::InvalidArgument };
                out.flags |= found->flag;
                out.perms |= found->perm;
            }
        }
    }
    auto on = [&](OpenFlag flag) { return (out.flags & flag) != OpenFlag::None; };
    const bool writes = (out.perms & Perm::Write) != Perm::None;
    if ((on(OpenFlag::Exclusive) && !on(OpenFlag::Create)) || (on(OpenFlag::Parents) && !on(OpenFlag::Create))
        || (on(OpenFlag::Recursive) && on(OpenFlag::Create))
        || (on(OpenFlag::Directory) && (on(OpenFlag::Truncate) || on(OpenFlag::Append)))
        || (out.perms != Perm::None && !writes && (on(OpenFlag::Truncate) || on(OpenFlag::Append))))
        return { false, Error::InvalidArgument };
    out.ok = true;
    return out;
}

void check_components(StringView path)
{
    // Components: non-empty, no '/', pointing into the path in order; joined with single
    // slashes they give the path with its slashes collapsed.
    PathComponents components(path);
    std::string joined;
    StringView component;
    const char* previous_end = path.data();
    size_t count = 0;
    while (components.next(component)) {
        FUZZ_CHECK(!component.is_empty());
        FUZZ_CHECK(!component.contains('/'));
        FUZZ_CHECK(component.data() >= previous_end);
        FUZZ_CHECK(component.data() + component.size() <= path.data() + path.size());
        previous_end = component.data() + component.size();
        const bool last = components.is_last();
        // is_last() is true exactly when only slashes follow.
        bool only_slashes = true;
        for (const char* c = previous_end; c < path.data() + path.size(); ++c)
            only_slashes &= *c == '/';
        FUZZ_CHECK(last == only_slashes);
        joined += (count++ ? "/" : "") + std::string(component.data(), component.size());

        // validate_name() against its documented rule.
        const std::string name(component.data(), component.size());
        const bool valid = name != "." && name != ".." && name.find(':') == std::string::npos
            && name.find('\0') == std::string::npos && name.size() <= MAX_NAME_LENGTH;
        auto verdict = validate_name(component);
        FUZZ_CHECK(verdict.is_ok() == valid);
        if (!valid)
            FUZZ_CHECK(verdict.error() == (name.size() > MAX_NAME_LENGTH ? Error::TooBig : Error::InvalidArgument));
    }
    std::string collapsed;
    for (size_t i = 0; i < path.size(); ++i) {
        if (path[i] == '/' && (collapsed.empty() || collapsed.back() == '/'))
            continue;
        collapsed += path[i];
    }
    while (!collapsed.empty() && collapsed.back() == '/')
        collapsed.pop_back();
    FUZZ_CHECK(joined == collapsed);
    FUZZ_CHECK(components.is_absolute() == (path.size() > 0 && path[0] == '/'));
    FUZZ_CHECK(components.has_trailing_slash() == (count > 0 && path.size() > 0 && path[path.size() - 1] == '/'));

    // split_last: views into the path; the name is the last component; the parent, with
    // the name after it, covers the path up to the name.
    SplitPath split = split_last(path);
    FUZZ_CHECK(split.parent.size() == 0 || split.parent.data() == path.data());
    FUZZ_CHECK(split.parent.size() <= path.size());
    if (count == 0) {
        FUZZ_CHECK(split.name.is_empty());
        return;
    }
    FUZZ_CHECK(std::string(split.name.data(), split.name.size()) == collapsed.substr(collapsed.rfind('/') + 1));
    FUZZ_CHECK(split.name.data() >= path.data() && split.name.data() + split.name.size() <= path.data() + path.size());
    const std::string parent(split.parent.data(), split.parent.size());
    if (count == 1) {
        FUZZ_CHECK(parent == (path[0] == '/' ? "/" : ""));
    } else {
        FUZZ_CHECK(!parent.empty() && (parent == "/" || parent.back() != '/'));
        FUZZ_CHECK(split.parent.data() + split.parent.size() <= split.name.data());
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const char* chars = reinterpret_cast<const char*>(data);
    const StringView text(chars, size);
    const Expected want = reference(std::string(chars, size));

    PathProblem problem;
    auto got = parse_path(text, &problem);
    FUZZ_CHECK(got.is_ok() == want.ok);
    if (got.is_error()) {
        FUZZ_CHECK(got.error() == want.error);
        FUZZ_CHECK(problem.reason != nullptr);
        FUZZ_CHECK(problem.offset <= size && problem.length <= size - problem.offset);
        char message[128];
        const size_t length = describe_problem(text, problem, message, sizeof(message));
        FUZZ_CHECK(std::strlen(message) == (length < sizeof(message) ? length : sizeof(message) - 1));
        for (const char* c = message; *c; ++c)
            FUZZ_CHECK(*c >= 0x20 && *c < 0x7f);
        return 0;
    }

    const ParsedPath& parsed = got.value();
    FUZZ_CHECK(parsed.flags == want.flags && parsed.perms == want.perms);
    FUZZ_CHECK(parsed.perms_given == (parsed.perms != Perm::None));
    FUZZ_CHECK(parsed.path.data() == chars && !parsed.path.is_empty());
    FUZZ_CHECK(parsed.path.size() <= MAX_PATH_LENGTH);
    FUZZ_CHECK(!parsed.path.contains(':') && !parsed.path.contains('\0'));
    FUZZ_CHECK(parsed.path.size() == size || chars[parsed.path.size()] == ':');
    FUZZ_CHECK((static_cast<uint16_t>(parsed.flags) & ~OPEN_FLAG_MASK) == 0);
    FUZZ_CHECK(is_subset(parsed.perms, Perm::All));

    // The canonical text parses back to the same flags.
    char canonical[FLAGS_TEXT_MAX];
    const size_t length = format_flags(parsed.flags, parsed.perms, canonical, sizeof(canonical));
    FUZZ_CHECK(length < sizeof(canonical) && std::strlen(canonical) == length);
    const std::string again = "p" + std::string(canonical, length);
    auto reparsed = parse_path(StringView(again.data(), again.size()));
    FUZZ_CHECK(reparsed.is_ok());
    FUZZ_CHECK(reparsed.value().flags == parsed.flags && reparsed.value().perms == parsed.perms);
    FUZZ_CHECK(reparsed.value().perms_given == parsed.perms_given);

    check_components(parsed.path);
    return 0;
}
