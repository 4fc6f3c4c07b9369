#include "therapist_file.h"

#include "entry_form.h"
#include "records.h"

#include <fascia/clock.h>
#include <fascia/money.h>

#include <boost/json.hpp>

#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QScrollArea>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace fascia::vetting::ui {

namespace json = boost::json;

namespace {

/// A text field of the file's JSON ("" when absent or null).
std::string text(const json::object& o, std::string_view key)
{
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

const json::array& list(const json::object& o, std::string_view key)
{
    static const json::array none;
    const auto* v = o.if_contains(key);
    return v && v->is_array() ? v->as_array() : none;
}

/// Hours as the file gives them (30 or 7.5), exactly, in hundredths.
std::int64_t hundredths(const json::value& hours)
{
    if (hours.is_int64())
        return hours.as_int64() * 100;
    if (hours.is_uint64())
        return static_cast<std::int64_t>(hours.as_uint64()) * 100;
    if (hours.is_double())
        return std::llround(hours.as_double() * 100.0);
    return 0;
}

QString badge_style(const Tone& tone)
{
    return QStringLiteral("QLabel { background: %1; color: %2; border-radius: 4px; padding: 3px 12px;"
                          " font-weight: bold; }")
        .arg(tone.background.name(), tone.text.name());
}

QString panel_style(const Tone& tone)
{
    return QStringLiteral("QLabel { background: %1; color: %2; border-radius: 4px; padding: 6px 8px; }")
        .arg(tone.background.name(), tone.text.name());
}

} // namespace

/// One row of a section's table.
struct TherapistFile::Row {
    QString id;          ///< the entry's id (withdraw, resolve)
    QStringList cells;
    Tone tone = {};      ///< an expiry warning or an open concern
    bool faded = false;  ///< expired, outside the CPD window, or after the date shown
    bool open = false;   ///< an open concern
};

TherapistFile::TherapistFile(Vetting vetting, QWidget* parent) : QWidget(parent), v_(vetting)
{
    therapist_ = new QComboBox(this);
    therapist_->setObjectName(QStringLiteral("therapistChoice"));
    therapist_->setMinimumContentsLength(24);
    for (const auto& t : list_therapists(v_.desk.clinic().db(), true)) {
        if (!may_read_file(v_.desk, t.id))
            continue;
        therapist_->addItem(t.active ? qs(t.display_name) : tr("%1 (deactivated)").arg(qs(t.display_name)),
                            qs(t.id));
    }
    auto* caption = new QLabel(tr("&Therapist"), this);
    caption->setBuddy(therapist_);
    none_ = new QLabel(tr("There are no therapists on the staff yet: add them as staff with the therapist role."),
                       this);
    none_->setWordWrap(true);

    content_ = new QWidget;
    name_ = heading({}, content_, 1.3);
    name_->setObjectName(QStringLiteral("fileName"));
    badge_ = new QLabel(content_);
    badge_->setObjectName(QStringLiteral("statusBadge"));
    badge_date_ = new QLabel(content_);
    suspend_ = new QPushButton(tr("&Suspend…"), content_);
    suspend_->setObjectName(QStringLiteral("suspend"));
    reinstate_ = new QPushButton(tr("Rein&state…"), content_);
    reinstate_->setObjectName(QStringLiteral("reinstate"));
    reasons_ = new QLabel(content_);
    reasons_->setObjectName(QStringLiteral("statusReasons"));
    reasons_->setWordWrap(true);
    reasons_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    privileges_ = new QLabel(content_);
    privileges_->setObjectName(QStringLiteral("privileges"));
    privileges_->setWordWrap(true);
    warnings_ = new QLabel(content_);
    warnings_->setObjectName(QStringLiteral("fileWarnings"));
    warnings_->setWordWrap(true);

    credentials_ = make_section(tr("Credentials"), QStringLiteral("credentials"),
                                {tr("Kind"), tr("Number"), tr("Issuer"), tr("Issued"), tr("Expires"),
                                 tr("Copy kept at")},
                                0);
    make_button(credentials_, tr("Add &credential…"), QStringLiteral("addCredential"), "vetting.add_credential");
    add_withdraw(credentials_, tr("credential"));
    registrations_ = make_section(tr("Registration"), QStringLiteral("registrations"),
                                  {tr("Professional body"), tr("Number"), tr("From"), tr("Expires"),
                                   tr("Copy kept at")},
                                  0);
    make_button(registrations_, tr("Add &registration…"), QStringLiteral("addRegistration"),
                "vetting.add_registration");
    add_withdraw(registrations_, tr("registration"));
    insurance_ = make_section(tr("Professional indemnity insurance"), QStringLiteral("insurance"),
                              {tr("Insurer"), tr("Policy"), tr("Cover"), tr("From"), tr("Expires"),
                               tr("Copy kept at")},
                              0);
    make_button(insurance_, tr("Add &insurance…"), QStringLiteral("addInsurance"), "vetting.add_insurance");
    add_withdraw(insurance_, tr("insurance policy"));
    cpd_ = make_section(tr("Continuing professional development"), QStringLiteral("cpd"),
                        {tr("Completed"), tr("Hours"), tr("Topic"), tr("Provider")}, 2);
    cpd_summary_ = new QLabel(cpd_.box);
    cpd_summary_->setObjectName(QStringLiteral("cpdSummary"));
    cpd_summary_->setWordWrap(true);
    cpd_.layout->insertWidget(0, cpd_summary_);
    make_button(cpd_, tr("Log C&PD…"), QStringLiteral("addCpd"), "vetting.add_cpd");
    add_withdraw(cpd_, tr("CPD entry"));
    checks_ = make_section(tr("Vetting checklist"), QStringLiteral("checks"),
                           {tr("Checked"), tr("Item"), tr("Checked by"), tr("Note")}, 3);
    checklist_summary_ = new QLabel(checks_.box);
    checklist_summary_->setObjectName(QStringLiteral("checklistSummary"));
    checklist_summary_->setTextFormat(Qt::RichText);
    checks_.layout->insertWidget(0, checklist_summary_);
    make_button(checks_, tr("Tick chec&klist item…"), QStringLiteral("recordCheck"), "vetting.record_check");
    add_withdraw(checks_, tr("check"));
    if (may_read_concerns(v_.desk)) {
        concerns_ = make_section(tr("Concerns"), QStringLiteral("concerns"),
                                 {tr("Raised"), tr("Concern"), tr("Recorded by"), tr("Outcome")}, 1);
        // The outcome (a resolution) may be as long as the concern.
        concerns_.table->horizontalHeader()->setSectionResizeMode(3, QHeaderView::Stretch);
        make_button(concerns_, tr("Record a co&ncern…"), QStringLiteral("recordConcern"), "vetting.record_concern");
        resolve_ = make_button(concerns_, tr("Resol&ve concern…"), QStringLiteral("resolveConcern"),
                               "vetting.resolve_concern");
        resolve_->setEnabled(false);
        connect(concerns_.table, &QTableWidget::itemSelectionChanged, this, [this] {
            const int row = concerns_.table->currentRow();
            const auto* item = row >= 0 ? concerns_.table->item(row, 0) : nullptr;
            resolve_->setEnabled(item && !concerns_.table->selectedItems().isEmpty()
                                 && item->data(Qt::UserRole + 1).toBool());
        });
        connect(resolve_, &QPushButton::clicked, this, [this] { resolve_concern(); });
    }
    standing_ = make_section(tr("Suspensions"), QStringLiteral("standing"),
                             {tr("From"), tr("Action"), tr("Reason"), tr("By")}, 2);

    suspend_->setVisible(may_run(v_.desk, "vetting.suspend"));
    reinstate_->setVisible(false);

    auto* status_row = new QHBoxLayout;
    status_row->addWidget(badge_);
    status_row->addWidget(badge_date_);
    status_row->addStretch(1);
    status_row->addWidget(suspend_);
    status_row->addWidget(reinstate_);
    auto* inner = new QVBoxLayout(content_);
    inner->addWidget(name_);
    inner->addLayout(status_row);
    inner->addWidget(reasons_);
    inner->addWidget(privileges_);
    inner->addWidget(warnings_);
    for (const Section* s : {&credentials_, &registrations_, &insurance_, &cpd_, &checks_, &concerns_, &standing_})
        if (s->box)
            inner->addWidget(s->box);
    inner->addStretch(1);
    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("fileScroll"));
    scroll->setWidget(content_);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFocusPolicy(Qt::NoFocus); // Tab goes from the therapist straight into the file

