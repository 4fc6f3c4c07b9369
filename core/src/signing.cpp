#include <fascia/signing.h>

#include <fascia/passwords.h>
#include <fascia/row.h>
#include <fascia/sync_protocol.h>

#include <sodium.h>

namespace fascia {

namespace {

bool sodium_ready()
{
    static const bool ready = sodium_init() >= 0;
    return ready;
}

constexpr std::size_t salt_size = crypto_pwhash_SALTBYTES;
constexpr std::size_t nonce_size = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;

/// The sealing key: Argon2id over the password, with the password hash's own parameters.
bool derive(unsigned char (&key)[crypto_aead_xchacha20poly1305_ietf_KEYBYTES], std::string_view password,
            const unsigned char* salt)
{
    return crypto_pwhash(key, sizeof key, password.data(), password.size(), salt, password_passes,
                         password_memory_bytes, crypto_pwhash_ALG_ARGON2ID13)
           == 0;
}

void append_field(std::string& out, std::string_view field)
{
    out += std::to_string(field.size());
    out += ':';
    out += field;
    out += '\n';
}

} // namespace

SigningKey::SigningKey(std::string secret, std::string public_key)
    : secret_(std::move(secret)), public_key_(std::move(public_key))
{
}

SigningKey::~SigningKey()
{
    if (!secret_.empty())
        sodium_memzero(secret_.data(), secret_.size());
}

SigningKey::SigningKey(SigningKey&& other) noexcept
    : secret_(std::move(other.secret_)), public_key_(std::move(other.public_key_))
{
    other.secret_.clear();
}

SigningKey& SigningKey::operator=(SigningKey&& other) noexcept
{
    if (this != &other) {
        if (!secret_.empty())
            sodium_memzero(secret_.data(), secret_.size());
        secret_ = std::move(other.secret_);
        public_key_ = std::move(other.public_key_);
        other.secret_.clear();
    }
    return *this;
}

std::string SigningKey::sign(std::string_view message) const
{
    unsigned char signature[crypto_sign_BYTES];
    crypto_sign_detached(signature, nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                         reinterpret_cast<const unsigned char*>(secret_.data()));
    return sync::to_base64(std::string_view(reinterpret_cast<const char*>(signature), sizeof signature));
}

Result<SealedSigningKey> new_signing_key(std::string_view password)
{
    if (!sodium_ready())
        return internal_error("the cryptography library could not start");
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_keypair(pk, sk);
    std::string blob(salt_size + nonce_size + sizeof sk + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
    auto* out = reinterpret_cast<unsigned char*>(blob.data());
    randombytes_buf(out, salt_size + nonce_size);
    unsigned char key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
    const bool derived = derive(key, password, out);
    if (derived)
        crypto_aead_xchacha20poly1305_ietf_encrypt(out + salt_size + nonce_size, nullptr, sk, sizeof sk, nullptr, 0,
                                                   nullptr, out + salt_size, key);
    sodium_memzero(sk, sizeof sk);
    sodium_memzero(key, sizeof key);
    if (!derived)
        return internal_error("not enough memory to seal the signing key");
    return SealedSigningKey{sync::to_base64(std::string_view(reinterpret_cast<const char*>(pk), sizeof pk)),
                            sync::to_base64(blob)};
}

Result<SigningKey> unseal_signing_key(const SealedSigningKey& key, std::string_view password)
{
    if (!sodium_ready())
        return internal_error("the cryptography library could not start");
    const auto blob = sync::from_base64(key.sealed);
    constexpr std::size_t sealed_size = crypto_sign_SECRETKEYBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES;
    if (!blob || blob->size() != salt_size + nonce_size + sealed_size)
        return invalid("the stored signing key is damaged", "signing_key");
    const auto* in = reinterpret_cast<const unsigned char*>(blob->data());
    unsigned char derived_key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
    if (!derive(derived_key, password, in))
        return internal_error("not enough memory to open the signing key");
    std::string secret(crypto_sign_SECRETKEYBYTES, '\0');
    const int opened = crypto_aead_xchacha20poly1305_ietf_decrypt(
        reinterpret_cast<unsigned char*>(secret.data()), nullptr, nullptr, in + salt_size + nonce_size, sealed_size,
        nullptr, 0, in + salt_size, derived_key);
    sodium_memzero(derived_key, sizeof derived_key);
    if (opened != 0)
        return forbidden("wrong password: the signing key did not open");
    return SigningKey(std::move(secret), key.public_key);
}

std::optional<SealedSigningKey> newest_signing_key(Database& db, std::string_view username)
{
    return first_row(db,
                     "SELECT k.public_key, k.sealed_secret FROM staff_keys k JOIN staff s ON s.id = k.staff_id"
                     " WHERE s.username = ? ORDER BY k.created_at DESC, k.rowid DESC LIMIT 1",
                     [](const Statement& q) { return SealedSigningKey{q.text(0), q.text(1)}; }, username);
}

std::optional<std::string> enrolled_device(Database& db)
{
    auto q = db.query("SELECT value FROM sync_replica WHERE key = 'device'");
    if (!q.step() || q.text(0).empty())
        return std::nullopt;
    return q.text(0);
}

CommandBus::Signer session_signer(std::string actor, std::string device, std::shared_ptr<SigningKey> key)
{
    return [actor = std::move(actor), device = std::move(device), key = std::move(key)](
               const Command& command, std::string_view payload_text) -> Result<std::string> {
        if (command.actor != actor)
            return std::string();
        return key->sign(signing_message(command, payload_text, device));
    };
}

CommandBus::Signer keyless_signer(std::string actor)
{
    return [actor = std::move(actor)](const Command& command, std::string_view) -> Result<std::string> {
        if (command.actor != actor)
            return std::string();
        return refused(no_signing_key_advice(actor), "no_signing_key");
    };
}

bool signing_enabled(Database& db)
{
    auto q = db.query("SELECT 1 FROM staff_keys LIMIT 1");
    return q.step();
}

std::string no_signing_key_advice(std::string_view username)
{
    const std::string name(username);
    return name + " has no signing key yet, and the clinic's sync server accepts only signed commands once anyone "
           "has one. An owner or admin sets " + name + "'s password on an enrolled desk (`fascia staff password "
           + name + "`), which makes " + name + "'s key; then " + name + " signs in with that password.";
}

bool verify_command(Database& db, const Command& command, std::string_view payload_text, std::string_view device,
                    std::string_view signature)
{
    if (signature.empty())
        return false;
    return !verifying_key(signing_public_keys(db, command.actor), signing_message(command, payload_text, device),
                          signature)
                .empty();
}

std::vector<std::string> signing_public_keys(Database& db, std::string_view username)
{
    std::vector<std::string> keys;
    auto q = db.query("SELECT k.public_key FROM staff_keys k JOIN staff s ON s.id = k.staff_id WHERE s.username = ?",
                      username);
    while (q.step())
        keys.push_back(q.text(0));
    return keys;
}

bool is_signing_key_of(Database& db, std::string_view username, std::string_view public_key)
{
    auto q = db.query("SELECT 1 FROM staff_keys k JOIN staff s ON s.id = k.staff_id"
                      " WHERE k.public_key = ? AND s.username = ?",
                      public_key, username);
    return q.step();
}

std::string verifying_key(const std::vector<std::string>& public_keys, std::string_view message,
                          std::string_view signature)
{
    if (signature.empty())
        return {};
    for (const auto& key : public_keys)
        if (verify_signature(key, message, signature))
            return key;
    return {};
}

std::string signing_message(const Command& command, std::string_view payload_text, std::string_view device)
{
    std::string out = "fascia command v1\n";
    for (std::string_view field : {std::string_view(command.type), payload_text, std::string_view(command.actor),
                                   std::string_view(command.idempotency_key), std::string_view(command.hlc), device})
        append_field(out, field);
    return out;
}

bool verify_signature(std::string_view public_key, std::string_view message, std::string_view signature)
{
    if (!sodium_ready())
        return false;
    const auto pk = sync::from_base64(public_key);
    const auto sig = sync::from_base64(signature);
    if (!pk || !sig || pk->size() != crypto_sign_PUBLICKEYBYTES || sig->size() != crypto_sign_BYTES)
        return false;
    return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig->data()),
                                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                       reinterpret_cast<const unsigned char*>(pk->data()))
           == 0;
}

} // namespace fascia
