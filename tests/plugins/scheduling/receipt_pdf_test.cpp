// The receipt PDF (ui/receipt_pdf.cpp, Qt Gui) for an appointment paid by card
// and voucher, read back with pdftotext (poppler-utils, installed by
// packaging/setup.sh): what an insurer looks for is on it.
#include "checkout_test_support.h"
#include "process.h"
#include "receipt_pdf.h"

#include <QGuiApplication>
#include <gmock/gmock.h>

#include <filesystem>

namespace fascia::scheduling::test {
namespace {

using ::testing::HasSubstr;

using receipt_pdf = CheckoutModule;

TEST_F(receipt_pdf, HasTheClinicTherapistsRegistrationAmountsAndMethods)
{
    // QPdfWriter lays out text with Qt's fonts: a GUI application, offscreen.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    int argc = 1;
    char name[] = "scheduling_tests";
    char* argv[] = {name, nullptr};
    QGuiApplication app(argc, argv);

    ok("settings.update", {{"name", "Harbour Remedial"}, {"address", "1 Quay St, Bristol BS1 4DJ"}});
    const auto id = booked("2026-11-23T10:00+00:00");
    const auto code = voucher("20.00");
    ASSERT_TRUE(pay(id, {by("card", "40.00"), by_voucher(code)}));
    const auto dir = fascia::test::make_temp_dir("receipt");
    const auto path = dir + "/receipt.pdf";
    const auto receipt = receipt_json(db(), dependencies_of(clinic->extensions()).vetting, id);
    ASSERT_EQ(ui::write_receipt_pdf(QString::fromStdString(path), receipt), QString());

    ASSERT_TRUE(std::filesystem::exists("/usr/bin/pdftotext"))
        << "pdftotext missing: packaging/setup.sh installs poppler-utils so the PDF is read back";
    const auto text = fascia::test::run_process("/usr/bin/pdftotext", {"-layout", path, "-"});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    for (const std::string& expected :
         {std::string("Harbour Remedial"), std::string("1 Quay St, Bristol BS1 4DJ"), std::string("RECEIPT"),
          std::string("2026-11-23"), std::string("10:00–11:00"), std::string("60-minute remedial massage"),
          std::string("GCMT G-priya"), std::string("60.00 GBP"), std::string("40.00 GBP by card"),
          std::string("20.00 GBP by voucher " + code), std::string("0.00 GBP")})
        EXPECT_THAT(text.out, HasSubstr(expected));
    // What it looks like, beside the desk's screenshots.
    std::filesystem::create_directories(FASCIA_SCREENSHOT_DIR);
    const auto png = fascia::test::run_process(
        "/usr/bin/pdftoppm", {"-png", "-r", "80", "-singlefile", path, std::string(FASCIA_SCREENSHOT_DIR) + "/scheduling-receipt"});
    EXPECT_EQ(png.exit_code, 0) << png.err;
    std::filesystem::remove_all(dir);
}

} // namespace
} // namespace fascia::scheduling::test
