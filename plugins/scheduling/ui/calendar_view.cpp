#include "calendar_view.h"

#include <fascia/desk/plugin_support.h>

#include <date/tz.h>

#include <QContextMenuEvent>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace fascia::scheduling::ui {

using namespace std::chrono;
using desk::qs;

namespace {

constexpr int gutter = 52;     // the hours down the left
constexpr int day_header = 22; // a row of day names (week view)
constexpr int lane_header = 24; // a row of column names

struct Colours {
    QColor fill;
    QColor border;
};

/// The status colours (the legend under the calendar says the same).
Colours colours_of(const std::string& status)
{
    if (status == "arrived")
        return {QColor("#d5efd8"), QColor("#2e7d32")};
    if (status == "completed")
        return {QColor("#e3e6e8"), QColor("#6b7378")};
    if (status == "no_show")
        return {QColor("#f8d4d2"), QColor("#b3261e")};
    if (status == "refused")
        return {QColor("#fff4f3"), QColor("#b3261e")};
    return {QColor("#d6e8fb"), QColor("#2f6fb3")}; // booked
}

/// A restriction's mark: short (narrow columns) and long, and its colour.
struct Mark {
    QString short_text;
    QString long_text;
    QColor colour;
};

std::vector<Mark> marks_of(const Block& b)
{
    std::vector<Mark> out;
    const auto has = [&](std::string_view code) {
        return std::find(b.restrictions.begin(), b.restrictions.end(), code) != b.restrictions.end();
    };
    if (has("prenatal_therapist_required"))
        out.push_back({CalendarView::tr("P"), CalendarView::tr("Prenatal"), QColor("#ad1457")});
    if (has("no_dry_needling"))
        out.push_back({CalendarView::tr("N"), CalendarView::tr("No needling"), QColor("#6a1b9a")});
    if (has("no_deep_tissue"))
        out.push_back({CalendarView::tr("D"), CalendarView::tr("No deep tissue"), QColor("#e65100")});
    if (b.unpaid)
        out.push_back({CalendarView::tr("£"), CalendarView::tr("Unpaid"), QColor("#b3261e")});
    else if (b.paid)
        out.push_back({CalendarView::tr("✓"), CalendarView::tr("Paid"), QColor("#2e7d32")});
    return out;
}

QString status_word(const std::string& status)
{
    if (status == "arrived")
        return CalendarView::tr("Arrived");
    if (status == "completed")
        return CalendarView::tr("Completed");
    if (status == "no_show")
        return CalendarView::tr("No-show");
    if (status == "refused")
        return CalendarView::tr("Refused by the server");
    return CalendarView::tr("Booked");
}

/// Minutes after local midnight of an instant in a zone.
int local_minutes(const date::time_zone* zone, Instant t)
{
    const auto local = date::make_zoned(zone, floor<minutes>(t)).get_local_time();
    return static_cast<int>(duration_cast<minutes>(local - floor<days>(local)).count());
}

} // namespace

