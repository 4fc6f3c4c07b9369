#pragma once
// The client list: search as you type (name, phone or email prefix), open a
// client's file, add a client, import clients from a CSV file.
#include <fascia/desk/desk.h>

#include <QWidget>

class QLineEdit;
class QTableWidget;
class QLabel;

namespace fascia::desk {

class ClientsPage : public QWidget {
public:
    ClientsPage(DeskContext& desk, QWidget* parent = nullptr);
    /// Re-runs the search (after a change elsewhere).
    void refresh();
    /// Opens the new-client form; returns the new client's id, or empty if cancelled.
    QString add_client();
    QLineEdit* search_field() const { return search_; }
    QTableWidget* table() const { return table_; }

protected:
    void showEvent(QShowEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void open_selected();
    void import_csv();
    DeskContext& desk_;
    QLineEdit* search_;
    QTableWidget* table_;
    QLabel* count_;
};

} // namespace fascia::desk
