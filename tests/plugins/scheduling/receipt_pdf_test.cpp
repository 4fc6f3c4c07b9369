// The receipt PDF (receipt_document through fascia::pdf, what `fascia schedule
// receipt --pdf` and the desk's checkout write) for an appointment paid by card
// and voucher, read back with pdftotext (poppler-utils, installed by
// packaging/setup.sh): what an insurer looks for is on it.
#include "checkout_test_support.h"
#include "process.h"

#include <fascia/pdf.h>

#include <gmock/gmock.h>

#include <filesystem>

namespace fascia::scheduling::test {
namespace {

using receipt_pdf = CheckoutModule;

TEST_F(receipt_pdf, HasTheClinicTherapistsRegistrationAmountsAndMethods)
{
    ok("settings.update", {{"name", "Harbour Remedial"}, {"address", "1 Quay St, Bristol BS1 4DJ"}});
    const auto id = booked("2026-11-23T10:00+00:00");
    const auto code = voucher("20.00");
    ASSERT_TRUE(pay(id, {by("card", "40.00"), by_voucher(code)}));
    const auto dir = fascia::test::make_temp_dir("receipt");
    const auto path = dir + "/receipt.pdf";
    const auto receipt = receipt_json(db(), dependencies_of(clinic->extensions()).vetting, id);
    const auto written = pdf::write(receipt_document(receipt), path);
    ASSERT_TRUE(written) << written.error().message;

    ASSERT_TRUE(std::filesystem::exists("/usr/bin/pdftotext"))
        << "pdftotext missing: packaging/setup.sh installs poppler-utils so the PDF is read back";
    const auto text = fascia::test::run_process("/usr/bin/pdftotext", {"-layout", path, "-"});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    for (const std::string& expected :
         {std::string("Harbour Remedial"), std::string("1 Quay St, Bristol BS1 4DJ"), std::string("RECEIPT"),
          std::string("2026-11-23 10:00–11:00"), std::string("60-minute remedial massage"),
          std::string("registration GCMT G-priya"), std::string("60.00 GBP"), std::string("40.00 GBP by card"),
          std::string("20.00 GBP by voucher " + code), std::string("0.00 GBP")})
        EXPECT_THAT(text.out, HasSubstr(expected));
    const auto info = fascia::test::run_process("/usr/bin/pdfinfo", {path});
    EXPECT_THAT(info.out, HasSubstr("A4"));
    // What it looks like, beside the desk's screenshots.
    std::filesystem::create_directories(FASCIA_SCREENSHOT_DIR);
    const auto png = fascia::test::run_process(
        "/usr/bin/pdftoppm", {"-png", "-r", "80", "-singlefile", path, std::string(FASCIA_SCREENSHOT_DIR) + "/scheduling-receipt"});
    EXPECT_EQ(png.exit_code, 0) << png.err;
    std::filesystem::remove_all(dir);
}

} // namespace
} // namespace fascia::scheduling::test
