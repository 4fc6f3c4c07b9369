#include <fascia/ids.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdint>
#include <cstdio>
#include <stdexcept>

namespace fascia {

void secure_random_bytes(void* buf, std::size_t size)
{
    if (RAND_bytes(static_cast<unsigned char*>(buf), static_cast<int>(size)) != 1)
        throw std::runtime_error("the operating system's random number generator failed");
}

namespace {

std::string format_uuid_v7(unsigned char* b, Instant at)
{
    // RFC 9562 §5.7: 48-bit Unix milliseconds, version 7, 74 random bits.
    const auto ms = static_cast<std::uint64_t>(at.time_since_epoch().count());
    for (int i = 0; i < 6; ++i)
        b[i] = static_cast<unsigned char>(ms >> (8 * (5 - i)));
    b[6] = static_cast<unsigned char>(0x70 | (b[6] & 0x0F));
    b[8] = static_cast<unsigned char>(0x80 | (b[8] & 0x3F));
    char out[37];
    std::snprintf(out, sizeof out,
                  "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                  b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                  b[15]);
    return out;
}

} // namespace

std::string new_uuid_v7(const Clock& clock)
{
    unsigned char b[16];
    secure_random_bytes(b, sizeof b);
    return format_uuid_v7(b, clock.now());
}

std::string uuid_v7_from(Instant at, std::string_view seed)
{
    unsigned char digest[32];
    unsigned int len = 0;
    EVP_Digest(seed.data(), seed.size(), digest, &len, EVP_sha256(), nullptr);
    return format_uuid_v7(digest, at);
}

bool is_uuid(std::string_view text)
{
    if (text.size() != 36)
        return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-')
                return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

} // namespace fascia
