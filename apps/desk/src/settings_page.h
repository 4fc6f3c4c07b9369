#pragma once
// The clinic's settings (owner and admin): name, address, time zone,
// currency, opening hours, and every module's settings.
#include <fascia/desk/desk.h>

#include <QMap>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QTimeEdit;

namespace fascia::desk {

class SettingsPage : public QWidget {
public:
    SettingsPage(DeskContext& desk, QWidget* parent = nullptr);
    /// Reads the settings into the form.
    void load();
    /// Saves through settings.update; false (with the message shown) when refused.
    bool save();
    QString message() const;

private:
    struct Day {
        QCheckBox* open;
        QTimeEdit* opens;
        QTimeEdit* closes;
    };
    DeskContext& desk_;
    QLineEdit* name_;
    QPlainTextEdit* address_;
    QComboBox* zone_;
    QComboBox* currency_;
    QMap<QString, Day> days_;
    QMap<QString, QSpinBox*> modules_;
    QLabel* message_;
};

} // namespace fascia::desk
