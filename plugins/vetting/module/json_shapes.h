#pragma once
// The JSON the CLI prints and the service's file() returns: one definition of
// each shape, so `fascia vetting ... --json` and the desk read the same thing.
#include "records.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace fascia::vetting {

boost::json::object to_json(const Reason& r);
boost::json::array to_json(const std::vector<Reason>& reasons);
/// {"therapist_id", "therapist", "display_name", "on", "status", "reasons", "privileges",
///  "warnings", "checklist", "cpd"}
boost::json::object to_json(const Status& s);
boost::json::object to_json(const Eligibility& e);
boost::json::object to_json(const ExpiringItem& i);
/// The clinic's rules: kinds, privileges per modality, CPD numbers, warnings.
boost::json::object rules_json(const Rules& rules);
/// A therapist's whole vetting file (what `fascia vetting show --json` prints):
/// the status on `on`, credentials, registrations, insurance, CPD, checks,
/// suspensions, and (only with `with_concerns`) concerns.
boost::json::object file_json(Database& db, const Therapist& t, const Status& status, bool with_concerns);

boost::json::array strings(const std::vector<std::string>& list);
/// Hours as a JSON number: 30 or 7.5.
boost::json::value hours_json(std::int64_t hundredths);

} // namespace fascia::vetting