CalendarView::CalendarView(QWidget* parent) : QWidget(parent)
{
    setObjectName("calendarView");
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(false);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

const std::vector<Lane>& CalendarView::lanes() const
{
    return grouping_ == Grouping::rooms ? data_.rooms : data_.therapists;
}

void CalendarView::set_data(CalendarData data, Grouping grouping)
{
    data_ = std::move(data);
    grouping_ = grouping;
    // The hours shown: an hour either side of anyone's working hours and of every
    // block in the days shown, 08:00 to 18:00 when nothing says otherwise.
    int lo = 24 * 60, hi = 0;
    const Interval window{data_.at(0, 0), data_.at(data_.days, 0)};
    const auto widen = [&](Instant a, Instant b) {
        if (b <= window.start || a >= window.end)
            return;
        lo = std::min(lo, local_minutes(data_.zone, std::max(a, window.start)));
        const int end = local_minutes(data_.zone, std::min(b, window.end));
        hi = std::max(hi, end == 0 ? 24 * 60 : end);
    };
    for (const auto& [id, spans] : data_.working)
        for (const auto& span : spans.items())
            widen(span.start, span.end);
    for (const auto& b : data_.blocks)
        widen(b.start, b.end);
    if (lo >= hi) {
        lo = 8 * 60;
        hi = 18 * 60;
    }
    first_minute_ = std::max(0, (lo / 60 - 1) * 60);
    last_minute_ = std::min(24 * 60, ((hi + 59) / 60 + 1) * 60);
    pressed_ = -1;
    dragging_ = false;
    set_cursor(cursor_);
}

void CalendarView::set_cursor(Cursor c)
{
    const int lane_count = static_cast<int>(lanes().size());
    c.day = std::clamp(c.day, 0, std::max(0, data_.days - 1));
    c.lane = std::clamp(c.lane, 0, std::max(0, lane_count - 1));
    c.minutes = std::clamp(c.minutes / slot_minutes * slot_minutes, first_minute_, last_minute_ - slot_minutes);
    cursor_ = c;
    update();
}

int CalendarView::columns() const
{
    return std::max(1, data_.days * static_cast<int>(std::max<std::size_t>(1, lanes().size())));
}

double CalendarView::column_width() const
{
    return (width() - gutter) / static_cast<double>(columns());
}

double CalendarView::minute_height() const
{
    const int header = data_.days > 1 ? day_header + lane_header : lane_header;
    return (height() - header - 1) / static_cast<double>(std::max(60, last_minute_ - first_minute_));
}

QRectF CalendarView::column_rect(int day, int lane) const
{
    const int per_day = static_cast<int>(std::max<std::size_t>(1, lanes().size()));
    const int header = data_.days > 1 ? day_header + lane_header : lane_header;
    const double x = gutter + (day * per_day + lane) * column_width();
    return {x, static_cast<double>(header), column_width(), (last_minute_ - first_minute_) * minute_height()};
}

double CalendarView::y_of(int minutes) const
{
    const int header = data_.days > 1 ? day_header + lane_header : lane_header;
    return header + (minutes - first_minute_) * minute_height();
}

double CalendarView::y_of(Instant t, int day) const
{
    const auto since = duration_cast<minutes>(t - data_.at(day, 0)).count();
    return y_of(static_cast<int>(std::clamp<long long>(since, first_minute_, last_minute_)));
}

int CalendarView::day_of(Instant t) const
{
    return static_cast<int>((sys_days{local_day(data_.zone, t)} - sys_days{data_.first}).count());
}

int CalendarView::lane_of(const Block& b) const
{
    const auto& id = grouping_ == Grouping::rooms ? b.room_id : b.therapist_id;
    const auto& ls = lanes();
    for (std::size_t i = 0; i < ls.size(); ++i)
        if (ls[i].id == id)
            return static_cast<int>(i);
    return -1;
}

QRectF CalendarView::rect_of(const Block& b) const
{
    const int lane = lane_of(b);
    const int day = day_of(b.start);
    if (lane < 0 || day < 0 || day >= data_.days)
        return {};
    const QRectF column = column_rect(day, lane);
    QRectF r(column.left() + 2, y_of(b.start, day) + 1, column.width() - 4, y_of(b.end, day) - y_of(b.start, day) - 2);
    if (b.ghost()) // beside whatever now holds the time
        for (const auto& other : data_.blocks)
            if (!other.ghost() && lane_of(other) == lane && other.start < b.end && b.start < other.end)
                r.setLeft(column.left() + column.width() / 2);
    return r;
}

QString CalendarView::key_of(const Block& b) const
{
    return b.ghost() ? QStringLiteral("refused:%1").arg(b.refused_sequence) : qs(b.id);
}

const Block* CalendarView::block(const QString& appointment_id) const
{
    for (const auto& b : data_.blocks)
        if (key_of(b) == appointment_id)
            return &b;
    return nullptr;
}

int CalendarView::block_index_at(const QPoint& p) const
{
    // Ghosts are drawn last, on top: look at them first.
    for (int i = static_cast<int>(data_.blocks.size()) - 1; i >= 0; --i)
        if (rect_of(data_.blocks[static_cast<std::size_t>(i)]).contains(p))
            return i;
    return -1;
}

const Block* CalendarView::block_at_cursor() const
{
    if (lanes().empty())
        return nullptr;
    const Instant at = data_.at(cursor_.day, cursor_.minutes);
    for (const auto& b : data_.blocks)
        if (lane_of(b) == cursor_.lane && b.start <= at && at < b.end && day_of(b.start) == cursor_.day)
            return &b;
    return nullptr;
}

CalendarView::Cell CalendarView::cell_at(const QPoint& p) const
{
    Cell c;
    if (lanes().empty() || p.x() < gutter)
        return c;
    const int per_day = static_cast<int>(lanes().size());
    const int column = static_cast<int>((p.x() - gutter) / column_width());
    if (column < 0 || column >= columns())
        return c;
    const int header = data_.days > 1 ? day_header + lane_header : lane_header;
    if (p.y() < header)
        return c;
    c.day = column / per_day;
    c.lane = column % per_day;
    c.minutes = first_minute_ + static_cast<int>((p.y() - header) / minute_height());
    c.minutes = std::clamp(c.minutes / slot_minutes * slot_minutes, first_minute_, last_minute_ - slot_minutes);
    return c;
}

QRect CalendarView::block_rect(const QString& appointment_id) const
{
    const auto* b = block(appointment_id);
    return b ? rect_of(*b).toAlignedRect() : QRect();
}

QPoint CalendarView::slot_centre(int day, int lane, int minutes) const
{
    const QRectF column = column_rect(day, lane);
    return QPointF(column.center().x(), y_of(minutes) + slot_minutes * minute_height() / 2).toPoint();
}

QStringList CalendarView::lane_keys() const
{
    QStringList keys;
    for (const auto& lane : lanes())
        keys << qs(lane.key);
    return keys;
}

QString CalendarView::cursor_text() const
{
    return QStringLiteral("%1 %2 %3").arg(cursor_.day).arg(cursor_.lane).arg(cursor_.minutes);
}

QString CalendarView::block_text(const QString& appointment_id) const
{
    const auto* b = block(appointment_id);
    return b ? describe(*b) : QString();
}

QString CalendarView::describe(const Block& b) const
{
    QStringList lines{b.client, b.service,
                      tr("%1–%2").arg(local_text(data_.zone, b.start, "%H:%M"), local_text(data_.zone, b.end, "%H:%M")),
                      status_word(b.status)};
    QStringList marks;
    for (const auto& m : marks_of(b))
        marks << m.long_text;
    if (!marks.isEmpty())
        lines << marks.join(QStringLiteral(" · "));
    if (b.tentative)
        lines << tr("Tentative: the server has not accepted it yet");
    if (b.ghost())
        lines << tr("The server refused it: %1").arg(b.refusal);
    return lines.join('\n');
}

void CalendarView::paint_block(QPainter& p, const Block& b, const QRectF& r) const
{
    const auto c = colours_of(b.status);
    p.save();
    QPainterPath path;
    path.addRoundedRect(r, 4, 4);
    p.fillPath(path, c.fill);
    if (b.tentative || b.ghost()) // hatched: not (or no longer) the clinic's booking
        p.fillPath(path, QBrush(c.border.lighter(b.ghost() ? 150 : 170), Qt::BDiagPattern));
    QPen pen(c.border, b.status == "booked" && !b.tentative ? 1.2 : 2.0);
    if (b.tentative || b.ghost())
        pen.setStyle(Qt::DashLine);
    p.setPen(pen);
    p.drawPath(path);
    // A status bar down the left edge, the colour to scan for.
    p.fillRect(QRectF(r.left() + 1, r.top() + 1, 4, r.height() - 2), c.border);

    const QRectF inner = r.adjusted(8, 2, -3, -2);
    QFont bold = font();
    bold.setBold(true);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    const QFontMetricsF fm(bold), sm(small);
    p.setClipRect(r);
    double y = inner.top();
    p.setPen(QColor("#1c2428"));
    p.setFont(bold);
    // Narrow columns (the week): the first name, else initials, rather than "Z…".
    const QStringList words = b.client.split(' ', Qt::SkipEmptyParts);
    const QString initials = words.isEmpty() ? QString() : QString(words.front().front()) + words.back().front();
    QString name = b.ghost() ? tr("Refused: %1").arg(b.client) : b.client;
    for (const QString& shorter : {words.value(0), initials})
        if (fm.horizontalAdvance(name) > inner.width() && !shorter.isEmpty())
            name = shorter;
    // Initials are never elided ("A…" names nobody): a size smaller when they are too wide.
    if (name == initials && fm.horizontalAdvance(name) > inner.width()) {
        QFont smaller = bold;
        smaller.setPointSizeF(bold.pointSizeF() * 0.85);
        p.setFont(smaller);
    }
    p.drawText(QPointF(inner.left(), y + fm.ascent()),
               name == initials ? name : fm.elidedText(name, Qt::ElideRight, inner.width()));
    y += fm.height();
    p.setFont(small);
    const bool narrow = sm.horizontalAdvance(b.service) > 2 * inner.width();
    QStringList second{narrow ? local_text(data_.zone, b.start, "%H:%M") : b.service};
    if (b.status != "booked")
        second.prepend(status_word(b.status));
    if (b.tentative)
        second.prepend(tr("Tentative"));
    if (b.ghost())
        second = QStringList{b.refusal};
    // The second line only where it fits whole, or nearly (an elided "0…" says nothing).
    if (y + sm.height() <= inner.bottom() + 1 && sm.horizontalAdvance(second.join(QStringLiteral(" · "))) < 3 * inner.width()
        && sm.horizontalAdvance(second.front().left(6)) <= inner.width()) {
        p.drawText(QPointF(inner.left(), y + sm.ascent()),
                   sm.elidedText(second.join(QStringLiteral(" · ")), Qt::ElideRight, inner.width()));
        y += sm.height();
    }
    // Marks: chips along the bottom line (or after the name when the block is short).
    const auto marks = marks_of(b);
    if (!marks.empty()) {
        double total = 0;
        for (const auto& m : marks)
            total += sm.horizontalAdvance(m.long_text) + 10;
        const bool wide = total <= inner.width();
        double x = inner.left();
        const double chip_h = sm.height() + 2;
        const double chip_y = std::min(std::max(y + 1, inner.bottom() - chip_h), inner.bottom() - chip_h);
        for (const auto& m : marks) {
            const QString text = wide ? m.long_text : m.short_text;
            const double w = sm.horizontalAdvance(text) + 8;
            if (x + w > inner.right() + 1)
                break;
            QPainterPath chip;
            chip.addRoundedRect(QRectF(x, chip_y, w, chip_h), 3, 3);
            p.fillPath(chip, m.colour);
            p.setPen(Qt::white);
            p.drawText(QRectF(x, chip_y, w, chip_h), Qt::AlignCenter, text);
            x += w + 3;
        }
    }
    p.restore();
}

void CalendarView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, false);
    p.fillRect(rect(), QColor("#f4f6f7"));
    const auto& ls = lanes();
    const int header = data_.days > 1 ? day_header + lane_header : lane_header;
    const QColor off_hours("#e4e8eb"), open("#ffffff"), hour_line("#cfd6db"), half_line("#edf0f2");

    // Columns: shaded, then working (or opening) hours in white, then leave hatched.
    for (int day = 0; day < data_.days; ++day)
        for (int lane = 0; lane < static_cast<int>(ls.size()); ++lane) {
            const QRectF column = column_rect(day, lane);
            p.fillRect(column, off_hours);
            const Intervals* white = &data_.opening;
            if (grouping_ == Grouping::therapists) {
                const auto it = data_.working.find(ls[static_cast<std::size_t>(lane)].id);
                white = it == data_.working.end() ? nullptr : &it->second;
            }
            const Interval day_span{data_.at(day, 0), data_.at(day + 1, 0)};
            const auto span_rect = [&](const Interval& s) {
                const Instant a = std::max(s.start, day_span.start), b = std::min(s.end, day_span.end);
                return QRectF(column.left(), y_of(a, day), column.width(), y_of(b, day) - y_of(a, day));
            };
            if (white)
                for (const auto& s : white->items())
                    if (s.overlaps(day_span))
                        p.fillRect(span_rect(s), open);
            if (grouping_ == Grouping::therapists)
                if (const auto it = data_.leave.find(ls[static_cast<std::size_t>(lane)].id); it != data_.leave.end())
                    for (const auto& s : it->second.items())
                        if (s.overlaps(day_span)) {
                            const QRectF r = span_rect(s);
                            p.fillRect(r, QColor("#e8edf3"));
                            p.fillRect(r, QBrush(QColor("#9fb3c8"), Qt::BDiagPattern));
                            p.setPen(QColor("#37474f"));
                            if (QFontMetricsF(font()).horizontalAdvance(tr("On leave")) < r.width() - 8) {
                                p.drawText(r.adjusted(4, 4, -4, -4), Qt::AlignTop | Qt::AlignHCenter, tr("On leave"));
                            } else { // a narrow column: down its length
                                p.save();
                                p.translate(r.center());
                                p.rotate(90);
                                p.drawText(QRectF(-r.height() / 2, -r.width() / 2, r.height(), r.width()),
                                           Qt::AlignCenter, tr("On leave"));
                                p.restore();
                            }
                        }
        }
    // Hour and half-hour lines.
    for (int m = first_minute_; m <= last_minute_; m += 30) {
        p.setPen(m % 60 == 0 ? hour_line : half_line);
        p.drawLine(QPointF(gutter, y_of(m)), QPointF(width(), y_of(m)));
    }
    // Column and day separators.
    for (int day = 0; day < data_.days; ++day)
        for (int lane = 0; lane < static_cast<int>(ls.size()); ++lane) {
            const QRectF column = column_rect(day, lane);
            p.setPen(lane == 0 ? QPen(QColor("#8d99a0"), 2) : QPen(hour_line, 1));
            p.drawLine(column.topLeft(), column.bottomLeft());
        }
    // Closures: the whole day, over everything, with the reason.
    for (const auto& [span, reason] : data_.closures)
        for (int day = 0; day < data_.days; ++day) {
            const Interval day_span{data_.at(day, 0), data_.at(day + 1, 0)};
            if (!span.overlaps(day_span) || ls.empty())
                continue;
            const QRectF r = column_rect(day, 0).united(column_rect(day, static_cast<int>(ls.size()) - 1));
            p.fillRect(r, QColor("#dadfe3"));
            p.fillRect(r, QBrush(QColor("#a7b1b8"), Qt::DiagCrossPattern));
            p.setPen(QColor("#263238"));
            QFont bold = font();
            bold.setBold(true);
            p.setFont(bold);
            p.drawText(r.adjusted(6, 12, -6, -6), Qt::AlignTop | Qt::AlignHCenter | Qt::TextWordWrap,
                       reason.isEmpty() ? tr("Clinic closed") : tr("Clinic closed: %1").arg(reason));
            p.setFont(font());
        }

    // Blocks, ghosts last (on top, beside what holds their time now).
    for (const bool ghosts : {false, true})
        for (std::size_t i = 0; i < data_.blocks.size(); ++i) {
            const auto& b = data_.blocks[i];
            if (b.ghost() != ghosts)
                continue;
            const QRectF r = rect_of(b);
            if (r.isEmpty())
                continue;
            if (dragging_ && static_cast<int>(i) == pressed_)
                p.setOpacity(0.4);
            paint_block(p, b, r);
            p.setOpacity(1.0);
        }

    // The current time: a red line across today's columns.
    const int today = day_of(data_.now);
    if (today >= 0 && today < data_.days && !ls.empty()) {
        const double y = y_of(data_.now, today);
        const QRectF first = column_rect(today, 0), last = column_rect(today, static_cast<int>(ls.size()) - 1);
        if (y > header && y < first.bottom()) {
            p.setRenderHint(QPainter::Antialiasing, true);
            p.setPen(QPen(QColor("#d32f2f"), 2));
            p.drawLine(QPointF(first.left(), y), QPointF(last.right(), y));
            p.setBrush(QColor("#d32f2f"));
            p.drawEllipse(QPointF(first.left() + 1, y), 4, 4);
            p.setBrush(Qt::NoBrush);
            p.setRenderHint(QPainter::Antialiasing, false);
        }
    }

    // Where a dragged block would go.
    if (dragging_ && drop_.valid() && pressed_ >= 0) {
        const auto& b = data_.blocks[static_cast<std::size_t>(pressed_)];
        const auto length = duration_cast<minutes>(b.end - b.start).count();
        const QRectF column = column_rect(drop_.day, drop_.lane);
        const QRectF r(column.left() + 2, y_of(drop_.minutes), column.width() - 4, static_cast<double>(length) * minute_height());
        p.setPen(QPen(QColor("#2f6fb3"), 2, Qt::DashLine));
        p.setBrush(QColor(47, 111, 179, 40));
        p.drawRect(r);
        p.setBrush(Qt::NoBrush);
    }

    // The keyboard cursor: the 15-minute cell, outlined.
    if (!ls.empty()) {
        const QRectF column = column_rect(cursor_.day, cursor_.lane);
        const QRectF cell(column.left() + 1, y_of(cursor_.minutes), column.width() - 2, slot_minutes * minute_height());
        p.setPen(QPen(hasFocus() ? QColor("#0b57d0") : QColor("#7a8a94"), 2));
        p.drawRect(cell);
    }

    // Headings: days (week view), then columns, and the hours down the side.
    p.fillRect(QRectF(0, 0, width(), header), QColor("#ffffff"));
    p.fillRect(QRectF(0, header, gutter, height() - header), QColor("#ffffff"));
    const int today_index = day_of(data_.now);
    QFont bold = font();
    bold.setBold(true);
    for (int day = 0; day < data_.days; ++day) {
        const QRectF first = column_rect(day, 0);
        const QRectF last = column_rect(day, std::max(0, static_cast<int>(ls.size()) - 1));
        if (data_.days > 1) {
            const QRectF r(first.left(), 0, last.right() - first.left(), day_header);
            if (day == today_index)
                p.fillRect(r, QColor("#e3f0fd"));
            p.setFont(bold);
            p.setPen(QColor("#1c2428"));
            p.drawText(r, Qt::AlignCenter, local_text(data_.zone, data_.at(day, 12 * 60), "%a %d %b"));
        }
        p.setFont(font());
        for (int lane = 0; lane < static_cast<int>(ls.size()); ++lane) {
            const QRectF column = column_rect(day, lane);
            const QRectF r(column.left(), header - lane_header, column.width(), lane_header);
            const QString name = ls[static_cast<std::size_t>(lane)].name;
            // Narrow columns: initials ("PR"), the full name in the tooltip.
            QString text = name;
            if (QFontMetrics(font()).horizontalAdvance(name) > r.width() - 6) {
                text.clear();
                for (const auto& word : name.split(' ', Qt::SkipEmptyParts))
                    text += word.front();
            }
            p.setPen(QColor("#37474f"));
            p.drawText(r.adjusted(3, 0, -3, 0), Qt::AlignCenter,
                       QFontMetrics(font()).elidedText(text, Qt::ElideRight, static_cast<int>(r.width()) - 6));
            p.setPen(QColor("#cfd6db"));
            p.drawLine(r.bottomLeft(), r.bottomRight());
        }
    }
    p.setPen(QColor("#546e7a"));
    for (int m = first_minute_; m < last_minute_; m += 60)
        p.drawText(QRectF(0, y_of(m) + 2, gutter - 6, 18), Qt::AlignRight | Qt::AlignTop,
                   QStringLiteral("%1:00").arg(m / 60, 2, 10, QLatin1Char('0')));
    if (ls.empty()) {
        p.setPen(QColor("#37474f"));
        p.drawText(rect(), Qt::AlignCenter,
                   grouping_ == Grouping::rooms ? tr("No rooms yet: the owner adds them with `fascia schedule room add`.")
                                                : tr("No therapists yet: add staff with the therapist role."));
    }
}

