#include "pki.h"

#include <fascia/sync_client.h>

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

namespace fascia::syncd {

namespace fs = std::filesystem;

namespace {

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Certificate = std::unique_ptr<X509, decltype(&X509_free)>;
using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;

constexpr long ca_days = 20 * 365;
constexpr long server_days = 10 * 365;

fs::path xdg_dir(const char* variable, const char* fallback_under_home)
{
    if (const char* v = std::getenv(variable); v && *v)
        return v;
    const char* home = std::getenv("HOME");
    return fs::path(home && *home ? home : ".") / fallback_under_home;
}

Result<Key> new_key()
{
    Key key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), EVP_PKEY_free);
    if (!key)
        return internal_error("cannot make an EC P-256 key (OpenSSL failed)");
    return key;
}

bool is_ip_address(const std::string& name)
{
    std::array<unsigned char, 16> buf{};
    return inet_pton(AF_INET, name.c_str(), buf.data()) == 1 || inet_pton(AF_INET6, name.c_str(), buf.data()) == 1;
}

/// Signs a new certificate for key, by issuer (or itself when issuer is null).
Result<Certificate> make_certificate(EVP_PKEY* key, const std::string& common_name, X509* issuer,
                                     EVP_PKEY* issuer_key, long days,
                                     const std::vector<std::pair<int, std::string>>& extensions)
{
    Certificate cert(X509_new(), X509_free);
    const auto failed = [](const char* what) { return internal_error(std::string("cannot make the certificate: ") + what); };
    if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1)
        return failed("X509_new");
    // A random positive 127-bit serial number.
    std::array<unsigned char, 16> serial{};
    if (RAND_bytes(serial.data(), static_cast<int>(serial.size())) != 1)
        return failed("RAND_bytes");
    serial[0] &= 0x7F;
    std::unique_ptr<BIGNUM, decltype(&BN_free)> bn(BN_bin2bn(serial.data(), static_cast<int>(serial.size()), nullptr),
                                                   BN_free);
    if (!bn || !BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert.get())))
        return failed("serial number");
    // An hour's slack for clocks a little behind.
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_time_adj_ex(X509_getm_notAfter(cert.get()), static_cast<int>(days), 0, nullptr);
    X509_NAME* name = X509_get_subject_name(cert.get());
    const auto* o = reinterpret_cast<const unsigned char*>("Fascia");
    const auto* cn = reinterpret_cast<const unsigned char*>(common_name.c_str());
    if (X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, o, -1, -1, 0) != 1
        || X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, cn, -1, -1, 0) != 1)
        return failed("subject name");
    if (X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name) != 1
        || X509_set_pubkey(cert.get(), key) != 1)
        return failed("issuer or public key");
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer ? issuer : cert.get(), cert.get(), nullptr, nullptr, 0);
    for (const auto& [nid, value] : extensions) {
        X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
        if (!ext)
            return failed(OBJ_nid2sn(nid));
        const int added = X509_add_ext(cert.get(), ext, -1);
        X509_EXTENSION_free(ext);
        if (added != 1)
            return failed(OBJ_nid2sn(nid));
    }
    if (X509_sign(cert.get(), issuer_key ? issuer_key : key, EVP_sha256()) <= 0)
        return failed("signing");
    return cert;
}

std::string pem_of(X509* cert)
{
    Bio bio(BIO_new(BIO_s_mem()), BIO_free);
    PEM_write_bio_X509(bio.get(), cert);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

std::string pem_of(EVP_PKEY* key)
{
    Bio bio(BIO_new(BIO_s_mem()), BIO_free);
    PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

/// Creates a file that must not exist yet, readable as `mode` from its first byte.
Result<void> write_new_file(const fs::path& path, const std::string& content, mode_t mode)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0)
        return io_error("cannot create " + path.string() + ": " + std::strerror(errno));
    std::size_t written = 0;
    while (written < content.size()) {
        const auto n = ::write(fd, content.data() + written, content.size() - written);
        if (n <= 0)
            break;
        written += static_cast<std::size_t>(n);
    }
    const bool ok = written == content.size() && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok)
        return io_error("cannot write " + path.string() + ": " + std::strerror(errno));
    return {};
}

} // namespace

