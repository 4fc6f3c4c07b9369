#include "booking_dialog.h"
#include "json_text.h"

#include <fascia/clients.h>
#include <fascia/desk/client_banner.h>
#include <fascia/desk/plugin_support.h>
#include <fascia/sync.h>

#include <date/tz.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace fascia::scheduling::ui {

using namespace std::chrono;

namespace {

/// Refusals about the client themself: no other time would do, so none is offered.
bool about_the_client(const std::string& reason)
{
    for (const char* r : {"no_screening", "screening_expired", "urgent_referral", "clearance_required"})
        if (reason == r)
            return true;
    return false;
}

QString slot_line(Database& db, const date::time_zone* zone, const Slot& s)
{
    return BookingDialog::tr("%1–%2 with %3 in %4")
        .arg(local_text(zone, s.start), local_text(zone, s.end, "%H:%M"), therapist_name(db, s.therapist), qs(s.room));
}

/// The banner's frame: red for a stop, amber for caution, green otherwise (intake's banner colours).
QString banner_style(desk::BannerLine::Tone tone)
{
    const char* colours = tone == desk::BannerLine::Tone::stop      ? "#fdecea; border-left: 4px solid #b3261e"
                          : tone == desk::BannerLine::Tone::caution ? "#fff6dc; border-left: 4px solid #c98a00"
                                                                    : "#e8f5e9; border-left: 4px solid #2e7d32";
    return QStringLiteral("QLabel#clientBanner { background: %1; padding: 6px; }").arg(QLatin1String(colours));
}

} // namespace

BookingDialog::BookingDialog(desk::DeskContext& desk, const BookingStart& initial, QWidget* parent)
    : QDialog(parent), desk_(desk), zone_(clinic_zone(desk.clinic().db()))
{
    setObjectName("bookingDialog");
    setWindowTitle(tr("Book a session"));
    auto& db = desk_.clinic().db();

    search_ = new QLineEdit(this);
    search_->setObjectName("clientSearch");
    search_->setPlaceholderText(tr("Name, phone or email"));
    matches_ = new QListWidget(this);
    matches_->setObjectName("clientMatches");
    matches_->setMaximumHeight(96);
    matches_->hide();
    client_ = new QLabel(tr("No client chosen yet"), this);
    client_->setObjectName("chosenClient");
    banner_ = new QLabel(this);
    banner_->setObjectName("clientBanner");
    banner_->setWordWrap(true);
    banner_->setTextFormat(Qt::RichText);
    banner_->hide();

    service_ = new QComboBox(this);
    service_->setObjectName("service");
    for (const auto& s : list_services(db))
        service_->addItem(tr("%1 (%2)").arg(qs(s.name), desk_.money(s.price)), qs(s.id));
    therapist_ = new QComboBox(this);
    therapist_->setObjectName("therapist");
    for (const auto& t : active_therapists(db))
        therapist_->addItem(qs(t.display_name.empty() ? t.username : t.display_name), qs(t.username));
    room_ = new QComboBox(this);
    room_->setObjectName("room");
    room_->addItem(tr("Any free room"), QString());
    for (const auto& r : list_rooms(db))
        if (r.active)
            room_->addItem(qs(r.name), qs(r.name));
    start_ = new QDateTimeEdit(this);
    start_->setObjectName("start");
    start_->setTimeSpec(Qt::UTC); // a wall-clock time in the clinic's zone, converted with date/tz
    start_->setDisplayFormat(QStringLiteral("ddd d MMM yyyy  HH:mm"));
    start_->setCalendarPopup(true);
    course_ = new QCheckBox(tr("Book a course (sessions as the client's screening asks)"), this);
    course_->setObjectName("course");

    check_ = new QLabel(this);
    check_->setObjectName("checkResult");
    check_->setWordWrap(true);
    slots_ = new QListWidget(this);
    slots_->setObjectName("nextSlots");
    slots_->setMaximumHeight(80);
    slots_->hide();
    plan_ = new QListWidget(this);
    plan_->setObjectName("coursePlan");
    plan_->setMaximumHeight(130);
    plan_->hide();
    offline_ = new QLabel(this);
    offline_->setObjectName("offlineNote");
    offline_->setWordWrap(true);
    offline_->setStyleSheet(QStringLiteral("color: #5f4b00;"));
    if (sync::Replica(desk_.clinic()).status().enrolled) {
        offline_->setText(tr("This desk syncs with the clinic's server: the booking is tentative (hatched on the "
                             "calendar) until the server accepts it, and if another desk took the time first "
                             "it is shown refused with the reason."));
    } else {
        offline_->hide();
    }

    auto* buttons = new QDialogButtonBox(this);
    book_ = buttons->addButton(tr("&Book"), QDialogButtonBox::AcceptRole);
    book_->setObjectName("book");
    buttons->addButton(QDialogButtonBox::Close);

    auto* form = new QFormLayout;
    form->addRow(tr("&Client"), search_);
    form->addRow(QString(), matches_);
    form->addRow(QString(), client_);
    form->addRow(QString(), banner_);
    form->addRow(tr("&Service"), service_);
    form->addRow(tr("&Therapist"), therapist_);
    form->addRow(tr("&Room"), room_);
    form->addRow(tr("S&tarts"), start_);
    form->addRow(QString(), course_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(check_);
    layout->addWidget(slots_);
    layout->addWidget(plan_);
    layout->addWidget(offline_);
    layout->addStretch(1);
    layout->addWidget(buttons);
    setMinimumWidth(560);

    // The starting point.
    if (const int i = service_->findData(qs(initial.service_id)); i >= 0)
        service_->setCurrentIndex(i);
    if (const int i = therapist_->findData(qs(initial.therapist)); i >= 0)
        therapist_->setCurrentIndex(i);
    if (const int i = room_->findData(qs(initial.room)); i >= 0)
        room_->setCurrentIndex(i);
    set_start(initial.start);
    if (!initial.client_id.isEmpty())
        if (const auto c = find_client(db, ss(initial.client_id)))
            choose_client(initial.client_id, qs(c->display_name()));

    connect(search_, &QLineEdit::textChanged, this, &BookingDialog::search);
    connect(matches_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        choose_client(item->data(Qt::UserRole).toString(), item->data(Qt::UserRole + 1).toString());
    });
    connect(matches_, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        choose_client(item->data(Qt::UserRole).toString(), item->data(Qt::UserRole + 1).toString());
    });
    // Picking one of the next free slots makes it the choice.
    connect(slots_, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        const auto& s = offered_.at(static_cast<std::size_t>(slots_->row(item)));
        therapist_->setCurrentIndex(std::max(0, therapist_->findData(qs(s.therapist))));
        room_->setCurrentIndex(std::max(0, room_->findData(qs(s.room))));
        set_start(s.start);
    });
    for (auto* combo : {service_, therapist_, room_})
        connect(combo, &QComboBox::currentIndexChanged, this, [this] { recheck(); });
    connect(start_, &QDateTimeEdit::dateTimeChanged, this, [this] { recheck(); });
    connect(course_, &QCheckBox::toggled, this, [this] { recheck(); });
    connect(book_, &QPushButton::clicked, this, &BookingDialog::book);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    recheck();
    (client_id_.isEmpty() ? static_cast<QWidget*>(search_) : service_)->setFocus();
}

