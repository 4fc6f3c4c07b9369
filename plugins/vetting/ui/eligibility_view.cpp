#include "eligibility_view.h"

#include <fascia/catalogue.h>

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace fascia::vetting::ui {

EligibilityView::EligibilityView(Vetting vetting, QWidget* parent) : DatedView(parent), v_(vetting)
{
    modality_ = new QComboBox(this);
    modality_->setObjectName(QStringLiteral("modalityChoice"));
    for (const auto& m : known_modalities())
        modality_->addItem(Texts::modality(m), qs(m));
    auto* caption = new QLabel(tr("&Modality"), this);
    caption->setBuddy(modality_);
    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("eligibilitySummary"));
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = summary_->font();
    bold.setBold(true);
    summary_->setFont(bold);

    table_ = new QTableWidget(0, 3, this);
    table_->setObjectName(QStringLiteral("eligibilityTable"));
    table_->setHorizontalHeaderLabels({tr("Therapist"), tr("Eligible"), tr("Why not")});
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Interactive);
    table_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Interactive);
    table_->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    table_->setColumnWidth(0, 150);
    table_->setColumnWidth(1, 90);
    table_->setWordWrap(true);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setTabKeyNavigation(false);

    auto* bar = new QHBoxLayout;
    bar->addWidget(caption);
    bar->addWidget(modality_);
    bar->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(summary_);
    layout->addWidget(table_, 1);
    setFocusProxy(modality_);

    connect(modality_, &QComboBox::currentIndexChanged, this, [this] { refresh(); });
    connect(table_, &QTableWidget::cellActivated, this, [this](int row, int) {
        if (auto* item = table_->item(row, 0))
            emit open_file(item->data(Qt::UserRole).toString());
    });
}

QString EligibilityView::summary() const
{
    return summary_->text();
}

void EligibilityView::show_on(Date on)
{
    on_ = on;
    refresh();
}

void EligibilityView::refresh()
{
    if (!on_.ok())
        return;
    const std::string modality = ss(modality_->currentData().toString());
    const QString day = v_.desk.date(format_date(on_));
    auto answers = v_.service.eligibility_for(v_.desk.clinic().db(), modality, on_);
    if (!answers) {
        summary_->setText(for_people(v_.desk, answers.error().message));
        table_->setRowCount(0);
        return;
    }
    // Who may first, then why the others may not.
    std::stable_partition(answers->begin(), answers->end(), [](const Eligibility& e) { return e.eligible; });
    QStringList yes;
    for (const auto& e : *answers)
        if (e.eligible)
            yes << qs(e.display_name);
    const QString what = Texts::modality(modality);
    summary_->setText(yes.isEmpty() ? tr("%1 on %2: nobody is eligible.").arg(what, day)
                                    : tr("%1 on %2: %n eligible (%3).", "", static_cast<int>(yes.size()))
                                          .arg(what, day, yes.join(QStringLiteral(", "))));

    table_->setRowCount(static_cast<int>(answers->size()));
    for (int row = 0; row < static_cast<int>(answers->size()); ++row) {
        const auto& e = (*answers)[static_cast<std::size_t>(row)];
        auto* name = new QTableWidgetItem(qs(e.display_name));
        name->setData(Qt::UserRole, qs(e.therapist_id));
        name->setTextAlignment(Qt::AlignLeft | Qt::AlignTop);
        table_->setItem(row, 0, name);
        const auto tone = Texts::status_tone(e.eligible ? "approved" : "lapsed");
        auto* answer = new QTableWidgetItem(e.eligible ? tr("Yes") : tr("No"));
        answer->setBackground(tone.background);
        answer->setForeground(tone.text);
        answer->setTextAlignment(Qt::AlignLeft | Qt::AlignTop);
        QFont bold = answer->font();
        bold.setBold(true);
        answer->setFont(bold);
        table_->setItem(row, 1, answer);
        auto* reasons = new QTableWidgetItem(reason_lines(v_.desk, e.reasons));
        reasons->setTextAlignment(Qt::AlignLeft | Qt::AlignTop);
        table_->setItem(row, 2, reasons);
    }
}

} // namespace fascia::vetting::ui
