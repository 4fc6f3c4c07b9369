#include <fascia/roles.h>

namespace fascia {

std::string_view to_string(Role role)
{
    switch (role) {
    case Role::owner: return "owner";
    case Role::admin: return "admin";
    case Role::front_desk: return "front_desk";
    case Role::therapist: return "therapist";
    }
    return "unknown";
}

std::optional<Role> parse_role(std::string_view text)
{
    for (Role r : all_roles())
        if (to_string(r) == text)
            return r;
    return std::nullopt;
}

const std::vector<Role>& all_roles()
{
    static const std::vector<Role> roles{Role::owner, Role::admin, Role::front_desk, Role::therapist};
    return roles;
}

} // namespace fascia
