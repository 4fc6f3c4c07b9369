#include <fascia/staff.h>

#include <boost/json.hpp>

namespace fascia {

namespace {

constexpr const char* staff_select =
    "SELECT id, username, display_name, role, active, created_at FROM staff ";

StaffMember read_staff(const Statement& q)
{
    return StaffMember{q.text(0), q.text(1), q.text(2), parse_role(q.text(3)).value_or(Role::therapist),
                       q.integer(4) != 0, q.text(5)};
}

} // namespace

boost::json::object StaffMember::to_json() const
{
    return {{"id", id},
            {"username", username},
            {"display_name", display_name},
            {"role", to_string(role)},
            {"active", active},
            {"created_at", created_at}};
}

std::vector<StaffMember> list_staff(Database& db)
{
    std::vector<StaffMember> out;
    auto q = db.query(std::string(staff_select) + "ORDER BY username");
    while (q.step())
        out.push_back(read_staff(q));
    return out;
}

std::optional<StaffMember> find_staff(Database& db, std::string_view username_or_id)
{
    auto q = db.query(std::string(staff_select) + "WHERE username = ?1 OR id = ?1", username_or_id);
    if (!q.step())
        return std::nullopt;
    return read_staff(q);
}

} // namespace fascia
