// A report as text columns, RFC 4180 CSV, JSON and the HTML fascia::pdf prints.
// Every format writes the same cells; only the spelling differs.
#include "contributions.h"

#include <fascia/pdf.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace fascia::reporting {

namespace json = boost::json;

namespace {

std::string fixed(double v, int decimals)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

/// A cell for CSV: numbers with a fixed number of decimals (a rate 4, hours and
/// means 2), so a spreadsheet reads them the same whatever the figure.
std::string csv_cell(const json::value& v, Kind kind)
{
    if (v.is_string())
        return std::string(v.as_string());
    if (v.is_int64())
        return std::to_string(v.as_int64());
    if (v.is_double())
        return fixed(v.as_double(), kind == Kind::rate ? 4 : 2);
    if (v.is_null())
        return "";
    return json::serialize(v);
}

/// A cell for people: a rate as a percentage with one decimal.
std::string shown(const json::value& v, Kind kind)
{
    if (v.is_double() && kind == Kind::rate)
        return fixed(v.as_double() * 100, 1) + "%";
    return csv_cell(v, kind);
}

std::string period_line(const Report& r)
{
    std::string s = r.from + " to " + r.to + " (" + r.time_zone + ")";
    if (r.therapist)
        s += ", therapist " + *r.therapist;
    return s;
}

/// " Money in GBP." when a table has money in it.
std::string money_note(const Report& r)
{
    for (const auto& t : r.tables)
        for (const auto& c : t.columns)
            if (c.kind == Kind::money)
                return " Money in " + r.currency + ".";
    return "";
}

/// A quoted CSV field when it needs quoting (RFC 4180, section 2, rules 6 and 7).
std::string csv_field(const std::string& text)
{
    if (text.find_first_of(",\"\r\n") == std::string::npos)
        return text;
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + '"';
}

} // namespace

const std::vector<std::string>& report_names()
{
    static const std::vector<std::string> names{"revenue", "attendance", "utilisation", "vouchers",
                                                "compliance", "courses",    "outcomes"};
    return names;
}

std::string to_csv(const Table& table)
{
    std::string out;
    const auto line = [&](const std::vector<std::string>& fields) {
        for (std::size_t i = 0; i < fields.size(); ++i)
            out += (i ? "," : "") + csv_field(fields[i]);
        out += "\r\n";
    };
    std::vector<std::string> fields;
    for (const auto& c : table.columns)
        fields.push_back(c.key);
    line(fields);
    for (const auto& row : table.rows) {
        fields.clear();
        for (std::size_t i = 0; i < row.size(); ++i)
            fields.push_back(csv_cell(row[i], table.columns[i].kind));
        line(fields);
    }
    return out;
}

json::object to_json(const Report& r)
{
    json::array tables;
    for (const auto& t : r.tables) {
        json::array columns, rows;
        for (const auto& c : t.columns)
            columns.push_back(json::object{{"key", c.key}, {"label", c.label}});
        for (const auto& row : t.rows) {
            json::object o;
            for (std::size_t i = 0; i < row.size(); ++i)
                o[t.columns[i].key] = row[i];
            rows.push_back(std::move(o));
        }
        tables.push_back(json::object{{"key", t.key}, {"title", t.title}, {"columns", std::move(columns)},
                                      {"rows", std::move(rows)}});
    }
    return {{"report", r.name},
            {"title", r.title},
            {"clinic", r.clinic},
            {"from", r.from},
            {"to", r.to},
            {"by", r.by},
            {"time_zone", r.time_zone},
            {"currency", r.currency},
            {"therapist", r.therapist ? json::value(*r.therapist) : json::value(nullptr)},
            {"tables", std::move(tables)}};
}

