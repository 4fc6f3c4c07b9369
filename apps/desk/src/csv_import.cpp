#include "csv_import.h"

#include "formatting.h"

#include <fascia/crypto.h>

#include <QFile>

#include <atomic>
#include <memory>

#include <QFile>
#include <QFutureWatcher>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>

namespace fascia::desk {

std::vector<QStringList> parse_csv(const QString& text)
{
    std::vector<QStringList> rows;
    QStringList row;
    QString cell;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                cell += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                cell += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            row << cell;
            cell.clear();
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
            row << cell;
            cell.clear();
            if (!(row.size() == 1 && row.front().isEmpty()))
                rows.push_back(row);
            row.clear();
        } else {
            cell += c;
        }
    }
    if (!cell.isEmpty() || !row.isEmpty()) {
        row << cell;
        rows.push_back(row);
    }
    return rows;
}

ImportReport import_clients(Clinic& clinic, const std::string& actor, const QString& csv_text,
                            const std::function<bool(int, int)>& progress)
{
    ImportReport report;
    const auto rows = parse_csv(csv_text);
    if (rows.empty()) {
        report.problems << QObject::tr("the file is empty");
        return report;
    }
    const QStringList header = rows.front();
    static const QStringList known{"first_name", "last_name", "date_of_birth", "phone",
                                   "email",      "address",   "preferred_name"};
    for (const auto& column : header)
        if (!known.contains(column.trimmed())) {
            report.problems << QObject::tr("the header names an unknown column “%1”; use %2")
                                   .arg(column, known.join(", "));
            return report;
        }
    const std::string file_key = sha256_hex(ss(csv_text)).substr(0, 16);
    const int total = static_cast<int>(rows.size()) - 1;
    for (int r = 1; r <= total; ++r) {
        const auto& row = rows[static_cast<std::size_t>(r)];
        boost::json::object payload;
        for (int c = 0; c < header.size() && c < row.size(); ++c)
            if (!row[c].trimmed().isEmpty())
                payload[ss(header[c].trimmed())] = ss(row[c].trimmed());
        auto outcome = clinic.bus().execute({"clients.create", payload, actor,
                                             "import:" + file_key + ":" + std::to_string(r)});
        if (!outcome)
            report.problems << QObject::tr("row %1: %2").arg(r + 1).arg(qs(outcome.error().message));
        else if (outcome->replayed)
            ++report.already;
        else
            ++report.imported;
        if (!progress(r, total)) {
            report.cancelled = r < total;
            break;
        }
    }
    return report;
}

ImportReport run_csv_import(DeskContext& desk, const QString& file, QWidget* parent)
{
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly)) {
        QMessageBox::warning(parent, QObject::tr("Import clients"),
                             QObject::tr("Cannot read %1: %2").arg(file, in.errorString()));
        return {};
    }
    const QString text = QString::fromUtf8(in.readAll());
    const auto path = desk.clinic().db().path();
    const Extensions& extensions = desk.clinic().extensions();
    const Clock& clock = desk.clinic().clock();
    const std::string actor = desk.user().username;

    // The worker has its own connection: an SQLite connection belongs to one thread.
    // Cancel is a flag the worker reads between rows (cancelling the QFuture itself would drop the report).
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    QFuture<ImportReport> future = QtConcurrent::run([=, &extensions, &clock](QPromise<ImportReport>& promise) {
        auto clinic = Clinic::open(path, extensions, clock, OpenMode::existing);
        if (!clinic) {
            ImportReport failed;
            failed.problems << qs(clinic.error().message);
            promise.addResult(failed);
            return;
        }
        promise.addResult(import_clients(**clinic, actor, text, [&](int done, int total) {
            promise.setProgressRange(0, total);
            promise.setProgressValue(done);
            return !cancel->load();
        }));
    });
    QProgressDialog dialog(QObject::tr("Importing clients…"), QObject::tr("Cancel"), 0, 0, parent);
    dialog.setWindowModality(Qt::WindowModal);
    dialog.setMinimumDuration(300);
    QFutureWatcher<ImportReport> watcher;
    QObject::connect(&watcher, &QFutureWatcherBase::progressRangeChanged, &dialog, &QProgressDialog::setRange);
    QObject::connect(&watcher, &QFutureWatcherBase::progressValueChanged, &dialog, &QProgressDialog::setValue);
    QObject::connect(&dialog, &QProgressDialog::canceled, [cancel] { cancel->store(true); });
    QObject::connect(&watcher, &QFutureWatcherBase::finished, &dialog, &QProgressDialog::reset);
    watcher.setFuture(future);
    dialog.exec();
    future.waitForFinished();
    const ImportReport report = future.resultCount() > 0 ? future.result() : ImportReport{};
    QString summary = report.imported == 1 ? QObject::tr("Imported 1 new client.")
                                           : QObject::tr("Imported %1 new clients.").arg(report.imported);
    if (report.already > 0)
        summary += QObject::tr(" %1 of the rows had been imported before.").arg(report.already);
    if (report.cancelled)
        summary += QObject::tr(" Cancelled: import the same file again to add the rest.");
    if (!report.problems.isEmpty())
        summary += QObject::tr("\n\nLeft out:\n") + report.problems.mid(0, 20).join('\n');
    QMessageBox::information(parent, QObject::tr("Import clients"), summary);
    return report;
}

} // namespace fascia::desk
