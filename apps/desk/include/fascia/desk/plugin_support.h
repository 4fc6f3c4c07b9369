#pragma once
/// What every desk (UI) plugin repeats around its own pages: text between the
/// core's UTF-8 and Qt, who may press which button, the clinic's today, a date
/// as typed at the desk, a bus error beside its field, headings and bullet
/// lists. Header-only like desk.h: a UI plugin links Qt and the core, nothing
/// of the desk itself. See docs/MODULES.md, "Desk pages".
#include <fascia/clock.h>
#include <fascia/desk/desk.h>
#include <fascia/error.h>

#include <QDate>
#include <QFont>
#include <QLabel>
#include <QLocale>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace fascia::desk {

/// UTF-8 from the core as a QString.
inline QString qs(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}
/// A QString as the core's UTF-8.
inline std::string ss(const QString& text) { return text.toStdString(); }

/// True when the signed-in user's role may run a command type: the command's own
/// roles, one table for the bus and the page (the bus still checks).
inline bool may_run(DeskContext& desk, std::string_view command_type)
{
    const auto* definition = desk.clinic().extensions().commands.find(command_type);
    if (!definition)
        return false;
    const auto& roles = definition->roles;
    return std::find(roles.begin(), roles.end(), desk.user().role) != roles.end();
}

/// The clinic's calendar date now, in its IANA time zone (setting time_zone).
inline std::chrono::year_month_day clinic_today(DeskContext& desk)
{
    return local_date(desk.clinic().clock().now(), desk.clinic().settings().time_zone);
}

/// A date as typed at the desk: the clinic's way ("22/11/2026", "2/3/2026"), ISO
/// ("2026-11-22") or the locale's short format; nullopt for anything else.
inline std::optional<std::chrono::year_month_day> read_typed_date(const QString& typed)
{
    const QString text = typed.trimmed();
    QDate date = QDate::fromString(text, QStringLiteral("d/M/yyyy"));
    if (!date.isValid())
        date = QDate::fromString(text, Qt::ISODate);
    if (!date.isValid())
        date = QLocale().toDate(text, QLocale::ShortFormat);
    if (!date.isValid())
        return std::nullopt;
    return std::chrono::year_month_day{std::chrono::year{date.year()},
                                       std::chrono::month{static_cast<unsigned>(date.month())},
                                       std::chrono::day{static_cast<unsigned>(date.day())}};
}

/// A bus error's message without "<field>: " in front: what is said beside the field.
inline std::string_view message_without_field(const Error& error)
{
    std::string_view message = error.message;
    if (!error.field.empty() && message.starts_with(error.field + ": "))
        message.remove_prefix(error.field.size() + 2);
    return message;
}

/// A bold heading, `scale` times the size of the text around it.
inline QLabel* heading(const QString& text, QWidget* parent, double scale)
{
    auto* label = new QLabel(text, parent);
    QFont big = label->font();
    big.setPointSizeF(big.pointSizeF() * scale);
    big.setBold(true);
    label->setFont(big);
    return label;
}

/// A red label for an error under a field, hidden until it has something to say
/// (the desk's look for errors).
inline QLabel* error_label(QWidget* parent, const QString& object_name = {})
{
    auto* label = new QLabel(parent);
    label->setObjectName(object_name);
    label->setStyleSheet(QStringLiteral("color: #b00020;"));
    label->setWordWrap(true);
    label->hide();
    return label;
}

/// Plain-text bullets, one line each ("• a\n• b"), for table cells and tooltips.
inline QString bullet_lines(const QStringList& items)
{
    QStringList out;
    for (const auto& item : items)
        out << QStringLiteral("• ") + item;
    return out.join(QLatin1Char('\n'));
}

/// A rich-text bulleted list of items (escaped), for labels.
inline QString bullet_list(const QStringList& items)
{
    QString html;
    for (const auto& item : items)
        html += QStringLiteral("<li>%1</li>").arg(item.toHtmlEscaped());
    return QStringLiteral("<ul style=\"margin-left: -24px;\">%1</ul>").arg(html);
}

} // namespace fascia::desk
