#include "texts.h"

#include "records.h"

#include <fascia/clock.h>

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QRegularExpression>
#include <QResizeEvent>
#include <QTableWidget>

#include <algorithm>

namespace fascia::vetting::ui {

bool may_read_concerns(desk::DeskContext& desk)
{
    return desk.user().role == Role::owner || desk.user().role == Role::admin;
}

bool may_read_file(desk::DeskContext& desk, std::string_view therapist_id)
{
    return may_read_concerns(desk) || (desk.user().role == Role::therapist && desk.user().id == therapist_id);
}

ExpiryWarnings expiry_warnings(const Vetting& vetting, Date on)
{
    auto& db = vetting.desk.clinic().db();
    const auto rules = load_rules(db);
    ExpiryWarnings w;
    if (!rules.warning_days.empty())
        w.horizon = *std::max_element(rules.warning_days.begin(), rules.warning_days.end());
    w.items = vetting.service.expiring(db, w.horizon, on);
    return w;
}

std::optional<int> ExpiryWarnings::nearest(std::string_view therapist_id, std::string_view record_id) const
{
    std::optional<int> found;
    if (!items)
        return found;
    for (const auto& i : *items)
        if (i.threshold && i.therapist_id == therapist_id && (record_id.empty() || i.record_id == record_id)
            && (!found || *i.threshold < *found))
            found = i.threshold;
    return found;
}

QString not_a_date(const QString& text, desk::DeskContext& desk)
{
    return Texts::tr("“%1” is not a date: enter it as DD/MM/YYYY, for example %2.")
        .arg(text.trimmed(), desk.date(format_date(clinic_today(desk))));
}

QString for_people(desk::DeskContext& desk, std::string_view message)
{
    QString text = qs(message);
    // The module's messages end with the command that fixes things, for the CLI;
    // at the desk the button beside the message does that.
    static const QRegularExpression cli_hint(QStringLiteral("\\s*\\(`[^`]*`[^)]*\\)"));
    text.remove(cli_hint);
    static const QRegularExpression iso_date(QStringLiteral("\\b(\\d{4}-\\d{2}-\\d{2})\\b"));
    QString out;
    qsizetype from = 0;
    for (auto it = iso_date.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        out += text.mid(from, m.capturedStart() - from);
        out += desk.date(ss(m.captured(1)));
        from = m.capturedEnd();
    }
    out += text.mid(from);
    // The desk takes dates as DD/MM/YYYY (and turns them into what the module reads).
    out.replace(QStringLiteral("YYYY-MM-DD"), Texts::tr("DD/MM/YYYY"));
    if (!out.isEmpty())
        out[0] = out[0].toUpper();
    return out;
}

QString message_beside_field(desk::DeskContext& desk, const Error& error)
{
    return for_people(desk, desk::message_without_field(error));
}

QString reason_lines(desk::DeskContext& desk, const std::vector<Reason>& reasons)
{
    QStringList lines;
    for (const auto& r : reasons)
        lines << for_people(desk, r.message);
    return desk::bullet_lines(lines);
}

namespace {

void set_height_to_rows(QTableWidget* table, int most_rows)
{
    table->resizeRowsToContents();
    const int rows = most_rows < 0 ? table->rowCount() : std::min(most_rows, table->rowCount());
    int height = table->horizontalHeader()->sizeHint().height() + 2 * table->frameWidth();
    for (int r = 0; r < rows; ++r)
        height += table->rowHeight(r);
    table->setFixedHeight(height);
}

/// Refits a table's height when its width changes.
class RowFitter final : public QObject {
public:
    RowFitter(QTableWidget* table, int most_rows) : QObject(table), most_rows_(most_rows) {}
    void set_most_rows(int most_rows) { most_rows_ = most_rows; }
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Resize) {
            const auto* resize = static_cast<QResizeEvent*>(event);
            if (resize->size().width() != resize->oldSize().width())
                set_height_to_rows(static_cast<QTableWidget*>(watched), most_rows_);
        }
        return false;
    }

private:
    int most_rows_;
};

} // namespace

