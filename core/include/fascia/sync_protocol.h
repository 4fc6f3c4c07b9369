#pragma once
/// The sync protocol's frames (docs/PROTOCOL.md). Free of any network code so
/// it is unit-tested and fuzzed on its own.
///
/// A frame is an 8-byte header — 'F' 'S', protocol version, message kind,
/// payload length (32-bit big-endian) — then that many bytes of UTF-8 JSON.
#include <fascia/export.h>

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fascia::sync {

inline constexpr std::uint8_t protocol_version = 1;
inline constexpr std::size_t frame_header_size = 8;
/// A frame's payload may not be larger than this (a pull answer is cut to fit).
inline constexpr std::uint32_t max_payload_size = 8u * 1024 * 1024;

/// Turns a message into one frame.
FASCIA_CORE_EXPORT std::string encode_frame(const boost::json::object& message);

/// Reads frames from a byte stream fed in pieces of any size.
class FASCIA_CORE_EXPORT FrameDecoder {
public:
    enum class Status { need_more, message, error };
    /// Adds bytes received.
    void feed(std::string_view bytes);
    /// The next complete message, or need_more, or error (then error() says why;
    /// the connection must be closed: the stream cannot be trusted after it).
    Status next(boost::json::object& message);
    const std::string& error() const { return error_; }
    /// The error's code for the protocol's error reply: "version", "too_large" or "protocol".
    const char* error_code() const { return error_code_; }
    /// Bytes waiting (a partial frame).
    std::size_t buffered() const { return buffer_.size() - offset_; }

private:
    std::string buffer_;
    std::size_t offset_ = 0;
    std::string error_;
    const char* error_code_ = "protocol";
};

/// An enrollment code's two halves (docs/PROTOCOL.md, "Enrollment and pinning"):
/// "K7M2P-QX9RT-ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ" is a 10-character secret (two groups
/// of five) and the clinic CA's fingerprint pin: the first 128 bits of its SHA-256 in
/// RFC 4648 base32, 26 characters in groups of four.
struct EnrollCode {
    std::string secret; ///< "K7M2P-QX9RT", upper case
    std::string pin;    ///< "ABCDEFGHIJKLMNOPQRSTUVWXYZ": 26 base32 characters, no dashes
};
/// How many characters of base32 the pin has (128 bits and two zero bits).
inline constexpr std::size_t enroll_pin_length = 26;
/// The pin for a CA fingerprint (SHA-256, 64 hex digits), grouped in fours with dashes.
FASCIA_CORE_EXPORT std::string enroll_pin(std::string_view fingerprint_hex);
/// Splits a code as typed (any case; spaces ignored; 0, 1 and 8 read as O, I and B,
/// which base32 lacks); nullopt when it is not a code.
FASCIA_CORE_EXPORT std::optional<EnrollCode> parse_enroll_code(std::string_view code);

/// Base64 for changesets inside JSON.
FASCIA_CORE_EXPORT std::string to_base64(std::string_view bytes);
FASCIA_CORE_EXPORT std::optional<std::string> from_base64(std::string_view text);

} // namespace fascia::sync
