// Saves the Therapists page, the file and a form as PNGs into the build tree
// (FASCIA_SCREENSHOT_DIR/vetting-*.png) for a person to look at, and checks
// each one is a real picture.
#include "vetting_desk_fixture.h"

#include <QScrollArea>

using namespace fascia;
using namespace fascia::vetting::test;
using fascia::test::save_screenshot;

namespace {

/// The whole file, not only the part the window shows.
void save_whole_file(QWidget* file, const QString& name)
{
    auto* scroll = file->findChild<QScrollArea*>("fileScroll");
    ASSERT_NE(scroll, nullptr);
    QWidget* content = scroll->widget();
    content->resize(scroll->viewport()->width(), content->sizeHint().height());
    save_screenshot(*content, name);
}

} // namespace

TEST_F(VettingDeskTest, ScreenshotsOfTheTherapistsPage)
{
    QWidget* page = sign_in("owner");
    save_screenshot(*window, "vetting-01-overview");

    QWidget* view = tab(page, "Eligible for…");
    auto* modality = child<QComboBox>(view, "modalityChoice");
    modality->setCurrentIndex(modality->findData("prenatal"));
    save_screenshot(*window, "vetting-02-eligible-prenatal");

    QWidget* file = open_file(page, "Tom Becker");
    save_screenshot(*window, "vetting-03-file-tom");
    save_whole_file(file, "vetting-04-file-tom-whole");
    open_file(page, "Liam O'Connell");
    save_whole_file(file, "vetting-05-file-liam-whole");

    open_file(page, "Tom Becker");
    QDialog* form = open_form(file, "addInsurance", "vetting.add_insurance");
    ASSERT_NE(form, nullptr);
    type_into(form, "insurer", "Balens");
    type_into(form, "cover", "lots");
    type_into(form, "issued", "10/12/2026");
    type_into(form, "expires", "31/13/2027");
    save(form);
    save_screenshot(*form, "vetting-06-insurance-form-bad-date");
    type_into(form, "expires", "09/12/2027");
    save(form);
    save_screenshot(*form, "vetting-07-insurance-form-bus-errors");
    form->reject();

    form = open_form(file, "suspend", "vetting.suspend");
    ASSERT_NE(form, nullptr);
    type_into(form, "reason", "Complaint under investigation");
    save(form);
    save_screenshot(*window, "vetting-08-file-suspended");

    set_date(page, "11/12/2026");
    tab(page, "Overview");
    save_screenshot(*window, "vetting-09-overview-after-tom-lapses");

    page = sign_in("frontdesk");
    save_screenshot(*window, "vetting-10-front-desk");
}
