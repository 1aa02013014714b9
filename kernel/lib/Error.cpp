// Error names, generated from the one list in Error.hpp.
#include "Error.hpp"

namespace ts {

const char* error_name(Error error)
{
    switch (error) {
#define TS_ERROR_CASE(name, text) \
    case Error::name:             \
        return text;
        TS_ENUMERATE_ERRORS(TS_ERROR_CASE)
#undef TS_ERROR_CASE
    }
    return "unknown error";
}

} // namespace ts
