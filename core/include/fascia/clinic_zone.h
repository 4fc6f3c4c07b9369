#pragma once
/// The clinic's IANA time zone as date/tz's zone, for turning clinic days and
/// wall-clock times into UTC instants (scheduling, reporting, the desk).
#include <fascia/export.h>

namespace date {
class time_zone;
}

namespace fascia {

class Database;

/// The zone named by the clinic setting `time_zone` ("Europe/London"); UTC when
/// the setting is missing or names a zone this machine's tz database lacks.
/// Never null; the zone lives as long as the process (date/tz's database).
FASCIA_CORE_EXPORT const date::time_zone* clinic_zone(Database& db);

} // namespace fascia
