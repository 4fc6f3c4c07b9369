#pragma once
// Intake's lines in the desk's client banner (fascia/desk/client_banner.h): the
// screening's disposition, the restrictions to book and treat with, and a
// doctor's clearance still needed, from the client's booking status today.
#include "texts.h"

#include <fascia/desk/client_banner.h>

namespace fascia::intake::ui {

class IntakeClientBanner final : public desk::ClientBanner {
public:
    explicit IntakeClientBanner(const FormLibrary& forms) : forms_(forms) {}
    std::vector<desk::BannerLine> lines(desk::DeskContext& desk, const QString& client_id) const override;

private:
    const FormLibrary& forms_;
};

} // namespace fascia::intake::ui
