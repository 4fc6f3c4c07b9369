#include "widgets.h"

namespace fascia::vouchers::ui {

std::chrono::year_month_day Vouchers::today() const
{
    return service.clinic_date(desk.clinic().db(), desk.clinic().clock().now());
}

MessageLabel::MessageLabel(const QString& object_name, QWidget* parent) : QLabel(parent)
{
    setObjectName(object_name);
    setWordWrap(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    hide();
}

void MessageLabel::show_message(const QString& text, Tone tone)
{
    static const char* names[] = {"neutral", "good", "warning", "bad"};
    static const char* colours[] = {"#4a5a60", "#2d6a4f", "#9a5b00", "#b00020"};
    const auto i = static_cast<std::size_t>(tone);
    setProperty("tone", names[i]);
    setStyleSheet(QString("color: %1;").arg(colours[i]));
    setText(text);
    setVisible(!text.isEmpty());
}

QString amount_typed(const QString& text)
{
    QString t = text.trimmed();
    while (!t.isEmpty() && !t.front().isDigit() && t.front() != '.' && t.front() != '-')
        t.remove(0, 1); // £, $, €, spaces
    return t.trimmed();
}

QString count_of(int n, const QString& one, const QString& many)
{
    return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? one : many);
}

QString status_text(std::string_view status)
{
    if (status == "active")
        return QObject::tr("Active");
    if (status == "redeemed")
        return QObject::tr("Redeemed");
    if (status == "refunded")
        return QObject::tr("Refunded");
    if (status == "expired")
        return QObject::tr("Expired");
    if (status == "void")
        return QObject::tr("Void");
    return qs(status);
}

QString entry_text(std::string_view kind)
{
    if (kind == "sale")
        return QObject::tr("Sold");
    if (kind == "redemption")
        return QObject::tr("Redeemed");
    if (kind == "refund")
        return QObject::tr("Refunded");
    if (kind == "void")
        return QObject::tr("Voided");
    if (kind == "extension")
        return QObject::tr("Extended");
    if (kind == "expiry")
        return QObject::tr("Expired (written off)");
    return qs(kind);
}

} // namespace fascia::vouchers::ui
