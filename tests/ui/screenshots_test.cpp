// Saves the main screens as PNGs into the build tree (FASCIA_SCREENSHOT_DIR),
// to be looked at by a person, and checks each one is a real picture.
#include "desk_fixture.h"
#include "module_desk_test.h"

#include "client_form.h"

#include <fascia/clients.h>

using namespace fascia;
using fascia::test::DeskTest;
using fascia::test::save_screenshot;

TEST_F(DeskTest, ScreenshotsOfTheMainScreens)
{
    window->resize(1100, 700);
    window->show();
    save_screenshot(*window, "01-sign-in");
    sign_in("owner");
    save_screenshot(*window, "02-clients");
    ASSERT_TRUE(clinic->bus().execute({"clients.record_consent",
                                       {{"client_id", search_clients(clinic->db(), "zoe").front().id}, {"given", true}},
                                       "owner"}));
    window->open_client(QString::fromStdString(search_clients(clinic->db(), "zoe").front().id));
    save_screenshot(*window, "03-client-file");
    desk::ClientForm form(*window, {});
    form.field("first_name")->setText("Ngaio");
    form.field("date_of_birth")->setText("23/04/1975");
    form.field("email")->setText("ngaio at example");
    form.save();
    form.resize(480, form.sizeHint().height());
    form.show();
    save_screenshot(form, "04-new-client-with-errors");
    form.close();
    ASSERT_TRUE(window->show_page("Settings"));
    save_screenshot(*window, "05-settings");
}
