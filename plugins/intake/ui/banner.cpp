#include "banner.h"

#include <QLabel>
#include <QVBoxLayout>

namespace fascia::intake::ui {

namespace {

struct Colours {
    const char* background;
    const char* border;
    const char* text;
};

Colours colours(Tone tone)
{
    switch (tone) {
    case Tone::urgent: return {"#b3261e", "#7f1d17", "#ffffff"};
    case Tone::clearance: return {"#ffe08a", "#c98a00", "#3d2a00"};
    case Tone::precaution: return {"#d6e8fb", "#2f6fb3", "#0b2e59"};
    case Tone::clear: return {"#dff3e4", "#2e7d32", "#12361a"};
    case Tone::neutral: break;
    }
    return {"#eceff1", "#90a4ae", "#263238"};
}

QStringList messages(const Evaluation& e, std::string_view severity)
{
    QStringList out;
    for (const auto& flag : e.flags)
        if (flag.severity == severity)
            out << qs(flag.message);
    return out;
}

} // namespace

const char* to_string(Tone tone)
{
    switch (tone) {
    case Tone::urgent: return "urgent";
    case Tone::clearance: return "clearance";
    case Tone::precaution: return "precaution";
    case Tone::clear: return "clear";
    case Tone::neutral: break;
    }
    return "neutral";
}

BannerContent banner_for(desk::DeskContext& desk, const ScreeningForm* form, const Evaluation& e,
                         const std::optional<Clearance>& clearance)
{
    const DispositionRule* rule = form ? form->disposition(e.disposition) : nullptr;
    BannerContent c;
    if (e.disposition == "urgent_referral") {
        c.tone = Tone::urgent;
        c.heading = ScreeningBanner::tr("Urgent referral: do not treat");
        if (rule && !rule->script.empty())
            c.script = ScreeningBanner::tr("Tell the client: “%1”").arg(qs(rule->script));
        for (const auto& flag : e.flags)
            if (flag.severity == "urgent")
                c.lines << ScreeningBanner::tr("Finding: %1.").arg(Texts::finding(flag));
        if (rule)
            c.lines << qs(rule->message);
        return c;
    }
    const QStringList restrictions = Texts::restrictions(form, e.restrictions);
    if (e.disposition == "clearance_required" && !clearance) {
        c.tone = Tone::clearance;
        c.heading = ScreeningBanner::tr("Medical clearance needed: no hands-on treatment until a doctor "
                                        "has cleared the client");
        c.lines = messages(e, "clearance");
        if (!restrictions.isEmpty())
            c.lines << ScreeningBanner::tr("Once cleared: %1.").arg(restrictions.join(QStringLiteral("; ")));
        return c;
    }
    if (!restrictions.isEmpty()) {
        c.tone = Tone::precaution;
        c.heading = ScreeningBanner::tr("Precautions: book and treat only with these restrictions");
        c.lines = restrictions;
    } else {
        c.tone = Tone::clear;
        c.heading = ScreeningBanner::tr("No restrictions: hands-on treatment may go ahead");
    }
    if (clearance)
        c.lines << ScreeningBanner::tr("Cleared by %1 (recorded by %2, %3).")
                       .arg(qs(clearance->clinician), qs(clearance->recorded_by),
                            parse_instant(clearance->recorded_at)
                                ? desk.instant(*parse_instant(clearance->recorded_at))
                                : qs(clearance->recorded_at));
    return c;
}

ScreeningBanner::ScreeningBanner(QWidget* parent) : QFrame(parent)
{
    setObjectName("screeningBanner");
    setProperty("screeningBanner", true); // the style's selector, whatever the banner is named
    setFrameShape(QFrame::StyledPanel);
    heading_ = new QLabel(this);
    heading_->setObjectName("screeningBannerHeading");
    heading_->setWordWrap(true);
    QFont big = heading_->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    big.setBold(true);
    heading_->setFont(big);
    script_ = new QLabel(this);
    script_->setObjectName("screeningBannerScript");
    script_->setWordWrap(true);
    QFont bold = script_->font();
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    bold.setBold(true);
    script_->setFont(bold);
    script_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    lines_ = new QLabel(this);
    lines_->setObjectName("screeningBannerLines");
    lines_->setWordWrap(true);
    lines_->setTextFormat(Qt::RichText);
    lines_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(14, 10, 14, 10);
    layout->setSpacing(6);
    layout->addWidget(heading_);
    layout->addWidget(script_);
    layout->addWidget(lines_);
    show_content({});
}

void ScreeningBanner::show_content(const BannerContent& content)
{
    content_ = content;
    tone_ = content.tone;
    setProperty("tone", to_string(tone_));
    const Colours c = colours(tone_);
    setStyleSheet(QStringLiteral("QFrame[screeningBanner=\"true\"] { background: %1; border: 2px solid %2;"
                                 " border-radius: 6px; }"
                                 "QLabel { color: %3; background: transparent; border: none; }")
                      .arg(QLatin1String(c.background), QLatin1String(c.border), QLatin1String(c.text)));
    heading_->setText(content.heading);
    script_->setText(content.script);
    script_->setVisible(!content.script.isEmpty());
    lines_->setText(content.lines.isEmpty() ? QString() : desk::bullet_list(content.lines));
    lines_->setVisible(!content.lines.isEmpty());
    setAccessibleName(content.heading);
    setAccessibleDescription(text());
}

QString ScreeningBanner::text() const
{
    QStringList parts{content_.heading};
    if (!content_.script.isEmpty())
        parts << content_.script;
    parts << content_.lines;
    return parts.join(QLatin1Char('\n'));
}

} // namespace fascia::intake::ui
