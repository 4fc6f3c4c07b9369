#include "client_banner.h"

namespace fascia::intake::ui {

std::vector<desk::BannerLine> IntakeClientBanner::lines(desk::DeskContext& desk, const QString& client_id) const
{
    using Tone = desk::BannerLine::Tone;
    // Looked up each time rather than held, so nothing here outlives the module's service.
    const auto* service = desk.clinic().extensions().services.get<IntakeService>(service_id);
    if (!service)
        return {};
    const auto status = service->booking_status(desk.clinic().db(), ss(client_id), clinic_today(desk));
    if (!status)
        return {}; // not a client (a merged record): the file says so itself
    std::vector<desk::BannerLine> out;
    if (status->state == "none")
        return {{Tone::caution, Texts::tr("Not screened: a screening is needed before a hands-on session.")}};
    if (status->state == "expired")
        return {{Tone::caution, Texts::tr("Screening expired after %1: screen again before a hands-on session.")
                                    .arg(desk.date(status->valid_until.value_or("")))}};
    const auto* form = forms_.find(status->form.value_or(""));
    const auto disposition = status->disposition.value_or("");
    if (disposition == "urgent_referral")
        out.push_back({Tone::stop, Texts::tr("Urgent referral: do not treat; no hands-on session may be booked.")});
    else if (disposition == "clearance_required" && !status->cleared)
        out.push_back({Tone::stop, Texts::tr("Medical clearance needed: no hands-on session until a doctor has "
                                             "cleared the client.")});
    else
        out.push_back({Tone::info, Texts::tr("Screening: %1 (current until %2).")
                                       .arg(Texts::disposition(disposition),
                                            desk.date(status->valid_until.value_or("")))});
    if (!status->restrictions.empty())
        out.push_back({Tone::caution, Texts::tr("Restrictions: %1.")
                                          .arg(Texts::restrictions(form, status->restrictions).join(QStringLiteral("; ")))});
    return out;
}

} // namespace fascia::intake::ui
