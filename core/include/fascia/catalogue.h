#pragma once
/// The services catalogue: what the clinic sells, by modality, length and price.
#include <fascia/database.h>
#include <fascia/error.h>
#include <fascia/export.h>
#include <fascia/money.h>

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

namespace fascia {

/// The modalities the clinic's rules speak of (vetting gates them, screening restricts them).
FASCIA_CORE_EXPORT const std::vector<std::string>& known_modalities();

struct FASCIA_CORE_EXPORT Service {
    std::string id;
    std::string name;     ///< "60-minute remedial massage"
    std::string modality; ///< one of known_modalities()
    int duration_minutes = 0;
    Money price;
    bool active = true;
    boost::json::object to_json() const;
};

/// Active services by modality and duration (inactive too when asked).
FASCIA_CORE_EXPORT std::vector<Service> list_services(Database& db, bool include_inactive = false);
FASCIA_CORE_EXPORT std::optional<Service> find_service(Database& db, std::string_view id);
/// A service as a person names it: its id, or the name of exactly one active service,
/// in any case ("60-minute swedish massage"). One resolver for every front end's
/// --service (`schedule book`, `voucher sell`, ...). invalid_input naming `field`
/// ("service: there is no service 'X' ...", or more than one is called that) otherwise.
FASCIA_CORE_EXPORT Result<Service> service_by_id_or_name(Database& db, std::string_view id_or_name,
                                                         const std::string& field = "service");

} // namespace fascia
