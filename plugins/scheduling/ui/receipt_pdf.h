#pragma once
// The receipt a client hands their health insurer: an A5 portrait PDF with the
// clinic's name and address, the client, the date and time in the clinic's
// zone, the service, the therapist's name and registration (body and number),
// the charge, each payment with its method, any refund, and what is still due.
#include <boost/json/object.hpp>

#include <QString>

namespace fascia::scheduling::ui {

/// Writes `receipt` (fascia::scheduling::receipt_json's shape, amounts as decimal
/// text in its "currency") to `path`. Returns "" on success, else what went wrong
/// (the file cannot be written).
QString write_receipt_pdf(const QString& path, const boost::json::object& receipt);

} // namespace fascia::scheduling::ui
