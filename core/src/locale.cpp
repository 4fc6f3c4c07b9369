#include <fascia/locale.h>

#include <fascia/clock.h>

#include <phonenumbers/phonenumberutil.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <map>
#include <mutex>
#include <cstdio>
#include <set>
#include <sstream>
#include <vector>

namespace fascia {

namespace {

using i18n::phonenumbers::PhoneNumberUtil;

const PhoneNumberUtil& phone_util()
{
    return *PhoneNumberUtil::GetInstance();
}

std::string upper(std::string_view s)
{
    std::string out(s);
    for (auto& c : out)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

/// Ranges regulators keep for drama and examples, which libphonenumber does not
/// count as valid: Ofcom, "Telephone numbers for drama purposes".
bool fictional(std::string_view e164)
{
    static constexpr std::array<std::string_view, 2> prefixes{"+447700900", "+441632960"};
    return std::any_of(prefixes.begin(), prefixes.end(),
                       [&](std::string_view p) { return e164.size() == 13 && e164.starts_with(p); });
}

std::string why_not_possible(PhoneNumberUtil::ValidationResult r, std::string_view country)
{
    switch (r) {
    case PhoneNumberUtil::TOO_SHORT:
        return "too short for a " + std::string(country) + " number";
    case PhoneNumberUtil::TOO_LONG:
        return "too long for a " + std::string(country) + " number";
    case PhoneNumberUtil::INVALID_COUNTRY_CODE:
        return "the country code is not one that exists";
    default:
        return "not a number in use in " + std::string(country)
               + " (check the digits, or write it with + and the country code)";
    }
}

/// A parsed number as `country` writes it: national at home, international otherwise.
std::string written(const i18n::phonenumbers::PhoneNumber& number, std::string_view e164, std::string_view country)
{
    const auto& util = phone_util();
    std::string region, out;
    util.GetRegionCodeForNumber(number, &region);
    if ((region.empty() || region == "ZZ") && fictional(e164))
        util.GetRegionCodeForCountryCode(number.country_code(), &region);
    util.Format(number, region == country ? PhoneNumberUtil::NATIONAL : PhoneNumberUtil::INTERNATIONAL, &out);
    return out;
}

/// The tzdata tables that map zones to countries, newest first.
std::optional<std::string> country_in_table(const char* path, std::string_view zone)
{
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        std::istringstream fields(line);
        std::string codes, coordinates, name;
        if (!(fields >> codes >> coordinates >> name) || name != zone)
            continue;
        // zone1970.tab lists every country sharing a zone ("AU,AQ"); the first is its home.
        return codes.substr(0, codes.find(','));
    }
    return std::nullopt;
}

bool all_digits(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// The digits of an international number ("447700...": country code first) without a
/// trunk "0" written after the country code ("4407700..." is "447700...").
std::string without_trunk_after_country_code(std::string digits)
{
    const auto& util = phone_util();
    // Country codes are prefix-free, one to three digits: the first that names a region is it.
    for (std::size_t length = 1; length <= 3 && length < digits.size(); ++length) {
        std::string region;
        util.GetRegionCodeForCountryCode(std::stoi(digits.substr(0, length)), &region);
        if (region.empty() || region == "ZZ")
            continue;
        // Only a trunk "0" (GB, AU, NZ, IE...), the one people write there: Russia's
        // "8" also begins numbers of its own (+7 800).
        std::string trunk;
        util.GetNddPrefixForRegion(region, true, &trunk);
        if (trunk == "0" && digits[length] == '0')
            digits.erase(length, 1);
        break;
    }
    return digits;
}

/// The digits of `text`.
std::string digits_of(std::string_view text)
{
    std::string digits;
    for (char c : text)
        if (c >= '0' && c <= '9')
            digits += c;
    return digits;
}

} // namespace

std::string_view to_string(DateOrder order)
{
    switch (order) {
    case DateOrder::mdy:
        return "mdy";
    case DateOrder::ymd:
        return "ymd";
    case DateOrder::dmy:
        break;
    }
    return "dmy";
}

std::optional<DateOrder> parse_date_order(std::string_view text)
{
    for (auto o : {DateOrder::dmy, DateOrder::mdy, DateOrder::ymd})
        if (text == to_string(o))
            return o;
    return std::nullopt;
}

DateOrder date_order_for(std::string_view country)
{
    // Month first: the United States and the territories that follow its usage,
    // English-speaking Canada and the Philippines. Year first: East Asia, Hungary, Lithuania.
    static constexpr std::array<std::string_view, 10> mdy{"US", "AS", "GU", "MP", "PR", "VI", "UM",
                                                          "CA", "PH", "FM"};
    static constexpr std::array<std::string_view, 6> ymd{"CN", "JP", "KR", "TW", "HU", "LT"};
    if (std::find(mdy.begin(), mdy.end(), country) != mdy.end())
        return DateOrder::mdy;
    if (std::find(ymd.begin(), ymd.end(), country) != ymd.end())
        return DateOrder::ymd;
    return DateOrder::dmy;
}

bool is_known_country(std::string_view country)
{
    std::set<std::string> regions;
    phone_util().GetSupportedRegions(&regions);
    return country.size() == 2 && regions.count(upper(country)) > 0;
}

std::optional<std::string> country_of_time_zone(std::string_view zone)
{
    // Read once per zone: tzdata's tables do not change while Fascia runs, and
    // every clients.create asks (through clinic_country) when no country is set.
    static std::mutex mutex;
    static std::map<std::string, std::optional<std::string>, std::less<>> known;
    const std::lock_guard lock(mutex);
    if (const auto it = known.find(zone); it != known.end())
        return it->second;
    std::optional<std::string> country;
    for (const char* table : {"/usr/share/zoneinfo/zone.tab", "/usr/share/zoneinfo/zone1970.tab"})
        if ((country = country_in_table(table, zone)))
            break;
    known.emplace(std::string(zone), country);
    return country;
}

std::string clinic_country(Database& db)
{
    auto q = db.query("SELECT key, value FROM clinic_settings WHERE key IN ('country', 'time_zone')"
                      " ORDER BY key");
    std::string country, zone;
    while (q.step())
        (q.text(0) == "country" ? country : zone) = q.text(1);
    if (!country.empty())
        return country;
    return country_of_time_zone(zone).value_or("GB");
}

Result<PhoneNumber> parse_phone(std::string_view typed, std::string_view country)
{
    PhoneNumber out;
    out.typed = trim_space(typed);
    const auto& util = phone_util();
    const auto bad = [&](const std::string& why) {
        return invalid("phone: '" + out.typed + "' " + why, "phone");
    };
    // A spreadsheet that took a number for a quantity writes it as 4.47701E+11:
    // the last digits are gone, so it cannot be read back.
    if (out.typed.find_first_of("eE") != std::string::npos && out.typed.find('.') != std::string::npos
        && out.typed.find('@') == std::string::npos)
        return bad("was turned into scientific notation by a spreadsheet and lost its last digits; "
                   "export the column as text");
    i18n::phonenumbers::PhoneNumber number;
    if (util.Parse(without_bracketed_trunk(out.typed), std::string(country), &number)
        != PhoneNumberUtil::NO_PARSING_ERROR)
        return bad("is not a phone number (digits, with spaces, dashes, dots, brackets or a leading +)");
    util.Format(number, PhoneNumberUtil::E164, &out.e164);
    if (!util.IsValidNumber(number) && !fictional(out.e164)) {
        std::string region;
        util.GetRegionCodeForCountryCode(number.country_code(), &region);
        return bad("is " + why_not_possible(util.IsPossibleNumberWithReason(number),
                                            region.empty() ? std::string(country) : region));
    }
    out.national = written(number, out.e164, country);
    return out;
}

std::string format_phone(std::string_view e164, std::string_view country)
{
    i18n::phonenumbers::PhoneNumber number;
    if (e164.empty()
        || phone_util().Parse(std::string(e164), std::string(country), &number) != PhoneNumberUtil::NO_PARSING_ERROR)
        return std::string(e164);
    return written(number, e164, country);
}

std::string without_bracketed_trunk(std::string_view typed)
{
    std::string out(typed);
    const auto plus = out.find('+');
    const auto open = out.find("(0)");
    if (plus != std::string::npos && open != std::string::npos && plus < open)
        out.replace(open, 3, " ");
    return out;
}

std::optional<std::string> phone_search_prefix(std::string_view typed_as_is, std::string_view country)
{
    const auto& util = phone_util();
    const auto typed = trim_space(without_bracketed_trunk(plain_ascii(typed_as_is)));
    auto digits = digits_of(typed);
    if (digits.empty())
        return std::nullopt;
    // A whole number, however written ("+44 07700 900123", "0044 7700 900123"): libphonenumber reads it.
    i18n::phonenumbers::PhoneNumber number;
    if (util.Parse(typed, std::string(country), &number) == PhoneNumberUtil::NO_PARSING_ERROR) {
        std::string e164;
        util.Format(number, PhoneNumberUtil::E164, &e164);
        if (util.IsValidNumber(number) || fictional(e164))
            return e164;
    }
    // The beginning of a number ("+44 07700 9", "07700 9"): libphonenumber keeps the
    // trunk prefix of what is too short to be a number, so take it off here.
    if (typed.starts_with('+'))
        return "+" + without_trunk_after_country_code(digits);
    std::string trunk;
    util.GetNddPrefixForRegion(std::string(country), true, &trunk);
    if (!trunk.empty() && digits.starts_with(trunk))
        digits.erase(0, trunk.size());
    return "+" + std::to_string(util.GetCountryCodeForRegion(std::string(country))) + digits;
}

std::string plain_ascii(std::string_view typed)
{
    std::string out;
    for (std::size_t i = 0; i < typed.size();) {
        const auto b = static_cast<unsigned char>(typed[i]);
        const std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
        if (n == 1 || i + n > typed.size()) {
            out += typed[i++];
            continue;
        }
        char32_t cp = b & (0xFF >> (n + 1));
        for (std::size_t k = 1; k < n; ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(typed[i + k]) & 0x3F);
        if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0xFE58 || cp == 0xFE63 || cp == 0xFF0D)
            out += '-';
        else if (cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x3000)
            out += ' ';
        else if (cp >= 0xFF01 && cp <= 0xFF5E) // full-width forms sit 0xFEE0 above ASCII
            out += static_cast<char>(cp - 0xFEE0);
        else
            out.append(typed.substr(i, n));
        i += n;
    }
    return out;
}

std::string trim_space(std::string_view s)
{
    const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    while (!s.empty() && space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && space(s.back()))
        s.remove_suffix(1);
    return std::string(s);
}

Result<std::chrono::year_month_day> parse_date_in_order(std::string_view text, DateOrder order)
{
    using namespace std::chrono;
    const std::string shown = trim_space(text);
    const auto bad = [&](const std::string& why) { return invalid("'" + shown + "' " + why); };
    if (shown.empty())
        return bad("is empty; give a date");
    std::vector<std::string> parts;
    std::string part;
    for (char c : shown) {
        if (c >= '0' && c <= '9') {
            part += c;
        } else if (c == '/' || c == '-' || c == '.' || c == ' ') {
            if (!part.empty())
                parts.push_back(part);
            part.clear();
        } else {
            return bad("is not a date written with digits (like "
                       + format_date_in_order(year{1980} / 4 / 5, order) + ")");
        }
    }
    if (!part.empty())
        parts.push_back(part);
    if (parts.size() == 1 && all_digits(parts[0]) && parts[0].size() <= 6)
        return bad("looks like a spreadsheet's day number, not a date; format the column as a date "
                   "before exporting");
    if (parts.size() != 3)
        return bad("is not a date of day, month and year");
    int y = 0, m = 0, d = 0;
    if (parts[0].size() == 4) { // ISO order whatever the clinic's: nobody writes a 4-digit day
        y = std::stoi(parts[0]), m = std::stoi(parts[1]), d = std::stoi(parts[2]);
    } else {
        if (parts[2].size() != 4 && order != DateOrder::ymd)
            return bad("has a two-digit year, which could be either century; write the year in full");
        if (order == DateOrder::ymd)
            return bad("is not written year first (like 1980-04-05)");
        const int a = std::stoi(parts[0]), b = std::stoi(parts[1]);
        y = std::stoi(parts[2]);
        (order == DateOrder::dmy ? d : m) = a;
        (order == DateOrder::dmy ? m : d) = b;
    }
    if (m < 1 || m > 12)
        return bad("has no month " + std::to_string(m) + " (dates are written "
                   + (order == DateOrder::dmy ? "day/month/year" : "month/day/year") + " here)");
    const year_month_day date{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
    if (!date.ok())
        return bad("is not a real date: that month has no day " + std::to_string(d));
    return date;
}

std::string format_date_in_order(const std::chrono::year_month_day& date, DateOrder order)
{
    char buf[16];
    const int y = static_cast<int>(date.year());
    const unsigned m = static_cast<unsigned>(date.month()), d = static_cast<unsigned>(date.day());
    if (order == DateOrder::ymd)
        return format_date(date);
    std::snprintf(buf, sizeof buf, "%02u/%02u/%04d", order == DateOrder::dmy ? d : m,
                  order == DateOrder::dmy ? m : d, y);
    return buf;
}

} // namespace fascia
