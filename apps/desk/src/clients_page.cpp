#include "clients_page.h"

#include "client_form.h"
#include "csv_import.h"
#include "formatting.h"

#include <fascia/clients.h>

#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QShortcut>
#include <QTableWidget>
#include <QVBoxLayout>

namespace fascia::desk {

ClientsPage::ClientsPage(DeskContext& desk, QWidget* parent) : QWidget(parent), desk_(desk)
{
    auto* title = new QLabel(tr("Clients"), this);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    title->setFont(big);
    search_ = new QLineEdit(this);
    search_->setObjectName("clientSearch");
    search_->setPlaceholderText(tr("Search by name, phone or email (Ctrl+K from anywhere)"));
    search_->setClearButtonEnabled(true);
    auto* add = new QPushButton(tr("&New client"), this);
    add->setObjectName("newClient");
    auto* import = new QPushButton(tr("&Import from CSV…"), this);
    count_ = new QLabel(this);
    // Therapists look clients up; adding them is the desk's job (clients.create).
    const bool adds_clients = desk_.user().role != Role::therapist;
    add->setVisible(adds_clients);
    import->setVisible(adds_clients);
    table_ = new QTableWidget(0, 5, this);
    table_->setObjectName("clientTable");
    table_->setHorizontalHeaderLabels(
        {tr("Name"), tr("Date of birth"), tr("Phone"), tr("Email"), tr("Health data consent")});
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table_->verticalHeader()->hide();
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setAlternatingRowColors(true);

    auto* bar = new QHBoxLayout;
    bar->addWidget(search_, 1);
    bar->addWidget(add);
    bar->addWidget(import);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addLayout(bar);
    layout->addWidget(table_, 1);
    layout->addWidget(count_);
    setFocusProxy(search_);

    connect(search_, &QLineEdit::textChanged, this, [this] { refresh(); });
    connect(search_, &QLineEdit::returnPressed, this, [this] {
        if (table_->rowCount() > 0) {
            table_->selectRow(0);
            open_selected();
        }
    });
    connect(table_, &QTableWidget::cellActivated, this, [this] { open_selected(); });
    connect(add, &QPushButton::clicked, this, [this] { add_client(); });
    connect(import, &QPushButton::clicked, this, [this] { import_csv(); });
    auto* shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_N), this);
    shortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(shortcut, &QShortcut::activated, this, [this, adds_clients] {
        if (adds_clients)
            add_client();
    });
    search_->installEventFilter(this);
    refresh();
}

void ClientsPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    refresh();
}

bool ClientsPage::eventFilter(QObject* watched, QEvent* event)
{
    // Down from the search box moves into the results, as in a browser's address bar.
    if (watched == search_ && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent*>(event)->key() == Qt::Key_Down && table_->rowCount() > 0) {
        table_->setFocus();
        table_->selectRow(0);
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void ClientsPage::refresh()
{
    const auto clients = search_clients(desk_.clinic().db(), ss(search_->text()), 200);
    table_->setRowCount(static_cast<int>(clients.size()));
    const auto country = clinic_country(desk_.clinic().db());
    for (int row = 0; row < static_cast<int>(clients.size()); ++row) {
        const auto& c = clients[static_cast<std::size_t>(row)];
        auto* name = new QTableWidgetItem(qs(c.display_name()));
        name->setData(Qt::UserRole, qs(c.id));
        table_->setItem(row, 0, name);
        table_->setItem(row, 1, new QTableWidgetItem(format_date(c.date_of_birth, date_order_for(country))));
        table_->setItem(row, 2, new QTableWidgetItem(format_client_phone(c, country)));
        table_->setItem(row, 3, new QTableWidgetItem(qs(c.email)));
        table_->setItem(row, 4, new QTableWidgetItem(c.health_consent_at ? tr("Recorded") : tr("Not yet")));
    }
    const int rows = table_->rowCount();
    count_->setText(search_->text().isEmpty() ? tr("%1 clients shown; type to search all of them").arg(rows)
                    : rows == 1             ? tr("1 match")
                                            : tr("%1 matches").arg(rows));
}

void ClientsPage::open_selected()
{
    const int row = table_->currentRow();
    if (row < 0)
        return;
    desk_.open_client(table_->item(row, 0)->data(Qt::UserRole).toString());
}

QString ClientsPage::add_client()
{
    ClientForm form(desk_, {}, this);
    if (form.exec() != QDialog::Accepted)
        return {};
    refresh();
    desk_.open_client(form.client_id());
    return form.client_id();
}

void ClientsPage::import_csv()
{
    const QString file = QFileDialog::getOpenFileName(this, tr("Import clients"), {}, tr("CSV files (*.csv)"));
    if (file.isEmpty())
        return;
    run_csv_import(desk_, file, this);
    refresh();
}

} // namespace fascia::desk