    auto* bar = new QHBoxLayout;
    bar->addWidget(caption);
    bar->addWidget(therapist_);
    bar->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(none_);
    layout->addWidget(scroll, 1);
    setFocusProxy(therapist_);

    connect(therapist_, &QComboBox::currentIndexChanged, this, [this] { refresh(); });
    connect(suspend_, &QPushButton::clicked, this, [this] { change_standing(true); });
    connect(reinstate_, &QPushButton::clicked, this, [this] { change_standing(false); });
    connect(findChild<QPushButton*>(QStringLiteral("addCredential")), &QPushButton::clicked, this,
            [this] { add_credential(); });
    connect(findChild<QPushButton*>(QStringLiteral("addRegistration")), &QPushButton::clicked, this,
            [this] { add_registration(); });
    connect(findChild<QPushButton*>(QStringLiteral("addInsurance")), &QPushButton::clicked, this,
            [this] { add_insurance(); });
    connect(findChild<QPushButton*>(QStringLiteral("addCpd")), &QPushButton::clicked, this, [this] { add_cpd(); });
    connect(findChild<QPushButton*>(QStringLiteral("recordCheck")), &QPushButton::clicked, this,
            [this] { record_check(); });
    if (auto* concern = findChild<QPushButton*>(QStringLiteral("recordConcern")))
        connect(concern, &QPushButton::clicked, this, [this] { record_concern(); });
}

