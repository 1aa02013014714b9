// BootConfig: parsing boot.cfg (hardware-free). Part of bootloader/.
#include "BootConfig.hpp"

#include <cstdarg>

#include <lib/CString.hpp>
#include <lib/Format.hpp>

namespace ts::loader {

namespace {

// A piece of the configuration text; not NUL terminated.
struct Span {
    const char* data;
    size_t length;

    bool equals(const char* word) const
    {
        size_t n = strlen(word);
        return n == length && memcmp(data, word, n) == 0;
    }
};

// Length to show of a span in a message: long values are cut so a warning stays a line.
int shown(Span s)
{
    return static_cast<int>(s.length > 60 ? 60 : s.length);
}

bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

Span trim(Span s)
{
    while (s.length > 0 && is_blank(s.data[0])) {
        ++s.data;
        --s.length;
    }
    while (s.length > 0 && (is_blank(s.data[s.length - 1]) || s.data[s.length - 1] == '\r'))
        --s.length;
    return s;
}

bool has_control_characters(Span s)
{
    for (size_t i = 0; i < s.length; ++i) {
        unsigned char c = static_cast<unsigned char>(s.data[i]);
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return true;
    }
    return false;
}

// Parses a decimal number in [1, 65535]; the whole span must be digits.
bool parse_dimension(Span s, uint32_t* out)
{
    if (s.length == 0 || s.length > 5)
        return false;
    uint32_t value = 0;
    for (size_t i = 0; i < s.length; ++i) {
        if (s.data[i] < '0' || s.data[i] > '9')
            return false;
        value = value * 10 + static_cast<uint32_t>(s.data[i] - '0');
    }
    if (value == 0 || value > 65535)
        return false;
    *out = value;
    return true;
}

class Parser {
public:
    Parser(BootConfig& config, ConfigWarningFn warn, void* context)
        : m_config(config)
        , m_warn(warn)
        , m_context(context)
    {
    }

    void line(unsigned number, Span text)
    {
        m_line = number;
        text = trim(text);
        if (text.length == 0 || text.data[0] == '#')
            return;

        size_t eq = 0;
        while (eq < text.length && text.data[eq] != '=')
            ++eq;
        if (eq == text.length) {
            warning("expected 'key = value' (ignored)");
            return;
        }
        Span key = trim({ text.data, eq });
        Span value = trim({ text.data + eq + 1, text.length - eq - 1 });
        if (key.length == 0) {
            warning("missing key before '=' (ignored)");
            return;
        }
        // Warnings quote the key on the screen and serial line, so one holding escape
        // sequences or NULs is refused without being echoed.
        if (has_control_characters(key)) {
            warning("key contains control characters (ignored)");
            return;
        }
        if (has_control_characters(value)) {
            warning("value of '%.*s' contains control characters (ignored)", shown(key), key.data);
            return;
        }

        if (key.equals("cmdline"))
            set_cmdline(value);
        else if (key.equals("kernel"))
            set_path(key, value, m_config.kernel_path);
        else if (key.equals("initrd"))
            set_path(key, value, m_config.initrd_path);
        else if (key.equals("resolution"))
            set_resolution(value);
        else if (key.equals("debug_exit"))
            set_debug_exit(value);
        else
            warning("unknown key '%.*s' (ignored)", shown(key), key.data);
    }

private:
    void set_cmdline(Span value)
    {
        if (value.length >= CMDLINE_CAPACITY) {
            warning("cmdline is longer than %zu bytes (ignored)", CMDLINE_CAPACITY - 1);
            return;
        }
        memcpy(m_config.cmdline, value.data, value.length);
        m_config.cmdline[value.length] = '\0';
        m_config.cmdline_length = value.length;
    }

    void set_path(Span key, Span value, char* target)
    {
        if (value.length == 0) {
            warning("'%.*s' needs a file path (ignored)", shown(key), key.data);
            return;
        }
        if (value.length >= PATH_CAPACITY) {
            warning("'%.*s' path is longer than %zu bytes (ignored)", shown(key), key.data, PATH_CAPACITY - 1);
            return;
        }
        for (size_t i = 0; i < value.length; ++i) {
            if (static_cast<unsigned char>(value.data[i]) >= 0x80) {
                warning("'%.*s' path must be ASCII (ignored)", shown(key), key.data);
                return;
            }
        }
        memcpy(target, value.data, value.length);
        target[value.length] = '\0';
    }

    void set_resolution(Span value)
    {
        size_t x = 0;
        while (x < value.length && value.data[x] != 'x' && value.data[x] != 'X')
            ++x;
        uint32_t width = 0;
        uint32_t height = 0;
        if (x == value.length || !parse_dimension(trim({ value.data, x }), &width)
            || !parse_dimension(trim({ value.data + x + 1, value.length - x - 1 }), &height)) {
            warning("resolution '%.*s' is not WIDTHxHEIGHT, e.g. 1280x720 (ignored)", shown(value), value.data);
            return;
        }
        m_config.has_resolution = true;
        m_config.width = width;
        m_config.height = height;
    }

    void set_debug_exit(Span value)
    {
        if (value.equals("yes"))
            m_config.debug_exit = true;
        else if (value.equals("no"))
            m_config.debug_exit = false;
        else
            warning("debug_exit must be 'yes' or 'no', not '%.*s' (ignored)", shown(value), value.data);
    }

    // Formats and reports one warning, prefixed with the line number.
    void warning(const char* fmt, ...) __attribute__((format(printf, 2, 3)))
    {
        char detail[200];
        va_list args;
        va_start(args, fmt);
        vformat(detail, sizeof(detail), fmt, args);
        va_end(args);
        char message[240];
        format(message, sizeof(message), "line %u: %s", m_line, detail);
        m_warn(m_context, message);
    }

    BootConfig& m_config;
    ConfigWarningFn m_warn;
    void* m_context;
    unsigned m_line { 0 };
};

} // namespace

void set_config_defaults(BootConfig& config)
{
    memset(&config, 0, sizeof(config));
    memcpy(config.kernel_path, DEFAULT_KERNEL_PATH, strlen(DEFAULT_KERNEL_PATH) + 1);
    memcpy(config.initrd_path, DEFAULT_INITRD_PATH, strlen(DEFAULT_INITRD_PATH) + 1);
}

void parse_boot_config(const char* text, size_t length, BootConfig& config, ConfigWarningFn warn, void* context)
{
    // Editors on some systems start UTF-8 files with a byte order mark.
    if (length >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
        text += 3;
        length -= 3;
    }

    Parser parser(config, warn, context);
    size_t position = 0;
    unsigned number = 0;
    while (position < length) {
        size_t end = position;
        while (end < length && text[end] != '\n')
            ++end;
        parser.line(++number, { text + position, end - position });
        position = end + 1;
    }
}

} // namespace ts::loader
