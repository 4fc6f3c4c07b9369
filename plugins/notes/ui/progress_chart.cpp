#include "progress_chart.h"

#include "notes_module.h"

#include <fascia/desk/plugin_support.h>

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QScatterSeries>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>

namespace fascia::notes::ui {

namespace json = boost::json;
using desk::qs;

ProgressChart::ProgressChart(desk::DeskContext& desk, std::string client_id, QWidget* parent)
    : QWidget(parent), desk_(desk), client_id_(std::move(client_id))
{
    setObjectName(QStringLiteral("progressChart"));
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    measure_ = new QComboBox(this);
    measure_->setObjectName(QStringLiteral("measure"));
    for (const auto m : all_measures())
        measure_->addItem(qs(measure_label(m)), qs(to_string(m)));
    auto* label = new QLabel(tr("&Measure:"), this);
    label->setBuddy(measure_);
    top->addWidget(label);
    top->addWidget(measure_);
    top->addStretch();
    layout->addLayout(top);
    view_ = new QChartView(this);
    view_->setObjectName(QStringLiteral("chartView"));
    view_->setRenderHint(QPainter::Antialiasing);
    view_->setMinimumHeight(320);
    layout->addWidget(view_, 1);
    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("progressSummary"));
    summary_->setWordWrap(true);
    layout->addWidget(summary_);
    connect(measure_, &QComboBox::currentIndexChanged, this, [this] { draw(); });
}

bool ProgressChart::reload()
{
    auto read = desk_.execute("notes.read", {{"client_id", client_id_}});
    if (!read) {
        summary_->setText(qs(read.error().message));
        return false;
    }
    progress_ = progress_json(desk_.clinic().db(), client_id_);
    // Open on the measure the flag watches (the clinic's primary measure).
    const auto primary = qs(progress_.at("flag").at("measure").as_string());
    measure_->setCurrentIndex(std::max(0, measure_->findData(primary)));
    draw();
    return true;
}

void ProgressChart::draw()
{
    auto* chart = new QChart;
    chart->legend()->setAlignment(Qt::AlignBottom);
    const auto key = measure_->currentData().toString().toStdString();
    const auto measure = parse_measure(key).value_or(Measure::nprs_now);
    const auto* m = progress_.contains("measures") ? progress_.at("measures").as_object().if_contains(key) : nullptr;
    chart->setTitle(measure_->currentText());
    double top = measure == Measure::odi ? 100 : measure == Measure::sbi ? 24 : 10;
    int sessions = 1;
    if (m) {
        const auto& series = m->at("series").as_array();
        const double baseline = m->at("baseline").at("value").to_number<double>();
        const bool from_screening = m->at("baseline").at("source") == "screening";
        // Session 0 is the screening when it gave the baseline; the sessions follow.
        auto* scores = new QLineSeries(chart);
        scores->setName(tr("Score"));
        auto* dots = new QScatterSeries(chart);
        dots->setMarkerSize(9);
        dots->setName(tr("Session"));
        if (from_screening) {
            scores->append(0, baseline);
            dots->append(0, baseline);
        }
        int x = 1;
        for (const auto& p : series) {
            scores->append(x, p.at("value").to_number<double>());
            dots->append(x, p.at("value").to_number<double>());
            ++x;
        }
        sessions = std::max(1, x - 1);
        const auto flat = [&](double y, const QString& name, const QColor& colour) {
            auto* line = new QLineSeries(chart);
            line->setName(name);
            line->append(0, y);
            line->append(sessions, y);
            QPen pen(colour);
            pen.setStyle(Qt::DashLine);
            pen.setWidth(2);
            line->setPen(pen);
            chart->addSeries(line);
        };
        flat(baseline, tr("Baseline %1").arg(baseline), QColor(0x60, 0x60, 0x60));
        // The clinic's rule: a change of `points`, or of `percent` of the
        // baseline, whichever comes first (a rule at 0 is not used).
        const auto& rule = m->at("rule").as_object();
        const double points = rule.at("points").to_number<double>();
        const double percent = rule.at("percent").to_number<double>() * baseline / 100.0;
        double needed = 0;
        if (points > 0 && percent > 0)
            needed = std::min(points, percent);
        else
            needed = std::max(points, percent);
        if (needed > 0) {
            const double target = higher_is_better(measure) ? baseline + needed : baseline - needed;
            flat(target, tr("Meaningful change %1").arg(shown(target)), QColor(0x2e, 0x7d, 0x32));
        }
        QPen pen(QColor(0x15, 0x65, 0xc0));
        pen.setWidth(3);
        scores->setPen(pen);
        dots->setColor(QColor(0x15, 0x65, 0xc0));
        chart->addSeries(scores);
        chart->addSeries(dots);
        QString text;
        if (m->as_object().contains("latest"))
            text = tr("Baseline %1 (%2), latest %3: %4.")
                       .arg(baseline)
                       .arg(from_screening ? tr("screening") : tr("first session"))
                       .arg(m->at("latest").to_number<double>())
                       .arg(m->at("meaningful").as_bool() ? tr("a meaningful improvement")
                                                          : tr("not a meaningful improvement"));
        else
            text = tr("Baseline %1: measured once so far.").arg(baseline);
        const auto& flag = progress_.at("flag").as_object();
        if (flag.at("no_improvement").as_bool())
            text += " <b style='color:#b00020'>" + tr("Flagged: %1.").arg(qs(flag.at("advice").as_string())) + "</b>";
        summary_->setText(text);
    } else {
        summary_->setText(tr("No signed note has this measure yet."));
    }
    chart->createDefaultAxes();
    for (auto* axis : chart->axes(Qt::Horizontal)) {
        auto* x = static_cast<QValueAxis*>(axis);
        x->setRange(0, sessions);
        x->setTickCount(sessions + 1);
        x->setLabelFormat(QStringLiteral("%d"));
        x->setTitleText(tr("Session (0: screening or first)"));
    }
    for (auto* axis : chart->axes(Qt::Vertical))
        static_cast<QValueAxis*>(axis)->setRange(0, top);
    // Only the score and the two lines need a legend entry, not each dot.
    for (auto* marker : chart->legend()->markers())
        if (marker->series()->type() == QAbstractSeries::SeriesTypeScatter)
            marker->setVisible(false);
    auto* old = view_->chart();
    view_->setChart(chart);
    delete old;
}

} // namespace fascia::notes::ui
