#include "settings_page.h"

#include "formatting.h"

#include <boost/json.hpp>

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTimeEdit>
#include <QVBoxLayout>

namespace fascia::desk {

namespace {

const QStringList day_keys{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

} // namespace

SettingsPage::SettingsPage(DeskContext& desk, QWidget* parent) : QWidget(parent), desk_(desk)
{
    auto* title = new QLabel(tr("Settings"), this);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    title->setFont(big);

    auto* clinic_box = new QGroupBox(tr("Clinic"), this);
    name_ = new QLineEdit(clinic_box);
    address_ = new QPlainTextEdit(clinic_box);
    address_->setTabChangesFocus(true);
    address_->setFixedHeight(60);
    zone_ = new QComboBox(clinic_box);
    zone_->setEditable(true);
    zone_->addItems({"Europe/London", "Europe/Dublin", "Australia/Sydney", "Australia/Melbourne",
                     "Australia/Brisbane", "Australia/Adelaide", "Australia/Perth", "Pacific/Auckland",
                     "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
                     "America/Toronto"});
    currency_ = new QComboBox(clinic_box);
    currency_->addItems({"GBP", "EUR", "AUD", "NZD", "USD", "CAD"});
    auto* clinic_form = new QFormLayout(clinic_box);
    clinic_form->addRow(tr("&Name"), name_);
    clinic_form->addRow(tr("&Address"), address_);
    clinic_form->addRow(tr("&Time zone"), zone_);
    clinic_form->addRow(tr("C&urrency"), currency_);

    auto* hours_box = new QGroupBox(tr("Opening hours"), this);
    auto* grid = new QGridLayout(hours_box);
    const QStringList day_names{tr("Monday"), tr("Tuesday"), tr("Wednesday"), tr("Thursday"),
                                tr("Friday"), tr("Saturday"), tr("Sunday")};
    for (int i = 0; i < day_keys.size(); ++i) {
        Day day{new QCheckBox(day_names[i], hours_box), new QTimeEdit(hours_box), new QTimeEdit(hours_box)};
        day.opens->setDisplayFormat("HH:mm");
        day.closes->setDisplayFormat("HH:mm");
        connect(day.open, &QCheckBox::toggled, day.opens, &QWidget::setEnabled);
        connect(day.open, &QCheckBox::toggled, day.closes, &QWidget::setEnabled);
        grid->addWidget(day.open, i, 0);
        grid->addWidget(day.opens, i, 1);
        grid->addWidget(new QLabel(tr("to"), hours_box), i, 2);
        grid->addWidget(day.closes, i, 3);
        days_[day_keys[i]] = day;
    }

    auto* modules_box = new QGroupBox(tr("Modules"), this);
    auto* modules_form = new QFormLayout(modules_box);
    for (const auto& d : desk_.clinic().extensions().settings) {
        auto* spin = new QSpinBox(modules_box);
        spin->setRange(static_cast<int>(d.minimum), static_cast<int>(d.maximum));
        modules_form->addRow(qs(d.label), spin);
        modules_[qs(d.key)] = spin;
    }

    message_ = new QLabel(this);
    message_->setWordWrap(true);
    auto* save_button = new QPushButton(tr("&Save settings"), this);
    auto* revert = new QPushButton(tr("Re&vert"), this);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(message_, 1);
    buttons->addWidget(revert);
    buttons->addWidget(save_button);

    auto* content = new QWidget;
    auto* columns = new QHBoxLayout(content);
    auto* left = new QVBoxLayout;
    left->addWidget(clinic_box);
    left->addWidget(modules_box);
    left->addStretch(1);
    columns->addLayout(left, 1);
    columns->addWidget(hours_box, 0, Qt::AlignTop);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(scroll, 1);
    layout->addLayout(buttons);
    setFocusProxy(name_);

    connect(save_button, &QPushButton::clicked, this, [this] { save(); });
    connect(revert, &QPushButton::clicked, this, [this] { load(); });
    load();
}

void SettingsPage::load()
{
    const auto s = desk_.clinic().settings();
    name_->setText(qs(s.name));
    address_->setPlainText(qs(s.address));
    zone_->setCurrentText(qs(s.time_zone));
    currency_->setCurrentText(qs(s.currency));
    boost::system::error_code ec;
    const auto hours = boost::json::parse(s.opening_hours.empty() ? "{}" : s.opening_hours, ec);
    for (const auto& key : day_keys) {
        auto& day = days_[key];
        const auto* v = !ec && hours.is_object() ? hours.as_object().if_contains(ss(key)) : nullptr;
        const bool open = v && v->is_array() && v->as_array().size() == 2;
        day.open->setChecked(open);
        day.opens->setEnabled(open);
        day.closes->setEnabled(open);
        day.opens->setTime(open ? QTime::fromString(qs(v->as_array()[0].as_string()), "HH:mm") : QTime(9, 0));
        day.closes->setTime(open ? QTime::fromString(qs(v->as_array()[1].as_string()), "HH:mm") : QTime(17, 0));
    }
    for (auto it = modules_.begin(); it != modules_.end(); ++it)
        it.value()->setValue(static_cast<int>(desk_.clinic().setting(ss(it.key()))));
    message_->clear();
}

QString SettingsPage::message() const
{
    return message_->text();
}

bool SettingsPage::save()
{
    boost::json::object hours;
    for (const auto& key : day_keys) {
        const auto& day = days_[key];
        if (day.open->isChecked())
            hours[ss(key)] = boost::json::array{ss(day.opens->time().toString("HH:mm")),
                                                ss(day.closes->time().toString("HH:mm"))};
        else
            hours[ss(key)] = nullptr;
    }
    boost::json::object modules;
    for (auto it = modules_.cbegin(); it != modules_.cend(); ++it)
        modules[ss(it.key())] = it.value()->value();
    boost::json::object payload{{"name", ss(name_->text())},
                                {"address", ss(address_->toPlainText())},
                                {"time_zone", ss(zone_->currentText().trimmed())},
                                {"currency", ss(currency_->currentText())},
                                {"opening_hours", hours}};
    if (!modules.empty())
        payload["modules"] = modules;
    auto outcome = desk_.execute("settings.update", payload);
    if (!outcome) {
        message_->setStyleSheet("color: #b00020;");
        message_->setText(qs(outcome.error().message));
        return false;
    }
    message_->setStyleSheet("color: #1b5e20;");
    message_->setText(tr("Saved."));
    return true;
}

} // namespace fascia::desk
