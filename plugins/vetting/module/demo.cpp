// Demo vetting files, relative to the demo clock, so the demo clinic always
// shows the same picture: Priya, Tom and Aroha approved (Priya and Aroha hold
// dry-needling certificates, Aroha a prenatal one); Tom's insurance runs out
// in 18 days; Aroha's CPD falls short next month as old hours age out; Liam
// holds a prenatal certificate but is pending his second reference, and the
// owner has an open concern about him.
#include "contributions.h"
#include "records.h"

#include <boost/json.hpp>

#include <algorithm>

namespace fascia::vetting {

namespace json = boost::json;

namespace {

struct CredentialSeed {
    const char* kind;
    const char* number;
    const char* issuer;
    int issued_days_ago;
    std::optional<int> expires_days_ahead;
};

struct CoverSeed {
    const char* who; ///< body or insurer
    const char* number;
    int from_days_ago;
    int expires_days_ahead;
};

struct CpdSeed {
    const char* hours;
    int days_ago;
    const char* topic;
    const char* provider;
};

struct TherapistSeed {
    const char* username;
    std::vector<CredentialSeed> credentials;
    CoverSeed registration;
    CoverSeed insurance;
    const char* cover;
    std::vector<CpdSeed> cpd;
    int checked_days_ago;
    std::vector<const char*> referees;
    const char* concern = nullptr;
};

std::vector<TherapistSeed> seeds()
{
    return {
        {"priya",
         {{"clinical_myotherapist", "BHSc-20417", "Victoria University", 2900, std::nullopt},
          {"dry_needling_certificate", "DN-5521", "Dry Needling Academy", 680, 52}},
         {"GCMT", "GCMT-10482", 320, 210},
         {"Balens", "BL-448812", 70, 295},
         "6000000",
         {{"12", 40, "Neuropathic pain: assessment and referral", "Myotherapy Association"},
          {"8", 150, "Dry needling refresher and safety", "Dry Needling Academy"},
          {"10", 260, "Clinical reasoning for sciatica", "Myotherapy Association"},
          {"6", 330, "Pain science for manual therapists", "Pain Education UK"}},
         400,
         {"Dr Helen Ward, Northside Physio (phone reference)", "Sam Okafor, City Sports Massage (written)"}},
        {"tom",
         {{"remedial_massage_therapist", "DipRM-7731", "London School of Massage", 2200, std::nullopt}},
         {"CNHC", "CNHC-88213", 200, 165},
         {"Holistic Insurance Services", "HIS-20931", 347, 18},
         "3000000",
         {{"15", 90, "Deep tissue techniques for the lumbar spine", "London School of Massage"},
          {"10", 200, "Neuropathic pain", "Myotherapy Association"},
          {"6", 300, "First aid at work", "St John Ambulance"}},
         700,
         {"Priya Raman (worked together 2021-2023)", "Jo Whitfield, Thames Valley Clinic (written)"}},
        {"aroha",
         {{"remedial_massage_therapist", "DipRM-6120", "Northern College of Massage", 3000, std::nullopt},
          {"prenatal_certificate", "PN-2207", "Bodywork for Mothers", 900, std::nullopt},
          {"dry_needling_certificate", "DN-4410", "Dry Needling Academy", 500, 600}},
         {"GCMT", "GCMT-09311", 100, 265},
         {"Balens", "BL-502231", 150, 215},
         "6000000",
         {{"12", 30, "Prenatal massage: positioning and contraindications", "Bodywork for Mothers"},
          {"10", 180, "Myofascial release of the hip", "Myotherapy Association"},
          {"10", 340, "Neuropathic pain and nerve mobilisation", "Myotherapy Association"}},
         1100,
         {"Dr Mere Parata, Wellington Sports Clinic (written)", "Ben Hale, Harbour Physio (phone)"}},
        {"liam",
         {{"clinical_massage_level5", "L5CM-3390", "ITEC", 420, std::nullopt},
          {"prenatal_certificate", "PN-3011", "Bodywork for Mothers", 200, std::nullopt}},
         {"GCMT", "GCMT-11873", 60, 305},
         {"Balens", "BL-611902", 60, 305},
         "3000000",
         {{"16", 120, "Neuromuscular techniques (Level 5 top-up)", "ITEC"},
          {"14", 45, "Neuropathic pain", "Myotherapy Association"}},
         62,
         {"Maria Lopes, Harbourside Spa (phone)"},
         "At the open day told a prospective client that massage would \"cure sciatica for good\"; talk "
         "through the clinic's policy on claims before he takes sciatica clients"},
    };
}

/// How far back a scaled demo's files reach: the history its schedule plays
/// out (two years of courses, from three months ago back) and a margin.
constexpr int scaled_history_days = 930;

/// A scaled demo's earlier file for one therapist: the registration and
/// policy before the current ones (ending the day before they begin), 12 hours
/// of CPD every 120 days before the seeds' oldest (36 hours in any 12 months),
/// and the first identity and document checks, all from scaled_history_days ago
/// (the references, checked once each, are dated then by the caller).
template <class Ago, class Add>
void add_history(const TherapistSeed& s, const std::string& who, const Ago& ago, const Add& add)
{
    const int from = scaled_history_days;
    if (s.registration.from_days_ago < from)
        add("vetting.add_registration", {{"therapist", who},
                                         {"body", s.registration.who},
                                         {"number", s.registration.number},
                                         {"issued", ago(from)},
                                         {"expires", ago(s.registration.from_days_ago + 1)}});
    if (s.insurance.from_days_ago < from)
        add("vetting.add_insurance", {{"therapist", who},
                                      {"insurer", s.insurance.who},
                                      {"policy", std::string(s.insurance.number) + "-P"},
                                      {"cover", s.cover},
                                      {"issued", ago(from)},
                                      {"expires", ago(s.insurance.from_days_ago + 1)}});
    int oldest = 0;
    for (const auto& e : s.cpd)
        oldest = std::max(oldest, e.days_ago);
    for (int d = oldest + 120; d <= from + 365; d += 120)
        add("vetting.add_cpd", {{"therapist", who},
                                {"hours", "12"},
                                {"on", ago(d)},
                                {"topic", "Clinical update day"},
                                {"provider", "Myotherapy Association"}});
    if (s.checked_days_ago < from) {
        add("vetting.record_check", {{"therapist", who}, {"item", "identity"}, {"on", ago(from)},
                                     {"note", "Passport sighted on joining"}});
        add("vetting.record_check", {{"therapist", who}, {"item", "documents"}, {"on", ago(from)},
                                     {"note", "Original certificates sighted on joining"}});
    }
}

} // namespace

Result<void> add_demo_vetting(Clinic& clinic, const DemoOptions& options)
{
    // `fascia demo --scale N` beyond the standard clients adds years of booking
    // history; the therapists must have been in good standing then too, so each
    // file gains the registration, insurance, CPD and checks that came before.
    const bool scaled = options.clients > DemoOptions{}.clients;
    auto& db = clinic.db();
    const Date today = clinic_today(db, clinic.clock().now());
    const auto ago = [&](int n) { return format_date(add_days(today, -n)); };
    const auto ahead = [&](int n) { return format_date(add_days(today, n)); };
    const std::string owner = "owner";

    std::vector<Command> commands;
    const auto add = [&](const char* type, json::object payload) {
        commands.push_back({type, std::move(payload), owner});
    };
    for (const auto& s : seeds()) {
        if (!find_therapist(db, s.username))
            continue; // a clinic without this demo therapist
        const std::string who = s.username;
        for (const auto& c : s.credentials) {
            json::object p{{"therapist", who},     {"kind", c.kind},
                           {"number", c.number},   {"issuer", c.issuer},
                           {"issued", ago(c.issued_days_ago)},
                           {"document", std::string("Staff files/") + s.username + "/" + c.number + ".pdf"}};
            if (c.expires_days_ahead)
                p["expires"] = ahead(*c.expires_days_ahead);
            add("vetting.add_credential", std::move(p));
        }
        add("vetting.add_registration", {{"therapist", who},
                                         {"body", s.registration.who},
                                         {"number", s.registration.number},
                                         {"issued", ago(s.registration.from_days_ago)},
                                         {"expires", ahead(s.registration.expires_days_ahead)}});
        add("vetting.add_insurance", {{"therapist", who},
                                      {"insurer", s.insurance.who},
                                      {"policy", s.insurance.number},
                                      {"cover", s.cover},
                                      {"issued", ago(s.insurance.from_days_ago)},
                                      {"expires", ahead(s.insurance.expires_days_ahead)}});
        for (const auto& e : s.cpd)
            add("vetting.add_cpd", {{"therapist", who},
                                    {"hours", e.hours},
                                    {"on", ago(e.days_ago)},
                                    {"topic", e.topic},
                                    {"provider", e.provider}});
        add("vetting.record_check", {{"therapist", who},
                                     {"item", "identity"},
                                     {"on", ago(s.checked_days_ago)},
                                     {"note", "Passport sighted"}});
        add("vetting.record_check", {{"therapist", who},
                                     {"item", "documents"},
                                     {"on", ago(s.checked_days_ago)},
                                     {"note", "Original certificates sighted and copied"}});
        // A referee is checked once: in a scaled demo, before the history begins.
        const int references_on = scaled ? std::max(s.checked_days_ago, scaled_history_days) : s.checked_days_ago;
        for (std::size_t i = 0; i < s.referees.size(); ++i)
            add("vetting.record_check", {{"therapist", who},
                                         {"item", "reference"},
                                         {"on", ago(references_on - 4 - static_cast<int>(i))},
                                         {"note", s.referees[i]}});
        if (scaled)
            add_history(s, who, ago, add);
        if (s.concern)
            add("vetting.record_concern", {{"therapist", who}, {"concern", s.concern}, {"on", ago(20)}});
    }
    if (commands.empty())
        return {};
    if (auto r = clinic.bus().execute_all(std::move(commands)); !r)
        return r.error();
    return {};
}

} // namespace fascia::vetting
