#pragma once
// The clinic's certificates: a certificate authority of its own (EC P-256,
// self-signed) and the daemon's server certificate signed by it. Desks pin
// the CA at enrollment (docs/PROTOCOL.md), so no public CA is involved.
#include <fascia/error.h>

#include <filesystem>
#include <string>
#include <vector>

namespace fascia::syncd {

/// Where the daemon keeps its certificates and keys.
struct CertificateFolder {
    std::filesystem::path dir;
    std::filesystem::path ca_certificate() const { return dir / "ca.crt"; }
    std::filesystem::path ca_key() const { return dir / "ca.key"; }
    /// The server certificate followed by the CA: the chain the daemon presents.
    std::filesystem::path server_chain() const { return dir / "server.crt"; }
    std::filesystem::path server_key() const { return dir / "server.key"; }
};

/// $XDG_CONFIG_HOME/fascia-syncd (XDG_CONFIG_HOME defaulting to ~/.config).
std::filesystem::path default_config_dir();
/// $XDG_DATA_HOME/fascia-syncd/clinic.db (XDG_DATA_HOME defaulting to ~/.local/share).
std::filesystem::path default_database_path();

/// What `fascia-syncd init` made.
struct CreatedCertificates {
    std::string ca_fingerprint;      ///< SHA-256 of the CA certificate, hex
    std::vector<std::string> names;  ///< the server certificate's subject alternative names
};

/// Creates the clinic CA and a server certificate for 127.0.0.1, ::1,
/// localhost, this machine's host name and extra_names (DNS names or IP
/// addresses). Refuses, changing nothing, when any of the files exists.
Result<CreatedCertificates> create_clinic_certificates(const CertificateFolder& folder,
                                                       const std::vector<std::string>& extra_names);

/// A whole (small) file, or an Error naming it.
Result<std::string> read_file(const std::filesystem::path& path);

} // namespace fascia::syncd
