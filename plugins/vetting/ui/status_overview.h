#pragma once
// Every active therapist's standing on the page's date: the status with every
// reason, what they may practise, and their expiry warnings; under it, the
// clinic-wide list of what runs out soon, coloured by the warning crossed.
#include "texts.h"

#include <QWidget>

namespace fascia::vetting::ui {

class StatusOverview final : public DatedView {
public:
    StatusOverview(Vetting vetting, QWidget* parent = nullptr);
    /// Reads every status and the expiry list for a date.
    void show_on(Date on) override;
    QTableWidget* status_table() const { return statuses_; }
    QTableWidget* expiring_table() const { return expiring_; }

private:
    Vetting v_;
    QTableWidget* statuses_;
    QLabel* expiring_title_;
    QTableWidget* expiring_;
};

} // namespace fascia::vetting::ui