fs::path default_config_dir()
{
    return xdg_dir("XDG_CONFIG_HOME", ".config") / "fascia-syncd";
}

fs::path default_database_path()
{
    return xdg_dir("XDG_DATA_HOME", ".local/share") / "fascia-syncd" / "clinic.db";
}

Result<std::string> read_file(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return not_found("cannot read " + path.string());
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

Result<CreatedCertificates> create_clinic_certificates(const CertificateFolder& folder,
                                                       const std::vector<std::string>& extra_names)
{
    const std::array<fs::path, 4> files{folder.ca_certificate(), folder.ca_key(), folder.server_chain(),
                                        folder.server_key()};
    for (const auto& f : files)
        if (fs::exists(f))
            return refused("the clinic's certificates already exist (" + f.string()
                           + "); nothing was changed. Making new ones would cut off every enrolled desk: "
                             "remove the folder yourself only if that is what you mean");

    std::vector<std::string> names{"127.0.0.1", "::1", "localhost"};
    std::array<char, 256> host{};
    if (gethostname(host.data(), host.size() - 1) == 0 && host[0])
        names.emplace_back(host.data());
    for (const auto& n : extra_names)
        names.push_back(n);
    std::string san;
    std::vector<std::string> unique;
    for (const auto& n : names) {
        if (n.empty() || std::find(unique.begin(), unique.end(), n) != unique.end())
            continue;
        if (n.find_first_of(", \t\n") != std::string::npos)
            return invalid("'" + n + "' is not a host name or IP address", "san");
        unique.push_back(n);
        san += (san.empty() ? "" : ",") + std::string(is_ip_address(n) ? "IP:" : "DNS:") + n;
    }

    auto ca_key = new_key();
    if (!ca_key)
        return ca_key.error();
    std::array<unsigned char, 4> tag{};
    RAND_bytes(tag.data(), static_cast<int>(tag.size()));
    char tag_hex[9];
    std::snprintf(tag_hex, sizeof tag_hex, "%02x%02x%02x%02x", tag[0], tag[1], tag[2], tag[3]);
    auto ca = make_certificate(ca_key->get(), std::string("Fascia clinic CA ") + tag_hex, nullptr, nullptr, ca_days,
                               {{NID_basic_constraints, "critical,CA:TRUE,pathlen:0"},
                                {NID_key_usage, "critical,keyCertSign,cRLSign"},
                                {NID_subject_key_identifier, "hash"}});
    if (!ca)
        return ca.error();
    auto server_key = new_key();
    if (!server_key)
        return server_key.error();
    auto server = make_certificate(server_key->get(), "fascia-syncd", ca->get(), ca_key->get(), server_days,
                                   {{NID_basic_constraints, "critical,CA:FALSE"},
                                    {NID_key_usage, "critical,digitalSignature"},
                                    {NID_ext_key_usage, "serverAuth"},
                                    {NID_subject_key_identifier, "hash"},
                                    {NID_authority_key_identifier, "keyid:always"},
                                    {NID_subject_alt_name, san}});
    if (!server)
        return server.error();

    std::error_code ec;
    fs::create_directories(folder.dir, ec);
    if (ec)
        return io_error("cannot create " + folder.dir.string() + ": " + ec.message());
    fs::permissions(folder.dir, fs::perms::owner_all, ec);
    const std::string ca_pem = pem_of(ca->get());
    const std::array<std::pair<std::string, mode_t>, 4> contents{{{ca_pem, 0644},
                                                                  {pem_of(ca_key->get()), 0600},
                                                                  {pem_of(server->get()) + ca_pem, 0644},
                                                                  {pem_of(server_key->get()), 0600}}};
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (auto written = write_new_file(files[i], contents[i].first, contents[i].second); !written) {
            for (std::size_t j = 0; j < i; ++j)
                fs::remove(files[j], ec);
            return written.error();
        }
    }
    auto fingerprint = sync::certificate_fingerprint(ca_pem);
    if (!fingerprint)
        return fingerprint.error();
    return CreatedCertificates{*fingerprint, unique};
}

} // namespace fascia::syncd
