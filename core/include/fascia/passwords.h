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
/// The Argon2id parameters a stored hash may carry (in a hash's "m=KiB,t=passes,p=lanes"):
/// from 8 MiB and 1 pass (older hashes, rehashed at sign-in) up to 1 GiB, 16 passes and
/// 8 lanes. A hash outside them is refused, so a synced hash cannot stall a desk's sign-in.
inline constexpr long long password_min_memory_kib = 8 * 1024;
inline constexpr long long password_max_memory_kib = 1024 * 1024;
inline constexpr long long password_min_passes = 1;
inline constexpr long long password_max_passes = 16;
inline constexpr long long password_max_lanes = 8;

/// An Argon2id hash string ("$argon2id$v=19$m=19456,t=2,p=1$...") of password.
/// Refuses passwords shorter than 8 characters.
FASCIA_CORE_EXPORT Result<std::string> hash_password(std::string_view password);
/// True when password matches hash.
FASCIA_CORE_EXPORT bool verify_password(std::string_view hash, std::string_view password);
/// True when hash was made with weaker parameters than today's (rehash on sign-in).
FASCIA_CORE_EXPORT bool password_needs_rehash(std::string_view hash);
/// True when text is an Argon2id (v19) hash string with parameters in the range above
/// (what staff.set_password accepts, and what sign-in checks a password against).
FASCIA_CORE_EXPORT bool is_password_hash(std::string_view text);

} // namespace fascia
