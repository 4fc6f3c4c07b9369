#pragma once
// Importing clients from another system's CSV export at the desk: the core's
// import engine (fascia/client_import.h), with a preview of which column fills
// which field and what would happen to the rows, then the import itself off
// the UI thread with progress and Cancel. Importing the same file again (after
// a cancel) adds only the rows not yet imported.
#include <fascia/client_import.h>
#include <fascia/clinic.h>
#include <fascia/desk/desk.h>

#include <QDialog>
#include <QString>

#include <optional>
#include <string>
#include <vector>

class QComboBox;
class QLabel;
class QTableWidget;
class QWidget;

namespace fascia::desk {

/// The column-mapping preview: a row per column of the file (its header, the
/// field it fills, the first row's value), the date order, and a dry run's
/// counts that follow each change. Accepting it means "import with this mapping".
class ImportPreview : public QDialog {
public:
    ImportPreview(Clinic& clinic, std::string bytes, QWidget* parent);
    /// The field each column fills, as chosen.
    ColumnMapping mapping() const;
    /// The options chosen (map, date order); dry_run false.
    ImportOptions options() const;
    /// The last dry run (or the file's error, when it cannot be read at all).
    const Result<ImportReport>& dry_run() const { return dry_run_; }
    /// The field chooser of column `column` (tests drive it like a person would).
    QComboBox* field_box(int column) const;

private:
    void refresh();
    Clinic& clinic_;
    std::string bytes_;
    std::vector<std::string> header_;
    std::vector<QComboBox*> fields_;
    QComboBox* date_order_ = nullptr;
    QTableWidget* table_ = nullptr;
    QLabel* summary_ = nullptr;
    Result<ImportReport> dry_run_{Error{}};
};

/// Reads the file, shows the preview and, when accepted, imports on a worker
/// thread against its own connection to the clinic's database, with a progress
/// dialog that can cancel; reports at the end. nullopt when nothing was run.
std::optional<ImportReport> run_csv_import(DeskContext& desk, const QString& file, QWidget* parent);

} // namespace fascia::desk
