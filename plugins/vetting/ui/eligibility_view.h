#pragma once
// "Eligible for…": pick a modality; for the page's date, who may practise it
// and, for everyone else, every reason they may not.
#include "texts.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QTableWidget;

namespace fascia::vetting::ui {

class EligibilityView : public QWidget {
    Q_OBJECT
public:
    EligibilityView(Vetting vetting, QWidget* parent = nullptr);
    /// Asks again for a date.
    void show_on(Date on);
    QComboBox* modality_choice() const { return modality_; }
    QTableWidget* table() const { return table_; }
    /// "Prenatal massage on 22/11/2026: …", the line above the table.
    QString summary() const;

signals:
    void open_file(const QString& therapist_id);

private:
    void refresh();
    Vetting v_;
    Date on_{};
    QComboBox* modality_;
    QLabel* summary_;
    QTableWidget* table_;
};

} // namespace fascia::vetting::ui