void fit_to_rows(QTableWidget* table, int most_rows)
{
    // (RowFitter has no meta-object of its own, so findChild<RowFitter*> would match any child.)
    RowFitter* fitter = nullptr;
    for (QObject* c : table->children())
        if (auto* f = dynamic_cast<RowFitter*>(c))
            fitter = f;
    if (!fitter) {
        fitter = new RowFitter(table, most_rows);
        table->installEventFilter(fitter);
    }
    fitter->set_most_rows(most_rows);
    set_height_to_rows(table, most_rows);
}

QString Texts::page_title()
{
    return tr("Therapists");
}

QString Texts::status(std::string_view code)
{
    if (code == "approved")
        return tr("Approved");
    if (code == "pending")
        return tr("Pending");
    if (code == "suspended")
        return tr("Suspended");
    if (code == "lapsed")
        return tr("Lapsed");
    return qs(code);
}

Tone Texts::status_tone(std::string_view code)
{
    if (code == "approved")
        return {QColor(0xd8, 0xf0, 0xde), QColor(0x1b, 0x5e, 0x20)};
    if (code == "pending")
        return {QColor(0xff, 0xf1, 0xc2), QColor(0x6d, 0x4c, 0x00)};
    return {QColor(0xf8, 0xd7, 0xda), QColor(0x8e, 0x00, 0x18)};
}

Tone Texts::warning_tone(std::optional<int> threshold)
{
    if (!threshold)
        return {};
    if (*threshold <= 7)
        return {QColor(0xf8, 0xd7, 0xda), QColor(0x8e, 0x00, 0x18)};
    if (*threshold <= 30)
        return {QColor(0xff, 0xe0, 0xb8), QColor(0x7a, 0x3b, 0x00)};
    return {QColor(0xff, 0xf4, 0xcc), QColor(0x5c, 0x45, 0x00)};
}

QString Texts::warning(std::optional<int> threshold)
{
    return threshold ? tr("%n-day warning", "", *threshold) : QString();
}

QString Texts::modality(std::string_view code)
{
    if (code == "swedish")
        return tr("Swedish relaxation");
    if (code == "deep_tissue")
        return tr("Deep tissue");
    if (code == "remedial")
        return tr("Remedial massage");
    if (code == "myofascial_release")
        return tr("Myofascial release");
    if (code == "trigger_point")
        return tr("Trigger point therapy");
    if (code == "dry_needling")
        return tr("Dry needling");
    if (code == "prenatal")
        return tr("Prenatal massage");
    return qs(code);
}

QString Texts::modalities(const std::vector<std::string>& codes, const QString& none)
{
    QStringList names;
    for (const auto& c : codes)
        names << modality(c);
    return names.isEmpty() ? none : names.join(QStringLiteral(", "));
}

QString Texts::expiring_item(std::string_view code)
{
    if (code == "credential")
        return tr("Credential");
    if (code == "registration")
        return tr("Registration");
    if (code == "insurance")
        return tr("Insurance");
    if (code == "cpd")
        return tr("CPD");
    return qs(code);
}

QString Texts::check_item(std::string_view code)
{
    if (code == "identity")
        return tr("Identity checked");
    if (code == "reference")
        return tr("Reference");
    if (code == "documents")
        return tr("Qualification documents sighted");
    return qs(code);
}

QString Texts::days(int n)
{
    return n == 1 ? tr("1 day") : tr("%1 days").arg(n);
}

QString Texts::hours(std::int64_t hundredths)
{
    return tr("%1 h").arg(qs(hours_text(hundredths)));
}

QString Texts::standing_action(std::string_view code)
{
    return code == "suspend" ? tr("Suspended") : tr("Reinstated");
}

} // namespace fascia::vetting::ui