Instant BookingDialog::start() const
{
    const QDateTime t = start_->dateTime();
    const Date day{year{t.date().year()}, month{static_cast<unsigned>(t.date().month())},
                   std::chrono::day{static_cast<unsigned>(t.date().day())}};
    return local_instant(zone_, day, minutes{t.time().hour() * 60 + t.time().minute()});
}

void BookingDialog::set_start(Instant t)
{
    const auto local = date::make_zoned(zone_, floor<minutes>(t)).get_local_time();
    const auto day = floor<days>(local);
    const date::year_month_day ymd{day};
    const auto since = duration_cast<minutes>(local - day).count();
    start_->setDateTime(QDateTime(QDate(static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                                        static_cast<int>(static_cast<unsigned>(ymd.day()))),
                                  QTime(static_cast<int>(since / 60), static_cast<int>(since % 60)), Qt::UTC));
}

std::optional<Service> BookingDialog::service() const
{
    return find_service(desk_.clinic().db(), ss(service_->currentData().toString()));
}

void BookingDialog::search(const QString& text)
{
    matches_->clear();
    if (text.trimmed().size() < 2) {
        matches_->hide();
        return;
    }
    for (const auto& c : search_clients(desk_.clinic().db(), ss(text), 8)) {
        auto* item = new QListWidgetItem(tr("%1 · born %2").arg(qs(c.display_name()), desk_.date(c.date_of_birth)),
                                         matches_);
        item->setData(Qt::UserRole, qs(c.id));
        item->setData(Qt::UserRole + 1, qs(c.display_name()));
    }
    if (matches_->count() == 0)
        new QListWidgetItem(tr("No client matches “%1”").arg(text), matches_);
    matches_->setVisible(true);
}

void BookingDialog::choose_client(const QString& client_id, const QString& name)
{
    if (client_id.isEmpty())
        return;
    client_id_ = client_id;
    client_name_ = name;
    client_->setText(tr("Client: <b>%1</b>").arg(name.toHtmlEscaped()));
    matches_->hide();
    // What the modules say about the client (intake: screening, restrictions, clearance), before booking.
    const auto lines = desk::client_banner_lines(desk_, client_id_);
    banner_->setText(desk::banner_html(lines));
    banner_->setStyleSheet(banner_style(desk::loudest(lines)));
    banner_->setVisible(!lines.empty());
    recheck();
}

