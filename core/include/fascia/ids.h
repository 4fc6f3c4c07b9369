#pragma once
/// Record ids: UUIDv7 text, time-ordered so recent records cluster in indexes.
#include <fascia/clock.h>
#include <fascia/export.h>

#include <string>
#include <string_view>

namespace fascia {

/// A new UUIDv7 ("0190b6e2-7c4a-7d2e-9f1a-3b5c7d9e1f20") stamped with clock.now().
FASCIA_CORE_EXPORT std::string new_uuid_v7(const Clock& clock);
/// A UUIDv7 for instant `at` whose other bits come from SHA-256 of seed: the
/// same command (same stamp, same idempotency key) makes the same ids wherever it runs.
FASCIA_CORE_EXPORT std::string uuid_v7_from(Instant at, std::string_view seed);
/// True when text is a canonical lower-case UUID of any version.
FASCIA_CORE_EXPORT bool is_uuid(std::string_view text);
/// Fills buf with bytes from the operating system's secure generator.
FASCIA_CORE_EXPORT void secure_random_bytes(void* buf, std::size_t size);

} // namespace fascia
