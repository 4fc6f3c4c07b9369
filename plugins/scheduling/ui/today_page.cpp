#include "today_page.h"

#include "checkout.h"
#include "json_text.h"
#include "checkout_dialog.h"

#include <fascia/desk/plugin_support.h>

#include <boost/json.hpp>

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>
#include <QTableWidget>
#include <QVBoxLayout>

namespace fascia::scheduling::ui {

namespace json = boost::json;
using desk::qs;
using desk::ss;

namespace {

enum Column { time_column, client_column, service_column, therapist_column, status_column, check_column, paid_column };

/// The status as the desk says it: a booked client past their start is late.
QString status_words(const json::object& a)
{
    const auto status = text(a, "status");
    if (status == "booked")
        return a.at("late").as_bool() ? QObject::tr("Late") : QObject::tr("Expected");
    if (status == "arrived")
        return QObject::tr("Arrived");
    if (status == "no_show")
        return QObject::tr("No-show");
    if (status == "completed")
        return QObject::tr("Completed");
    if (status == "cancelled")
        return QObject::tr("Cancelled");
    return status;
}

QColor status_colour(const json::object& a)
{
    const auto status = text(a, "status");
    if (status == "booked" && a.at("late").as_bool())
        return QColor("#b35c00");
    if (status == "no_show" || status == "cancelled")
        return QColor("#b00020");
    if (status == "arrived" || status == "completed")
        return QColor("#1b7a3a");
    return QColor("#22313a");
}

QTableWidgetItem* cell(const QString& text)
{
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return item;
}

class TodayDeskPage final : public desk::Page {
public:
    QString title() const override { return QObject::tr("Today"); }
    std::vector<Role> roles() const override { return booking_roles(); }
    int order() const override { return 12; } // beside Clients, after the Calendar (5)
    QWidget* create(desk::DeskContext& desk, QWidget* parent) override { return new TodayPage(desk, parent); }
};

} // namespace

void add_today_page(PluginContext& context)
{
    std::shared_ptr<desk::Page> page = std::make_shared<TodayDeskPage>();
    context.add_service(std::string(desk::page_prefix) + "scheduling-today", std::move(page));
}

TodayPage::TodayPage(desk::DeskContext& desk, QWidget* parent) : QWidget(parent), desk_(desk)
{
    setObjectName("todayPage");
    auto* previous = new QPushButton(QStringLiteral("◀"), this);
    previous->setObjectName("previousDay");
    previous->setToolTip(tr("The day before (Alt+Left)"));
    previous->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Left));
    auto* next = new QPushButton(QStringLiteral("▶"), this);
    next->setObjectName("nextDay");
    next->setToolTip(tr("The day after (Alt+Right)"));
    next->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Right));
    auto* today = new QPushButton(tr("&Today"), this);
    today->setObjectName("today");
    for (auto* b : {previous, next})
        b->setFixedWidth(36);
    date_ = desk::heading(QString(), this, 1.4);
    date_->setObjectName("todayDate");
    summary_ = new QLabel(this);
    summary_->setObjectName("todaySummary");
    summary_->setStyleSheet("color: #5f6f75;");

    list_ = new QTableWidget(0, 7, this);
    list_->setObjectName("todayList");
    list_->setHorizontalHeaderLabels(
        {tr("Time"), tr("Client"), tr("Service"), tr("Therapist"), tr("Status"), tr("Pre-session check"), tr("Paid")});
    list_->verticalHeader()->hide();
    list_->setSelectionBehavior(QAbstractItemView::SelectRows);
    list_->setSelectionMode(QAbstractItemView::SingleSelection);
    list_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    list_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    list_->horizontalHeader()->setSectionResizeMode(service_column, QHeaderView::Stretch);

    arrived_ = new QPushButton(tr("Mark &arrived"), this);
    arrived_->setObjectName("markArrived");
    no_show_ = new QPushButton(tr("&No-show"), this);
    no_show_->setObjectName("markNoShow");
    checkout_ = new QPushButton(tr("&Check out…"), this);
    checkout_->setObjectName("checkOut");
    error_ = desk::error_label(this, "todayError");

    auto* top = new QHBoxLayout;
    top->addWidget(previous);
    top->addWidget(date_);
    top->addWidget(next);
    top->addWidget(today);
    top->addStretch();
    top->addWidget(summary_);
    auto* actions = new QHBoxLayout;
    actions->addWidget(arrived_);
    actions->addWidget(no_show_);
    actions->addStretch();
    actions->addWidget(checkout_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(list_, 1);
    layout->addWidget(error_);
    layout->addLayout(actions);

    connect(previous, &QPushButton::clicked, this,
            [this] { show_day(std::chrono::sys_days{day_} - std::chrono::days{1}); });
    connect(next, &QPushButton::clicked, this, [this] { show_day(std::chrono::sys_days{day_} + std::chrono::days{1}); });
    connect(today, &QPushButton::clicked, this, [this] { show_day(desk::clinic_today(desk_)); });
    connect(list_, &QTableWidget::itemSelectionChanged, this, [this] { update_actions(); });
    connect(list_, &QTableWidget::cellDoubleClicked, this, [this] { check_out(); });
    connect(arrived_, &QPushButton::clicked, this, [this] { change_status("scheduling.arrive"); });
    connect(no_show_, &QPushButton::clicked, this, [this] { change_status("scheduling.no_show"); });
    connect(checkout_, &QPushButton::clicked, this, [this] { check_out(); });
    show_day(desk::clinic_today(desk_));
}