void BookingDialog::recheck()
{
    offered_.clear();
    planned_.clear();
    slots_->clear();
    plan_->clear();
    slots_->hide();
    plan_->hide();
    book_->setEnabled(false);
    const auto say = [this](const QString& text, bool ok) {
        check_->setText(text);
        check_->setStyleSheet(ok ? QStringLiteral("color: #1b5e20;") : QStringLiteral("color: #b00020;"));
    };
    if (client_id_.isEmpty())
        return say(tr("Choose the client first: their screening decides what may be booked."), false);
    const auto svc = service();
    if (!svc)
        return say(tr("Choose a service."), false);
    auto& db = desk_.clinic().db();
    DeskScheduler ds(desk_);
    auto& s = ds.scheduler;
    try {
        const auto therapist = therapist_named(db, ss(therapist_->currentData().toString()));
        if (course_->isChecked()) {
            PlanRequest request;
            request.client_id = ss(client_id_);
            request.service = *svc;
            request.from = local_day(zone_, start());
            request.therapist = therapist;
            const auto plan = s.plan(request);
            if (!plan)
                return say(tr("No course can be booked: %1").arg(qs(desk::message_without_field(plan.error()))), false);
            planned_ = plan->sessions;
            for (std::size_t i = 0; i < planned_.size(); ++i) {
                QString line = QStringLiteral("%1. ").arg(i + 1) + slot_line(desk_.clinic().db(), zone_, planned_[i]);
                if (static_cast<int>(i) + 1 == plan->reassessment_at)
                    line += tr(" · reassessment");
                plan_->addItem(line);
            }
            plan_->show();
            book_->setEnabled(true);
            return say(tr("A %1 course: %2 a week for %3 weeks, %4 sessions, all free now.")
                           .arg(qs(plan->condition_type))
                           .arg(plan->sessions_per_week)
                           .arg(plan->weeks)
                           .arg(planned_.size()),
                       true);
        }
        std::optional<std::string> room;
        if (const auto name = room_->currentData().toString(); !name.isEmpty())
            room = room_named(db, ss(name)).id;
        const auto slot = s.check({ss(client_id_), *svc, therapist, start(), room, std::nullopt});
        if (slot) {
            book_->setEnabled(true);
            return say(tr("Free: %1.").arg(slot_line(desk_.clinic().db(), zone_, *slot)), true);
        }
        say(tr("Cannot be booked: %1").arg(qs(desk::message_without_field(slot.error()))), false);
        if (about_the_client(slot.error().reason))
            return;
        offered_ = s.find(*svc, start(), therapist, 3, ss(client_id_));
        if (offered_.empty())
            offered_ = s.find(*svc, start(), std::nullopt, 3, ss(client_id_));
        for (const auto& o : offered_)
            slots_->addItem(tr("Next free: %1").arg(slot_line(desk_.clinic().db(), zone_, o)));
        slots_->setVisible(!offered_.empty());
    } catch (const Failure& f) {
        say(qs(f.error().message), false);
    }
}

void BookingDialog::book()
{
    const auto svc = service();
    if (client_id_.isEmpty() || !svc)
        return;
    const auto therapist = ss(therapist_->currentData().toString());
    json::object payload{{"client_id", ss(client_id_)}, {"service", svc->id}, {"therapist", therapist}};
    std::string type = "scheduling.book";
    if (course_->isChecked()) {
        // The sessions shown, so every database that runs the command books the same times.
        type = "scheduling.book_course";
        payload["from"] = format_date(local_day(zone_, start()));
        json::array sessions;
        for (const auto& p : planned_)
            sessions.push_back(json::object{{"start", format_local(zone_, p.start)}, {"therapist", p.therapist}, {"room", p.room}});
        payload["sessions"] = std::move(sessions);
    } else {
        payload["start"] = format_local(zone_, start());
        if (const auto room = room_->currentData().toString(); !room.isEmpty())
            payload["room"] = ss(room);
    }
    const auto outcome = desk_.execute(type, payload);
    if (!outcome) {
        // The command's own checks had the last word: say why, and what is free instead.
        recheck();
        check_->setText(tr("Not booked: %1").arg(qs(desk::message_without_field(outcome.error()))));
        check_->setStyleSheet(QStringLiteral("color: #b00020;"));
        book_->setEnabled(false);
        return;
    }
    outcome_ = course_->isChecked()
                   ? tr("Booked a course of %1 sessions for %2.").arg(planned_.size()).arg(client_name_)
                   : tr("Booked %1 at %2.").arg(client_name_, local_text(zone_, start()));
    if (!offline_->isHidden())
        outcome_ += tr(" Tentative until the server accepts it.");
    accept();
}

} // namespace fascia::scheduling::ui
