#include <fascia/catalogue.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>

namespace fascia {

namespace {

constexpr const char* service_select =
    "SELECT id, name, modality, duration_minutes, price_minor, currency, active FROM services ";

Service read_service(const Statement& q)
{
    return Service{q.text(0), q.text(1), q.text(2), static_cast<int>(q.integer(3)),
                   Money{q.integer(4), q.text(5)}, q.integer(6) != 0};
}

} // namespace

const std::vector<std::string>& known_modalities()
{
    static const std::vector<std::string> modalities{
        "swedish",         "deep_tissue",   "remedial",   "myofascial_release",
        "trigger_point",   "dry_needling",  "prenatal"};
    return modalities;
}

boost::json::object Service::to_json() const
{
    return {{"id", id},
            {"name", name},
            {"modality", modality},
            {"duration_minutes", duration_minutes},
            {"price", price.amount_text()},
            {"price_minor", price.minor},
            {"currency", price.currency},
            {"active", active}};
}

std::vector<Service> list_services(Database& db, bool include_inactive)
{
    std::vector<Service> out;
    auto q = db.query(std::string(service_select) + "WHERE active = 1 OR ?"
                          " ORDER BY modality, duration_minutes, name",
                      include_inactive ? 1 : 0);
    while (q.step())
        out.push_back(read_service(q));
    return out;
}

std::optional<Service> find_service(Database& db, std::string_view id)
{
    auto q = db.query(std::string(service_select) + "WHERE id = ?", id);
    if (!q.step())
        return std::nullopt;
    return read_service(q);
}

Result<Service> service_by_id_or_name(Database& db, std::string_view id_or_name, const std::string& field)
{
    if (auto s = find_service(db, id_or_name))
        return *s;
    const auto same_name = [&](std::string_view name) {
        return name.size() == id_or_name.size()
               && std::equal(name.begin(), name.end(), id_or_name.begin(), [](char x, char y) {
                      return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
                  });
    };
    std::vector<Service> named;
    for (auto& s : list_services(db))
        if (same_name(s.name))
            named.push_back(s);
    if (named.size() == 1)
        return named.front();
    return invalid(field + ": " + (named.empty() ? "there is no service '" : "more than one service is called '")
                       + std::string(id_or_name) + "' (`fascia services list` shows ids and names)",
                   field);
}

} // namespace fascia
