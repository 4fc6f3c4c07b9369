#pragma once
// Vetting records and the clinic's rules as stored: reads here, writes only
// from inside a command (commands.cpp). Lookups that fail on bad input throw
// fascia::Failure (invalid_input naming the field), like fascia::Payload.
#include "rules.h"

#include <fascia/clock.h>
#include <fascia/database.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fascia::vetting {

/// The clinic's current rules: kinds, privileges, CPD numbers, warnings.
Rules load_rules(Database& db);

/// A staff member with the therapist role, by username or staff id.
std::optional<Therapist> find_therapist(Database& db, std::string_view username_or_id);
/// As find_therapist, but an unknown name or a staff member who is not a
/// therapist is bad input naming `field`.
Therapist require_therapist(Database& db, std::string_view username_or_id,
                            std::string_view field = "therapist");
/// Every therapist on the staff, by username.
std::vector<Therapist> list_therapists(Database& db, bool include_inactive);

/// Everything vetting holds on a therapist, withdrawn entries left out.
Record load_record(Database& db, const Therapist& therapist);

/// Refuses (invalid_input naming `field`) a modality the clinic does not know.
void require_modality(std::string_view modality, std::string_view field = "modality");

/// The clinic's calendar date at an instant, in its time zone.
Date clinic_today(Database& db, Instant now);

/// A concern about a therapist (owners and admins read these).
struct Concern {
    std::string id;
    std::string concern;
    std::string raised_on;
    std::string recorded_by;
    std::string recorded_at;
    std::optional<std::string> resolved_at;
    std::optional<std::string> resolved_by;
    std::optional<std::string> resolution;
};
std::vector<Concern> load_concerns(Database& db, std::string_view therapist_id);

/// The tables an entry may be withdrawn from, with the record type the audit log names.
struct WithdrawableTable {
    const char* table;
    const char* record_type;
    const char* what; ///< for messages: "credential"
};
const std::vector<WithdrawableTable>& withdrawable_tables();

/// One integer clinic setting, or `fallback` when unset or unreadable.
std::int64_t integer_setting(Database& db, std::string_view key, std::int64_t fallback);

} // namespace fascia::vetting