std::string to_text(const Report& r)
{
    std::ostringstream out;
    out << r.title << ": " << r.clinic << ", " << period_line(r) << "." << money_note(r) << "\n";
    for (const auto& t : r.tables) {
        out << '\n' << t.title << '\n';
        std::vector<std::size_t> width;
        for (const auto& c : t.columns)
            width.push_back(c.label.size());
        for (const auto& row : t.rows)
            for (std::size_t i = 0; i < row.size(); ++i)
                width[i] = std::max(width[i], shown(row[i], t.columns[i].kind).size());
        const auto line = [&](const std::vector<std::string>& cells) {
            std::string s;
            for (std::size_t i = 0; i < cells.size(); ++i) {
                // Text left, figures right: columns of numbers line up on their last digit.
                const auto pad = std::string(width[i] - cells[i].size(), ' ');
                s += (i ? "  " : "") + (t.columns[i].kind == Kind::text ? cells[i] + pad : pad + cells[i]);
            }
            while (!s.empty() && s.back() == ' ')
                s.pop_back();
            out << s << '\n';
        };
        std::vector<std::string> cells;
        for (const auto& c : t.columns)
            cells.push_back(c.label);
        line(cells);
        if (t.rows.empty())
            out << "(none)\n";
        for (const auto& row : t.rows) {
            cells.clear();
            for (std::size_t i = 0; i < row.size(); ++i)
                cells.push_back(shown(row[i], t.columns[i].kind));
            line(cells);
        }
    }
    return out.str();
}

std::string to_html(const Report& r)
{
    std::ostringstream out;
    out << "<h1>" << pdf::escape(r.clinic) << "</h1><h2>" << pdf::escape(r.title) << "</h2><p>"
        << pdf::escape(period_line(r) + "." + money_note(r)) << "</p>";
    for (const auto& t : r.tables) {
        out << "<h3>" << pdf::escape(t.title) << "</h3><table style=\"font-size: 8pt\" cellpadding=\"3\" border=\"1\" cellspacing=\"0\"><tr>";
        // Every cell unbroken, and long text a word a line: Qt's table layout otherwise
        // splits words and figures anywhere ("Reassessme/nts", "150.0/0") in narrow columns.
        const auto words_on_lines = [](const std::string& text, std::size_t longer_than) {
            auto html = pdf::escape(text);
            for (std::size_t at = 0; text.size() > longer_than && (at = html.find(' ', at)) != std::string::npos;)
                html.replace(at, 1, "<br/>");
            return html;
        };
        for (const auto& c : t.columns)
            out << "<th style=\"white-space: nowrap\">" << words_on_lines(c.label, 12) << "</th>";
        // The bar: the rate column as a share of 100 %, else the first money column
        // against the table's largest, drawn as a coloured cell of that width. A table
        // of several rates (the busiest hours' grid) has no one figure to draw.
        std::optional<std::size_t> bar;
        const auto rates = std::count_if(t.columns.begin(), t.columns.end(),
                                         [](const Column& c) { return c.kind == Kind::rate; });
        for (std::size_t i = 0; i < t.columns.size() && !bar && rates == 1; ++i)
            if (t.columns[i].kind == Kind::rate)
                bar = i;
        for (std::size_t i = 0; i < t.columns.size() && !bar && rates == 0; ++i)
            if (t.columns[i].kind == Kind::money)
                bar = i;
        double largest = 0;
        const auto value = [&](const json::value& v) {
            if (v.is_double())
                return v.as_double();
            if (v.is_string() && t.columns[*bar].kind == Kind::money)
                return std::atof(std::string(v.as_string()).c_str());
            return 0.0;
        };
        if (bar) {
            out << "<th></th>"; // beside the column it draws: its label again would only repeat it
            for (const auto& row : t.rows)
                largest = std::max(largest, value(row[*bar]));
            if (t.columns[*bar].kind == Kind::rate)
                largest = 1;
        }
        out << "</tr>";
        for (const auto& row : t.rows) {
            out << "<tr>";
            for (std::size_t i = 0; i < row.size(); ++i)
                out << "<td style=\"white-space: nowrap\"" << (t.columns[i].kind == Kind::text ? ">" : " align=\"right\">")
                    << words_on_lines(shown(row[i], t.columns[i].kind), 20) << "</td>";
            if (bar) {
                const int width = largest > 0 ? static_cast<int>(60 * value(row[*bar]) / largest) : 0;
                out << "<td><table cellspacing=\"0\" cellpadding=\"0\"><tr><td width=\"" << std::max(width, 1)
                    << "\" bgcolor=\"" << (width > 0 ? "#4a7ab5" : "#ffffff") << "\">&nbsp;</td></tr></table></td>";
            }
            out << "</tr>";
        }
        out << "</table>";
        if (t.rows.empty())
            out << "<p>(none)</p>";
    }
    return out.str();
}

} // namespace fascia::reporting
