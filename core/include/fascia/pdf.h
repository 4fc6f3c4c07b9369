#pragma once
/// Printable documents (receipts, letters to a client's doctor, home-care
/// handouts, owner reports) written as PDF.
///
/// A module builds its document as HTML in Qt's rich-text subset (headings,
/// paragraphs, tables, lists, bold; see https://doc.qt.io/qt-6/richtext-html-subset.html)
/// without linking Qt; `write` hands it to libfascia_pdf, which lays it out with
/// QTextDocument onto a QPdfWriter. That library is loaded on first use, so the
/// CLI's other commands and the sync daemon never load Qt.
#include <fascia/error.h>
#include <fascia/export.h>

#include <filesystem>
#include <string>
#include <string_view>

namespace fascia::pdf {

/// Paper size of the written PDF.
enum class Page { a4, a5 };

/// A document to print.
struct Document {
    std::string title; ///< PDF metadata title, e.g. "Receipt A-20261129-0003"
    std::string html;  ///< the body, UTF-8, Qt's rich-text HTML subset
    Page page = Page::a4;
};

/// Writes `doc` to `path` (overwriting it), in DejaVu Sans with 2 cm margins.
/// Errors: invalid_input (field "pdf") if the path is empty or cannot be
/// written (names the path: a missing folder, a directory, no permission); io
/// if the PDF library or Qt is not installed (names the fascia-desk package).
FASCIA_CORE_EXPORT Result<void> write(const Document& doc, const std::filesystem::path& path);

/// `text` with &, <, >, " escaped, and line breaks as <br>, for HTML bodies.
FASCIA_CORE_EXPORT std::string escape(std::string_view text);

} // namespace fascia::pdf
