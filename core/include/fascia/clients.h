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
    std::string phone;
    std::string email;
    std::string address;
    std::optional<std::string> health_consent_at;          ///< when consent to store health data was recorded
    std::optional<std::string> health_consent_recorded_by; ///< username who recorded it
    std::string created_at;
    std::string updated_at;

    /// "Zoë Smith" (preferred first name when given).
    std::string display_name() const;
    boost::json::object to_json() const;
};

/// A client by id, or nullopt.
FASCIA_CORE_EXPORT std::optional<Client> find_client(Database& db, std::string_view id);
/// Clients whose name, phone or email starts with each word of the query,
/// diacritics folded ("zoe" finds "Zoë"), best matches first.
FASCIA_CORE_EXPORT std::vector<Client> search_clients(Database& db, std::string_view query, int limit = 50);
/// How many clients the clinic has.
FASCIA_CORE_EXPORT std::int64_t count_clients(Database& db);

} // namespace fascia
