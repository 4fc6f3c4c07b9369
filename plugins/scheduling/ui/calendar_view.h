#pragma once
// The calendar grid, painted in one widget (like KDE eventviews' agenda): one
// column per therapist (or room) per day shown, time down the side, working
// hours white and the rest shaded, leave and closures hatched, the current
// time as a red line, appointments as blocks (client, service, status colour,
// restriction marks, unpaid, tentative or refused). A keyboard cursor moves
// over 15-minute slots; blocks drag to another time or column.
#include "calendar_data.h"

#include <QWidget>

namespace fascia::scheduling::ui {

/// The length of one cursor step and of the snap when dragging, in minutes.
inline constexpr int slot_minutes = 15;

class CalendarView : public QWidget {
    Q_OBJECT
public:
    enum class Grouping { therapists, rooms };
    /// Where the keyboard cursor is: a day shown, a column (lane) and a time of day.
    struct Cursor {
        int day = 0;
        int lane = 0;
        int minutes = 9 * 60; ///< after local midnight
    };

    explicit CalendarView(QWidget* parent = nullptr);

    /// What to draw, and by therapist or by room. Keeps the cursor inside it.
    void set_data(CalendarData data, Grouping grouping);
    const CalendarData& data() const { return data_; }
    Grouping grouping() const { return grouping_; }
    const std::vector<Lane>& lanes() const;
    const Cursor& cursor() const { return cursor_; }
    void set_cursor(Cursor c);
    /// True while a block is pressed or being dragged (a reload would drop it).
    bool dragging() const { return pressed_ >= 0; }
    /// The block under the cursor, or nullptr.
    const Block* block_at_cursor() const;
    const Block* block(const QString& appointment_id) const;

    // For tests and tools, through the meta-object (the plugin's classes are hidden).
    /// The rectangle a block is drawn in (empty when not shown); ghosts by "refused:<sequence>".
    Q_INVOKABLE QRect block_rect(const QString& appointment_id) const;
    /// The centre of the 15-minute cell at a day shown, a column and a time.
    Q_INVOKABLE QPoint slot_centre(int day, int lane, int minutes) const;
    /// The columns of a day, left to right: therapists' usernames or rooms' names.
    Q_INVOKABLE QStringList lane_keys() const;
    /// "day lane minutes" of the cursor.
    Q_INVOKABLE QString cursor_text() const;
    /// What a block says, in words (as its tooltip): client, service, status, marks.
    Q_INVOKABLE QString block_text(const QString& appointment_id) const;

    QSize sizeHint() const override { return {1000, 640}; }
    QSize minimumSizeHint() const override { return {480, 320}; }

signals:
    /// A free slot was clicked, or Enter or N pressed on one.
    void slot_activated(int day, int lane, int minutes);
    /// A block was double-clicked or Enter pressed on it.
    void block_activated(const QString& appointment_id);
    /// A block was dropped on another time or column (not yet moved).
    void block_dropped(const QString& appointment_id, int day, int lane, int minutes);
    /// A block asked for its menu (right click, the menu key) at a global position.
    void block_menu_requested(const QString& appointment_id, const QPoint& global);
    /// The cursor left the days shown by this many days (negative: back).
    void step_days(int delta);
    /// T: back to today.
    void today_requested();
    /// N: book at the cursor.
    void book_requested();

protected:
    void paintEvent(QPaintEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    bool event(QEvent* event) override; // tooltips

private:
    struct Cell {
        int day = -1;
        int lane = -1;
        int minutes = 0;
        bool valid() const { return day >= 0 && lane >= 0; }
    };
    /// Geometry of the grid for the widget's size.
    int columns() const;
    double column_width() const;
    double minute_height() const;
    QRectF column_rect(int day, int lane) const;
    double y_of(int minutes) const;
    double y_of(Instant t, int day) const;
    Cell cell_at(const QPoint& p) const;
    int lane_of(const Block& b) const;
    int day_of(Instant t) const;
    QRectF rect_of(const Block& b) const;
    int block_index_at(const QPoint& p) const;
    QString key_of(const Block& b) const;
    QString describe(const Block& b) const;
    void paint_block(QPainter& p, const Block& b, const QRectF& r) const;

    CalendarData data_;
    Grouping grouping_ = Grouping::therapists;
    int first_minute_ = 8 * 60;
    int last_minute_ = 18 * 60;
    Cursor cursor_;
    // Dragging: the block pressed, where within it (minutes), where it would go.
    int pressed_ = -1;
    int press_offset_ = 0;
    QPoint press_at_;
    bool dragging_ = false;
    Cell drop_;
};

} // namespace fascia::scheduling::ui
