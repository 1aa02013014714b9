// Path: component iteration, name checks and splitting (see Path.hpp). Layer: fs,
// hardware-free; calls only kernel/lib.
#include "Path.hpp"

namespace ts::fs {

size_t PathComponents::skip_slashes(size_t from) const
{
    while (from < m_path.size() && m_path[from] == '/')
        ++from;
    return from;
}

bool PathComponents::has_trailing_slash() const
{
    return m_path.ends_with('/') && skip_slashes(0) < m_path.size();
}

bool PathComponents::next(StringView& component)
{
    const size_t start = skip_slashes(m_position);
    if (start >= m_path.size()) {
        m_position = m_path.size();
        return false;
    }
    size_t end = m_path.find('/', start);
    if (end == StringView::npos)
        end = m_path.size();
    component = m_path.substr(start, end - start);
    m_position = end;
    return true;
}

bool PathComponents::is_last() const
{
    return skip_slashes(m_position) >= m_path.size();
}

Result<void> validate_name(StringView name)
{
    if (name.is_empty())
        return Error::InvalidArgument;
    if (name.size() > MAX_NAME_LENGTH)
        return Error::TooBig;
    if (name == StringView(".") || name == StringView(".."))
        return Error::InvalidArgument;
    // ':' would start the flags when the name is written in a path.
    for (char c : name) {
        if (c == '/' || c == ':' || c == '\0')
            return Error::InvalidArgument;
    }
    return {};
}

SplitPath split_last(StringView path)
{
    size_t end = path.size();
    while (end > 0 && path[end - 1] == '/')
        --end;
    if (end == 0) {
        // Empty, or only slashes: the root (or nothing) with no name.
        return { path.substr(0, path.is_empty() ? 0 : 1), path.substr(end, 0) };
    }
    const StringView trimmed = path.substr(0, end);
    const size_t slash = trimmed.find_last('/');
    if (slash == StringView::npos)
        return { path.substr(0, 0), trimmed };
    const StringView name = trimmed.substr(slash + 1);
    size_t parent_end = slash;
    while (parent_end > 0 && path[parent_end - 1] == '/')
        --parent_end;
    // Slashes all the way to the start: the parent is the root.
    if (parent_end == 0)
        return { path.substr(0, 1), name };
    return { path.substr(0, parent_end), name };
}

} // namespace ts::fs
