#pragma once
// "Eligible for…": pick a modality; for the page's date, who may practise it
// and, for everyone else, every reason they may not.
#include "texts.h"

#include <QWidget>

namespace fascia::vetting::ui {

class EligibilityView final : public DatedView {
public:
    EligibilityView(Vetting vetting, QWidget* parent = nullptr);
    QComboBox* modality_choice() const { return modality_; }
    /// "Prenatal massage on 22/11/2026: …", the line above the table.
    QString summary() const;
    QTableWidget* table() const { return table_; }
    void show_on(Date on) override;

private:
    void refresh();
    Vetting v_;
    Date on_{};
    QComboBox* modality_;
    QLabel* summary_;
    QTableWidget* table_;
};

} // namespace fascia::vetting::ui
