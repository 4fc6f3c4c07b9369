#include "csv_import.h"

#include "formatting.h"

#include <fascia/locale.h>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPromise>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <memory>

namespace fascia::desk {

namespace {

QString summary_of(const ImportReport& r, bool dry)
{
    QString text = (dry ? QObject::tr("%1 to create, %2 for review, %3 already clients, %4 already imported "
                                      "from this file, %5 with errors")
                        : QObject::tr("%1 created, %2 for review, %3 already clients, %4 already imported "
                                      "from this file, %5 with errors"))
                       .arg(r.count(ImportOutcome::created))
                       .arg(r.count(ImportOutcome::review))
                       .arg(r.count(ImportOutcome::matched))
                       .arg(r.count(ImportOutcome::present))
                       .arg(r.count(ImportOutcome::error));
    if (const auto ignored = r.ignored_columns(); !ignored.empty()) {
        QStringList names;
        for (const auto& name : ignored)
            names << qs(name);
        text += "\n" + QObject::tr("Not imported: %1").arg(names.join(", "));
    }
    QStringList notes;
    for (const auto& row : r.rows)
        if (row.outcome == ImportOutcome::error || row.outcome == ImportOutcome::review)
            notes << QObject::tr("row %1 (%2): %3").arg(row.row).arg(qs(row.name), qs(row.reason));
    if (!notes.isEmpty())
        text += "\n" + notes.mid(0, 12).join('\n') + (notes.size() > 12 ? QObject::tr("\n…") : QString());
    return text;
}

} // namespace

ImportPreview::ImportPreview(Clinic& clinic, std::string bytes, QWidget* parent)
    : QDialog(parent), clinic_(clinic), bytes_(std::move(bytes))
{
    setWindowTitle(tr("Import clients"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Check which column fills which field. Common headers are recognised; "
                                    "choose “(not imported)” to leave a column out."),
                                 this));
    table_ = new QTableWidget(this);
    table_->setColumnCount(3);
    table_->setHorizontalHeaderLabels({tr("Column in the file"), tr("Client field"), tr("First row")});
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->verticalHeader()->hide();
    layout->addWidget(table_);

