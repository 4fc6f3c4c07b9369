#include <fascia/crypto.h>

#include <sodium.h>

namespace fascia {

std::string sha256_hex(std::string_view text)
{
    // libsodium's, not OpenSSL's EVP_Digest: that one looks the algorithm up and makes
    // a context on every call, and every command hashes twice (its payload and its audit
    // entry): 2% of the sync server's CPU per command.
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * sizeof digest);
    for (std::size_t i = 0; i < sizeof digest; ++i) {
        out.push_back(hex[digest[i] >> 4]);
        out.push_back(hex[digest[i] & 0x0F]);
    }
    return out;
}

} // namespace fascia
