#include <fascia/passwords.h>

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <string>

namespace fascia {

namespace {

bool sodium_ready()
{
    static const bool ready = sodium_init() >= 0;
    return ready;
}

} // namespace

Result<std::string> hash_password(std::string_view password)
{
    if (password.size() < 8)
        return invalid("password: use at least 8 characters", "password");
    if (!sodium_ready())
        return internal_error("the password library could not start");
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), password_passes,
                              password_memory_bytes, crypto_pwhash_ALG_ARGON2ID13)
        != 0)
        return internal_error("not enough memory to hash the password");
    return std::string(out);
}

bool verify_password(std::string_view hash, std::string_view password)
{
    if (!sodium_ready() || !is_password_hash(hash))
        return false;
    const std::string h(hash);
    return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

bool password_needs_rehash(std::string_view hash)
{
    if (!sodium_ready())
        return false;
    const std::string h(hash);
    return crypto_pwhash_str_needs_rehash(h.c_str(), password_passes, password_memory_bytes) != 0;
}

namespace {

/// The number after `name=` in an Argon2 parameter list ("m=19456,t=2,p=1"), or -1.
long long parameter(std::string_view list, std::string_view name)
{
    for (std::size_t at = 0; at < list.size();) {
        const auto comma = std::min(list.find(',', at), list.size());
        const auto part = list.substr(at, comma - at);
        if (part.size() > name.size() + 1 && part.substr(0, name.size()) == name && part[name.size()] == '=') {
            long long v = -1;
            const auto digits = part.substr(name.size() + 1);
            if (std::from_chars(digits.data(), digits.data() + digits.size(), v).ec != std::errc())
                return -1;
            return v;
        }
        at = comma + 1;
    }
    return -1;
}

} // namespace

bool is_password_hash(std::string_view text)
{
    if (text.rfind("$argon2id$v=19$", 0) != 0 || text.size() >= crypto_pwhash_STRBYTES)
        return false;
    // Hashes arrive through sync from other desks: one with a huge memory or pass
    // count would stall (or exhaust) every desk that checks a password against it,
    // and one below today's floor is too weak to keep.
    const auto rest = text.substr(15);
    const auto list = rest.substr(0, rest.find('$'));
    const long long m = parameter(list, "m"), t = parameter(list, "t"), p = parameter(list, "p");
    return m >= password_min_memory_kib && m <= password_max_memory_kib && t >= password_min_passes
           && t <= password_max_passes && p >= 1 && p <= password_max_lanes;
}

} // namespace fascia
