#pragma once
/// Signed commands (docs/PROTOCOL.md, "Signed commands"). Each staff user has an
/// Ed25519 key pair (libsodium). The public key is a staff record (staff_keys,
/// synced, kept after a password change so older commands stay verifiable); the
/// secret key travels only sealed under a key derived from the user's password
/// (Argon2id, the password parameters of passwords.h) with XChaCha20-Poly1305.
/// Signing in unseals it; every command that session issues on an enrolled desk is
/// signed, and the sync authority refuses what does not verify.
#include <fascia/commands.h>
#include <fascia/database.h>
#include <fascia/error.h>
#include <fascia/export.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fascia {

/// A new key pair, its secret sealed under a password.
struct SealedSigningKey {
    std::string public_key; ///< base64 of the 32-byte Ed25519 public key
    std::string sealed;     ///< base64 of salt (16) | nonce (24) | sealed secret key (64 + 16)
};

/// An unsealed secret key, wiped from memory when it goes.
class FASCIA_CORE_EXPORT SigningKey {
public:
    SigningKey() = default;
    explicit SigningKey(std::string secret, std::string public_key);
    ~SigningKey();
    SigningKey(SigningKey&& other) noexcept;
    SigningKey& operator=(SigningKey&& other) noexcept;
    SigningKey(const SigningKey&) = delete;
    SigningKey& operator=(const SigningKey&) = delete;
    /// base64 of the Ed25519 signature of message.
    std::string sign(std::string_view message) const;
    /// base64 of the public key (which staff_keys row signed).
    const std::string& public_key() const { return public_key_; }

private:
    std::string secret_;
    std::string public_key_;
};

/// Makes a key pair and seals its secret under password (about as slow as hashing a password).
FASCIA_CORE_EXPORT Result<SealedSigningKey> new_signing_key(std::string_view password);
/// Opens a sealed key with password; ErrorKind::forbidden when the password is wrong.
FASCIA_CORE_EXPORT Result<SigningKey> unseal_signing_key(const SealedSigningKey& key, std::string_view password);
/// The newest sealed key of a staff user (by username), if they have one.
FASCIA_CORE_EXPORT std::optional<SealedSigningKey> newest_signing_key(Database& db, std::string_view username);
/// This desk's device id when it is enrolled with a sync server; nullopt on a database
/// that is not (which keeps local trust: nothing is signed there).
FASCIA_CORE_EXPORT std::optional<std::string> enrolled_device(Database& db);
/// The signer a signed-in session installs (CommandBus::set_signer): signs the commands
/// `actor` issues with key, for device; a command by anyone else is left unsigned.
FASCIA_CORE_EXPORT CommandBus::Signer session_signer(std::string actor, std::string device,
                                                     std::shared_ptr<SigningKey> key);
/// The signer for a staff user without a key, on an enrolled desk of a clinic that signs:
/// their commands are refused at the desk at once (ErrorKind::refused, nothing written,
/// no_signing_key_advice), not accepted here only to be refused by the server later.
FASCIA_CORE_EXPORT CommandBus::Signer keyless_signer(std::string actor);
/// Whether the clinic has any signing key: from the first one on, the sync authority
/// refuses unsigned commands.
FASCIA_CORE_EXPORT bool signing_enabled(Database& db);
/// What a staff user without a signing key must do once the clinic signs (any key exists):
/// a sentence naming them, for the server's refusal, the CLI and the desk. A key cannot be
/// made at sign-in: nothing a desk holds proves the password to the server (a stolen desk
/// could then make keys for everyone without one), so one who has a key vouches for it.
FASCIA_CORE_EXPORT std::string no_signing_key_advice(std::string_view username);
/// True when signature verifies a command by actor under one of actor's keys (the whole
/// history, so a command signed before a password change still verifies).
FASCIA_CORE_EXPORT bool verify_command(Database& db, const Command& command, std::string_view payload_text,
                                       std::string_view device, std::string_view signature);

/// Every public key (base64) username has had, the whole history: what a command by them
/// may be signed with. For checking signatures away from the database (verifying_key).
FASCIA_CORE_EXPORT std::vector<std::string> signing_public_keys(Database& db, std::string_view username);
/// Whether public_key is (or was) username's: all that is left to ask, inside the
/// transaction, of a signature verified ahead of time on another thread.
FASCIA_CORE_EXPORT bool is_signing_key_of(Database& db, std::string_view username, std::string_view public_key);
/// The first of public_keys (base64) under which signature (base64) verifies message; ""
/// when none does. No database: safe on any thread (the sync daemon checks pushes'
/// signatures on a second thread while its database thread commits).
FASCIA_CORE_EXPORT std::string verifying_key(const std::vector<std::string>& public_keys, std::string_view message,
                                             std::string_view signature);

/// What is signed: type, payload (serialized), actor, idempotency key, stamp and device,
/// each length-prefixed so no two commands share a message.
FASCIA_CORE_EXPORT std::string signing_message(const Command& command, std::string_view payload_text,
                                               std::string_view device);
/// True when signature (base64) verifies message under public_key (base64).
FASCIA_CORE_EXPORT bool verify_signature(std::string_view public_key, std::string_view message,
                                         std::string_view signature);

} // namespace fascia
