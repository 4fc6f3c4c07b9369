#pragma once
// Dates, times and money as the clinic writes them (English (UK) first).
#include <fascia/clients.h>
#include <fascia/clock.h>
#include <fascia/locale.h>
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
/// The date in the clinic's order: "05/04/1980" (dmy) or "04/05/1980" (mdy) from "1980-04-05".
QString format_date(std::string_view iso_date, DateOrder order);
/// The client's phone as the clinic's country writes it ("07700 900123"), else as typed.
QString format_client_phone(const Client& client, std::string_view country);
/// "22/11/2026 09:30" in the clinic's time zone.
QString format_instant(Instant at, std::string_view time_zone);

inline QString qs(std::string_view text) { return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size())); }
inline std::string ss(const QString& text) { return text.toStdString(); }

} // namespace fascia::desk
