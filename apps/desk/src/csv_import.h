#pragma once
// Importing clients from a CSV file, off the UI thread, with progress and
// Cancel. Each row is its own clients.create command whose idempotency key is
// the file's hash and the row number, so importing the same file again (or
// after a cancel) adds only the rows not yet imported.
#include <fascia/clinic.h>
#include <fascia/desk/desk.h>

#include <QString>
#include <QStringList>

#include <functional>

class QWidget;

namespace fascia::desk {

struct ImportReport {
    int imported = 0;       ///< new clients
    int already = 0;        ///< rows imported by an earlier run
    QStringList problems;   ///< "row 4: date_of_birth: ..." for rows left out
    bool cancelled = false;
};

/// Splits CSV text (RFC 4180: quotes, doubled quotes, commas and newlines in quotes) into rows.
std::vector<QStringList> parse_csv(const QString& text);

/// Imports rows (header: first_name,last_name,date_of_birth[,phone,email,address,preferred_name])
/// as `actor`. progress(done, total) is called after each row; returning false stops.
ImportReport import_clients(Clinic& clinic, const std::string& actor, const QString& csv_text,
                            const std::function<bool(int, int)>& progress);

/// Runs import_clients on a worker thread against its own connection to the
/// clinic's database, with a progress dialog that can cancel; reports at the end.
ImportReport run_csv_import(DeskContext& desk, const QString& file, QWidget* parent);

} // namespace fascia::desk
