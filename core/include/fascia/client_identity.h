#pragma once
/// Who a client is, for the duplicate checks of clients.create and the import
/// (issue 12): names compare the way search folds them, so "zoe SMITH" born
/// 1968-03-19 is the Zoë Smith born that day, not a second client.
#include <fascia/database.h>
#include <fascia/export.h>

#include <optional>
#include <string>
#include <string_view>

namespace fascia {

/// A name folded for comparison: lower case, Latin-1 accents dropped,
/// apostrophes and hyphens dropped ("Zoë" -> "zoe", "O'Brien" -> "obrien").
FASCIA_CORE_EXPORT std::string name_key(std::string_view name);

/// The id of a client (not merged away) with these names, folded, and this
/// date of birth (YYYY-MM-DD); nullopt when there is none.
FASCIA_CORE_EXPORT std::optional<std::string> client_with_name_and_birth(Database& db, std::string_view first_name,
                                                                         std::string_view last_name,
                                                                         const std::string& date_of_birth);

/// What is wrong with a name a person gave, or nullopt: a name holds no control
/// characters (a line break or a bell from a spreadsheet cell would print
/// across lines on every list and receipt). `field` names it in the message.
FASCIA_CORE_EXPORT std::optional<std::string> name_problem(std::string_view field, std::string_view name);

} // namespace fascia
