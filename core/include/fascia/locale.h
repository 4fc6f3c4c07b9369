#pragma once
/// The clinic's country and what it decides: how phone numbers are read and
/// shown, which order dates are written in, and jurisdiction defaults.
#include <fascia/database.h>
#include <fascia/error.h>
#include <fascia/export.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace fascia {

/// The clinic_settings key holding the country ("GB"); absent on clinics made
/// before it existed, whose country is then derived from the time zone.
inline constexpr std::string_view country_setting = "country";

/// The order a clinic writes the parts of a date in.
enum class DateOrder {
    dmy, ///< 05/04/1980 is 5 April (GB, AU, NZ, IE and most of the world)
    mdy, ///< 05/04/1980 is 4 May (US and its territories, CA, PH)
    ymd, ///< 1980/04/05 (CN, JP, KR, TW, HU, LT)
};

/// "dmy", "mdy" or "ymd".
FASCIA_CORE_EXPORT std::string_view to_string(DateOrder order);
/// Parses "dmy", "mdy" or "ymd"; nullopt otherwise.
FASCIA_CORE_EXPORT std::optional<DateOrder> parse_date_order(std::string_view text);
/// The date order a country writes in (ISO 3166-1 alpha-2, upper case).
FASCIA_CORE_EXPORT DateOrder date_order_for(std::string_view country);

/// True for a two-letter region libphonenumber knows ("GB", "AU"; not "UK", not "XX").
FASCIA_CORE_EXPORT bool is_known_country(std::string_view country);
/// The country a time zone belongs to, from tzdata's zone1970.tab/zone.tab
/// ("Australia/Sydney" is AU, "Europe/London" GB); nullopt for zones such as "UTC".
FASCIA_CORE_EXPORT std::optional<std::string> country_of_time_zone(std::string_view zone);
/// The clinic's country: the `country` setting, else derived from its time zone, else GB.
FASCIA_CORE_EXPORT std::string clinic_country(Database& db);

/// A phone number as the clinic stores it.
struct PhoneNumber {
    std::string typed;    ///< what the person wrote, trimmed ("07700 900123")
    std::string e164;     ///< "+447700900123" (ITU-T E.164)
    std::string national; ///< "07700 900123": how the clinic's country writes it
};

/// Reads a phone number written in any usual way (national, international, with
/// spaces, dashes, dots or brackets) for a clinic in `country`. Errors are
/// invalid_input naming the field "phone" and why ("too short for a GB number").
/// Accepted: numbers libphonenumber knows as valid, and the fictional ranges
/// regulators keep for drama and examples (Ofcom: 07700 900xxx, 01632 960xxx).
FASCIA_CORE_EXPORT Result<PhoneNumber> parse_phone(std::string_view typed, std::string_view country);
/// An E.164 number written the way the clinic's country writes it: national
/// format at home ("07700 900123"), international format otherwise
/// ("+61 412 345 678"). Returns e164 unchanged if it cannot be read.
FASCIA_CORE_EXPORT std::string format_phone(std::string_view e164, std::string_view country);
/// For search: the E.164 form a partly or fully typed number starts with
/// ("07700 900" at a GB clinic is "+447700900"; "+44 (0)7700 9", "+44 07700 9" and
/// "＋44 7700 9" are "+4477009"), or nullopt when it has no digits.
FASCIA_CORE_EXPORT std::optional<std::string> phone_search_prefix(std::string_view typed,
                                                                 std::string_view country);
/// "+44 (0) 7701 900111" as "+44  7701 900111": the trunk digit some people write,
/// in brackets, inside an international number (it is not dialled from abroad).
/// Other text is returned unchanged.
FASCIA_CORE_EXPORT std::string without_bracketed_trunk(std::string_view typed);
/// What a person typed with the look-alikes a word processor, a web page or a phone
/// keyboard puts in made plain: dashes (hyphen, non-breaking hyphen, figure, en and em
/// dash, minus sign) become '-', no-break and other wide spaces ' ', and full-width
/// forms ("＋４４", "（０）") their ASCII character. Anything else is left as it was.
/// For what is read as codes and digits (voucher codes, phone numbers), not for names.
FASCIA_CORE_EXPORT std::string plain_ascii(std::string_view typed);
/// Typed text as stored: surrounding white space removed (names, emails, phones).
/// Emails are then compared case-insensitively (lower-cased ASCII) wherever two are matched.
FASCIA_CORE_EXPORT std::string trim_space(std::string_view typed);

/// Reads a calendar date written in `order` with '/', '-', '.' or ' ' between
/// the parts; ISO 8601 (1980-04-05) is always accepted. A two-digit year, a
/// spreadsheet's serial number or a date that does not exist is an error
/// naming what was wrong ("31/02/1980: February has no day 31") — never a guess.
FASCIA_CORE_EXPORT Result<std::chrono::year_month_day> parse_date_in_order(std::string_view text,
                                                                           DateOrder order);
/// A date written the clinic's way: "05/04/1980" (dmy), "04/05/1980" (mdy), "1980-04-05" (ymd).
FASCIA_CORE_EXPORT std::string format_date_in_order(const std::chrono::year_month_day& date,
                                                    DateOrder order);

} // namespace fascia