void TodayPage::show_day(std::chrono::year_month_day day)
{
    day_ = day;
    error_->hide();
    refresh();
}

void TodayPage::refresh()
{
    const QString keep = selected();
    const auto day = day_list(desk_.clinic().db(), day_, desk_.clinic().clock().now());
    const auto iso = text(day, "date");
    date_->setText(QLocale().toString(QDate::fromString(iso, Qt::ISODate), QStringLiteral("dddd ")) +
                   desk_.date(ss(iso)));
    const auto& rows = day.at("appointments").as_array();
    list_->setRowCount(static_cast<int>(rows.size()));
    int arrived = 0, unpaid = 0;
    for (int r = 0; r < list_->rowCount(); ++r) {
        const auto& a = rows[static_cast<std::size_t>(r)].as_object();
        const auto start = text(a, "start"), end = text(a, "end");
        auto* time = cell(start.mid(11, 5) + QStringLiteral("–") + end.mid(11, 5));
        time->setData(Qt::UserRole, text(a, "id"));
        list_->setItem(r, time_column, time);
        list_->setItem(r, client_column, cell(text(a, "client_name")));
        list_->setItem(r, service_column, cell(text(a, "service")));
        list_->setItem(r, therapist_column, cell(text(a, "therapist_name")));
        auto* status = cell(status_words(a));
        status->setForeground(status_colour(a));
        list_->setItem(r, status_column, status);
        list_->setItem(r, check_column, cell(a.at("precheck_id").is_null() ? tr("Not yet") : tr("Done")));
        const bool paid = a.at("paid").as_bool();
        const auto due = Money::parse(ss(text(a, "due")), ss(text(a, "currency")));
        auto* money = cell(paid ? tr("Paid") : tr("Due %1").arg(due ? desk_.money(*due) : text(a, "due")));
        if (!paid)
            money->setForeground(QColor("#b00020"));
        list_->setItem(r, paid_column, money);
        if (text(a, "status") == "arrived" || text(a, "status") == "completed")
            ++arrived;
        if (!paid)
            ++unpaid;
        if (text(a, "id") == keep)
            list_->selectRow(r);
    }
    summary_->setText(rows.empty() ? tr("No appointments")
                                   : tr("%1 appointments · %2 arrived · %3 not paid")
                                         .arg(rows.size())
                                         .arg(arrived)
                                         .arg(unpaid));
    update_actions();
}

QString TodayPage::selected() const
{
    const auto rows = list_->selectionModel() ? list_->selectionModel()->selectedRows() : QModelIndexList();
    if (rows.isEmpty())
        return {};
    const auto* item = list_->item(rows.front().row(), time_column);
    return item ? item->data(Qt::UserRole).toString() : QString();
}

void TodayPage::update_actions()
{
    const int row = selected().isEmpty() ? -1 : list_->selectionModel()->selectedRows().front().row();
    const QString status = row < 0 ? QString() : list_->item(row, status_column)->text();
    const bool booked = status == tr("Expected") || status == tr("Late");
    arrived_->setEnabled(booked && desk::may_run(desk_, "scheduling.arrive"));
    no_show_->setEnabled(status == tr("Late") && desk::may_run(desk_, "scheduling.no_show"));
    checkout_->setEnabled(row >= 0 && desk::may_run(desk_, "scheduling.checkout"));
}

void TodayPage::change_status(const char* command)
{
    const auto id = selected();
    if (id.isEmpty())
        return;
    auto outcome = desk_.execute(command, {{"id", ss(id)}});
    if (!outcome) {
        error_->setText(qs(outcome.error().message));
        error_->show();
        return;
    }
    error_->hide();
    refresh();
}

void TodayPage::check_out()
{
    const auto id = selected();
    if (id.isEmpty() || !checkout_->isEnabled())
        return;
    auto* dialog = new CheckoutDialog(desk_, id, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CheckoutDialog::money_changed, this, [this] { refresh(); });
    connect(dialog, &QDialog::finished, this, [this] { refresh(); });
    dialog->open();
}

} // namespace fascia::scheduling::ui
