#include "therapists_page.h"

#include "eligibility_view.h"
#include "status_overview.h"
#include "therapist_file.h"

#include <fascia/clock.h>

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace fascia::vetting::ui {

TherapistsPage::TherapistsPage(Vetting vetting, QWidget* parent)
    : QWidget(parent), v_(vetting), on_(clinic_today(vetting.desk))
{
    setObjectName(QStringLiteral("therapistsPage"));
    auto* title = heading(Texts::page_title(), this);

    date_ = new QLineEdit(v_.desk.date(format_date(on_)), this);
    date_->setObjectName(QStringLiteral("vettingDate"));
    date_->setPlaceholderText(tr("DD/MM/YYYY"));
    date_->setMaximumWidth(140);
    date_->setToolTip(tr("Statuses, eligibility, warnings and the CPD window are for this date. Enter applies it."));
    auto* caption = new QLabel(tr("Status on &date"), this);
    caption->setBuddy(date_);
    date_error_ = error_label(this, QStringLiteral("vettingDateError"));
    problem_ = error_label(this, QStringLiteral("vettingProblem"));

    tabs_ = new QTabWidget(this);
    tabs_->setObjectName(QStringLiteral("vettingTabs"));
    overview_ = new StatusOverview(v_, tabs_);
    tabs_->addTab(overview_, tr("&Overview"));
    eligibility_ = new EligibilityView(v_, tabs_);
    tabs_->addTab(eligibility_, tr("&Eligible for…"));
    // The front desk reads statuses and eligibility; the file is for owners, admins and a therapist's own.
    if (may_read_concerns(v_.desk) || v_.desk.user().role == Role::therapist) {
        file_ = new TherapistFile(v_, tabs_);
        tabs_->addTab(file_, v_.desk.user().role == Role::therapist ? tr("My &file") : tr("Therapist &file"));
        connect(file_, &TherapistFile::changed, this, [this] { refresh(); });
    }

    auto* bar = new QHBoxLayout;
    bar->addWidget(caption);
    bar->addWidget(date_);
    bar->addWidget(date_error_, 1);
    bar->addStretch(0);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addLayout(bar);
    layout->addWidget(problem_);
    layout->addWidget(tabs_, 1);
    setFocusProxy(date_);

    connect(date_, &QLineEdit::returnPressed, this, [this] { apply_date(); });
    // Leaving the field applies it too, after the focus change: a focus change
    // while the window is being destroyed must not reach the desk.
    connect(date_, &QLineEdit::editingFinished, this, [this] { QTimer::singleShot(0, this, [this] { apply_date(); }); });
    connect(overview_, &StatusOverview::open_file, this, [this](const QString& id) { open_file(id); });
    connect(eligibility_, &EligibilityView::open_file, this, [this](const QString& id) { open_file(id); });
    refresh();
}

QString TherapistsPage::date_error() const
{
    return date_error_->isHidden() ? QString() : date_error_->text();
}

bool TherapistsPage::open_file(const QString& therapist_id)
{
    if (!file_ || !file_->show_therapist(therapist_id))
        return false;
    tabs_->setCurrentWidget(file_);
    file_->setFocus();
    return true;
}

void TherapistsPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    refresh(); // something may have changed elsewhere (another page, the CLI, a sync)
}

void TherapistsPage::apply_date()
{
    const auto typed = read_typed_date(date_->text());
    if (!typed) {
        date_error_->setText(not_a_date(date_->text(), v_.desk));
        date_error_->show();
        return;
    }
    date_error_->hide();
    date_->setText(v_.desk.date(format_date(*typed)));
    if (*typed == on_)
        return;
    on_ = *typed;
    refresh();
}

void TherapistsPage::refresh()
{
    // A query that fails (a damaged database) is said here; the page stays usable.
    try {
        problem_->hide();
        overview_->show_on(on_);
        eligibility_->show_on(on_);
        if (file_)
            file_->show_on(on_);
    } catch (const std::exception& e) {
        problem_->setText(tr("Vetting could not be read: %1").arg(QString::fromUtf8(e.what())));
        problem_->show();
    }
}

} // namespace fascia::vetting::ui