TherapistFile::Section TherapistFile::make_section(const QString& title, const QString& name,
                                                   const QStringList& headers, int stretch)
{
    Section s;
    s.box = new QGroupBox(title, content_);
    s.box->setObjectName(name + QStringLiteral("Section"));
    s.table = new QTableWidget(0, static_cast<int>(headers.size()), s.box);
    s.table->setObjectName(name + QStringLiteral("Table"));
    s.table->setHorizontalHeaderLabels(headers);
    s.table->verticalHeader()->hide();
    s.table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    s.table->horizontalHeader()->setSectionResizeMode(stretch, QHeaderView::Stretch);
    s.table->setSelectionBehavior(QAbstractItemView::SelectRows);
    s.table->setSelectionMode(QAbstractItemView::SingleSelection);
    s.table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    s.table->setTabKeyNavigation(false);
    s.table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    s.table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    s.table->setWordWrap(true);
    s.table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    s.empty = new QLabel(tr("None recorded."), s.box);
    s.empty->setObjectName(name + QStringLiteral("None"));
    s.empty->setStyleSheet(QStringLiteral("color: #5f6b70;"));
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    s.layout = new QVBoxLayout(s.box);
    s.layout->addWidget(s.table);
    s.layout->addWidget(s.empty);
    s.layout->addLayout(buttons);
    return s;
}

QPushButton* TherapistFile::make_button(Section& s, const QString& text, const QString& name,
                                        std::string_view command)
{
    auto* button = new QPushButton(text, s.box);
    button->setObjectName(name);
    button->setVisible(may_run(v_.desk, command));
    auto* buttons = static_cast<QHBoxLayout*>(s.layout->itemAt(s.layout->count() - 1)->layout());
    buttons->insertWidget(buttons->count() - 1, button); // before the stretch
    return button;
}

void TherapistFile::add_withdraw(Section& s, const QString& what)
{
    // No &-shortcut: every section has one; Tab reaches it after its table.
    s.withdraw = make_button(s, tr("Withdraw selected…"), s.table->objectName() + QStringLiteral("Withdraw"),
                             "vetting.withdraw");
    s.withdraw->setEnabled(false);
    auto* table = s.table;
    auto* withdraw = s.withdraw;
    connect(table, &QTableWidget::itemSelectionChanged, this,
            [table, withdraw] { withdraw->setEnabled(!table->selectedItems().isEmpty()); });
    connect(withdraw, &QPushButton::clicked, this, [this, table, what] {
        const int row = table->currentRow();
        if (row < 0 || !table->item(row, 0))
            return;
        QStringList cells;
        for (int c = 0; c < table->columnCount(); ++c)
            if (table->item(row, c) && !table->item(row, c)->text().isEmpty())
                cells << table->item(row, c)->text();
        form(tr("Withdraw an entry recorded in error"),
             tr("Withdraw this %1, recorded in error?\n%2\nIt stays in the file's history and the audit log, "
                "and no longer counts.")
                 .arg(what, cells.join(QStringLiteral(" · "))),
             "vetting.withdraw", {{"id", ss(table->item(row, 0)->data(Qt::UserRole).toString())}},
             {{.name = "reason", .label = tr("&Reason"), .placeholder = tr("e.g. entered for the wrong therapist")}});
    });
}

