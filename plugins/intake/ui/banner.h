#pragma once
// The result of a screening as a coloured banner: red for an urgent referral
// (with what to tell the client), amber while a doctor's clearance is needed,
// blue for precautions (the restrictions listed), green when nothing limits
// booking, grey when there is no current screening.
#include "texts.h"

#include <QFrame>

#include <optional>

class QLabel;

namespace fascia::intake::ui {

enum class Tone { urgent, clearance, precaution, clear, neutral };

/// "urgent", "clearance", "precaution", "clear" or "neutral": the banner's "tone" property.
const char* to_string(Tone tone);

/// What a banner says.
struct BannerContent {
    Tone tone = Tone::neutral;
    QString heading;     ///< one line, bold
    QString script;      ///< what to tell the client, word for word (empty: nothing)
    QStringList lines;   ///< the findings or restrictions behind it
};

/// A screening's result as the banner says it. `clearance` is the doctor's
/// clearance recorded for it, if any.
BannerContent banner_for(desk::DeskContext& desk, const ScreeningForm* form, const Evaluation& evaluation,
                         const std::optional<Clearance>& clearance);

class ScreeningBanner : public QFrame {
    Q_OBJECT
public:
    explicit ScreeningBanner(QWidget* parent = nullptr);
    void show_content(const BannerContent& content);
    Tone tone() const { return tone_; }
    /// Everything it says, as plain text.
    QString text() const;

private:
    BannerContent content_;
    Tone tone_ = Tone::neutral;
    QLabel* heading_;
    QLabel* script_;
    QLabel* lines_;
};

} // namespace fascia::intake::ui
