#pragma once
/// fascia.reporting/1: the owner's reports (docs/REPORTS.md defines every
/// figure). A report is a list of tables of cells, the same for the CLI's
/// table, CSV, JSON and PDF and for the desk. Reads only: nothing here writes,
/// and nothing throws (every call returns a Result). The interface only grows
/// at the end.
#include <fascia/database.h>
#include <fascia/error.h>
#include <fascia/roles.h>

#include <boost/config.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fascia::reporting {

/// The versioned id the service is registered under.
inline constexpr std::string_view service_id = "fascia.reporting/1";

/// The command that lets a role read reports (owner only): {"role", "granted": bool}.
inline constexpr std::string_view grant_command = "reporting.grant";

/// A group of fewer clients than this shows no share or mean ("too small to say").
inline constexpr int smallest_group = 5;
/// What a suppressed cell says instead of a figure.
inline constexpr std::string_view too_small = "too small to say";

/// What a report is asked for.
struct Request {
    std::string name;                   ///< "revenue", "attendance", "utilisation", "vouchers", "compliance", "courses", "outcomes"
    std::chrono::year_month_day from;   ///< first clinic day, inclusive
    std::chrono::year_month_day to;     ///< last clinic day, inclusive (>= from)
    std::optional<std::string> therapist; ///< a therapist's username: only their appointments
    std::string by = "month";           ///< "day", "week" (Monday first) or "month": the period rows
};

/// How a column's cells are written.
enum class Kind {
    text,  ///< a string
    count, ///< a whole number
    money, ///< a string amount in the clinic's currency with its decimals ("120.50")
    rate,  ///< a share 0–1 (a number; "too small to say" when suppressed); shown as a percentage
    hours, ///< a number of hours (two decimals)
    number ///< any other number (a mean change in points; two decimals)
};

struct Column {
    std::string key;   ///< JSON and CSV name ("no_show_rate")
    std::string label; ///< for people ("No-show rate")
    Kind kind = Kind::text;
};

/// One table of a report: a row per group, cells in column order.
struct Table {
    std::string key;   ///< "by_period", "by_therapist", ...
    std::string title; ///< "By therapist"
    std::vector<Column> columns;
    std::vector<std::vector<boost::json::value>> rows;
};

/// A report as run.
struct Report {
    std::string name;     ///< as asked
    std::string title;    ///< "Revenue"
    std::string clinic;   ///< the clinic's name
    std::string from, to; ///< YYYY-MM-DD, the clinic's days, inclusive
    std::string by;
    std::string time_zone; ///< the clinic's IANA zone the days are in
    std::string currency;  ///< ISO 4217, for money columns
    std::optional<std::string> therapist;
    std::vector<Table> tables;
};

/// Every report's name, in the order the documentation lists them.
const std::vector<std::string>& report_names();

/// As plain text columns for a terminal.
std::string to_text(const Report& report);
/// One table as RFC 4180 CSV: a header row of column keys, CRLF line ends,
/// fields with a comma, quote, CR or LF quoted and quotes doubled.
std::string to_csv(const Table& table);
/// The whole report as JSON: {"report", "clinic", "from", "to", "by", "time_zone",
/// "currency", "therapist", "tables": [{"key", "title", "columns", "rows": [{key: cell}]}]}.
boost::json::object to_json(const Report& report);
/// The report as Qt rich-text HTML for fascia::pdf::write: the clinic's name,
/// the period, each table, and a bar per row of the first rate or money column.
std::string to_html(const Report& report);

class BOOST_SYMBOL_VISIBLE ReportingService {
public:
    virtual ~ReportingService() = default;
    /// Runs one report. Errors: invalid_input naming "report" (unknown name), "to"
    /// (before from), "by", or "therapist" (no such therapist).
    virtual Result<Report> run(Database& db, const Request& request) const = 0;
    /// Whether a role reads reports: the owner always, others once the owner granted it (reporting.grant).
    virtual bool may_read(Database& db, Role role) const = 0;
};

} // namespace fascia::reporting
