// fascia::pdf::write, as the CLI uses it: no Qt in this process until a
// document is printed; the PDF is read back with pdftotext (poppler-utils).
#include "process.h"

#include <fascia/pdf.h>

#include <gmock/gmock.h>

#include <filesystem>

namespace fascia {
namespace {

using ::testing::HasSubstr;

TEST(pdf, WritesTheDocumentsTextTablesAndAccents)
{
    const auto dir = test::make_temp_dir("pdf");
    const auto path = dir + "/letter.pdf";
    pdf::Document doc{"Progress letter",
                      "<h1>Harbour Remedial</h1><p>Dear Dr " + pdf::escape("O'Brien & Partners") +
                          ",</p><table><tr><th>Measure</th><th>Baseline</th><th>Now</th></tr>"
                          "<tr><td>NPRS</td><td>7</td><td>3</td></tr></table><p>Renée Müller</p>",
                      pdf::Page::a4};
    ASSERT_TRUE(pdf::write(doc, path)) << "libfascia_pdf is built beside libfascia_core";

    ASSERT_TRUE(std::filesystem::exists("/usr/bin/pdftotext")) << "packaging/setup.sh installs poppler-utils";
    const auto text = test::run_process("/usr/bin/pdftotext", {"-layout", path, "-"});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    for (const char* expected : {"Harbour Remedial", "Dear Dr O'Brien & Partners,", "NPRS", "Renée Müller"})
        EXPECT_THAT(text.out, HasSubstr(expected));
    const auto info = test::run_process("/usr/bin/pdfinfo", {path});
    EXPECT_THAT(info.out, HasSubstr("Progress letter"));
    EXPECT_THAT(info.out, HasSubstr("A4"));
    std::filesystem::remove_all(dir);
}

TEST(pdf, APathThatCannotBeWrittenIsBadInputNamingIt)
{
    // The person typed the path: a missing folder, a folder, or nothing at all.
    for (const std::string path : {"/nonexistent-folder/receipt.pdf", "/tmp", ""}) {
        const auto result = pdf::write({"x", "<p>x</p>"}, path);
        ASSERT_FALSE(result) << path;
        EXPECT_EQ(result.error().kind, ErrorKind::invalid_input) << path;
        EXPECT_EQ(result.error().field, "pdf");
        if (!path.empty()) {
            EXPECT_THAT(result.error().message, HasSubstr(path));
        }
    }
}

TEST(pdf, EscapesMarkupAndKeepsLineBreaks)
{
    EXPECT_EQ(pdf::escape("a<b> & \"c\"\r\nd"), "a&lt;b&gt; &amp; &quot;c&quot;<br>d");
}

} // namespace
} // namespace fascia
