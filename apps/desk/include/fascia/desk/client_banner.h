#pragma once
/// The client banner: a small desk extension point where a module says, in a
/// line or two, what everyone at the desk must know about a client before
/// booking or treating them (intake: the screening's disposition, restrictions,
/// a clearance still needed). The client file's header and the calendar's
/// booking dialog show every contribution, so a module that reads a client
/// (scheduling) shows what another module knows (intake) without linking it.
/// Header-only like desk.h.
#include <fascia/desk/desk.h>
#include <fascia/extensions.h>

#include <QString>
#include <QStringList>

#include <algorithm>
#include <string_view>
#include <vector>

namespace fascia::desk {

/// Service id prefix of banner contributions ("desk.client-banner/intake").
inline constexpr std::string_view client_banner_prefix = "desk.client-banner/";

/// One line of a client's banner.
struct BannerLine {
    /// How loudly the desk shows it: stop (do not book or treat: red), caution
    /// (book only with care: amber), info (plain).
    enum class Tone { info, caution, stop };
    Tone tone = Tone::info;
    QString text; ///< one sentence in the clinic's words ("Urgent referral: do not treat.")
};

/// What a module contributes; registered as a service under client_banner_prefix + "<module>".
class BOOST_SYMBOL_VISIBLE ClientBanner {
public:
    virtual ~ClientBanner() = default;
    /// Lines about the client for today (clinic's date); empty when the module has nothing to say.
    /// Must not throw: a contribution that cannot read says so in a line.
    virtual std::vector<BannerLine> lines(DeskContext& desk, const QString& client_id) const = 0;
};

/// Every module's lines about a client, modules in service-id order, the loudest tone first.
inline std::vector<BannerLine> client_banner_lines(DeskContext& desk, const QString& client_id)
{
    std::vector<BannerLine> out;
    const auto& services = desk.clinic().extensions().services;
    for (const auto& id : services.ids()) {
        if (id.rfind(client_banner_prefix, 0) != 0)
            continue;
        if (const auto* banner = services.get<ClientBanner>(id))
            for (auto& line : banner->lines(desk, client_id))
                out.push_back(std::move(line));
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const BannerLine& a, const BannerLine& b) { return a.tone > b.tone; });
    return out;
}

/// The loudest tone among lines (info when there are none).
inline BannerLine::Tone loudest(const std::vector<BannerLine>& lines)
{
    return lines.empty() ? BannerLine::Tone::info : lines.front().tone;
}

/// The lines as rich text for a QLabel: each on its own line, stop lines in bold red,
/// caution lines in dark amber.
inline QString banner_html(const std::vector<BannerLine>& lines)
{
    QStringList parts;
    for (const auto& line : lines) {
        const QString text = line.text.toHtmlEscaped();
        switch (line.tone) {
        case BannerLine::Tone::stop: parts << QStringLiteral("<b style=\"color:#b3261e\">%1</b>").arg(text); break;
        case BannerLine::Tone::caution: parts << QStringLiteral("<span style=\"color:#8a5a00\">%1</span>").arg(text); break;
        case BannerLine::Tone::info: parts << text; break;
        }
    }
    return parts.join(QStringLiteral("<br>"));
}

} // namespace fascia::desk
