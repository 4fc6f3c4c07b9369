#pragma once
// The printable gift voucher: an A5 landscape PDF with the clinic's name and
// address, what the voucher buys (a value or a service), who it is for and
// from, the personal message, the code and the expiry date.
#include <QString>

namespace fascia::vouchers::ui {

/// What is printed, already in the clinic's words and formats.
struct VoucherPrint {
    QString clinic_name;
    QString clinic_address; ///< may hold line breaks
    QString code;           ///< "FAS-7KQ2-M9XD-43TR-P"
    QString value;          ///< "£50.00", or the service: "60-minute remedial massage"
    bool service = false;   ///< value names a service
    QString recipient;
    QString purchaser;
    QString message;
    QString valid_through;  ///< "22 November 2027"
};

/// Writes the voucher to path; an empty string on success, else what went wrong.
QString write_voucher_pdf(const QString& path, const VoucherPrint& voucher);

} // namespace fascia::vouchers::ui
