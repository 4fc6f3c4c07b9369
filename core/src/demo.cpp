#include <fascia/demo.h>

#include <fascia/clients.h>
#include <fascia/passwords.h>

#include <boost/json.hpp>

#include <array>
#include <cstdio>
#include <random>

namespace fascia {

namespace json = boost::json;

namespace {

struct Person {
    const char* first;
    const char* last;
};

// The standard demo: plausible names, some with diacritics (search folds them),
// and a few Smiths and Smythes so `fascia clients find smi` has something to find.
constexpr std::array<Person, 40> demo_clients{{
    {"Zoë", "Smith"},       {"James", "Smith"},      {"Siân", "Davies"},     {"Oliver", "Jones"},
    {"Amelia", "Williams"}, {"Harry", "Taylor"},     {"Isla", "Brown"},      {"Jack", "Evans"},
    {"Chloë", "Wilson"},    {"Noah", "Thomas"},      {"Mia", "Roberts"},     {"Leo", "Johnson"},
    {"Renée", "Martin"},    {"José", "García"},      {"Freya", "Walker"},    {"Arthur", "Wright"},
    {"Grace", "Robinson"},  {"Oscar", "Thompson"},   {"Ava", "White"},       {"George", "Hughes"},
    {"Ella", "Edwards"},    {"Charlie", "Green"},    {"Lily", "Hall"},       {"Theo", "Wood"},
    {"Sophie", "Harris"},   {"Finn", "Clarke"},      {"Ruby", "Jackson"},    {"Alfie", "Smythe"},
    {"Anaïs", "Lefèvre"},   {"Björn", "Lindqvist"},  {"Aroha", "Ngata"},     {"Priyanka", "Shah"},
    {"Mohammed", "Khan"},   {"Fatima", "Ali"},       {"Wei", "Chen"},        {"Niamh", "O'Brien"},
    {"Callum", "MacLeod"},  {"Emily", "Smithson"},   {"Daniel", "Murphy"},   {"Hannah", "Baker"},
}};

struct StaffSeed {
    const char* username;
    const char* display_name;
    const char* role;
};

constexpr std::array<StaffSeed, 5> demo_staff{{
    {"frontdesk", "Front Desk", "front_desk"},
    {"priya", "Priya Raman", "therapist"},
    {"tom", "Tom Becker", "therapist"},
    {"aroha", "Aroha Tane", "therapist"},
    {"liam", "Liam O'Connell", "therapist"},
}};

struct ServiceSeed {
    const char* name;
    const char* modality;
    int minutes;
    const char* price;
};

constexpr std::array<ServiceSeed, 14> demo_services{{
    {"30-minute Swedish massage", "swedish", 30, "40.00"},
    {"60-minute Swedish massage", "swedish", 60, "65.00"},
    {"90-minute Swedish massage", "swedish", 90, "90.00"},
    {"45-minute deep tissue massage", "deep_tissue", 45, "58.00"},
    {"60-minute deep tissue massage", "deep_tissue", 60, "72.00"},
    {"30-minute remedial massage", "remedial", 30, "45.00"},
    {"45-minute remedial massage", "remedial", 45, "60.00"},
    {"60-minute remedial massage", "remedial", 60, "75.00"},
    {"90-minute remedial massage", "remedial", 90, "105.00"},
    {"60-minute myofascial release", "myofascial_release", 60, "75.00"},
    {"30-minute trigger point therapy", "trigger_point", 30, "45.00"},
    {"45-minute trigger point therapy", "trigger_point", 45, "58.00"},
    {"30-minute dry needling", "dry_needling", 30, "50.00"},
    {"60-minute prenatal massage", "prenatal", 60, "70.00"},
}};

/// "Zoë" → "zoe", "O'Brien" → "obrien": for the demo's email addresses.
std::string ascii_lower(std::string_view s)
{
    static constexpr std::array<std::pair<std::string_view, char>, 12> folds{{
        {"á", 'a'}, {"â", 'a'}, {"ã", 'a'}, {"ç", 'c'}, {"é", 'e'}, {"è", 'e'},
        {"ë", 'e'}, {"í", 'i'}, {"ï", 'i'}, {"ñ", 'n'}, {"ö", 'o'}, {"ú", 'u'}}};
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (std::isalpha(c)) {
            out += static_cast<char>(std::tolower(c));
            continue;
        }
        for (const auto& [from, to] : folds)
            if (s.substr(i, from.size()) == from) {
                out += to;
                i += from.size() - 1;
                break;
            }
    }
    return out;
}

json::object client_payload(std::mt19937& rng, const char* first, const char* last, int serial,
                            bool allow_duplicate)
{
    std::uniform_int_distribution<int> year(1950, 2004), month(1, 12), day(1, 28), consent(0, 9);
    char dob[16], phone[32], email[128];
    std::snprintf(dob, sizeof dob, "%04d-%02d-%02d", year(rng), month(rng), day(rng));
    // 07700 900000–900999 is Ofcom's range reserved for drama: never a real person.
    std::snprintf(phone, sizeof phone, "07700 900%03d", serial % 1000);
    std::snprintf(email, sizeof email, "%s.%s%d@example.com", ascii_lower(first).c_str(),
                  ascii_lower(last).c_str(), serial);
    json::object p{{"first_name", first},     {"last_name", last}, {"date_of_birth", dob},
                   {"phone", phone},          {"email", email},
                   {"health_consent", consent(rng) != 0}};
    if (allow_duplicate)
        p["allow_duplicate"] = true;
    return p;
}

} // namespace

