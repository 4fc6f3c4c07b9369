#include "screening_tab.h"

#include "clearance_dialog.h"
#include "precheck_dialog.h"
#include "screening_wizard.h"

#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QTableWidget>
#include <QVBoxLayout>

namespace fascia::intake::ui {

namespace {

QLabel* value_label(const QString& name, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

/// Why a client cannot be booked, in the desk's words (the module's own messages name CLI commands).
QString reason_text(const Reason& reason)
{
    if (reason.code == "no_screening")
        return ScreeningTab::tr("no screening is recorded");
    if (reason.code == "screening_expired")
        return ScreeningTab::tr("the screening is out of date");
    if (reason.code == "urgent_referral")
        return ScreeningTab::tr("urgent referral; only a new screening without emergency signs lifts it");
    if (reason.code == "clearance_required")
        return ScreeningTab::tr("waiting for a doctor's clearance");
    return qs(reason.message);
}

QColor tone_colour(Tone tone)
{
    switch (tone) {
    case Tone::urgent: return QColor("#f4c7c3");
    case Tone::clearance: return QColor("#ffe08a");
    case Tone::precaution: return QColor("#d6e8fb");
    case Tone::clear: return QColor("#dff3e4");
    case Tone::neutral: break;
    }
    return QColor("#eceff1");
}

} // namespace

ScreeningTab::ScreeningTab(Intake intake, QString client_id, QWidget* parent)
    : QWidget(parent), intake_(intake), client_id_(std::move(client_id))
{
    setObjectName("intakeScreeningTab");
    banner_ = new ScreeningBanner(this);

    new_screening_ = new QPushButton(tr("&New screening…"), this);
    new_screening_->setObjectName("newScreening");
    precheck_ = new QPushButton(tr("&Pre-session check…"), this);
    precheck_->setObjectName("precheck");
    clearance_ = new QPushButton(tr("Record c&learance…"), this);
    clearance_->setObjectName("recordClearance");
    notice_ = new QLabel(this);
    notice_->setObjectName("screeningNotice");
    notice_->setWordWrap(true);
    notice_->hide();

    auto* content = new QWidget;
    auto* status = new QGroupBox(tr("Current status"), content);
    status->setObjectName("screeningStatus");
    // A grid, not a QFormLayout: hiding rows of one corrupts memory in Qt 6.4 (setRowVisible).
    status_grid_ = new QGridLayout(status);
    status_grid_->setColumnStretch(1, 1);
    status_grid_->setVerticalSpacing(6);
    booking_ = value_label("booking", status);
    screened_ = value_label("screened", status);
    valid_until_ = value_label("validUntil", status);
    condition_ = value_label("conditionType", status);
    findings_ = value_label("findings", status);
    restrictions_ = value_label("restrictions", status);
    advisories_ = value_label("advisories", status);
    course_ = value_label("course", status);
    clearance_text_ = value_label("clearance", status);
    last_precheck_ = value_label("lastPrecheck", status);
    const std::pair<QString, QLabel*> rows[] = {
        {tr("Booking:"), booking_},
        {tr("Screened:"), screened_},
        {tr("Current until:"), valid_until_},
        {tr("Condition:"), condition_},
        {tr("Findings:"), findings_},
        {tr("Restrictions:"), restrictions_},
        {tr("Advice for the client:"), advisories_},
        {tr("Course:"), course_},
        {tr("Clearance:"), clearance_text_},
        {tr("Last pre-session check:"), last_precheck_},
    };
    for (const auto& [caption, value] : rows) {
        auto* label = new QLabel(caption, status);
        const int row = status_grid_->rowCount();
        status_grid_->addWidget(label, row, 0, Qt::AlignLeft | Qt::AlignTop);
        status_grid_->addWidget(value, row, 1);
        captions_[value] = label;
    }

    auto* history = new QGroupBox(tr("History"), content);
    history_ = new QTableWidget(0, 6, history);
    history_->setObjectName("screeningHistory");
    history_->setHorizontalHeaderLabels(
        {tr("Date"), tr("Kind"), tr("Result"), tr("Findings"), tr("Condition"), tr("Recorded by")});
    history_->verticalHeader()->hide();
    history_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    history_->horizontalHeader()->setSectionResizeMode(3, QHeaderView::Stretch); // the findings
    history_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    history_->setSelectionBehavior(QAbstractItemView::SelectRows);
    history_->setSelectionMode(QAbstractItemView::SingleSelection);
    history_->setWordWrap(false);
    history_->setMinimumHeight(150);
    auto* history_layout = new QVBoxLayout(history);
    history_layout->addWidget(history_);

    auto* content_layout = new QVBoxLayout(content);
    content_layout->setContentsMargins(0, 0, 0, 0);
    content_layout->addWidget(status);
    content_layout->addWidget(history, 1);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    auto* actions = new QHBoxLayout;
    actions->addWidget(new_screening_);
    actions->addWidget(precheck_);
    actions->addWidget(clearance_);
    actions->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(banner_);
    layout->addLayout(actions);
    layout->addWidget(notice_);
    layout->addWidget(scroll, 1);

    connect(new_screening_, &QPushButton::clicked, this, &ScreeningTab::open_wizard);
    connect(precheck_, &QPushButton::clicked, this, &ScreeningTab::open_precheck);
    connect(clearance_, &QPushButton::clicked, this, &ScreeningTab::open_clearance);
    refresh();
}

void ScreeningTab::set_row(QLabel* value, const QString& text)
{
    // Lists come as HTML (bullet_list); everything else, names and notes included, is shown as typed.
    value->setTextFormat(text.startsWith(QStringLiteral("<ul")) ? Qt::RichText : Qt::PlainText);
    value->setText(text);
    value->setVisible(!text.isEmpty());
    captions_.at(value)->setVisible(!text.isEmpty());
}

Evaluation ScreeningTab::as_seen(const Screening& screening)
{
    // Health data by role (the architecture): the front desk sees the disposition,
    // restrictions and referral script; the findings quote the answers. A read is
    // recorded once per screening while this tab lives, not on every refresh.
    if (read_.count(screening.id) == 0 && may_run(intake_.desk, "intake.answers_read")
        && intake_.desk.execute("intake.answers_read", {{"screening_id", screening.id}}))
        read_.insert(screening.id);
    if (read_.count(screening.id))
        return screening.evaluation;
    Evaluation withheld = screening.evaluation;
    withheld.flags.clear();
    return withheld;
}

void ScreeningTab::refresh()
{
    auto& desk = intake_.desk;
    auto& db = desk.clinic().db();
    const auto today = clinic_today(desk);
    form_of_latest_.clear();
    latest_id_.clear();
    new_screening_->setVisible(may_run(desk, "intake.record"));
    precheck_->setVisible(may_run(desk, "intake.precheck"));
    clearance_->setVisible(may_run(desk, "intake.clear"));
    precheck_->setEnabled(false);
    clearance_->setEnabled(false);

    auto status = intake_.service.booking_status(db, ss(client_id_), today);
    std::optional<Screening> latest;
    if (status && status->screening_id)
        latest = find_screening(db, *status->screening_id);
    if (!status || (status->screening_id && !latest)) {
        banner_->show_content({Tone::neutral, tr("The screening status could not be read"), {},
                               {status ? tr("The latest screening is missing.") : qs(status.error().message)}});
        for (auto* row : {booking_, screened_, valid_until_, condition_, findings_, restrictions_, advisories_,
                          course_, clearance_text_, last_precheck_})
            set_row(row, {});
        fill_history();
        return;
    }
    const auto clearance = latest ? clearance_for(db, latest->id) : std::nullopt;
    const ScreeningForm* form = latest ? intake_.forms.find(latest->form) : nullptr;
    const bool current = status->state == "current";
    if (latest) {
        form_of_latest_ = latest->form;
        latest_id_ = latest->id;
    }

    // The banner: what anyone about to book must see first.
    if (status->state == "none") {
        banner_->show_content({Tone::neutral, tr("Not screened yet: not bookable"), {},
                               {tr("Screen the client (New screening…) before booking any hands-on session.")}});
    } else if (!current) {
        banner_->show_content(
            {Tone::neutral, tr("Screening out of date: not bookable"), {},
             {tr("The screening of %1 was current until %2. Screen the client again before booking.")
                  .arg(desk.date(latest->full_screening_on), desk.date(status->valid_until.value_or("")))}});
    } else {
        banner_->show_content(banner_for(desk, form, as_seen(*latest), clearance));
    }

    // The status, row by row.
    QStringList reasons;
    for (const auto& r : status->reasons)
        reasons << reason_text(r);
    set_row(booking_, status->bookable
                          ? tr("May be booked")
                          : tr("Not bookable: %1.").arg(reasons.join(QStringLiteral("; "))));
    booking_->setStyleSheet(status->bookable ? QString() : QStringLiteral("color: #b00020; font-weight: bold;"));
    if (latest) {
        QString screened = tr("%1, %2, recorded by %3")
                               .arg(desk.date(latest->assessed_on), Texts::source(latest->source).toLower(),
                                    qs(latest->recorded_by));
        if (latest->source == "precheck")
            screened += tr(" (from the full screening of %1)").arg(desk.date(latest->full_screening_on));
        set_row(screened_, screened);
        set_row(valid_until_, current ? desk.date(status->valid_until.value_or(""))
                                      : tr("%1 (out of date)").arg(desk.date(status->valid_until.value_or(""))));
    } else {
        set_row(screened_, {});
        set_row(valid_until_, {});
    }
    if (current) {
        const Evaluation e = as_seen(*latest);
        set_row(condition_, Texts::condition_type(form, e.condition_type));
        QStringList findings;
        for (const auto& flag : e.flags)
            findings << qs(flag.message);
        set_row(findings_, !read_.count(latest->id) ? QString()
                           : findings.isEmpty()      ? tr("None")
                                                     : desk::bullet_list(findings));
        const QStringList restrictions = Texts::restrictions(form, e.restrictions);
        set_row(restrictions_, restrictions.isEmpty() ? tr("None") : desk::bullet_list(restrictions));
        QStringList advisories;
        for (const auto& a : e.advisories)
            advisories << Texts::advisory(form, a);
        set_row(advisories_, advisories.isEmpty() ? tr("None") : desk::bullet_list(advisories));
        set_row(course_, Texts::course(e.sessions_per_week));
        if (clearance)
            set_row(clearance_text_, tr("Cleared by %1: %2 (recorded by %3, %4)")
                                         .arg(qs(clearance->clinician), qs(clearance->note),
                                              qs(clearance->recorded_by),
                                              parse_instant(clearance->recorded_at)
                                                  ? desk.instant(*parse_instant(clearance->recorded_at))
                                                  : qs(clearance->recorded_at)));
        else
            set_row(clearance_text_, e.disposition == "clearance_required" ? tr("Not recorded yet") : QString());
    } else {
        for (auto* row : {condition_, findings_, restrictions_, advisories_, course_, clearance_text_})
            set_row(row, {});
    }
    auto last = db.query("SELECT id FROM intake_prechecks WHERE client_id = ? ORDER BY rowid DESC LIMIT 1",
                         ss(client_id_));
    const auto precheck = last.step() ? find_precheck(db, last.text(0)) : std::nullopt;
    set_row(last_precheck_, !precheck ? QString()
                            : precheck->flagged
                                ? tr("%1: a yes recorded a new screening").arg(desk.date(precheck->checked_on))
                                : tr("%1: all clear").arg(desk.date(precheck->checked_on)));

    // What can be done now.
    precheck_->setEnabled(current);
    precheck_->setToolTip(current ? tr("Ask the red-flag questions again before a session")
                                  : tr("A pre-session check needs a current screening: record a new screening first"));
    const bool needs_clearance = current && latest->evaluation.disposition == "clearance_required" && !clearance;
    clearance_->setEnabled(needs_clearance);
    clearance_->setToolTip(needs_clearance ? tr("Record a doctor's clearance for this screening")
                           : current && latest->evaluation.disposition == "urgent_referral"
                               ? tr("An urgent referral cannot be cleared: only a new screening without "
                                    "emergency signs lifts it")
                               : tr("Only a current screening that needs a doctor's clearance can be cleared"));
    fill_history();
}

void ScreeningTab::fill_history()
{
    auto& db = intake_.desk.clinic().db();
    std::vector<std::string> ids;
    auto q = db.query("SELECT id FROM intake_screenings WHERE client_id = ? ORDER BY rowid DESC", ss(client_id_));
    while (q.step())
        ids.push_back(q.text(0));
    history_->setRowCount(0);
    // Findings quote the answers: the column is there only for roles that may read them.
    history_->setColumnHidden(3, !may_run(intake_.desk, "intake.answers_read"));
    for (const auto& id : ids) {
        const auto s = find_screening(db, id);
        if (!s)
            continue;
        const auto clearance = clearance_for(db, s->id);
        const auto* form = intake_.forms.find(s->form);
        const Evaluation seen = as_seen(*s);
        QStringList findings;
        QStringList messages;
        for (const auto& flag : seen.flags) {
            findings << Texts::finding(flag);
            messages << qs(flag.message);
        }
        QString result = Texts::disposition(s->evaluation.disposition);
        if (clearance)
            result += tr(" (cleared)");
        const int row = history_->rowCount();
        history_->insertRow(row);
        const auto cell = [&](int column, const QString& text) {
            auto* item = new QTableWidgetItem(text);
            history_->setItem(row, column, item);
            return item;
        };
        cell(0, intake_.desk.date(s->assessed_on));
        cell(1, Texts::source(s->source));
        auto* result_item = cell(2, result);
        result_item->setBackground(tone_colour(banner_for(intake_.desk, form, seen, clearance).tone));
        result_item->setForeground(QColor("#1b1b1b"));
        cell(3, findings.isEmpty() ? tr("None") : findings.join(QStringLiteral(", ")))
            ->setToolTip(messages.join(QLatin1Char('\n')));
        cell(4, Texts::condition_name(s->evaluation.condition_type));
        cell(5, qs(s->recorded_by));
    }
}

void ScreeningTab::open_wizard()
{
    auto* wizard = new ScreeningWizard(intake_, client_id_, this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(wizard, &QDialog::accepted, this, [this] {
        refresh();
        notice_->setText(tr("Screening recorded."));
        notice_->show();
    });
    wizard->open();
}

void ScreeningTab::open_precheck()
{
    const auto* form = intake_.forms.find(form_of_latest_);
    if (!form)
        return;
    auto* dialog = new PrecheckDialog(intake_, client_id_, *form, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        refresh();
        const auto check = find_precheck(intake_.desk.clinic().db(), ss(dialog->precheck_id()));
        notice_->setText(check && check->flagged
                             ? tr("Pre-session check recorded: a yes recorded a new screening (see above). Do "
                                  "not start the session.")
                             : tr("Pre-session check recorded: all clear."));
        notice_->show();
    });
    dialog->open();
}

void ScreeningTab::open_clearance()
{
    auto* dialog = new ClearanceDialog(intake_, client_id_, qs(latest_id_), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this] {
        refresh();
        notice_->setText(tr("Clearance recorded."));
        notice_->show();
    });
    dialog->open();
}

} // namespace fascia::intake::ui
