#pragma once
// Ctrl+K: find a client from anywhere and open their file with Enter.
#include <fascia/clinic.h>

#include <QDialog>

class QLineEdit;
class QListWidget;

namespace fascia::desk {

class SearchPopup : public QDialog {
public:
    SearchPopup(Clinic& clinic, QWidget* parent = nullptr);
    /// The client picked (empty when none).
    const QString& chosen_client() const { return chosen_; }
    QLineEdit* field() const { return field_; }
    QListWidget* results() const { return results_; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void search();
    void choose();
    Clinic& clinic_;
    QLineEdit* field_;
    QListWidget* results_;
    QString chosen_;
};

} // namespace fascia::desk
