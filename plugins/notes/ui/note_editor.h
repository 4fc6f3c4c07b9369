#pragma once
// One appointment's note on the desk: SOAP fields, techniques, areas and
// advice from the clinic's lists, quick entry of the measures (pain as 0-10
// buttons, Oswestry, PSFS, Sciatica Bothersomeness, medication), Save draft,
// Sign, Amend with a reason, and beside it the history: the original as signed
// and every amendment with who, when and why. Every load runs notes.read first.
#include <fascia/desk/desk.h>

#include <boost/json/object.hpp>

#include <QWidget>

#include <array>
#include <string>
#include <vector>

class QButtonGroup;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTextBrowser;

namespace fascia::notes::ui {

class NoteEditor final : public QWidget {
public:
    NoteEditor(desk::DeskContext& desk, std::string appointment_id, QWidget* parent);
    /// Reads the note again (an audited read); false, with the refusal shown, when the user may not.
    bool reload();

private:
    boost::json::object note_from_fields() const;
    void fill(const boost::json::object& note);
    void run(const char* type, boost::json::object payload);

    /// A questionnaire scored item by item: taken when its box is checked.
    template <std::size_t Items>
    struct Questionnaire {
        QGroupBox* box = nullptr;
        std::array<QSpinBox*, Items> items{};
    };
    /// The row under the note: Save draft, Sign, and Amend with the reason for it.
    struct Actions {
        QPushButton* save = nullptr;
        QPushButton* sign = nullptr;
        QLineEdit* reason = nullptr;
        QPushButton* amend = nullptr;
    };

    desk::DeskContext& desk_;
    std::string appointment_id_;
    QLabel* title_ = nullptr;
    QLabel* status_ = nullptr;
    QLabel* stopped_ = nullptr;
    QPushButton* refer_ = nullptr; ///< beside stopped_: record the referral it suggests
    QLabel* error_ = nullptr;
    std::array<QPlainTextEdit*, 4> soap_{};
    QListWidget* techniques_ = nullptr;
    QListWidget* advice_ = nullptr;
    QListWidget* areas_ = nullptr;
    QButtonGroup* pain_now_ = nullptr;
    QButtonGroup* pain_worst_ = nullptr;
    Questionnaire<10> odi_; ///< Oswestry: 10 sections, 0-5 (-1 not answered)
    QGroupBox* psfs_box_ = nullptr;
    std::array<QLineEdit*, 5> psfs_activity_{};
    std::array<QSpinBox*, 5> psfs_score_{};
    QComboBox* medication_ = nullptr;
    Questionnaire<4> sbi_; ///< Sciatica Bothersomeness: 4 items, 0-6
    Actions actions_;
    QTextBrowser* history_ = nullptr;
};

} // namespace fascia::notes::ui
