#pragma once
/// Staff users and their roles. Written through staff.* commands; read here.
#include <fascia/database.h>
#include <fascia/error.h>
#include <fascia/export.h>
#include <fascia/roles.h>

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

namespace fascia {

struct FASCIA_CORE_EXPORT StaffMember {
    std::string id;
    std::string username;
    std::string display_name;
    Role role = Role::front_desk;
    bool active = true;
    std::string created_at;
    boost::json::object to_json() const;
};

/// All staff, by username.
FASCIA_CORE_EXPORT std::vector<StaffMember> list_staff(Database& db);
/// One staff member by username or id.
FASCIA_CORE_EXPORT std::optional<StaffMember> find_staff(Database& db, std::string_view username_or_id);

/// Checks a sign-in. A wrong user name and a wrong password get the same answer,
/// so the desk does not reveal who works here.
FASCIA_CORE_EXPORT Result<StaffMember> sign_in(Database& db, std::string_view username,
                                               std::string_view password);

} // namespace fascia