void CalendarView::keyPressEvent(QKeyEvent* event)
{
    const int lane_count = static_cast<int>(lanes().size());
    Cursor c = cursor_;
    switch (event->key()) {
    case Qt::Key_Up:
        c.minutes -= slot_minutes;
        break;
    case Qt::Key_Down:
        c.minutes += slot_minutes;
        break;
    case Qt::Key_Left:
    case Qt::Key_Right: {
        // The next column: therapist by therapist, then on to the next day.
        const int step = event->key() == Qt::Key_Right ? 1 : -1;
        c.lane += step;
        if (c.lane < 0 || c.lane >= lane_count) {
            c.lane = c.lane < 0 ? lane_count - 1 : 0;
            c.day += step;
        }
        if (c.day < 0 || c.day >= data_.days) {
            cursor_.lane = c.lane;
            emit step_days(step);
            return;
        }
        break;
    }
    case Qt::Key_PageUp:
    case Qt::Key_PageDown:
        emit step_days((event->key() == Qt::Key_PageDown ? 1 : -1) * data_.days);
        return;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (const auto* b = block_at_cursor())
            emit block_activated(key_of(*b));
        else
            emit slot_activated(cursor_.day, cursor_.lane, cursor_.minutes);
        return;
    case Qt::Key_N:
        emit book_requested();
        return;
    case Qt::Key_T:
        emit today_requested();
        return;
    case Qt::Key_Menu:
        if (const auto* b = block_at_cursor())
            emit block_menu_requested(key_of(*b), mapToGlobal(rect_of(*b).center().toPoint()));
        return;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    set_cursor(c);
}

void CalendarView::mousePressEvent(QMouseEvent* event)
{
    setFocus(Qt::MouseFocusReason);
    if (event->button() != Qt::LeftButton)
        return;
    press_at_ = event->position().toPoint();
    pressed_ = block_index_at(press_at_);
    dragging_ = false;
    drop_ = {};
    const Cell cell = cell_at(press_at_);
    if (cell.valid())
        set_cursor({cell.day, cell.lane, cell.minutes});
    if (pressed_ >= 0) {
        const auto& b = data_.blocks[static_cast<std::size_t>(pressed_)];
        // Only a booked, real appointment moves (arrived, finished and refused ones stay put).
        if (b.ghost() || b.status != "booked") {
            pressed_ = -1;
            return;
        }
        const int day = day_of(b.start);
        press_offset_ = cell.minutes - static_cast<int>(duration_cast<minutes>(b.start - data_.at(day, 0)).count());
    }
}

void CalendarView::mouseMoveEvent(QMouseEvent* event)
{
    if (pressed_ < 0)
        return;
    const QPoint at = event->position().toPoint();
    if (!dragging_ && (at - press_at_).manhattanLength() < 6)
        return;
    dragging_ = true;
    drop_ = cell_at(at);
    if (drop_.valid())
        drop_.minutes = std::max(0, drop_.minutes - press_offset_ / slot_minutes * slot_minutes);
    update();
}

void CalendarView::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return;
    const QPoint at = event->position().toPoint();
    if (dragging_ && pressed_ >= 0) {
        const auto& b = data_.blocks[static_cast<std::size_t>(pressed_)];
        const QString id = key_of(b);
        const Cell drop = drop_;
        dragging_ = false;
        pressed_ = -1;
        update(); // the block goes back where it was until the move is accepted
        if (drop.valid())
            emit block_dropped(id, drop.day, drop.lane, drop.minutes);
        return;
    }
    pressed_ = -1;
    if (block_index_at(at) < 0) {
        const Cell cell = cell_at(at);
        if (cell.valid())
            emit slot_activated(cell.day, cell.lane, cell.minutes);
    }
}

void CalendarView::mouseDoubleClickEvent(QMouseEvent* event)
{
    const int i = block_index_at(event->position().toPoint());
    if (i >= 0)
        emit block_activated(key_of(data_.blocks[static_cast<std::size_t>(i)]));
}

void CalendarView::contextMenuEvent(QContextMenuEvent* event)
{
    const int i = block_index_at(event->pos());
    if (i < 0)
        return;
    const auto& b = data_.blocks[static_cast<std::size_t>(i)];
    const Cell cell = cell_at(event->pos());
    if (cell.valid())
        set_cursor({cell.day, cell.lane, cell.minutes});
    emit block_menu_requested(key_of(b), event->globalPos());
}

bool CalendarView::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int i = block_index_at(help->pos());
        if (i >= 0)
            QToolTip::showText(help->globalPos(), describe(data_.blocks[static_cast<std::size_t>(i)]), this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

} // namespace fascia::scheduling::ui
