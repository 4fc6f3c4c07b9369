#include "note_editor.h"

#include "notes_module.h"

#include <fascia/desk/plugin_support.h>

#include <QAbstractButton>
#include <QButtonGroup>
#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace fascia::notes::ui {

namespace json = boost::json;
using desk::qs;
using desk::ss;

namespace {

constexpr std::array soap_names{"subjective", "objective", "assessment", "plan"};
constexpr std::array soap_labels{"&Subjective", "&Objective", "&Assessment", "&Plan"};

QString text_of(const json::value& v)
{
    return v.is_string() ? qs(v.get_string()) : QString();
}

/// A stored instant ("2026-11-19T15:15:00.000Z") in the clinic's zone and way.
QString when(desk::DeskContext& desk, const json::value& v)
{
    const auto t = v.is_string() ? parse_instant(std::string_view(v.get_string())) : std::nullopt;
    return t ? desk.instant(*t) : text_of(v);
}

/// 0-10 as a row of checkable buttons, one press per score (the quick entry a
/// therapist uses with the client in the room); none pressed is "not asked".
QButtonGroup* scale_buttons(const QString& name, QWidget* parent, QHBoxLayout* row)
{
    auto* group = new QButtonGroup(parent);
    group->setExclusive(false); // pressing the pressed one again clears it
    for (int n = 0; n <= 10; ++n) {
        auto* b = new QPushButton(QString::number(n), parent);
        b->setObjectName(name + "/" + QString::number(n));
        b->setCheckable(true);
        b->setFixedWidth(34);
        // The pressed score must be plain to see across the room.
        b->setStyleSheet(QStringLiteral("QPushButton:checked { background: #1565c0; color: white; font-weight: bold; }"));
        group->addButton(b, n);
        row->addWidget(b);
    }
    QObject::connect(group, &QButtonGroup::idClicked, parent, [group](int id) {
        for (auto* b : group->buttons())
            if (group->id(b) != id)
                b->setChecked(false);
    });
    row->addStretch();
    return group;
}

int pressed(const QButtonGroup* group)
{
    for (auto* b : group->buttons())
        if (b->isChecked())
            return group->id(b);
    return -1;
}

void press(QButtonGroup* group, int score)
{
    for (auto* b : group->buttons())
        b->setChecked(group->id(b) == score);
}

QListWidget* checklist(const json::array& names, const QString& object_name, QWidget* parent)
{
    auto* list = new QListWidget(parent);
    list->setObjectName(object_name);
    for (const auto& n : names) {
        auto* item = new QListWidgetItem(text_of(n), list);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    return list;
}

json::array checked(const QListWidget* list)
{
    json::array out;
    for (int i = 0; i < list->count(); ++i)
        if (list->item(i)->checkState() == Qt::Checked)
            out.push_back(json::value(ss(list->item(i)->text())));
    return out;
}

void check(QListWidget* list, const json::value& names)
{
    for (int i = 0; i < list->count(); ++i) {
        bool on = false;
        for (const auto& n : names.as_array())
            on = on || text_of(n) == list->item(i)->text();
        list->item(i)->setCheckState(on ? Qt::Checked : Qt::Unchecked);
    }
}

/// A questionnaire's box: ticked when it was taken this session.
QGroupBox* taken_box(const QString& title, const QString& name, QWidget* parent)
{
    auto* box = new QGroupBox(title, parent);
    box->setObjectName(name);
    box->setCheckable(true);
    box->setChecked(false);
    return box;
}

QSpinBox* spin(int max, const QString& name, QWidget* parent, bool may_skip = false)
{
    auto* s = new QSpinBox(parent);
    s->setObjectName(name);
    s->setRange(may_skip ? -1 : 0, max);
    if (may_skip)
        s->setSpecialValueText(QStringLiteral("–")); // -1: this section not answered
    return s;
}

/// A note (original or amendment) as HTML for the history.
QString note_html(const json::object& n)
{
    QString h;
    for (std::size_t i = 0; i < soap_names.size(); ++i)
        if (const auto t = text_of(n.at("soap").at(soap_names[i])); !t.isEmpty())
            h += "<p><b>" + QString(soap_names[i]) + ":</b> " + t.toHtmlEscaped() + "</p>";
    QStringList measures;
    for (const auto& [name, m] : n.at("measures").as_object())
        measures << qs(std::string(name)) + " "
                        + (m.is_object() ? QString::number(shown(m.at("value").to_number<double>())) : text_of(m));
    if (!measures.isEmpty())
        h += "<p><b>measures:</b> " + measures.join(", ").toHtmlEscaped() + "</p>";
    return h;
}

} // namespace

NoteEditor::NoteEditor(desk::DeskContext& desk, std::string appointment_id, QWidget* parent)
    : QWidget(parent), desk_(desk), appointment_id_(std::move(appointment_id))
{
    setObjectName(QStringLiteral("noteEditor"));
    const auto blank = blank_note(desk_.clinic().db());
    const auto& choices = blank.at("choices").as_object();

    auto* fields = new QWidget(this);
    auto* form = new QVBoxLayout(fields);
    title_ = desk::heading({}, fields, 1.3);
    title_->setObjectName(QStringLiteral("noteTitle"));
    status_ = new QLabel(fields);
    status_->setObjectName(QStringLiteral("noteStatus"));
    stopped_ = new QLabel(fields);
    stopped_->setObjectName(QStringLiteral("sessionStopped"));
    stopped_->setWordWrap(true);
    stopped_->setStyleSheet(QStringLiteral("background: #fdecea; color: #8a1c12; padding: 6px; font-weight: bold;"));
    stopped_->hide();
    refer_ = new QPushButton(tr("Record the &referral"), fields);
    refer_->setObjectName(QStringLiteral("recordReferral"));
    refer_->hide();
    form->addWidget(title_);
    form->addWidget(status_);
    form->addWidget(stopped_);
    form->addWidget(refer_);

    auto* soap_grid = new QFormLayout;
    for (std::size_t i = 0; i < soap_.size(); ++i) {
        soap_[i] = new QPlainTextEdit(fields);
        soap_[i]->setObjectName(QStringLiteral("soap.") + soap_names[i]);
        soap_[i]->setTabChangesFocus(true);
        soap_[i]->setFixedHeight(40);
        auto* label = new QLabel(tr(soap_labels[i]), fields);
        label->setBuddy(soap_[i]);
        soap_grid->addRow(label, soap_[i]);
    }
    form->addLayout(soap_grid);

    auto* lists = new QHBoxLayout;
    auto* techniques_box = new QGroupBox(tr("Techniques"), fields);
    (new QVBoxLayout(techniques_box))
        ->addWidget(techniques_ = checklist(choices.at("techniques").as_array(), QStringLiteral("techniques"), fields));
    auto* areas_box = new QGroupBox(tr("Areas treated"), fields);
    auto* areas_layout = new QVBoxLayout(areas_box);
    auto* area_row = new QHBoxLayout;
    auto* region = new QComboBox(fields);
    region->setObjectName(QStringLiteral("region"));
    for (const auto& r : choices.at("regions").as_array())
        region->addItem(text_of(r));
    auto* side = new QComboBox(fields);
    side->setObjectName(QStringLiteral("side"));
    for (const auto& s : choices.at("sides").as_array())
        side->addItem(text_of(s));
    auto* add_area = new QPushButton(tr("Add"), fields);
    add_area->setObjectName(QStringLiteral("addArea"));
    area_row->addWidget(region);
    area_row->addWidget(side);
    area_row->addWidget(add_area);
    areas_ = new QListWidget(fields);
    areas_->setObjectName(QStringLiteral("areas"));
    areas_->setToolTip(tr("Double-click an area to remove it"));
    areas_layout->addLayout(area_row);
    areas_layout->addWidget(areas_);
    connect(add_area, &QPushButton::clicked, this, [this, region, side] {
        const auto text = region->currentText() + " (" + side->currentText() + ")";
        if (areas_->findItems(text, Qt::MatchExactly).isEmpty())
            areas_->addItem(text);
    });
    connect(areas_, &QListWidget::itemDoubleClicked, this, [](QListWidgetItem* item) { delete item; });
    auto* advice_box = new QGroupBox(tr("Home-care advice"), fields);
    (new QVBoxLayout(advice_box))
        ->addWidget(advice_ = checklist(choices.at("advice").as_array(), QStringLiteral("advice"), fields));
    for (auto* list : {techniques_, areas_, advice_})
        list->setFixedHeight(96);
    lists->addWidget(techniques_box, 1);
    lists->addWidget(areas_box, 1);
    form->addLayout(lists);
    advice_->setFixedHeight(84);
    form->addWidget(advice_box);

    // The measures: the pain scales as buttons; the questionnaires when taken.
    auto* measures = new QGroupBox(tr("Measures"), fields);
    auto* m = new QFormLayout(measures);
    auto* now_row = new QHBoxLayout;
    pain_now_ = scale_buttons(QStringLiteral("nprs_now"), measures, now_row);
    m->addRow(tr("Pain now (0-10)"), now_row);
    auto* worst_row = new QHBoxLayout;
    pain_worst_ = scale_buttons(QStringLiteral("nprs_worst"), measures, worst_row);
    m->addRow(tr("Worst pain, past week"), worst_row);
    odi_.box = taken_box(tr("Oswestry (10 sections, 0-5; – not answered)"), QStringLiteral("odi"), measures);
    auto* odi_row = new QHBoxLayout(odi_.box);
    for (std::size_t i = 0; i < odi_.items.size(); ++i)
        odi_row->addWidget(odi_.items[i] = spin(5, QStringLiteral("odi/%1").arg(i + 1), odi_.box, true));
    m->addRow(odi_.box);
    psfs_box_ = taken_box(tr("Patient-Specific Functional Scale (3-5 activities, 0 unable - 10 as before)"),
                          QStringLiteral("psfs"), measures);
    auto* psfs_grid = new QGridLayout(psfs_box_);
    for (std::size_t i = 0; i < psfs_activity_.size(); ++i) {
        psfs_activity_[i] = new QLineEdit(psfs_box_);
        psfs_activity_[i]->setObjectName(QStringLiteral("psfs/activity%1").arg(i + 1));
        psfs_activity_[i]->setPlaceholderText(tr("Activity %1").arg(i + 1));
        psfs_score_[i] = spin(10, QStringLiteral("psfs/score%1").arg(i + 1), psfs_box_);
        psfs_grid->addWidget(psfs_activity_[i], static_cast<int>(i) / 3, static_cast<int>(i) % 3 * 2);
        psfs_grid->addWidget(psfs_score_[i], static_cast<int>(i) / 3, static_cast<int>(i) % 3 * 2 + 1);
    }
    m->addRow(psfs_box_);
    auto* lower = new QHBoxLayout;
    sbi_.box = taken_box(tr("Sciatica Bothersomeness (4 items, 0-6)"), QStringLiteral("sbi"), measures);
    auto* sbi_row = new QHBoxLayout(sbi_.box);
    for (std::size_t i = 0; i < sbi_.items.size(); ++i)
        sbi_row->addWidget(sbi_.items[i] = spin(6, QStringLiteral("sbi/%1").arg(i + 1), sbi_.box));
    lower->addWidget(sbi_.box);
    medication_ = new QComboBox(measures);
    medication_->setObjectName(QStringLiteral("medication"));
    medication_->addItem(tr("not asked"), QString());
    for (const char* use : {"none", "less", "same", "more"})
        medication_->addItem(tr(use), QString(use));
    auto* medication_label = new QLabel(tr("Pain medication\nvs the start:"), measures);
    lower->addWidget(medication_label);
    lower->addWidget(medication_);
    lower->addStretch();
    m->addRow(lower);
    form->addWidget(measures);

    error_ = desk::error_label(fields, QStringLiteral("noteError"));
    form->addWidget(error_);
    auto* actions = new QHBoxLayout;
    actions_.save = new QPushButton(tr("Save &draft"), fields);
    actions_.save->setObjectName(QStringLiteral("saveDraft"));
    actions_.sign = new QPushButton(tr("Si&gn"), fields);
    actions_.sign->setObjectName(QStringLiteral("sign"));
    actions_.reason = new QLineEdit(fields);
    actions_.reason->setObjectName(QStringLiteral("amendReason"));
    actions_.reason->setPlaceholderText(tr("Why the signed note is changed"));
    actions_.amend = new QPushButton(tr("A&mend"), fields);
    actions_.amend->setObjectName(QStringLiteral("amend"));
    actions->addWidget(actions_.save);
    actions->addWidget(actions_.sign);
    actions->addSpacing(20);
    actions->addWidget(actions_.reason, 1);
    actions->addWidget(actions_.amend);
    form->addLayout(actions);
    form->addStretch();

    auto* scroll = new QScrollArea(this);
    scroll->setWidget(fields);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    history_ = new QTextBrowser(this);
    history_->setObjectName(QStringLiteral("history"));
    auto* history_box = new QWidget(this);
    auto* history_layout = new QVBoxLayout(history_box);
    history_layout->setContentsMargins(0, 0, 0, 0);
    history_layout->addWidget(desk::heading(tr("History"), history_box, 1.1));
    history_layout->addWidget(history_);

    auto* split = new QSplitter(this);
    split->addWidget(scroll);
    split->addWidget(history_box);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setSizes({800, 220});
    (new QVBoxLayout(this))->addWidget(split);

    connect(actions_.save, &QPushButton::clicked, this,
            [this] { run("notes.write", {{"appointment_id", appointment_id_}, {"note", note_from_fields()}}); });
    connect(actions_.sign, &QPushButton::clicked, this, [this] { run("notes.sign", {{"id", appointment_id_}}); });
    connect(actions_.amend, &QPushButton::clicked, this, [this] {
        run("notes.amend",
            {{"id", appointment_id_}, {"reason", ss(actions_.reason->text())}, {"note", note_from_fields()}});
    });
    connect(refer_, &QPushButton::clicked, this,
            [this] { run("notes.refer", {{"appointment_id", appointment_id_}}); });
    for (auto* b : {actions_.save, actions_.sign, actions_.amend})
        b->setEnabled(desk::may_run(desk_, "notes.write"));
}

bool NoteEditor::reload()
{
    // Every read of a note is audited: the command first, then the note.
    auto read = desk_.execute("notes.read", {{"appointment_id", appointment_id_}});
    if (!read) {
        error_->setText(qs(read.error().message));
        error_->show();
        setEnabled(false);
        return false;
    }
    auto& db = desk_.clinic().db();
    auto q = db.query("SELECT a.starts_at, s.display_name, a.precheck_flagged,"
                      " EXISTS (SELECT 1 FROM notes_referrals r WHERE r.appointment_id = a.id)"
                      " FROM sched_appointments a JOIN staff s ON s.id = a.therapist_id WHERE a.id = ?",
                      appointment_id_);
    if (q.step()) {
        const auto at = parse_instant(q.text(0));
        title_->setText(tr("Session %1 with %2").arg(at ? desk_.instant(*at) : qs(q.text(0)), qs(q.text(1))));
        const bool stopped = q.integer(2) != 0;
        const bool referred = q.integer(3) != 0;
        stopped_->setVisible(stopped);
        stopped_->setText(referred ? tr("The pre-session check found a red flag: the session was stopped and the "
                                        "referral is recorded.")
                                   : tr("The pre-session check found a red flag: the session was stopped. No treatment "
                                        "is written up; record the referral."));
        refer_->setVisible(stopped && !referred);
    }
    const auto note = note_json(db, appointment_id_);
    if (note.empty()) {
        status_->setText(tr("No note yet: write it and save a draft, then sign it."));
        history_->setHtml(tr("<p>Nothing signed yet.</p>"));
        actions_.sign->setEnabled(false);
        actions_.amend->setEnabled(false);
        actions_.reason->setEnabled(false);
        return true;
    }
    fill(note.at("current").as_object());
    const bool is_signed = note.at("status") == "signed";
    const auto amendments = note.at("amendments").as_array().size();
    status_->setText(is_signed ? tr("Signed by %1 at %2%3")
                                     .arg(text_of(note.at("signed_by")), when(desk_, note.at("signed_at")),
                                          amendments ? tr(", amended %n time(s)", nullptr, static_cast<int>(amendments))
                                                     : QString())
                               : tr("Draft by %1: sign it when it is complete").arg(text_of(note.at("written_by"))));
    const bool may_write = desk::may_run(desk_, "notes.write");
    actions_.save->setEnabled(may_write && !is_signed);
    actions_.sign->setEnabled(may_write && !is_signed);
    actions_.amend->setEnabled(may_write && is_signed);
    actions_.reason->setEnabled(may_write && is_signed);

    QString h = "<h3>" + tr("Original") + "</h3><p><i>"
                + (is_signed ? tr("signed by %1 at %2").arg(text_of(note.at("signed_by")), when(desk_, note.at("signed_at")))
                             : tr("draft"))
                + "</i></p>" + note_html(note.at("original").as_object());
    for (const auto& a : note.at("amendments").as_array())
        h += "<hr><h3>" + tr("Amended") + "</h3><p><i>"
             + tr("by %1 at %2, because: %3")
                   .arg(text_of(a.at("amended_by")), when(desk_, a.at("amended_at")), text_of(a.at("reason")).toHtmlEscaped())
             + "</i></p>" + note_html(a.at("note").as_object());
    history_->setHtml(h);
    return true;
}

json::object NoteEditor::note_from_fields() const
{
    json::object soap;
    for (std::size_t i = 0; i < soap_.size(); ++i)
        soap[soap_names[i]] = ss(soap_[i]->toPlainText());
    json::array areas;
    for (int i = 0; i < areas_->count(); ++i) {
        const auto text = areas_->item(i)->text(); // "lower back (left)"
        const auto open = text.lastIndexOf(" (");
        areas.push_back(json::object{{"region", ss(text.left(open))}, {"side", ss(text.mid(open + 2).chopped(1))}});
    }
    json::object measures;
    if (const int n = pressed(pain_now_); n >= 0)
        measures["nprs_now"] = n;
    if (const int n = pressed(pain_worst_); n >= 0)
        measures["nprs_worst"] = n;
    if (odi_.box->isChecked()) {
        json::array sections;
        for (auto* s : odi_.items)
            sections.push_back(s->value() < 0 ? json::value(nullptr) : json::value(s->value()));
        measures["odi"] = std::move(sections);
    }
    if (psfs_box_->isChecked()) {
        json::array activities;
        for (std::size_t i = 0; i < psfs_activity_.size(); ++i)
            if (!psfs_activity_[i]->text().trimmed().isEmpty())
                activities.push_back(json::object{{"activity", ss(psfs_activity_[i]->text().trimmed())},
                                                  {"score", psfs_score_[i]->value()}});
        measures["psfs"] = std::move(activities);
    }
    if (sbi_.box->isChecked()) {
        json::array items;
        for (auto* s : sbi_.items)
            items.push_back(s->value());
        measures["sbi"] = std::move(items);
    }
    if (const auto use = medication_->currentData().toString(); !use.isEmpty())
        measures["medication"] = ss(use);
    return {{"soap", std::move(soap)},
            {"techniques", checked(techniques_)},
            {"areas", std::move(areas)},
            {"advice", checked(advice_)},
            {"measures", std::move(measures)}};
}

void NoteEditor::fill(const json::object& note)
{
    for (std::size_t i = 0; i < soap_.size(); ++i)
        soap_[i]->setPlainText(text_of(note.at("soap").at(soap_names[i])));
    check(techniques_, note.at("techniques"));
    check(advice_, note.at("advice"));
    areas_->clear();
    for (const auto& a : note.at("areas").as_array())
        areas_->addItem(text_of(a.at("region")) + " (" + text_of(a.at("side")) + ")");
    const auto& m = note.at("measures").as_object();
    const auto value = [&](const char* name) {
        const auto* v = m.if_contains(name);
        return v ? static_cast<int>(v->at("value").to_number<double>()) : -1;
    };
    press(pain_now_, value("nprs_now"));
    press(pain_worst_, value("nprs_worst"));
    const auto* odi = m.if_contains("odi");
    odi_.box->setChecked(odi != nullptr);
    for (std::size_t i = 0; i < odi_.items.size(); ++i) {
        const auto& s = odi ? odi->at("sections").at(i) : json::value(nullptr);
        odi_.items[i]->setValue(s.is_null() ? -1 : static_cast<int>(s.to_number<double>()));
    }
    const auto* psfs = m.if_contains("psfs");
    psfs_box_->setChecked(psfs != nullptr);
    for (std::size_t i = 0; i < psfs_activity_.size(); ++i) {
        const bool has = psfs && i < psfs->at("activities").as_array().size();
        psfs_activity_[i]->setText(has ? text_of(psfs->at("activities").at(i).at("activity")) : QString());
        psfs_score_[i]->setValue(has ? static_cast<int>(psfs->at("activities").at(i).at("score").to_number<double>())
                                     : 0);
    }
    const auto* sbi = m.if_contains("sbi");
    sbi_.box->setChecked(sbi != nullptr);
    for (std::size_t i = 0; i < sbi_.items.size(); ++i)
        sbi_.items[i]->setValue(sbi ? static_cast<int>(sbi->at("items").at(i).to_number<double>()) : 0);
    const auto* medication = m.if_contains("medication");
    medication_->setCurrentIndex(medication ? medication_->findData(text_of(*medication)) : 0);
}

void NoteEditor::run(const char* type, json::object payload)
{
    auto outcome = desk_.execute(type, std::move(payload));
    if (!outcome) {
        error_->setText(qs(outcome.error().message));
        error_->show();
        return;
    }
    error_->hide();
    actions_.reason->clear();
    reload();
}

} // namespace fascia::notes::ui
