#include "fascia/pdf.h"

#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/dll/shared_library.hpp>

#include <array>
#include <mutex>

namespace fascia::pdf {

namespace {

// Exported by core/pdf (libfascia_pdf.so): 0 on success, else a message in `error`.
using WriteFn = int(const char* html, const char* title, int page, const char* path, char* error,
                    std::size_t error_size);

// Next to libfascia_core in a build tree; Fascia's private library folder when installed.
std::vector<std::filesystem::path> candidates()
{
    const auto here = boost::dll::this_line_location().parent_path();
    return {here / "libfascia_pdf.so", here / "fascia" / "libfascia_pdf.so",
            std::filesystem::path(FASCIA_INSTALLED_PDF_LIBRARY)};
}

Result<WriteFn*> writer()
{
    // Loaded once and never unloaded: Qt's globals must outlive every caller.
    static std::once_flag once;
    static boost::dll::shared_library library;
    static std::string failure;
    std::call_once(once, [] {
        for (const auto& path : candidates()) {
            boost::system::error_code ec;
            if (!std::filesystem::exists(path, ec))
                continue;
            library.load(path, boost::dll::load_mode::rtld_now, ec);
            if (ec)
                failure = path.string() + " cannot be loaded (" + ec.message() +
                          "); reinstall the fascia-desk package";
            else if (!library.has("fascia_pdf_write"))
                failure = path.string() + " is not Fascia's PDF library; reinstall the fascia-desk package";
            return;
        }
        failure = "PDF output needs Qt, which comes with the fascia-desk package: install it "
                  "(apt-get install fascia-desk), or leave out the PDF option to get text";
    });
    if (!library.is_loaded() || !failure.empty())
        return io_error(failure);
    return &library.get<WriteFn>("fascia_pdf_write");
}

} // namespace

Result<void> write(const Document& doc, const std::filesystem::path& path)
{
    if (path.empty() || path.filename().empty())
        return invalid("the PDF file's name is empty: give a file path, e.g. receipt.pdf", "pdf");
    auto fn = writer();
    if (!fn)
        return fn.error();
    std::array<char, 512> error{};
    const int status = (**fn)(doc.html.c_str(), doc.title.c_str(), doc.page == Page::a5 ? 5 : 4, path.c_str(),
                              error.data(), error.size());
    if (status == 2)
        return invalid(error.data(), "pdf");
    if (status != 0)
        return io_error(error.data());
    return {};
}

std::string escape(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\n': out += "<br>"; break;
        case '\r': break;
        default: out += c;
        }
    }
    return out;
}

} // namespace fascia::pdf
