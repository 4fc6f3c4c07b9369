#pragma once
/// Clients: who the clinic treats. Written through clients.* commands; read here.
#include <fascia/database.h>
#include <fascia/export.h>

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

namespace fascia {

struct FASCIA_CORE_EXPORT Client {
    std::string id;
    std::string first_name;
    std::string last_name;
    std::string preferred_name;
    std::string date_of_birth; ///< YYYY-MM-DD
    std::string phone;      ///< as typed ("07700 900123")
    std::string email;      ///< trimmed; compared without case
    std::string address;
    std::optional<std::string> health_consent_at;          ///< when consent to store health data was recorded
    std::optional<std::string> health_consent_recorded_by; ///< username who recorded it
    std::string created_at;
    std::string updated_at;
    std::string phone_e164;                 ///< "+447700900123"; "" when none (issue 12)
    std::optional<std::string> merged_into; ///< the client this record was merged into

    /// "Zoë Smith" (preferred first name when given).
    std::string display_name() const;
    boost::json::object to_json() const;
};

/// A client by id, or nullopt.
FASCIA_CORE_EXPORT std::optional<Client> find_client(Database& db, std::string_view id);
/// Clients whose names start with each word of the query, or whose email starts
/// with the query, or whose phone matches it; merged records are left out (their
/// kept client is found). Best first: names matching the words whole ("jo" finds
/// Jo before Joanna), then names starting with them, then email-only matches,
/// each by last and first name. Reads at most a few hundred index entries
/// whatever the clinic's size (issue 12), so when thousands match, the names
/// shown are among the first few hundred matches, not the whole clinic's.
/// Names: case, accents, apostrophes (straight and curly), hyphens and spaces
/// are ignored ("zoe" finds Zoë, "obrien" O'Brien, "darcysmith" D'Arcy-Smith).
/// Phones: any way of writing the number with the clinic's country (national,
/// international, spaces, dashes, dots, brackets, "+44 (0) 7700..."), a beginning of it, or
/// its last 6+ digits; the number exactly as typed first, numbers only ending the same last.
FASCIA_CORE_EXPORT std::vector<Client> search_clients(Database& db, std::string_view query, int limit = 50);
/// The digits of a number reversed ("+447700900123" gives "321009007744"): the
/// clients.phone_tail column, so "ends with these digits" is an index range.
FASCIA_CORE_EXPORT std::string phone_tail(std::string_view e164);
/// The client a merged record now lives in (following merges), or id itself.
FASCIA_CORE_EXPORT std::string kept_client_id(Database& db, std::string_view id);
/// Derives phone_e164 for rows written before it existed: migration 0005's step,
/// inside its transaction (register_core attaches it). Numbers that cannot be
/// read get ''. Returns how many rows it filled in.
FASCIA_CORE_EXPORT std::int64_t derive_missing_phone_keys(Database& db);
/// How many clients the clinic has.
FASCIA_CORE_EXPORT std::int64_t count_clients(Database& db);

} // namespace fascia
