#include "calendar_page.h"
#include "json_text.h"

#include <fascia/desk/plugin_support.h>
#include <fascia/sync.h>

#include <QAction>
#include <QButtonGroup>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace fascia::scheduling::ui {

using namespace std::chrono;

namespace {

QPushButton* tool_button(const QString& text, const char* name, QWidget* parent, bool checkable = false)
{
    auto* b = new QPushButton(text, parent);
    b->setObjectName(name);
    b->setCheckable(checkable);
    b->setFocusPolicy(Qt::NoFocus); // the keyboard stays on the calendar
    return b;
}

/// A menu entry that runs `body` when chosen.
template <class Body>
QAction* item(QMenu* menu, const QString& text, Body body)
{
    auto* action = menu->addAction(text);
    QObject::connect(action, &QAction::triggered, menu->parentWidget(), std::move(body));
    return action;
}

} // namespace

CalendarPage::CalendarPage(desk::DeskContext& desk, QWidget* parent) : QWidget(parent), desk_(desk)
{
    setObjectName("calendarPage");
    view_ = new CalendarView(this);
    title_ = desk::heading(QString(), this, 1.3);
    title_->setObjectName("calendarTitle");
    message_ = new QLabel(this);
    message_->setObjectName("calendarMessage");
    message_->setWordWrap(true);
    // Always there, two lines high, so a message never shifts the calendar under the pointer.
    message_->setMinimumHeight(2 * message_->fontMetrics().lineSpacing() + 4);
    message_->setAlignment(Qt::AlignLeft | Qt::AlignTop);

    auto* previous = tool_button(tr("◀"), "previous", this);
    auto* today = tool_button(tr("&Today"), "today", this);
    auto* next = tool_button(tr("▶"), "next", this);
    day_button_ = tool_button(tr("&Day"), "dayView", this, true);
    week_button_ = tool_button(tr("&Week"), "weekView", this, true);
    therapists_button_ = tool_button(tr("T&herapists"), "byTherapist", this, true);
    rooms_button_ = tool_button(tr("&Rooms"), "byRoom", this, true);
    auto* book = tool_button(tr("&New booking (N)"), "newBooking", this);
    book->setEnabled(desk::may_run(desk_, "scheduling.book"));
    auto* spans = new QButtonGroup(this);
    spans->addButton(day_button_);
    spans->addButton(week_button_);
    auto* groupings = new QButtonGroup(this);
    groupings->addButton(therapists_button_);
    groupings->addButton(rooms_button_);
    day_button_->setChecked(true);
    therapists_button_->setChecked(true);

    auto* bar = new QHBoxLayout;
    bar->addWidget(previous);
    bar->addWidget(today);
    bar->addWidget(next);
    bar->addSpacing(12);
    bar->addWidget(title_, 1);
    bar->addWidget(day_button_);
    bar->addWidget(week_button_);
    bar->addSpacing(12);
    bar->addWidget(therapists_button_);
    bar->addWidget(rooms_button_);
    bar->addSpacing(12);
    bar->addWidget(book);
    auto* legend = new QLabel(
        tr("<span style='color:#2f6fb3'>■</span> booked &nbsp; <span style='color:#2e7d32'>■</span> arrived &nbsp; "
           "<span style='color:#6b7378'>■</span> completed &nbsp; <span style='color:#b3261e'>■</span> no-show &nbsp; "
           "▨ tentative or refused by the server &nbsp;·&nbsp; marks: <b style='color:#ad1457'>Prenatal</b> "
           "<b style='color:#6a1b9a'>No needling</b> <b style='color:#e65100'>No deep tissue</b> "
           "<b style='color:#b3261e'>Unpaid</b> <b style='color:#2e7d32'>Paid</b> &nbsp;·&nbsp; keys: arrows move, Enter opens, N books, T today"),
        this);
    legend->setObjectName("calendarLegend");
    legend->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(message_);
    layout->addWidget(view_, 1);
    layout->addWidget(legend);
    setFocusProxy(view_);

    const auto step = [this](int sign) {
        focus_ = plus_days(focus(), sign * (span_ == Span::week ? 7 : 1));
        go_to(focus_);
    };
    connect(previous, &QPushButton::clicked, this, [step] { step(-1); });
    connect(next, &QPushButton::clicked, this, [step] { step(1); });
    connect(today, &QPushButton::clicked, view_, &CalendarView::today_requested);
    connect(view_, &CalendarView::today_requested, this, &CalendarPage::go_to_now);
    for (const auto& [button, span] : {std::pair{day_button_, Span::day}, std::pair{week_button_, Span::week}})
        connect(button, &QPushButton::toggled, this, [this, span = span](bool on) {
            if (!on)
                return;
            const Date day = focus();
            span_ = span;
            go_to(day);
        });
    connect(therapists_button_, &QPushButton::toggled, this, [this](bool on) {
        if (on)
            reload();
    });
    connect(rooms_button_, &QPushButton::toggled, this, [this](bool on) {
        if (on)
            reload();
    });
    connect(book, &QPushButton::clicked, view_, &CalendarView::book_requested);
    connect(view_, &CalendarView::book_requested, this, [this] {
        const auto& c = view_->cursor();
        book_at(c.day, c.lane, c.minutes);
    });
    connect(view_, &CalendarView::slot_activated, this, &CalendarPage::book_at);
    connect(view_, &CalendarView::step_days, this, [this](int delta) { go_to(plus_days(focus(), delta)); });
    connect(view_, &CalendarView::block_activated, this, [this](const QString& id) {
        const auto* b = view_->block(id);
        if (!b)
            return;
        if (b->ghost())
            show_menu(id, view_->mapToGlobal(view_->block_rect(id).center()));
        else
            desk_.open_client(qs(b->client_id));
    });
    connect(view_, &CalendarView::block_dropped, this, &CalendarPage::move);
    connect(view_, &CalendarView::block_menu_requested, this, &CalendarPage::show_menu);

    go_to_now();
    // Each minute: the current-time line moves on and other desks' bookings (synced) appear.
    auto* minute = new QTimer(this);
    minute->setInterval(60 * 1000);
    connect(minute, &QTimer::timeout, this, [this] {
        if (isVisible() && !view_->dragging())
            reload();
    });
    minute->start();
}

void CalendarPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (view_->data().zone) // not before the first load
        reload();
}

void CalendarPage::go_to_now()
{
    go_to(desk::clinic_today(desk_));
    auto c = view_->cursor();
    const auto& d = view_->data();
    c.minutes = static_cast<int>(duration_cast<minutes>(d.now - d.at(c.day, 0)).count());
    view_->set_cursor(c);
}

Date CalendarPage::focus() const
{
    const auto& d = view_->data();
    return d.days > 0 && d.zone ? plus_days(d.first, view_->cursor().day) : focus_;
}

void CalendarPage::reload()
{
    go_to(focus());
}

void CalendarPage::go_to(Date day)
{
    focus_ = day;
    const bool week = span_ == Span::week;
    // A week runs Monday to Sunday.
    const Date first = week ? plus_days(day, -weekday_index(day)) : day;
    auto loaded = load_calendar(desk_, first, week ? 7 : 1);
    const Instant noon = loaded.at(0, 12 * 60);
    title_->setText(week ? tr("Week of %1").arg(local_text(loaded.zone, noon, "%d %B %Y"))
                         : local_text(loaded.zone, noon, "%A %d %B %Y"));
    auto c = view_->cursor();
    c.day = static_cast<int>((sys_days{day} - sys_days{first}).count());
    view_->set_data(std::move(loaded), rooms_button_->isChecked() ? CalendarView::Grouping::rooms
                                                                : CalendarView::Grouping::therapists);
    view_->set_cursor(c);
}

QString CalendarPage::message() const
{
    return message_->text();
}

void CalendarPage::say(const QString& text, bool error)
{
    message_->setText(text);
    message_->setStyleSheet(error ? QStringLiteral("color: #b00020; font-weight: bold;") : QStringLiteral("color: #1b5e20;"));
}

void CalendarPage::open_booking(const BookingStart& start)
{
    if (!desk::may_run(desk_, "scheduling.book"))
        return say(tr("%1 may not book appointments.").arg(qs(desk_.user().username)), true);
    auto* dialog = new BookingDialog(desk_, start, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        reload();
        say(dialog->outcome(), false);
    });
    dialog->open();
}

void CalendarPage::book_at(int day, int lane, int minutes)
{
    const auto& d = view_->data();
    BookingStart start;
    start.start = d.at(day, minutes);
    const auto& lanes = view_->lanes();
    if (lane >= 0 && lane < static_cast<int>(lanes.size())) {
        if (view_->grouping() == CalendarView::Grouping::rooms)
            start.room = lanes[static_cast<std::size_t>(lane)].key;
        else
            start.therapist = lanes[static_cast<std::size_t>(lane)].key;
    }
    open_booking(start);
}

bool CalendarPage::run(const std::string& type, json::object payload, const QString& done)
{
    const auto outcome = desk_.execute(type, std::move(payload));
    if (!outcome) {
        say(qs(desk::message_without_field(outcome.error())), true);
        return false;
    }
    reload();
    say(done, false);
    return true;
}

