#include "formatting.h"

#include <QDate>
#include <QDateTime>
#include <QTimeZone>

namespace fascia::desk {

QLocale clinic_locale()
{
    return QLocale(QLocale::English, QLocale::UnitedKingdom);
}

QString format_money(const Money& amount)
{
    QString symbol;
    if (amount.currency == "GBP")
        symbol = QStringLiteral("£");
    else if (amount.currency == "EUR")
        symbol = QStringLiteral("€");
    else if (amount.currency == "USD" || amount.currency == "AUD" || amount.currency == "NZD"
             || amount.currency == "CAD")
        symbol = QStringLiteral("$");
    else
        symbol = qs(amount.currency) + QLatin1Char(' ');
    // "6000000.00" → "6,000,000.00"; a minus sign goes before the symbol.
    QString digits = qs(amount.amount_text());
    const bool negative = digits.startsWith('-');
    if (negative)
        digits.remove(0, 1);
    const qsizetype point = digits.indexOf('.');
    for (qsizetype i = (point < 0 ? digits.size() : point) - 3; i > 0; i -= 3)
        digits.insert(i, ',');
    return (negative ? QStringLiteral("−") : QString()) + symbol + digits;
}

QString format_date(std::string_view iso_date, DateOrder order)
{
    const auto date = parse_date(iso_date);
    return date ? qs(format_date_in_order(*date, order)) : qs(iso_date);
}

QString format_client_phone(const Client& client, std::string_view country)
{
    return qs(client.phone_e164.empty() ? client.phone : format_phone(client.phone_e164, country));
}

QString format_date(std::string_view iso_date)
{
    const QDate d = QDate::fromString(qs(iso_date), Qt::ISODate);
    return d.isValid() ? clinic_locale().toString(d, QStringLiteral("dd/MM/yyyy")) : qs(iso_date);
}

QString format_instant(Instant at, std::string_view time_zone)
{
    QDateTime t = QDateTime::fromMSecsSinceEpoch(at.time_since_epoch().count(), QTimeZone::utc());
    const QTimeZone zone(QByteArray(time_zone.data(), static_cast<qsizetype>(time_zone.size())));
    if (zone.isValid())
        t = t.toTimeZone(zone);
    return clinic_locale().toString(t, QStringLiteral("dd/MM/yyyy HH:mm"));
}

} // namespace fascia::desk