void TherapistFile::fill(Section& s, const std::vector<Row>& rows)
{
    auto* t = s.table;
    t->clearSelection();
    t->setRowCount(static_cast<int>(rows.size()));
    for (int r = 0; r < static_cast<int>(rows.size()); ++r) {
        const auto& row = rows[static_cast<std::size_t>(r)];
        for (int c = 0; c < t->columnCount(); ++c) {
            auto* item = new QTableWidgetItem(c < row.cells.size() ? row.cells[c] : QString());
            item->setToolTip(item->text());
            if (row.tone.background.isValid()) {
                item->setBackground(row.tone.background);
                item->setForeground(row.tone.text);
            } else if (row.faded) {
                item->setForeground(QColor(0x8a, 0x94, 0x98));
            }
            t->setItem(r, c, item);
        }
        t->item(r, 0)->setData(Qt::UserRole, row.id);
        t->item(r, 0)->setData(Qt::UserRole + 1, row.open);
    }
    t->setVisible(!rows.empty());
    s.empty->setVisible(rows.empty());
    if (s.withdraw)
        s.withdraw->setEnabled(false);
    // The whole table shows, its text wrapped: the page scrolls, not each section.
    fit_to_rows(t);
}

void TherapistFile::refresh()
{
    const QString id = therapist_id();
    none_->setVisible(therapist_->count() == 0);
    content_->setVisible(!id.isEmpty());
    if (id.isEmpty() || !on_.ok())
        return;
    auto& db = v_.desk.clinic().db();
    const auto status = v_.service.status(db, ss(id), on_);
    const auto file = v_.service.file(db, ss(id), on_, may_read_concerns(v_.desk));
    if (!status || !file) {
        name_->setText(for_people(v_.desk, (!status ? status.error() : file.error()).message));
        return;
    }
    const auto& f = *file;
    const auto& s = *status;
    const auto rules = load_rules(db);
    const auto warnings = expiry_warnings(v_, on_);
    const std::string on = format_date(on_);
    const auto date = [this](const std::string& iso) { return v_.desk.date(iso); };

    name_->setText(qs(s.display_name));
    badge_->setText(Texts::status(s.status));
    badge_->setStyleSheet(badge_style(Texts::status_tone(s.status)));
    badge_date_->setText(tr("on %1").arg(date(s.on)));
    reasons_->setText(reason_lines(v_.desk, s.reasons));
    privileges_->setText(tr("May practise: %1").arg(Texts::modalities(s.privileges, tr("nothing until approved"))));
    warnings_->setVisible(!s.warnings.empty());
    if (!s.warnings.empty()) {
        std::optional<int> tone = warnings.nearest(s.therapist_id);
        warnings_->setText(reason_lines(v_.desk, s.warnings));
        warnings_->setStyleSheet(panel_style(Texts::warning_tone(tone ? tone : std::optional<int>(60))));
    }
    const bool owner_may = may_run(v_.desk, "vetting.suspend");
    suspend_->setVisible(owner_may && s.status != "suspended");
    reinstate_->setVisible(owner_may && s.status == "suspended");

    // A record's own warning colours its row; what ran out before the date shown is greyed.
    const auto expiry_row = [&](Row& row, const std::string& record_id, const std::string& expires) {
        if (const auto t = warnings.nearest(s.therapist_id, record_id))
            row.tone = Texts::warning_tone(t);
        row.faded = !expires.empty() && expires < on;
    };
    std::vector<Row> rows;
    for (const auto& v : list(f, "credentials")) {
        const auto& c = v.as_object();
        const auto* kind = rules.kind(text(c, "kind"));
        const auto expires = text(c, "expires");
        Row row{qs(text(c, "id")),
                {kind ? qs(kind->label) : qs(text(c, "kind")), qs(text(c, "number")), qs(text(c, "issuer")),
                 date(text(c, "issued")), expires.empty() ? tr("Does not expire") : date(expires),
                 qs(text(c, "document"))}};
        expiry_row(row, text(c, "id"), expires);
        rows.push_back(std::move(row));
    }
    fill(credentials_, rows);

    rows.clear();
    for (const auto& v : list(f, "registrations")) {
        const auto& g = v.as_object();
        Row row{qs(text(g, "id")),
                {qs(text(g, "body")), qs(text(g, "number")), date(text(g, "issued")), date(text(g, "expires")),
                 qs(text(g, "document"))}};
        expiry_row(row, text(g, "id"), text(g, "expires"));
        rows.push_back(std::move(row));
    }
    fill(registrations_, rows);

    rows.clear();
    for (const auto& v : list(f, "insurance")) {
        const auto& i = v.as_object();
        const auto cover = Money::parse(text(i, "cover"), text(i, "currency"));
        Row row{qs(text(i, "id")),
                {qs(text(i, "insurer")), qs(text(i, "policy")),
                 cover ? v_.desk.money(*cover) : qs(text(i, "currency") + " " + text(i, "cover")),
                 date(text(i, "issued")), date(text(i, "expires")), qs(text(i, "document"))}};
        expiry_row(row, text(i, "id"), text(i, "expires"));
        rows.push_back(std::move(row));
    }
    fill(insurance_, rows);

    const bool cpd_met = s.cpd.hundredths >= s.cpd.required_hundredths;
    cpd_summary_->setText(tr("%1 of the %2 required between %3 and %4.")
                              .arg(Texts::hours(s.cpd.hundredths), Texts::hours(s.cpd.required_hundredths),
                                   date(s.cpd.window_from), date(s.cpd.window_to)));
    cpd_summary_->setStyleSheet(panel_style(Texts::status_tone(cpd_met ? "approved" : "lapsed")));
    rows.clear();
    for (const auto& v : list(f, "cpd")) {
        const auto& e = v.as_object();
        const auto when = text(e, "on");
        Row row{qs(text(e, "id")),
                {date(when), e.contains("hours") ? Texts::hours(hundredths(e.at("hours"))) : QString(),
                 qs(text(e, "topic")), qs(text(e, "provider"))}};
        row.faded = when < s.cpd.window_from || when > s.cpd.window_to; // not counted on this date
        rows.push_back(std::move(row));
    }
    fill(cpd_, rows);

    const auto tick = [](bool done, const QString& words) {
        const auto tone = Texts::status_tone(done ? "approved" : "lapsed");
        return QStringLiteral("<span style=\"color:%1\">%2 %3</span>")
            .arg(tone.text.name(), done ? QStringLiteral("✔") : QStringLiteral("✘"), words.toHtmlEscaped());
    };
    const auto& list_of_checks = s.checklist;
    checklist_summary_->setText(
        tick(list_of_checks.identity, tr("Identity checked")) + QStringLiteral("&nbsp;&nbsp;&nbsp; ")
        + tick(list_of_checks.references >= list_of_checks.references_required,
               tr("References: %1 of %2").arg(list_of_checks.references).arg(list_of_checks.references_required))
        + QStringLiteral("&nbsp;&nbsp;&nbsp; ")
        + tick(list_of_checks.documents, tr("Qualification documents sighted")));
    rows.clear();
    for (const auto& v : list(f, "checks")) {
        const auto& c = v.as_object();
        Row row{qs(text(c, "id")),
                {date(text(c, "on")), Texts::check_item(text(c, "item")), qs(text(c, "checked_by")),
                 qs(text(c, "note"))}};
        row.faded = text(c, "on") > on;
        rows.push_back(std::move(row));
    }
    fill(checks_, rows);

    if (concerns_.box) {
        rows.clear();
        for (const auto& v : list(f, "concerns")) {
            const auto& c = v.as_object();
            const bool open = c.at("resolved_at").is_null();
            QString outcome = tr("Open");
            if (!open) {
                const auto at = parse_instant(text(c, "resolved_at"));
                outcome = tr("Resolved %1 by %2: %3")
                              .arg(at ? v_.desk.instant(*at) : qs(text(c, "resolved_at")), qs(text(c, "resolved_by")),
                                   qs(text(c, "resolution")));
            }
            Row row{qs(text(c, "id")),
                    {date(text(c, "raised_on")), qs(text(c, "concern")), qs(text(c, "recorded_by")), outcome}};
            row.open = open;
            if (open)
                row.tone = Texts::status_tone("pending");
            rows.push_back(std::move(row));
        }
        fill(concerns_, rows);
        resolve_->setEnabled(false);
    }

    rows.clear();
    for (const auto& v : list(f, "standing")) {
        const auto& c = v.as_object();
        rows.push_back({qs(text(c, "id")),
                        {date(text(c, "from")), Texts::standing_action(text(c, "action")), qs(text(c, "reason")),
                         qs(text(c, "by"))}});
    }
    fill(standing_, rows);
}

