#include "search_popup.h"

#include "formatting.h"

#include <fascia/clients.h>

#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QVBoxLayout>

namespace fascia::desk {

SearchPopup::SearchPopup(Clinic& clinic, QWidget* parent) : QDialog(parent), clinic_(clinic)
{
    setWindowTitle(tr("Find a client"));
    setMinimumWidth(520);
    field_ = new QLineEdit(this);
    field_->setObjectName("globalSearch");
    field_->setPlaceholderText(tr("Name, phone or email — Enter opens the file"));
    results_ = new QListWidget(this);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(field_);
    layout->addWidget(results_);
    field_->installEventFilter(this);
    connect(field_, &QLineEdit::textChanged, this, [this] { search(); });
    connect(field_, &QLineEdit::returnPressed, this, [this] { choose(); });
    connect(results_, &QListWidget::itemActivated, this, [this] { choose(); });
    field_->setFocus();
}

bool SearchPopup::eventFilter(QObject* watched, QEvent* event)
{
    // Up and Down move through the results while typing.
    if (watched == field_ && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent*>(event)->key();
        if ((key == Qt::Key_Down || key == Qt::Key_Up) && results_->count() > 0) {
            const int row = std::clamp(results_->currentRow() + (key == Qt::Key_Down ? 1 : -1), 0,
                                       results_->count() - 1);
            results_->setCurrentRow(row);
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

void SearchPopup::search()
{
    results_->clear();
    if (field_->text().trimmed().isEmpty())
        return;
    const auto country = clinic_country(clinic_.db());
    for (const auto& c : search_clients(clinic_.db(), ss(field_->text()), 20)) {
        auto* item = new QListWidgetItem(QStringLiteral("%1   ·   %2   ·   %3")
                                             .arg(qs(c.display_name()),
                                                  format_date(c.date_of_birth, date_order_for(country)),
                                                  c.phone.empty() ? qs(c.email) : format_client_phone(c, country)),
                                         results_);
        item->setData(Qt::UserRole, qs(c.id));
    }
    results_->setCurrentRow(0);
}

void SearchPopup::choose()
{
    if (auto* item = results_->currentItem()) {
        chosen_ = item->data(Qt::UserRole).toString();
        accept();
    }
}

} // namespace fascia::desk
