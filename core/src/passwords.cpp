#include <fascia/passwords.h>

#include <sodium.h>

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

bool is_password_hash(std::string_view text)
{
    return text.rfind("$argon2id$", 0) == 0 && text.size() < crypto_pwhash_STRBYTES;
}

} // namespace fascia
