#include <fascia/staff.h>

#include <fascia/passwords.h>

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

Result<StaffMember> sign_in(Database& db, std::string_view username, std::string_view password)
{
    auto q = db.query("SELECT password_hash FROM staff WHERE username = ?", username);
    const auto member = find_staff(db, username);
    const std::optional<std::string> hash = q.step() ? q.optional_text(0) : std::nullopt;
    if (!member || !hash || !verify_password(*hash, password))
        return refused(member && !hash ? "no password is set for " + std::string(username)
                                             + ": ask the owner to set one (fascia staff password "
                                             + std::string(username) + ")"
                                       : std::string("wrong user name or password"));
    if (!member->active)
        return refused(std::string(username) + "'s account is deactivated: ask the owner");
    return *member;
}

} // namespace fascia
