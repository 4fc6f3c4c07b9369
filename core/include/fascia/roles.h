#pragma once
/// Staff roles: the rows of the role × command permission table.
#include <fascia/export.h>

#include <optional>
#include <string_view>
#include <vector>

namespace fascia {

enum class Role { owner, admin, front_desk, therapist };

/// "owner", "admin", "front_desk", "therapist".
FASCIA_CORE_EXPORT std::string_view to_string(Role role);
/// The role named by text, if any.
FASCIA_CORE_EXPORT std::optional<Role> parse_role(std::string_view text);
/// Every role, in the order above.
FASCIA_CORE_EXPORT const std::vector<Role>& all_roles();

} // namespace fascia
