#include "receipt_pdf.h"

#include <QFileInfo>
#include <QFont>
#include <QObject>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

namespace fascia::scheduling::ui {

namespace json = boost::json;

namespace {

QString text_of(const json::object& o, std::string_view key)
{
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? QString::fromUtf8(v->get_string().data(), static_cast<qsizetype>(v->get_string().size()))
                               : QString();
}

QFont font_of(double points, bool bold = false)
{
    QFont f("DejaVu Sans");
    f.setPointSizeF(points);
    f.setBold(bold);
    return f;
}

} // namespace

QString write_receipt_pdf(const QString& path, const json::object& r)
{
    QPdfWriter writer(path);
    writer.setPageSize(QPageSize(QPageSize::A5));
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    writer.setResolution(300);
    writer.setTitle(QObject::tr("Receipt %1").arg(text_of(r, "appointment_id")));
    writer.setCreator("Fascia");
    QPainter p;
    if (!p.begin(&writer))
        return QObject::tr("%1 cannot be written (is the folder there, and may Fascia write to it?)")
            .arg(QFileInfo(path).absoluteFilePath());
    const double w = writer.width();
    const double mm = writer.resolution() / 25.4;
    const double margin = 12 * mm;
    const auto& clinic = r.at("clinic").as_object();
    const auto& therapist = r.at("therapist").as_object();
    const QString currency = text_of(r, "currency");

    p.setPen(QColor("#22313a"));
    p.setFont(font_of(16, true));
    p.drawText(QRectF(margin, margin, w - 2 * margin, 9 * mm), Qt::AlignLeft | Qt::AlignVCenter, text_of(clinic, "name"));
    QString address = text_of(clinic, "address");
    address.replace('\n', QStringLiteral(", "));
    p.setFont(font_of(9));
    p.drawText(QRectF(margin, margin + 9 * mm, w - 2 * margin, 6 * mm), Qt::AlignLeft | Qt::AlignVCenter, address);
    p.setFont(font_of(13, true));
    p.drawText(QRectF(margin, margin + 20 * mm, w - 2 * margin, 8 * mm), Qt::AlignLeft | Qt::AlignVCenter,
               QObject::tr("RECEIPT"));

    // Label and value rows.
    double y = margin + 32 * mm;
    const auto row = [&](const QString& label, const QString& value, bool bold = false) {
        p.setFont(font_of(10, false));
        p.drawText(QRectF(margin, y, 32 * mm, 6 * mm), Qt::AlignLeft | Qt::AlignVCenter, label);
        p.setFont(font_of(10, bold));
        p.drawText(QRectF(margin + 34 * mm, y, w - 2 * margin - 34 * mm, 6 * mm), Qt::AlignLeft | Qt::AlignVCenter,
                   value);
        y += 7 * mm;
    };
    const QString start = text_of(r, "start"), end = text_of(r, "end");
    row(QObject::tr("Client"), text_of(r, "client"));
    row(QObject::tr("Date"), start.left(10));
    row(QObject::tr("Time"),
        QStringLiteral("%1–%2 (UTC%3)").arg(start.mid(11, 5), end.mid(11, 5), start.mid(19)));
    row(QObject::tr("Service"), text_of(r, "service"));
    row(QObject::tr("Therapist"), text_of(therapist, "name"));
    if (const auto& g = therapist.at("registration"); g.is_object())
        row(QObject::tr("Registration"), text_of(g.as_object(), "body") + " " + text_of(g.as_object(), "number"));
    y += 3 * mm;
    QString charge = text_of(r, "charge") + " " + currency;
    if (!r.at("fee_kind").is_null())
        charge += QObject::tr(" (%1 fee)").arg(text_of(r, "fee_kind"));
    row(QObject::tr("Charge"), charge, true);
    for (const auto& item : r.at("payments").as_array()) {
        const auto& pay = item.as_object();
        QString what = text_of(pay, "amount") + " " + currency + QObject::tr(" by ") + text_of(pay, "method");
        if (pay.contains("voucher"))
            what += " " + text_of(pay, "voucher");
        row(text_of(pay, "direction") == "refund" ? QObject::tr("Refunded") : QObject::tr("Paid"), what);
    }
    row(QObject::tr("Due"), text_of(r, "due") + " " + currency, true);
    p.end();
    return {};
}

} // namespace fascia::scheduling::ui
