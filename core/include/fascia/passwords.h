#pragma once
/// Staff passwords: Argon2id hashes (libsodium crypto_pwhash_str). Only the
/// hash ever leaves the process that typed the password: commands carry the
/// hash, so the outbox and sync never see the password itself.
#include <fascia/error.h>
#include <fascia/export.h>

#include <string>
#include <string_view>

namespace fascia {

/// At least 19 MiB and 2 passes (OWASP's Argon2id minimum); raise both over time.
inline constexpr unsigned long long password_memory_bytes = 19ull * 1024 * 1024;
inline constexpr unsigned long long password_passes = 2;

/// An Argon2id hash string ("$argon2id$v=19$m=19456,t=2,p=1$...") of password.
/// Refuses passwords shorter than 8 characters.
FASCIA_CORE_EXPORT Result<std::string> hash_password(std::string_view password);
/// True when password matches hash.
FASCIA_CORE_EXPORT bool verify_password(std::string_view hash, std::string_view password);
/// True when hash was made with weaker parameters than today's (rehash on sign-in).
FASCIA_CORE_EXPORT bool password_needs_rehash(std::string_view hash);
/// True when text looks like an Argon2id hash string (what staff.set_password accepts).
FASCIA_CORE_EXPORT bool is_password_hash(std::string_view text);

} // namespace fascia