// ---- the forms ----------------------------------------------------------------

void TherapistFile::add_credential()
{
    const auto rules = load_rules(v_.desk.clinic().db());
    std::vector<std::pair<std::string, QString>> kinds;
    for (const auto& k : rules.kinds)
        kinds.emplace_back(k.kind, qs(k.label) + (k.qualifying ? tr(" (qualifying)") : QString()));
    using K = FormField::Kind;
    form(tr("Add a credential"),
         tr("A qualification, licence or certificate of %1. A qualifying credential lets them treat sciatica and "
            "other nerve-related pain.")
             .arg(therapist_->currentText()),
         "vetting.add_credential", {{"therapist", ss(therapist_id())}},
         {{.name = "kind", .label = tr("&Kind"), .kind = K::choice, .choices = kinds},
          {.name = "number", .label = tr("&Number"), .placeholder = tr("certificate or licence number")},
          {.name = "issuer", .label = tr("Issu&er"), .placeholder = tr("who issued it")},
          {.name = "issued", .label = tr("&Issued on"), .kind = K::date, .placeholder = tr("DD/MM/YYYY")},
          {.name = "expires",
           .label = tr("E&xpires on"),
           .kind = K::date,
           .placeholder = tr("DD/MM/YYYY: the last day it is valid; empty if it does not expire"),
           .optional = true},
          {.name = "document",
           .label = tr("&Copy kept at"),
           .placeholder = tr("where the clinic keeps the copy, e.g. Staff files/…/certificate.pdf"),
           .optional = true}});
}

