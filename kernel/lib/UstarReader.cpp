// UstarReader: the entry iterator over an in-memory ustar archive (see UstarReader.hpp).
// Part of kernel/lib (freestanding, no allocation); calls Ustar.cpp for the octal fields
// and the checksum.
#include "UstarReader.hpp"

#include "CString.hpp"
#include "Math.hpp"
#include "StringView.hpp"

namespace ts::ustar {

namespace {

bool is_zero(const uint8_t* bytes, size_t length)
{
    for (size_t i = 0; i < length; ++i) {
        if (bytes[i] != 0)
            return false;
    }
    return true;
}

// A text field: up to its first NUL, or all of it when it is full (POSIX lets name,
// prefix and linkname use every byte without a terminator).
StringView field_text(const char* field, size_t length)
{
    size_t n = 0;
    while (n < length && field[n] != '\0')
        ++n;
    return StringView(field, n);
}

enum class Normalised { Ok, DotDot };

// Writes the components of `raw` to `out` as "a/b/c", dropping empty and "." components,
// and NUL-terminates; refuses "..". Every separator written follows a component that had
// a '/' after it in `raw`, so the output is never longer than `raw`: `out` needs
// raw.size() + 1 bytes.
Normalised normalise(StringView raw, char* out, size_t* length)
{
    size_t used = 0;
    size_t start = 0;
    while (start < raw.size()) {
        size_t end = raw.find('/', start);
        if (end == StringView::npos)
            end = raw.size();
        const StringView component = raw.substr(start, end - start);
        start = end + 1;
        if (component.is_empty() || component == StringView("."))
            continue;
        if (component == StringView(".."))
            return Normalised::DotDot;
        if (used > 0)
            out[used++] = '/';
        memcpy(out + used, component.data(), component.size());
        used += component.size();
    }
    out[used] = '\0';
    *length = used;
    return Normalised::Ok;
}

EntryType type_of(char typeflag)
{
    switch (typeflag) {
    case '0':
    case '\0':
        return EntryType::File;
    case '1':
        return EntryType::HardLink;
    case '2':
        return EntryType::Symlink;
    case '5':
        return EntryType::Directory;
    default:
        // 'x'/'g' (pax), 'L'/'K' (GNU long names), '3'/'4'/'6' (devices, FIFOs) and
        // anything unknown. '7' (contiguous) is rare enough not to need a case.
        return EntryType::Other;
    }
}

} // namespace

Error Reader::fail(const char* reason, uint64_t offset, Problem* problem)
{
    m_failed = true;
    m_problem.reason = reason;
    m_problem.offset = offset;
    if (problem)
        *problem = m_problem;
    return Error::Corrupt;
}

Result<bool> Reader::next(Entry& entry, Problem* problem)
{
    if (m_failed) {
        if (problem)
            *problem = m_problem;
        return Error::Corrupt;
    }
    if (m_done)
        return false;

    const uint64_t offset = m_offset;
    const uint64_t remaining = m_size - offset;
    if (remaining == 0) {
        m_done = true; // the archive simply ends after its last entry
        return false;
    }
    if (remaining < BLOCK_SIZE)
        return fail("truncated header (fewer than 512 bytes left)", offset, problem);

    const uint8_t* block = m_data + offset;
    if (is_zero(block, BLOCK_SIZE)) {
        // The end marker. A zero block with more headers after it would hide them from
        // readers that stop at the first zero block, so that is corruption, as in
        // validate().
        const uint64_t after = remaining - BLOCK_SIZE;
        if (!is_zero(block + BLOCK_SIZE, static_cast<size_t>(min<uint64_t>(after, BLOCK_SIZE))))
            return fail("zero block followed by more data", offset, problem);
        m_done = true;
        return false;
    }

    // A copy: the archive need not be aligned, and the checks and the use below then see
    // the same bytes even if someone else can write the buffer.
    Header header;
    memcpy(&header, block, sizeof(header));

    // Ref: POSIX.1-2017 XCU pax, "ustar Interchange Format" (magic "ustar\0" + "00"); old
    // GNU tar writes "ustar " + " \0" and uses the prefix area for other fields.
    if (memcmp(header.magic, "ustar", 5) != 0 || (header.magic[5] != '\0' && header.magic[5] != ' '))
        return fail("bad magic (expected \"ustar\")", offset, problem);
    const bool posix = header.magic[5] == '\0';

    auto checksum = parse_octal(header.checksum, sizeof(header.checksum));
    if (checksum.is_error())
        return fail("checksum field is not an octal number", offset, problem);
    if (checksum.value() != compute_checksum(header))
        return fail("header checksum mismatch", offset, problem);

    auto size = parse_octal(header.size, sizeof(header.size));
    if (size.is_error()) {
        return fail(size.error() == Error::Overflow ? "size field overflows 64 bits" : "size field is not an octal number",
            offset, problem);
    }

    const StringView name = field_text(header.name, sizeof(header.name));
    if (name.is_empty())
        return fail("entry has an empty name", offset, problem);

    // Every type is walked by its size field, so pax and GNU extension payloads are
    // skipped like file data.
    const uint64_t data_start = offset + BLOCK_SIZE;
    if (size.value() > m_size - data_start)
        return fail("entry data extends past the end of the archive", offset, problem);

    // The checks above are validate()'s, in its order, so both name the same problem;
    // the ones below are the reader's own.
    auto mode = parse_octal(header.mode, sizeof(header.mode));
    if (mode.is_error())
        return fail("mode field is not an octal number", offset, problem);

    const EntryType type = type_of(header.typeflag);

    // prefix + '/' + name, at most 155 + 1 + 100 bytes, then normalised into
    // the entry (the normalised path is never longer than this raw one).
    char raw[PATH_LIMIT];
    size_t raw_length = 0;
    const StringView prefix = posix ? field_text(header.prefix, sizeof(header.prefix)) : StringView();
    if (!prefix.is_empty()) {
        memcpy(raw, prefix.data(), prefix.size());
        raw_length = prefix.size();
        raw[raw_length++] = '/';
    }
    memcpy(raw + raw_length, name.data(), name.size());
    raw_length += name.size();
    static_assert(sizeof(Header::prefix) + 1 + sizeof(Header::name) == PATH_LIMIT);
    static_assert(sizeof(Entry::path) > PATH_LIMIT && sizeof(Entry::link_target) > sizeof(Header::linkname));

    size_t path_length = 0;
    if (normalise(StringView(raw, raw_length), entry.path, &path_length) != Normalised::Ok)
        return fail("path has a \"..\" component", offset, problem);
    if (path_length == 0 && type != EntryType::Directory)
        return fail("entry path is empty", offset, problem);

    entry.link_target[0] = '\0';
    const StringView link = field_text(header.linkname, sizeof(header.linkname));
    if (type == EntryType::Symlink) {
        if (link.is_empty())
            return fail("symbolic link has an empty target", offset, problem);
        memcpy(entry.link_target, link.data(), link.size());
        entry.link_target[link.size()] = '\0';
    } else if (type == EntryType::HardLink) {
        // A hard link names another member of the archive, so its target obeys the
        // same rules as a path.
        size_t target_length = 0;
        if (normalise(link, entry.link_target, &target_length) != Normalised::Ok)
            return fail("hard link target has a \"..\" component", offset, problem);
        if (target_length == 0)
            return fail("hard link has an empty target", offset, problem);
    }

    entry.type = type;
    entry.mode = static_cast<uint32_t>(mode.value() & 07777);
    const bool has_data = type == EntryType::File || type == EntryType::Other;
    entry.size = has_data ? size.value() : 0;
    entry.data = block + BLOCK_SIZE;
    entry.offset = offset;

    // size <= m_size - data_start, so rounding up cannot overflow 64 bits.
    const uint64_t next = data_start + align_up(size.value(), BLOCK_SIZE);
    if (next >= m_size) {
        // The last entry's padding may be cut off; its data is complete.
        m_offset = m_size;
        m_done = true;
    } else {
        m_offset = next;
    }
    return true;
}

} // namespace ts::ustar