void CalendarPage::move(const QString& id, int day, int lane, int minutes)
{
    const auto* b = view_->block(id);
    if (!b || b->ghost())
        return;
    const auto& d = view_->data();
    const auto& target = view_->lanes().at(static_cast<std::size_t>(lane));
    const Instant start = d.at(day, minutes);
    json::object payload{{"id", b->id}, {"start", format_local(d.zone, start)}};
    const bool by_room = view_->grouping() == CalendarView::Grouping::rooms;
    if (!by_room && target.id != b->therapist_id)
        payload["therapist"] = target.key;
    if (by_room && target.id != b->room_id)
        payload["room"] = target.key;
    if (start == b->start && payload.size() == 2)
        return; // dropped where it was
    const QString client = b->client;
    const std::string service_id = b->service_id, therapist_id = b->therapist_id, client_id = b->client_id;
    const auto outcome = desk_.execute("scheduling.reschedule", payload);
    reload(); // moved, or back where it was
    if (outcome) {
        QString text = tr("Moved %1 to %2.").arg(client, local_text(d.zone, start));
        if (view_->data().enrolled)
            text += tr(" Tentative until the server accepts it.");
        return say(text, false);
    }
    // Refused: the block snapped back; say why and what is free instead.
    QString text = tr("Not moved: %1").arg(qs(desk::message_without_field(outcome.error())));
    auto& db = desk_.clinic().db();
    if (const auto svc = find_service(db, service_id)) {
        DeskScheduler ds(desk_);
        const auto free = next_free_slots(ds.scheduler, *svc, start, find_staff(db, therapist_id), client_id, 3);
        if (!free.isEmpty())
            text += tr("\nNext free: %1").arg(free.join(QStringLiteral("; ")));
    }
    say(text, true);
}

void CalendarPage::show_menu(const QString& id, const QPoint& global)
{
    const auto* found = view_->block(id);
    if (!found)
        return;
    const Block b = *found; // the menu outlives a reload
    auto* menu = new QMenu(this);
    menu->setObjectName("blockMenu");
    menu->setAttribute(Qt::WA_DeleteOnClose);
    if (b.ghost()) {
        menu->addSection(tr("Refused by the server: %1").arg(b.refusal));
        auto* again = item(menu, tr("Book again…"), [this, b] {
            const auto therapist = find_staff(desk_.clinic().db(), b.therapist_id);
            open_booking({qs(b.client_id), b.service_id, therapist ? therapist->username : "", "", b.start});
        });
        again->setEnabled(desk::may_run(desk_, "scheduling.book"));
        item(menu, tr("Dismiss (seen)"), [this, b] {
            if (auto r = sync::Replica(desk_.clinic()).dismiss(b.refused_sequence); !r)
                return say(qs(r.error().message), true);
            reload();
            say(tr("Dismissed the refused booking for %1.").arg(b.client), false);
        });
    } else {
        item(menu, tr("Open client file"), [this, b] { desk_.open_client(qs(b.client_id)); });
        menu->addSeparator();
        const bool booked = b.status == "booked";
        const auto action = [&](const QString& text, const char* type, const QString& done, bool enabled) {
            auto* a = item(menu, text, [this, type, done, b] { run(type, {{"id", b.id}}, done); });
            a->setEnabled(enabled && desk::may_run(desk_, type));
        };
        action(tr("Arrived"), "scheduling.arrive", tr("%1 has arrived.").arg(b.client), booked);
        action(tr("No-show"), "scheduling.no_show", tr("%1 marked as a no-show.").arg(b.client), booked);
        for (const bool by_client : {true, false}) {
            auto* cancel = item(menu, by_client ? tr("Cancel: the client asked…") : tr("Cancel: the clinic cancels…"),
                               [this, b, by_client] {
                bool ok = false;
                const QString reason = QInputDialog::getText(this, tr("Cancel %1's appointment").arg(b.client),
                                                             tr("Reason:"), QLineEdit::Normal, QString(), &ok);
                if (ok && !reason.trimmed().isEmpty())
                    run("scheduling.cancel", {{"id", b.id}, {"reason", ss(reason.trimmed())}, {"by", by_client ? "client" : "clinic"}},
                        tr("Cancelled %1's appointment.").arg(b.client));
            });
            cancel->setEnabled(booked && desk::may_run(desk_, "scheduling.cancel"));
        }
        menu->addSeparator();
        item(menu, tr("Check out…"), [this, b] { emit checkout_requested(qs(b.id)); })
            ->setEnabled(b.status != "cancelled");
    }
    menu->popup(global);
}

} // namespace fascia::scheduling::ui
