#include "status_overview.h"

#include "records.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace fascia::vetting::ui {

namespace {

QTableWidget* table(QWidget* parent, const QString& name, const QStringList& headers)
{
    auto* t = new QTableWidget(0, static_cast<int>(headers.size()), parent);
    t->setObjectName(name);
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->hide();
    // Rows grow to their reasons, however wide the window is.
    t->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    t->setWordWrap(true);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setTabKeyNavigation(false); // Tab leaves the table, arrows move in it
    return t;
}

QTableWidgetItem* cell(const QString& text, const Tone& tone = {}, bool bold = false)
{
    auto* item = new QTableWidgetItem(text);
    item->setTextAlignment(Qt::AlignLeft | Qt::AlignTop);
    if (tone.background.isValid()) {
        item->setBackground(tone.background);
        item->setForeground(tone.text);
    }
    if (bold) {
        QFont f = item->font();
        f.setBold(true);
        item->setFont(f);
    }
    return item;
}

} // namespace

StatusOverview::StatusOverview(Vetting vetting, QWidget* parent) : DatedView(parent), v_(vetting)
{
    statuses_ = table(this, QStringLiteral("statusTable"),
                      {tr("Therapist"), tr("Status"), tr("Why"), tr("May practise"), tr("Expiry warnings")});
    auto* h = statuses_->horizontalHeader();
    h->setSectionResizeMode(QHeaderView::Interactive);
    h->setSectionResizeMode(2, QHeaderView::Stretch);
    statuses_->setColumnWidth(0, 130);
    statuses_->setColumnWidth(1, 90);
    statuses_->setColumnWidth(3, 180);
    statuses_->setColumnWidth(4, 260);

    expiring_title_ = heading({}, this, 1.1);
    expiring_ = table(this, QStringLiteral("expiringTable"),
                      {tr("Runs out"), tr("Therapist"), tr("What"), tr("Days left"), tr("Warning")});
    auto* e = expiring_->horizontalHeader();
    e->setSectionResizeMode(QHeaderView::ResizeToContents);
    e->setSectionResizeMode(2, QHeaderView::Stretch);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(statuses_, 1);
    layout->addWidget(expiring_title_);
    layout->addWidget(expiring_);
    setFocusProxy(statuses_);

    connect(statuses_, &QTableWidget::cellActivated, this, [this](int row, int) {
        if (auto* item = statuses_->item(row, 0))
            emit open_file(item->data(Qt::UserRole).toString());
    });
    connect(expiring_, &QTableWidget::cellActivated, this, [this](int row, int) {
        if (auto* item = expiring_->item(row, 0))
            emit open_file(item->data(Qt::UserRole).toString());
    });
}

void StatusOverview::show_on(Date on)
{
    auto& db = v_.desk.clinic().db();
    const auto warnings = expiry_warnings(v_, on);
    const int horizon = warnings.horizon;
    const auto& items = warnings.items;
    const auto therapists = list_therapists(db, false);
    statuses_->setRowCount(static_cast<int>(therapists.size()));
    for (int row = 0; row < static_cast<int>(therapists.size()); ++row) {
        const auto& t = therapists[static_cast<std::size_t>(row)];
        auto* name = cell(qs(t.display_name));
        name->setData(Qt::UserRole, qs(t.id));
        statuses_->setItem(row, 0, name);
        const auto s = v_.service.status(db, t.id, on);
        if (!s) {
            statuses_->setItem(row, 1, cell(tr("Unknown")));
            statuses_->setItem(row, 2, cell(for_people(v_.desk, s.error().message)));
            statuses_->setItem(row, 3, cell({}));
            statuses_->setItem(row, 4, cell({}));
            continue;
        }
        statuses_->setItem(row, 1, cell(Texts::status(s->status), Texts::status_tone(s->status), true));
        statuses_->setItem(row, 2, cell(reason_lines(v_.desk, s->reasons)));
        statuses_->setItem(row, 3, cell(Texts::modalities(s->privileges, tr("Nothing until approved"))));
        // The nearest warning crossed colours the cell; an open concern alone gets the mildest tone.
        std::optional<int> threshold = warnings.nearest(t.id);
        if (!threshold && !s->warnings.empty())
            threshold = std::max(horizon, 31);
        statuses_->setItem(row, 4, cell(reason_lines(v_.desk, s->warnings), Texts::warning_tone(threshold)));
    }

    expiring_title_->setText(tr("Running out within %1 of %2").arg(Texts::days(horizon), v_.desk.date(format_date(on))));
    expiring_->setRowCount(0);
    if (!items) {
        expiring_->setRowCount(1);
        expiring_->setItem(0, 2, cell(for_people(v_.desk, items.error().message)));
        fit_to_rows(expiring_, 8);
        return;
    }
    expiring_->setRowCount(static_cast<int>(items->size()));
    for (int row = 0; row < static_cast<int>(items->size()); ++row) {
        const auto& i = (*items)[static_cast<std::size_t>(row)];
        const auto tone = Texts::warning_tone(i.threshold);
        auto* when = cell(v_.desk.date(i.expires_on), tone);
        when->setData(Qt::UserRole, qs(i.therapist_id));
        expiring_->setItem(row, 0, when);
        expiring_->setItem(row, 1, cell(qs(i.display_name), tone));
        auto* what = cell(for_people(v_.desk, i.description), tone);
        what->setToolTip(Texts::expiring_item(i.item));
        expiring_->setItem(row, 2, what);
        expiring_->setItem(row, 3, cell(Texts::days(i.days_left), tone));
        expiring_->setItem(row, 4, cell(Texts::warning(i.threshold), tone, i.threshold.has_value()));
    }
    // The list is as tall as what is in it (up to eight rows); the statuses get the rest.
    fit_to_rows(expiring_, 8);
}

} // namespace fascia::vetting::ui
