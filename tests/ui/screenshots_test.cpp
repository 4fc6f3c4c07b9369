// Saves the main screens as PNGs into the build tree (FASCIA_SCREENSHOT_DIR),
// to be looked at by a person, and checks each one is a real picture.
#include "desk_fixture.h"

#include "client_form.h"

#include <fascia/clients.h>

#include <QDir>
#include <QImage>

using namespace fascia;
using fascia::test::DeskTest;

namespace {

void save(QWidget& widget, const QString& name)
{
    QDir().mkpath(FASCIA_SCREENSHOT_DIR);
    const QString path = QString(FASCIA_SCREENSHOT_DIR) + "/" + name + ".png";
    QApplication::processEvents(); // lay out what changed, as a person would see it
    const QPixmap shot = widget.grab();
    ASSERT_TRUE(shot.save(path)) << path.toStdString();
    // A blank capture is one colour; a drawn screen has text and edges.
    const QImage image = shot.toImage();
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 4)
        for (int x = 0; x < image.width(); x += 4)
            colours.insert(image.pixel(x, y));
    EXPECT_GT(colours.size(), 8) << name.toStdString() << " looks blank";
}

} // namespace

TEST_F(DeskTest, ScreenshotsOfTheMainScreens)
{
    window->resize(1100, 700);
    window->show();
    save(*window, "01-sign-in");
    sign_in("owner");
    save(*window, "02-clients");
    ASSERT_TRUE(clinic->bus().execute({"clients.record_consent",
                                       {{"client_id", search_clients(clinic->db(), "zoe").front().id}, {"given", true}},
                                       "owner"}));
    window->open_client(QString::fromStdString(search_clients(clinic->db(), "zoe").front().id));
    save(*window, "03-client-file");
    desk::ClientForm form(*window, {});
    form.field("first_name")->setText("Ngaio");
    form.field("date_of_birth")->setText("04/23/1975");
    form.field("email")->setText("ngaio at example");
    form.save();
    form.resize(480, form.sizeHint().height());
    form.show();
    save(form, "04-new-client-with-errors");
    form.close();
    ASSERT_TRUE(window->show_page("Settings"));
    save(*window, "05-settings");
}
