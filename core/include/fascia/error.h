#pragma once
/// Errors as values: every fallible core call returns fascia::Result<T>.
#include <fascia/export.h>

#include <boost/system/result.hpp>

#include <string>

namespace fascia {

/// What went wrong, which decides the exit code a front end shows.
enum class ErrorKind {
    invalid_input, ///< the caller gave something malformed (exit 2)
    refused,       ///< a clinic rule said no (exit 1)
    not_found,     ///< the named record does not exist (exit 1)
    forbidden,     ///< the acting user's role may not do this (exit 1)
    conflict,      ///< clashes with existing data, e.g. a duplicate (exit 1)
    io,            ///< the disk or database failed or is unusable (exit 3)
    internal,      ///< a bug or an unexpected failure (exit 3)
};

/// A message a person can act on, plus the input field it concerns (if any)
/// and a stable machine reason code for scripts ("urgent_referral",
/// "therapist_busy"); the code is empty where the kind says enough.
struct Error {
    ErrorKind kind = ErrorKind::internal;
    std::string message;
    std::string field;
    std::string reason = {};
};

/// The process exit code for a kind: 0 ok, 1 refused, 2 bad input, 3 I/O or internal.
FASCIA_CORE_EXPORT int exit_code(ErrorKind kind);
/// A stable lower-case name for a kind, used in JSON output ("invalid_input").
FASCIA_CORE_EXPORT const char* to_string(ErrorKind kind);

inline Error invalid(std::string message, std::string field = {})
{
    return {ErrorKind::invalid_input, std::move(message), std::move(field)};
}
inline Error refused(std::string message, std::string reason = {})
{
    return {ErrorKind::refused, std::move(message), {}, std::move(reason)};
}
inline Error not_found(std::string message) { return {ErrorKind::not_found, std::move(message), {}}; }
inline Error forbidden(std::string message) { return {ErrorKind::forbidden, std::move(message), {}}; }
inline Error conflict(std::string message, std::string reason = {})
{
    return {ErrorKind::conflict, std::move(message), {}, std::move(reason)};
}
inline Error io_error(std::string message) { return {ErrorKind::io, std::move(message), {}}; }
inline Error internal_error(std::string message) { return {ErrorKind::internal, std::move(message), {}}; }

/// Thrown by Result::value() on an error; also how SQL failures leave the
/// storage layer. The command bus and front ends turn it back into an Error.
class FASCIA_CORE_EXPORT Failure : public std::exception {
public:
    explicit Failure(Error error) : error_(std::move(error)) {}
    const char* what() const noexcept override { return error_.message.c_str(); }
    const Error& error() const noexcept { return error_; }

private:
    Error error_;
};

[[noreturn]] FASCIA_CORE_EXPORT void throw_exception_from_error(const Error& e,
                                                                const boost::source_location& loc);

template <class T = void>
using Result = boost::system::result<T, Error>;

} // namespace fascia
