#include <fascia/error.h>

namespace fascia {

int exit_code(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::invalid_input: return 2;
    case ErrorKind::refused:
    case ErrorKind::not_found:
    case ErrorKind::forbidden:
    case ErrorKind::conflict: return 1;
    case ErrorKind::io:
    case ErrorKind::internal: return 3;
    }
    return 3;
}

const char* to_string(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::invalid_input: return "invalid_input";
    case ErrorKind::refused: return "refused";
    case ErrorKind::not_found: return "not_found";
    case ErrorKind::forbidden: return "forbidden";
    case ErrorKind::conflict: return "conflict";
    case ErrorKind::io: return "io";
    case ErrorKind::internal: return "internal";
    }
    return "internal";
}

void throw_exception_from_error(const Error& e, const boost::source_location&)
{
    throw Failure(e);
}

} // namespace fascia