    auto* form = new QFormLayout;
    date_order_ = new QComboBox(this);
    for (auto [order, label] : {std::pair{DateOrder::dmy, tr("day/month/year (05/04/1980 is 5 April)")},
                                {DateOrder::mdy, tr("month/day/year (05/04/1980 is 4 May)")},
                                {DateOrder::ymd, tr("year-month-day (1980-04-05)")}})
        date_order_->addItem(label, qs(to_string(order)));
    date_order_->setCurrentIndex(
        date_order_->findData(qs(to_string(date_order_for(clinic_country(clinic_.db()))))));
    form->addRow(tr("&Dates are written"), date_order_);
    layout->addLayout(form);
    summary_ = new QLabel(this);
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(summary_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Import"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    // The table is filled once from the engine's own reading and automatic mapping.
    const auto table = read_csv(bytes_, std::nullopt);
    std::vector<std::string> first_row;
    std::vector<std::string> automatic;
    if (table) {
        header_ = table->header;
        if (!table->rows.empty())
            first_row = table->rows.front();
        automatic = guess_columns(header_).field_of_column;
    }
    table_->setRowCount(static_cast<int>(header_.size()));
    for (std::size_t c = 0; c < header_.size(); ++c) {
        const int row = static_cast<int>(c);
        table_->setItem(row, 0, new QTableWidgetItem(qs(header_[c])));
        auto* box = new QComboBox(table_);
        box->addItem(tr("(not imported)"), QString());
        for (const auto& field : import_fields())
            box->addItem(qs(field), qs(field));
        box->setCurrentIndex(std::max(0, box->findData(qs(c < automatic.size() ? automatic[c] : ""))));
        connect(box, &QComboBox::currentIndexChanged, this, [this] { refresh(); });
        table_->setCellWidget(row, 1, box);
        fields_.push_back(box);
        table_->setItem(row, 2, new QTableWidgetItem(qs(c < first_row.size() ? first_row[c] : "")));
    }
    table_->resizeColumnsToContents();
    connect(date_order_, &QComboBox::currentIndexChanged, this, [this] { refresh(); });
    resize(640, 420);
    refresh();
}

QComboBox* ImportPreview::field_box(int column) const
{
    return column >= 0 && column < static_cast<int>(fields_.size()) ? fields_[static_cast<std::size_t>(column)]
                                                                    : nullptr;
}

ColumnMapping ImportPreview::mapping() const
{
    ColumnMapping m;
    for (const auto* box : fields_)
        m.field_of_column.push_back(ss(box->currentData().toString()));
    return m;
}

ImportOptions ImportPreview::options() const
{
    ImportOptions o;
    o.mapping = mapping();
    o.date_order = parse_date_order(ss(date_order_->currentData().toString()));
    return o;
}

void ImportPreview::refresh()
{
    auto o = options();
    o.dry_run = true;
    dry_run_ = import_clients(clinic_, bytes_, o);
    summary_->setText(dry_run_ ? summary_of(*dry_run_, true) : qs(dry_run_.error().message));
}

std::optional<ImportReport> run_csv_import(DeskContext& desk, const QString& file, QWidget* parent)
{
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly)) {
        QMessageBox::warning(parent, QObject::tr("Import clients"),
                             QObject::tr("Cannot read %1: %2").arg(file, in.errorString()));
        return std::nullopt;
    }
    const QByteArray data = in.readAll();
    std::string bytes(data.constData(), static_cast<std::size_t>(data.size()));
    ImportPreview preview(desk.clinic(), bytes, parent);
    if (preview.exec() != QDialog::Accepted)
        return std::nullopt;
    ImportOptions options = preview.options();
    options.actor = desk.user().username;
    const auto path = desk.clinic().db().path();
    const Extensions& extensions = desk.clinic().extensions();
    const Clock& clock = desk.clinic().clock();

    // The worker has its own connection: an SQLite connection belongs to one thread.
    // Cancel is a flag the worker reads between batches (cancelling the QFuture itself would drop the report).
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    using Outcome = Result<ImportReport>;
    QFuture<Outcome> future = QtConcurrent::run([=, &extensions, &clock](QPromise<Outcome>& promise) mutable {
        auto clinic = Clinic::open(path, extensions, clock, OpenMode::existing);
        if (!clinic) {
            promise.addResult(Outcome(clinic.error()));
            return;
        }
        options.batch_size = 50; // small batches: Cancel answers quickly and progress moves smoothly
        options.progress = [&](std::size_t done, std::size_t total) {
            promise.setProgressRange(0, static_cast<int>(total));
            promise.setProgressValue(static_cast<int>(done));
            return !cancel->load();
        };
        promise.addResult(import_clients(**clinic, bytes, options));
    });
    QProgressDialog dialog(QObject::tr("Importing clients…"), QObject::tr("Cancel"), 0, 0, parent);
    dialog.setWindowModality(Qt::WindowModal);
    dialog.setMinimumDuration(300);
    QFutureWatcher<Outcome> watcher;
    QObject::connect(&watcher, &QFutureWatcherBase::progressRangeChanged, &dialog, &QProgressDialog::setRange);
    QObject::connect(&watcher, &QFutureWatcherBase::progressValueChanged, &dialog, &QProgressDialog::setValue);
    QObject::connect(&dialog, &QProgressDialog::canceled, [cancel] { cancel->store(true); });
    QObject::connect(&watcher, &QFutureWatcherBase::finished, &dialog, &QProgressDialog::reset);
    watcher.setFuture(future);
    dialog.exec();
    future.waitForFinished();
    if (future.resultCount() == 0)
        return std::nullopt;
    const Outcome outcome = future.result();
    if (!outcome) {
        QMessageBox::warning(parent, QObject::tr("Import clients"), qs(outcome.error().message));
        return std::nullopt;
    }
    QString summary = summary_of(*outcome, false);
    if (outcome->stopped)
        summary += QObject::tr("\nCancelled: import the same file again to add the rest.");
    else if (!outcome->applied)
        summary = QObject::tr("Nothing was imported: fix these rows in the file and import it again.\n") + summary;
    QMessageBox::information(parent, QObject::tr("Import clients"), summary);
    return *outcome;
}

} // namespace fascia::desk
