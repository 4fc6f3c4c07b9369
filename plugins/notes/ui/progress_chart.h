#pragma once
// A client's progress as a chart (Qt Charts): one measure's scores session by
// session, the baseline as a dashed line and the meaningful-change line the
// clinic's rule draws from it, with the no-improvement flag said underneath.
// Loading runs notes.read for the client first (audited).
#include <fascia/desk/desk.h>

#include <boost/json/object.hpp>

#include <QWidget>

#include <string>

class QComboBox;
class QLabel;
class QChartView;

namespace fascia::notes::ui {

class ProgressChart final : public QWidget {
public:
    ProgressChart(desk::DeskContext& desk, std::string client_id, QWidget* parent);
    /// Reads the client's progress again (an audited read); false when the user may not.
    bool reload();

private:
    void draw();

    desk::DeskContext& desk_;
    std::string client_id_;
    boost::json::object progress_;
    QComboBox* measure_ = nullptr;
    QChartView* view_ = nullptr;
    QLabel* summary_ = nullptr;
};

} // namespace fascia::notes::ui
