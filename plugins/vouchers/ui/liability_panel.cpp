#include "liability_panel.h"

#include <QDateEdit>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace fascia::vouchers::ui {

namespace {

using namespace std::chrono;

year_month_day ymd(const QDate& d)
{
    return year_month_day{year{d.year()}, month{static_cast<unsigned>(d.month())}, day{static_cast<unsigned>(d.day())}};
}

QTableWidgetItem* cell(const QString& text, bool right = false)
{
    auto* item = new QTableWidgetItem(text);
    item->setTextAlignment(right ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return item;
}

QTableWidget* table(const QString& name, const QStringList& headers, QWidget* parent)
{
    auto* t = new QTableWidget(0, static_cast<int>(headers.size()), parent);
    t->setObjectName(name);
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->hide();
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    t->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    return t;
}

QString count_text(int n)
{
    return count_of(n, QObject::tr("voucher"), QObject::tr("vouchers"));
}

} // namespace

LiabilityPanel::LiabilityPanel(Vouchers vouchers, QWidget* parent) : QWidget(parent), v_(vouchers)
{
    const auto t = v_.today();
    const QDate today(int(t.year()), static_cast<int>(unsigned(t.month())), static_cast<int>(unsigned(t.day())));
    as_of_ = new QDateEdit(today, this);
    as_of_->setObjectName("liabilityAsOf");
    as_of_->setCalendarPopup(true);
    as_of_->setDisplayFormat("dd/MM/yyyy");
    auto* as_of_label = new QLabel(tr("Owed at the end of &day"), this);
    as_of_label->setBuddy(as_of_);
    total_ = heading(QString(), this, 1.6);
    total_->setObjectName("liabilityTotal");

    bands_ = table("liabilityBands", {tr("Age of voucher"), tr("Vouchers"), tr("Outstanding")}, this);
    expired_ = new MessageLabel("liabilityExpired", this);
    write_off_ = new QPushButton(tr("&Write off expired balances…"), this);
    write_off_->setObjectName("writeOffExpired");
    write_off_->setVisible(v_.may(write_off_command));
    breakage_ = new QLabel(this);
    breakage_->setObjectName("liabilityBreakage");
    breakage_->setWordWrap(true);

    auto* activity_box = new QGroupBox(tr("Sold and redeemed, month by month (last 12 months to the day above)"), this);
    activity_ = table("voucherActivity",
                      {tr("Month"), tr("Sold"), tr("Value sold"), tr("Redemptions"), tr("Value redeemed"),
                       tr("Refunded"), tr("Voided"), tr("Expired")},
                      activity_box);
    auto* activity_layout = new QVBoxLayout(activity_box);
    activity_layout->addWidget(activity_);
    result_ = new MessageLabel("liabilityResult", this);

    auto* date_row = new QHBoxLayout;
    date_row->addWidget(as_of_label);
    date_row->addWidget(as_of_);
    date_row->addStretch(1);
    auto* expired_row = new QHBoxLayout;
    expired_row->addWidget(expired_, 1);
    expired_row->addWidget(write_off_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(date_row);
    layout->addWidget(total_);
    layout->addWidget(bands_);
    layout->addLayout(expired_row);
    layout->addWidget(breakage_);
    layout->addWidget(result_);
    layout->addWidget(activity_box, 1);

    connect(as_of_, &QDateEdit::dateChanged, this, [this] { refresh(); });
    connect(write_off_, &QPushButton::clicked, this, [this] { write_off(); });
    refresh();
}

void LiabilityPanel::refresh()
{
    auto& db = v_.desk.clinic().db();
    const auto as_of = ymd(as_of_->date());
    const auto l = v_.service.liability(db, as_of);
    if (!l) {
        total_->setText(qs(l.error().message));
        return;
    }
    total_->setText(tr("%1 owed on %2").arg(v_.money(l->total), count_text(l->vouchers)));
    bands_->setRowCount(static_cast<int>(l->by_age.size()));
    for (std::size_t i = 0; i < l->by_age.size(); ++i) {
        const auto& b = l->by_age[i];
        const int row = static_cast<int>(i);
        bands_->setItem(row, 0, cell(qs(b.label)));
        bands_->setItem(row, 1, cell(QString::number(b.vouchers), true));
        bands_->setItem(row, 2, cell(v_.money(b.outstanding), true));
    }
    // Just tall enough for its rows, so the monthly table below gets the room.
    bands_->setFixedHeight(bands_->horizontalHeader()->sizeHint().height()
                           + bands_->verticalHeader()->length() + 2 * bands_->frameWidth());
    if (l->expired_vouchers > 0)
        expired_->show_message(tr("%1 of it is on %2 past expiry, not yet written off.")
                                   .arg(v_.money(l->expired_outstanding), count_text(l->expired_vouchers)),
                               Tone::warning);
    else
        expired_->show_message(tr("Nothing past expiry is waiting to be written off."), Tone::neutral);
    write_off_->setEnabled(l->expired_vouchers > 0);
    if (l->other_currency_vouchers > 0)
        expired_->show_message(expired_->text() + tr(" %1 in another currency are not counted.")
                                                      .arg(count_text(l->other_currency_vouchers)),
                               Tone::warning);

    const auto from = year_month_day{sys_days{ymd(as_of_->date().addYears(-1).addDays(1))}};
    if (const auto b = v_.service.breakage(db, from, as_of))
        breakage_->setText(tr("Breakage, the value that expired unspent, in the 12 months to %1: <b>%2</b> "
                              "(%3 written off, %4 given back by extensions).")
                               .arg(v_.date(format_date(as_of)), v_.money(b->net), v_.money(b->written_off),
                                    v_.money(b->reinstated)));
    const QDate first = QDate(as_of_->date().year(), as_of_->date().month(), 1).addMonths(-11);
    const auto a = v_.service.activity(db, ymd(first), as_of, "month");
    if (!a)
        return;
    activity_->setRowCount(static_cast<int>(a->periods.size()) + 1);
    int row = 0;
    const auto put = [&](const QString& label, const ActivityPeriod& p, bool bold) {
        const QStringList values{label,
                                 QString::number(p.sold_count),
                                 v_.money(p.sold),
                                 QString::number(p.redeemed_count),
                                 v_.money(p.redeemed),
                                 v_.money(p.refunded),
                                 v_.money(p.voided),
                                 v_.money(Money{p.written_off.minor - p.reinstated.minor, p.written_off.currency})};
        for (int c = 0; c < values.size(); ++c) {
            auto* item = cell(values[c], c > 0);
            if (bold) {
                QFont f = item->font();
                f.setBold(true);
                item->setFont(f);
            }
            activity_->setItem(row, c, item);
        }
        ++row;
    };
    for (const auto& p : a->periods)
        put(QLocale().toString(QDate::fromString(qs(p.start), Qt::ISODate), "MMM yyyy"), p, false);
    put(tr("Total"), a->totals, true);
    activity_->scrollToBottom(); // the latest months and the total are what the owner looks for
}

void LiabilityPanel::write_off()
{
    const auto l = v_.service.liability(v_.desk.clinic().db(), v_.today());
    if (!l || l->expired_vouchers == 0) {
        result_->show_message(tr("Nothing has expired with a balance left."), Tone::neutral);
        return;
    }
    QMessageBox ask(QMessageBox::Question, tr("Write off expired vouchers"),
                    tr("Write off %1 on %2 past expiry? It becomes breakage; the owner can still extend a "
                       "voucher later, which gives its value back.")
                        .arg(v_.money(l->expired_outstanding), count_text(l->expired_vouchers)),
                    QMessageBox::Yes | QMessageBox::Cancel, this);
    ask.setObjectName("writeOffConfirm");
    if (ask.exec() != QMessageBox::Yes)
        return;
    const auto outcome = v_.execute(write_off_command, {});
    if (!outcome) {
        result_->show_message(qs(outcome.error().message), Tone::bad);
        return;
    }
    result_->show_message(tr("Wrote off %1.").arg(count_text(static_cast<int>(outcome->result.at("written_off").as_int64()))),
                          Tone::good);
    refresh();
}

} // namespace fascia::vouchers::ui