void TherapistFile::add_registration()
{
    using K = FormField::Kind;
    form(tr("Add a registration"),
         tr("%1's registration with a professional body (or its renewal).").arg(therapist_->currentText()),
         "vetting.add_registration", {{"therapist", ss(therapist_id())}},
         {{.name = "body", .label = tr("Professional &body"), .placeholder = tr("e.g. GCMT, CNHC, HCPC, a state board")},
          {.name = "number", .label = tr("&Number"), .placeholder = tr("registration number")},
          {.name = "issued", .label = tr("Registered &from"), .kind = K::date, .placeholder = tr("DD/MM/YYYY")},
          {.name = "expires",
           .label = tr("E&xpires on"),
           .kind = K::date,
           .placeholder = tr("DD/MM/YYYY: the last day registered")},
          {.name = "document", .label = tr("&Copy kept at"), .placeholder = tr("where the certificate is kept"),
           .optional = true}});
}

void TherapistFile::add_insurance()
{
    using K = FormField::Kind;
    const QString currency = qs(v_.desk.clinic().settings().currency);
    form(tr("Add insurance"),
         tr("%1's professional indemnity insurance (or its renewal).").arg(therapist_->currentText()),
         "vetting.add_insurance", {{"therapist", ss(therapist_id())}},
         {{.name = "insurer", .label = tr("&Insurer"), .placeholder = tr("e.g. Balens")},
          {.name = "policy", .label = tr("&Policy number")},
          {.name = "cover", .label = tr("C&over (%1)").arg(currency), .placeholder = tr("the amount insured, e.g. 6000000")},
          {.name = "issued", .label = tr("Cover &starts"), .kind = K::date, .placeholder = tr("DD/MM/YYYY")},
          {.name = "expires",
           .label = tr("Cover &ends"),
           .kind = K::date,
           .placeholder = tr("DD/MM/YYYY: the last day covered")},
          {.name = "document", .label = tr("Copy &kept at"), .placeholder = tr("where the schedule is kept"),
           .optional = true}});
}

void TherapistFile::add_cpd()
{
    using K = FormField::Kind;
    form(tr("Log CPD"), tr("Continuing professional development completed by %1.").arg(therapist_->currentText()),
         "vetting.add_cpd", {{"therapist", ss(therapist_id())}},
         {{.name = "hours", .label = tr("&Hours"), .placeholder = tr("e.g. 7.5")},
          {.name = "on", .label = tr("&Completed on"), .kind = K::date, .placeholder = tr("DD/MM/YYYY")},
          {.name = "topic", .label = tr("&Topic"), .placeholder = tr("e.g. Neuropathic pain")},
          {.name = "provider", .label = tr("&Provider"), .placeholder = tr("who ran it"), .optional = true}});
}

