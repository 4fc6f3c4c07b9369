#pragma once
/// Hashing for migration checksums and the audit chain (OpenSSL).
#include <fascia/export.h>

#include <string>
#include <string_view>

namespace fascia {

/// Lower-case hex SHA-256 of the bytes of text.
FASCIA_CORE_EXPORT std::string sha256_hex(std::string_view text);

} // namespace fascia
