#include "texts.h"

namespace fascia::intake::ui {

QString message_beside_field(const Error& error)
{
    QString message = qs(desk::message_without_field(error));
    if (!message.isEmpty())
        message[0] = message[0].toUpper();
    return message;
}

QString Texts::tab_title()
{
    return tr("&Screening");
}

QString Texts::disposition(std::string_view code)
{
    if (code == "urgent_referral")
        return tr("Urgent referral");
    if (code == "clearance_required")
        return tr("Medical clearance required");
    if (code == "proceed")
        return tr("May proceed");
    return qs(code);
}

QString Texts::condition_name(std::string_view code)
{
    return code == "acute" ? tr("Acute") : code == "chronic" ? tr("Chronic") : qs(code);
}

QString Texts::condition_type(const ScreeningForm* form, std::string_view code)
{
    const QString name = condition_name(code);
    if (form) {
        for (const auto& type : form->condition_types())
            if (type.type == code && !type.text.empty())
                return tr("%1 (%2)").arg(name, qs(type.text).toLower());
    }
    return name;
}

QString Texts::restriction(const ScreeningForm* form, std::string_view code)
{
    if (form) {
        const auto& texts = form->restriction_texts();
        if (const auto it = texts.find(code); it != texts.end())
            return qs(it->second);
    }
    return qs(code);
}

QStringList Texts::restrictions(const ScreeningForm* form, const std::vector<std::string>& codes)
{
    QStringList out;
    for (const auto& code : codes)
        out << restriction(form, code);
    return out;
}

QString Texts::advisory(const ScreeningForm* form, std::string_view code)
{
    if (form) {
        for (const auto& rule : form->advisory_rules())
            if (rule.code == code)
                return qs(rule.message);
    }
    return qs(code);
}

QString Texts::finding(const Flag& flag)
{
    const QString message = qs(flag.message);
    const auto colon = message.indexOf(QLatin1Char(':'));
    return colon > 0 ? message.left(colon) : qs(flag.code);
}

QString Texts::course(const std::optional<std::pair<int, int>>& sessions_per_week)
{
    if (!sessions_per_week)
        return tr("None: no course is planned for an urgent referral");
    if (sessions_per_week->first == sessions_per_week->second)
        return tr("%n session(s) a week", "", sessions_per_week->first);
    return tr("%1 to %2 sessions a week").arg(sessions_per_week->first).arg(sessions_per_week->second);
}

QString Texts::source(std::string_view source)
{
    return source == "precheck" ? tr("Pre-session check") : tr("Full screening");
}

QString Texts::unanswered()
{
    return tr("Answer this question: an unanswered question is never taken as a no.");
}

} // namespace fascia::intake::ui