void TherapistFile::record_check()
{
    using K = FormField::Kind;
    form(tr("Tick a checklist item"), tr("A vetting check done for %1.").arg(therapist_->currentText()),
         "vetting.record_check", {{"therapist", ss(therapist_id())}},
         {{.name = "item",
           .label = tr("&Item"),
           .kind = K::choice,
           .choices = {{"identity", Texts::check_item("identity")},
                       {"reference", Texts::check_item("reference")},
                       {"documents", Texts::check_item("documents")}}},
          {.name = "on",
           .label = tr("&Checked on"),
           .kind = K::date,
           .placeholder = tr("DD/MM/YYYY"),
           .initial = v_.desk.date(format_date(clinic_today(v_.desk)))},
          {.name = "note",
           .label = tr("&Note"),
           .placeholder = tr("for a reference: the referee and how to reach them"),
           .optional = true},
          {.name = "document", .label = tr("&Document"), .placeholder = tr("where a copy is kept"), .optional = true}});
}

void TherapistFile::record_concern()
{
    using K = FormField::Kind;
    form(tr("Record a concern"),
         tr("A concern about %1, for example \"miracle cure\" claims or pressure to book unnecessary sessions. "
            "Only owners and admins read concerns.")
             .arg(therapist_->currentText()),
         "vetting.record_concern", {{"therapist", ss(therapist_id())}},
         {{.name = "concern", .label = tr("&Concern"), .placeholder = tr("what happened")},
          {.name = "on",
           .label = tr("&Raised on"),
           .kind = K::date,
           .placeholder = tr("DD/MM/YYYY"),
           .initial = v_.desk.date(format_date(clinic_today(v_.desk)))}});
}

void TherapistFile::resolve_concern()
{
    const int row = concerns_.table->currentRow();
    const auto* item = row >= 0 ? concerns_.table->item(row, 0) : nullptr;
    if (!item || !item->data(Qt::UserRole + 1).toBool())
        return;
    form(tr("Resolve a concern"), tr("Concern raised on %1: %2").arg(item->text(), concerns_.table->item(row, 1)->text()),
         "vetting.resolve_concern", {{"id", ss(item->data(Qt::UserRole).toString())}},
         {{.name = "resolution", .label = tr("&What was done"), .placeholder = tr("e.g. talked through the policy on claims")}});
}

void TherapistFile::change_standing(bool suspend)
{
    using K = FormField::Kind;
    const QString who = therapist_->currentText();
    form(suspend ? tr("Suspend %1").arg(who) : tr("Reinstate %1").arg(who),
         suspend ? tr("From the date given %1 is not eligible for any session, whatever the rest of the file "
                      "says, until reinstated.")
                       .arg(who)
                 : tr("Lifts %1's suspension from the date given; the rest of the file decides again.").arg(who),
         suspend ? "vetting.suspend" : "vetting.reinstate", {{"therapist", ss(therapist_id())}},
         {{.name = "reason", .label = tr("&Reason"), .placeholder = tr("why, for the file and the audit log")},
          {.name = "from",
           .label = tr("&From"),
           .kind = K::date,
           .placeholder = tr("DD/MM/YYYY"),
           .initial = v_.desk.date(format_date(clinic_today(v_.desk))),
           .optional = true}});
}

bool TherapistFile::show_therapist(const QString& therapist_id)
{
    const int index = therapist_->findData(therapist_id);
    if (index < 0)
        return false;
    therapist_->setCurrentIndex(index);
    refresh();
    return true;
}

QString TherapistFile::therapist_id() const
{
    return therapist_->currentData().toString();
}

void TherapistFile::show_on(Date on)
{
    on_ = on;
    refresh();
}

EntryForm* TherapistFile::open_form() const
{
    for (auto* f : findChildren<EntryForm*>())
        if (f->isVisible())
            return f;
    return nullptr;
}

void TherapistFile::form(const QString& title, const QString& intro, std::string command, json::object fixed,
                         std::vector<FormField> fields)
{
    auto* dialog = new EntryForm(v_.desk, title, intro, std::move(command), std::move(fixed), std::move(fields), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The page reads everything again, this file included.
    connect(dialog, &QDialog::accepted, this, [this] { emit changed(); });
    dialog->open();
}

} // namespace fascia::vetting::ui
