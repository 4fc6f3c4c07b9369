#pragma once
// Dates, times and money as the clinic writes them (English (UK) first).
#include <fascia/clock.h>
#include <fascia/money.h>

#include <QLocale>
#include <QString>

#include <string>
#include <string_view>

namespace fascia::desk {

/// The clinic's locale for dates and numbers.
QLocale clinic_locale();
/// "£75.00": the currency's symbol and its exact minor units (never a double).
QString format_money(const Money& amount);
/// "22/11/2026" from "2026-11-22"; the text unchanged when it is not a date.
QString format_date(std::string_view iso_date);
/// "22/11/2026 09:30" in the clinic's time zone.
QString format_instant(Instant at, std::string_view time_zone);

inline QString qs(std::string_view text) { return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size())); }
inline std::string ss(const QString& text) { return text.toStdString(); }

} // namespace fascia::desk
