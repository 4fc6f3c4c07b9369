#include <fascia/sync_protocol.h>

#include <boost/json.hpp>

#include <openssl/evp.h>

#include <cctype>

namespace fascia::sync {

std::string encode_frame(const boost::json::object& message)
{
    const std::string payload = boost::json::serialize(message);
    const auto size = static_cast<std::uint32_t>(payload.size());
    std::string frame;
    frame.reserve(frame_header_size + payload.size());
    frame += 'F';
    frame += 'S';
    frame += static_cast<char>(protocol_version);
    frame += static_cast<char>(0); // kind: 0 = JSON message (the only kind in version 1)
    for (int shift = 24; shift >= 0; shift -= 8)
        frame += static_cast<char>((size >> shift) & 0xFF);
    frame += payload;
    return frame;
}

void FrameDecoder::feed(std::string_view bytes)
{
    if (offset_ > 0 && offset_ == buffer_.size()) {
        buffer_.clear();
        offset_ = 0;
    }
    buffer_.append(bytes);
}

FrameDecoder::Status FrameDecoder::next(boost::json::object& message)
{
    if (!error_.empty())
        return Status::error;
    const auto fail = [&](std::string why, const char* code = "protocol") {
        error_ = std::move(why);
        error_code_ = code;
        return Status::error;
    };
    const std::size_t available = buffer_.size() - offset_;
    const auto* h = reinterpret_cast<const unsigned char*>(buffer_.data() + offset_);
    // Judge what has arrived of the header as soon as it arrives.
    if (available >= 2 && (h[0] != 'F' || h[1] != 'S'))
        return fail("not a Fascia sync frame (bad magic bytes)");
    if (available >= 3 && h[2] != protocol_version)
        return fail("protocol version " + std::to_string(h[2]) + " is not supported (this side speaks "
                    + std::to_string(protocol_version) + ")",
                    "version");
    if (available >= 4 && h[3] != 0)
        return fail("unknown frame kind " + std::to_string(h[3]));
    if (available < frame_header_size)
        return Status::need_more;
    const std::uint32_t size = (std::uint32_t(h[4]) << 24) | (std::uint32_t(h[5]) << 16)
                               | (std::uint32_t(h[6]) << 8) | std::uint32_t(h[7]);
    if (size > max_payload_size)
        return fail("frame of " + std::to_string(size) + " bytes is over the limit of "
                    + std::to_string(max_payload_size),
                    "too_large");
    if (available < frame_header_size + size)
        return Status::need_more;
    const std::string_view payload(buffer_.data() + offset_ + frame_header_size, size);
    offset_ += frame_header_size + size;
    boost::system::error_code ec;
    auto value = boost::json::parse(payload, ec);
    if (ec)
        return fail("the frame's payload is not JSON: " + ec.message());
    if (!value.is_object())
        return fail("the frame's payload is not a JSON object");
    message = std::move(value.as_object());
    if (offset_ == buffer_.size()) {
        buffer_.clear();
        offset_ = 0;
    }
    return Status::message;
}

std::string enroll_pin(std::string_view fingerprint_hex)
{
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    // The first 16 bytes (32 hex digits) of the fingerprint, as bits, five at a time.
    std::string plain;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (std::size_t i = 0; i < 32 && i < fingerprint_hex.size(); ++i) {
        const char c = fingerprint_hex[i];
        const int nibble = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 0;
        buffer = (buffer << 4) | static_cast<std::uint32_t>(nibble);
        bits += 4;
        while (bits >= 5) {
            plain += alphabet[(buffer >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0)
        plain += alphabet[(buffer << (5 - bits)) & 31];
    std::string grouped;
    for (std::size_t i = 0; i < plain.size(); ++i)
        grouped += (i > 0 && i % 4 == 0 ? "-" : "") + std::string(1, plain[i]);
    return grouped;
}

std::optional<EnrollCode> parse_enroll_code(std::string_view code)
{
    std::string chars;
    for (char c : code) {
        if (c == '-' || c == ' ')
            continue;
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        chars += c;
    }
    if (chars.size() != 10 + enroll_pin_length)
        return std::nullopt;
    EnrollCode out;
    out.secret = chars.substr(0, 5) + "-" + chars.substr(5, 5);
    for (char c : chars.substr(10)) {
        // Base32 has no 0, 1 or 8: a person typing the pin means O, I and B.
        c = c == '0' ? 'O' : c == '1' ? 'I' : c == '8' ? 'B' : c;
        if (!((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7')))
            return std::nullopt;
        out.pin += c;
    }
    return out;
}

std::string to_base64(std::string_view bytes)
{
    std::string out(4 * ((bytes.size() + 2) / 3), '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(bytes.data()),
                                  static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::optional<std::string> from_base64(std::string_view text)
{
    if (text.size() % 4 != 0)
        return std::nullopt;
    std::string out(3 * text.size() / 4, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(text.data()),
                                  static_cast<int>(text.size()));
    if (n < 0)
        return std::nullopt;
    // EVP_DecodeBlock counts the padding as zero bytes; take them back off.
    std::size_t size = static_cast<std::size_t>(n);
    for (std::size_t i = text.size(); i > 0 && text[i - 1] == '='; --i)
        --size;
    out.resize(size);
    return out;
}

} // namespace fascia::sync
