// PathFlags: splitting and checking the flags written on a path (see PathFlags.hpp).
// Layer: fs, hardware-free; calls only kernel/lib.
#include "PathFlags.hpp"

#include <lib/Format.hpp>

namespace ts::fs {

namespace {

// One nameable thing: a permission or an open flag (exactly one of the two is set).
struct FlagName {
    const char* long_name;
    char letter;
    Perm perm;
    OpenFlag flag;
};

// Permissions first, then flags in bit order: format_flags() writes in this order.
constexpr FlagName FLAG_NAMES[] = {
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
constexpr size_t FLAG_COUNT = sizeof(FLAG_NAMES) / sizeof(FLAG_NAMES[0]);

// format_flags() of everything must fit FLAGS_TEXT_MAX, NUL included.
constexpr size_t all_names_length()
{
    size_t total = 1; // the NUL
    for (const FlagName& name : FLAG_NAMES)
        total += 1 + __builtin_strlen(name.long_name);
    return total;
}
static_assert(all_names_length() <= FLAGS_TEXT_MAX);

const FlagName* find_long(StringView segment)
{
    for (const FlagName& name : FLAG_NAMES) {
        if (segment == StringView(name.long_name))
            return &name;
    }
    return nullptr;
}

const FlagName* find_letter(char letter)
{
    for (const FlagName& name : FLAG_NAMES) {
        if (name.letter == letter)
            return &name;
    }
    return nullptr;
}

Error fail(PathProblem* problem, Error error, const char* reason, size_t offset, size_t length)
{
    if (problem) {
        problem->reason = reason;
        problem->offset = offset;
        problem->length = length;
    }
    return error;
}

// What the segments named, and where each flag was first named (for the offset of a
// contradiction, which points at the flag that needs another or conflicts).
struct Collected {
    OpenFlag flags { OpenFlag::None };
    Perm perms { Perm::None };
    size_t where[FLAG_COUNT] {};
    size_t where_length[FLAG_COUNT] {};

    void add(const FlagName& name, size_t offset, size_t length)
    {
        const size_t index = static_cast<size_t>(&name - FLAG_NAMES);
        const bool seen = name.perm != Perm::None ? has(perms, name.perm) : has(flags, name.flag);
        if (!seen) {
            where[index] = offset;
            where_length[index] = length;
        }
        flags |= name.flag;
        perms |= name.perm;
    }
};

size_t index_of(OpenFlag flag)
{
    for (size_t i = 0; i < FLAG_COUNT; ++i) {
        if (FLAG_NAMES[i].flag == flag)
            return i;
    }
    return 0;
}

} // namespace

Result<ParsedPath> parse_path(StringView text, PathProblem* problem)
{
    // A NUL would end the path early for anything that treats it as a C string, so it is
    // refused wherever it is, flags included.
    const size_t nul = text.find('\0');
    if (nul != StringView::npos)
        return fail(problem, Error::BadFormat, "NUL byte in path", nul, 1);

    const auto split = text.split_once(':');
    const StringView path = split.before;
    if (path.is_empty())
        return fail(problem, Error::BadFormat, "empty path", 0, 0);
    if (path.size() > MAX_PATH_LENGTH)
        return fail(problem, Error::TooBig, "path longer than MAX_PATH_LENGTH", 0, path.size());
    for (size_t start = 0; start < path.size();) {
        size_t end = path.find('/', start);
        if (end == StringView::npos)
            end = path.size();
        if (end - start > MAX_NAME_LENGTH)
            return fail(problem, Error::TooBig, "component longer than MAX_NAME_LENGTH", start, end - start);
        start = end + 1;
    }

    Collected collected;
    if (split.found) {
        // Offsets from here on are in `text`; the flags start after the ':'.
        size_t start = path.size() + 1;
        for (;;) {
            size_t end = text.find(':', start);
            if (end == StringView::npos)
                end = text.size();
            const StringView segment = text.substr(start, end - start);
            if (segment.is_empty())
                return fail(problem, Error::InvalidArgument, "empty flag", start, 0);

            if (const FlagName* name = find_long(segment)) {
                collected.add(*name, start, segment.size());
            } else {
                // Every letter must be known before any is applied; the whole segment is
                // quoted as the unknown flag, since the writer may have meant a long name.
                for (char letter : segment) {
                    if (!find_letter(letter))
                        return fail(problem, Error::InvalidArgument, "unknown flag", start, segment.size());
                }
                for (size_t i = 0; i < segment.size(); ++i)
                    collected.add(*find_letter(segment[i]), start + i, 1);
            }
            if (end == text.size())
                break;
            start = end + 1;
        }
    }

    const OpenFlag flags = collected.flags;
    const Perm perms = collected.perms;
    auto refuse = [&](OpenFlag culprit, const char* reason) {
        const size_t index = index_of(culprit);
        return fail(problem, Error::InvalidArgument, reason, collected.where[index], collected.where_length[index]);
    };
    const bool create = has(flags, OpenFlag::Create);
    if (has(flags, OpenFlag::Exclusive) && !create)
        return refuse(OpenFlag::Exclusive, "exclusive without create");
    if (has(flags, OpenFlag::Parents) && !create)
        return refuse(OpenFlag::Parents, "parents without create");
    if (has(flags, OpenFlag::Recursive) && create)
        return refuse(OpenFlag::Recursive, "recursive with create (recursive is for removal)");
    if (has(flags, OpenFlag::Directory)) {
        // A directory has no byte contents to cut or to add to.
        if (has(flags, OpenFlag::Truncate))
            return refuse(OpenFlag::Truncate, "truncate with directory");
        if (has(flags, OpenFlag::Append))
            return refuse(OpenFlag::Append, "append with directory");
    }
    if (perms != Perm::None && !has(perms, Perm::Write)) {
        // Both change the contents, which the named permissions do not allow.
        if (has(flags, OpenFlag::Truncate))
            return refuse(OpenFlag::Truncate, "truncate without write permission");
        if (has(flags, OpenFlag::Append))
            return refuse(OpenFlag::Append, "append without write permission");
    }

    ParsedPath parsed;
    parsed.path = path;
    parsed.flags = flags;
    parsed.perms = perms;
    parsed.perms_given = perms != Perm::None;
    return parsed;
}

size_t format_flags(OpenFlag flags, Perm perms, char* buf, size_t size)
{
    size_t length = 0;
    auto put = [&](char c) {
        if (length + 1 < size)
            buf[length] = c;
        ++length;
    };
    for (const FlagName& name : FLAG_NAMES) {
        const bool named = name.perm != Perm::None ? has(perms, name.perm) : has(flags, name.flag);
        if (!named)
            continue;
        put(':');
        for (const char* c = name.long_name; *c; ++c)
            put(*c);
    }
    if (size > 0)
        buf[length < size ? length : size - 1] = '\0';
    return length;
}

size_t describe_problem(StringView text, const PathProblem& problem, char* buf, size_t size)
{
    // Quote at most 48 bytes: enough to recognise a flag, short enough for one log line.
    constexpr size_t QUOTE_MAX = 48;
    char quoted[QUOTE_MAX + 4];
    const StringView part = text.substr(problem.offset, problem.length);
    size_t n = 0;
    for (; n < part.size() && n < QUOTE_MAX; ++n) {
        const char c = part[n];
        quoted[n] = (c >= 0x20 && c < 0x7f) ? c : '?';
    }
    if (part.size() > QUOTE_MAX) {
        quoted[n++] = '.';
        quoted[n++] = '.';
        quoted[n++] = '.';
    }
    quoted[n] = '\0';
    const char* reason = problem.reason ? problem.reason : "invalid path";
    if (problem.length == 0)
        return format(buf, size, "%s at byte %zu", reason, problem.offset);
    return format(buf, size, "%s \"%s\" at byte %zu", reason, quoted, problem.offset);
}

} // namespace ts::fs