Result<DemoSummary> build_demo_clinic(Clinic& clinic, const DemoOptions& options)
{
    if (options.clients < 0)
        return invalid("the number of clients cannot be negative", "scale");
    if (clinic.has_staff())
        return refused("this clinic already has staff and data; `fascia demo` only fills a new "
                       "database: give it a fresh --db path");
    DemoSummary summary;
    auto& bus = clinic.bus();
    const auto run = [&](std::string type, json::object payload, std::string actor) -> Result<void> {
        auto outcome = bus.execute({std::move(type), std::move(payload), std::move(actor)});
        if (!outcome)
            return outcome.error();
        return {};
    };
    if (auto r = run("staff.create", {{"username", "owner"}, {"display_name", "Clinic Owner"},
                                      {"role", "owner"}}, "");
        !r)
        return r.error();
    ++summary.staff;

    std::vector<Command> setup;
    setup.push_back({"settings.update",
                     {{"name", "Fascia Demo Clinic"},
                      {"time_zone", "Europe/London"},
                      {"currency", "GBP"},
                      {"address", "12 Harbour Street\nBristol BS1 4RN"},
                      {"opening_hours", {{"mon", {"09:00", "19:00"}}, {"tue", {"09:00", "19:00"}},
                                         {"wed", {"09:00", "19:00"}}, {"thu", {"09:00", "20:00"}},
                                         {"fri", {"09:00", "17:00"}}, {"sat", {"09:00", "13:00"}},
                                         {"sun", nullptr}}}},
                     "owner"});
    for (const auto& s : demo_staff)
        setup.push_back({"staff.create",
                         {{"username", s.username}, {"display_name", s.display_name}, {"role", s.role}},
                         "owner"});
    for (const auto& s : demo_services)
        setup.push_back({"services.upsert",
                         {{"name", s.name}, {"modality", s.modality}, {"duration_minutes", s.minutes},
                          {"price", s.price}},
                         "owner"});
    std::vector<Command> passwords;
    for (const char* username : {"owner", "frontdesk", "priya", "tom", "aroha", "liam"}) {
        auto hash = hash_password(demo_password);
        if (!hash)
            return hash.error();
        passwords.push_back({"staff.set_password", {{"username", username}, {"password_hash", *hash}}, "owner"});
    }
    std::move(passwords.begin(), passwords.end(), std::back_inserter(setup));
    if (auto r = bus.execute_all(std::move(setup)); !r)
        return r.error();
    summary.staff += static_cast<int>(demo_staff.size());
    summary.services = static_cast<int>(demo_services.size());

    // Clients go in batches: one transaction per thousand keeps 100,000 under a minute.
    std::mt19937 rng(options.seed);
    const bool standard = options.clients <= static_cast<int>(demo_clients.size());
    std::uniform_int_distribution<std::size_t> pick(0, demo_first_names.size() - 1);
    std::vector<Command> batch;
    for (int i = 0; i < options.clients; ++i) {
        const char* first = standard ? demo_clients[i].first : demo_first_names[pick(rng)];
        const char* last = standard ? demo_clients[i].last : demo_last_names[pick(rng)];
        batch.push_back({"clients.create", client_payload(rng, first, last, i, !standard), "frontdesk"});
        if (batch.size() == 1000 || i + 1 == options.clients) {
            if (auto r = bus.execute_all(std::move(batch)); !r)
                return r.error();
            batch.clear();
        }
    }
    summary.clients = options.clients;

    for (const auto& step : clinic.extensions().demo_steps) {
        try {
            if (auto r = step.run(clinic, options); !r)
                return Error{r.error().kind, step.contributed_by + " demo data: " + r.error().message, {}};
        } catch (const std::exception& e) {
            return internal_error(step.contributed_by + " demo data failed: " + e.what());
        }
    }
    return summary;
}

} // namespace fascia
