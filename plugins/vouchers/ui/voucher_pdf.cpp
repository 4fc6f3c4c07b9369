#include "voucher_pdf.h"

#include <QFileInfo>
#include <QFont>
#include <QFontMetricsF>
#include <QObject>
#include <QPageSize>
#include <QPainter>
#include <QPainterPath>
#include <QPdfWriter>

namespace fascia::vouchers::ui {

namespace {

const QColor ink("#22313a");
const QColor band("#2f3e46");
const QColor accent("#52796f");
const QColor muted("#5f6f75");
const QColor paper("#f7f5ef");

QFont font_of(const char* family, double points, QFont::Weight weight = QFont::Normal, bool italic = false)
{
    QFont f(family);
    f.setPointSizeF(points);
    f.setWeight(weight);
    f.setItalic(italic);
    return f;
}

/// Draws text in a box, shrinking the font until it fits (long service names, long messages).
void fit_text(QPainter& p, const QRectF& box, int flags, const QString& text, QFont font, double smallest)
{
    while (font.pointSizeF() > smallest) {
        const QRectF needed = QFontMetricsF(font, p.device()).boundingRect(box, flags, text);
        if (needed.height() <= box.height() && needed.width() <= box.width())
            break;
        font.setPointSizeF(font.pointSizeF() - 1);
    }
    p.setFont(font);
    p.drawText(box, flags, text);
}

} // namespace

QString write_voucher_pdf(const QString& path, const VoucherPrint& v)
{
    QPdfWriter writer(path);
    writer.setPageSize(QPageSize(QPageSize::A5));
    writer.setPageOrientation(QPageLayout::Landscape);
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    writer.setResolution(300);
    writer.setTitle(QObject::tr("Gift voucher %1").arg(v.code));
    writer.setCreator("Fascia");
    QPainter p;
    if (!p.begin(&writer))
        return QObject::tr("%1 cannot be written (is the folder there, and may Fascia write to it?)")
            .arg(QFileInfo(path).absoluteFilePath());
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);

    const double w = writer.width(), h = writer.height();
    const double mm = writer.resolution() / 25.4;
    const double margin = 12 * mm;
    p.fillRect(QRectF(0, 0, w, h), paper);

    // The clinic's band across the top.
    const double band_h = 30 * mm;
    p.fillRect(QRectF(0, 0, w, band_h), band);
    p.setPen(Qt::white);
    fit_text(p, QRectF(margin, 6 * mm, w - 2 * margin, 11 * mm), Qt::AlignLeft | Qt::AlignVCenter, v.clinic_name,
             font_of("DejaVu Serif", 22, QFont::Bold), 12);
    QString address = v.clinic_address;
    address.replace('\n', QStringLiteral("  ·  "));
    p.setFont(font_of("DejaVu Sans", 9));
    p.setPen(QColor("#dfe9e6"));
    p.drawText(QRectF(margin, 18 * mm, w - 2 * margin, 7 * mm), Qt::AlignLeft | Qt::AlignVCenter, address);

    // A thin accent rule and a frame, as on a printed card.
    p.setPen(QPen(accent, 0.6 * mm));
    p.drawLine(QPointF(0, band_h), QPointF(w, band_h));
    p.setPen(QPen(QColor("#c9d3cf"), 0.4 * mm));
    p.setBrush(Qt::NoBrush);
    p.drawRect(QRectF(4 * mm, band_h + 4 * mm, w - 8 * mm, h - band_h - 8 * mm));

    double y = band_h + 10 * mm;
    p.setPen(accent);
    p.setFont(font_of("DejaVu Sans", 11, QFont::Bold));
    p.drawText(QRectF(margin, y, w - 2 * margin, 7 * mm), Qt::AlignLeft | Qt::AlignVCenter,
               QObject::tr("GIFT VOUCHER"));
    y += 8 * mm;

    p.setPen(ink);
    if (v.service) {
        fit_text(p, QRectF(margin, y, w - 2 * margin, 17 * mm), Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap,
                 QObject::tr("One %1").arg(v.value), font_of("DejaVu Serif", 26, QFont::Bold), 14);
    } else {
        fit_text(p, QRectF(margin, y, w - 2 * margin, 17 * mm), Qt::AlignLeft | Qt::AlignVCenter, v.value,
                 font_of("DejaVu Serif", 40, QFont::Bold), 20);
    }
    y += 19 * mm;

    QStringList people;
    if (!v.recipient.isEmpty())
        people << QObject::tr("For %1").arg(v.recipient);
    if (!v.purchaser.isEmpty())
        people << QObject::tr("from %1").arg(v.purchaser);
    if (!people.isEmpty()) {
        QString line = people.join(QStringLiteral(", "));
        line[0] = line[0].toUpper();
        p.setPen(ink);
        fit_text(p, QRectF(margin, y, w - 2 * margin, 8 * mm), Qt::AlignLeft | Qt::AlignVCenter, line,
                 font_of("DejaVu Sans", 13), 8);
        y += 9 * mm;
    }
    const double footer_top = h - 33 * mm;
    if (!v.message.isEmpty()) {
        p.setPen(muted);
        fit_text(p, QRectF(margin, y, w - 2 * margin, footer_top - y - 2 * mm),
                 Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, QStringLiteral("“%1”").arg(v.message),
                 font_of("DejaVu Serif", 13, QFont::Normal, true), 7);
    }

    // The code and the expiry, where staff look for them.
    p.setPen(QPen(QColor("#c9d3cf"), 0.3 * mm));
    p.drawLine(QPointF(margin, footer_top), QPointF(w - margin, footer_top));
    const double col = (w - 2 * margin) * 0.58;
    p.setPen(muted);
    p.setFont(font_of("DejaVu Sans", 8, QFont::Bold));
    p.drawText(QRectF(margin, footer_top + 2 * mm, col, 5 * mm), Qt::AlignLeft | Qt::AlignVCenter,
               QObject::tr("VOUCHER CODE"));
    p.drawText(QRectF(margin + col, footer_top + 2 * mm, w - 2 * margin - col, 5 * mm),
               Qt::AlignLeft | Qt::AlignVCenter, QObject::tr("VALID THROUGH"));
    p.setPen(ink);
    fit_text(p, QRectF(margin, footer_top + 7 * mm, col, 10 * mm), Qt::AlignLeft | Qt::AlignVCenter, v.code,
             font_of("DejaVu Sans Mono", 20, QFont::Bold), 10);
    fit_text(p, QRectF(margin + col, footer_top + 7 * mm, w - 2 * margin - col, 10 * mm),
             Qt::AlignLeft | Qt::AlignVCenter, v.valid_through, font_of("DejaVu Sans", 15, QFont::Bold), 9);
    p.setPen(muted);
    p.setFont(font_of("DejaVu Sans", 7.5));
    p.drawText(QRectF(margin, footer_top + 18 * mm, w - 2 * margin, 8 * mm), Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap,
               QObject::tr("Quote the code when you book or pay. It may be used in part: what is left stays on the "
                           "voucher until the date above."));
    if (!p.end())
        return QObject::tr("%1 could not be finished").arg(QFileInfo(path).absoluteFilePath());
    return {};
}

} // namespace fascia::vouchers::ui
