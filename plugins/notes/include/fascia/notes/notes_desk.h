#pragma once
/// fascia.notes-desk/1: the notes editor, for other desk plugins (the calendar
/// opens an appointment's note from here). Registered by the notes desk plugin
/// (plugins/notes/ui); look it up with
///   desk.clinic().extensions().services.get<fascia::notes::NotesDesk>(fascia::notes::desk_service_id)
/// and declare "notes-desk" as an optional dependency. Header-only, Qt-free to include.
#include <boost/config.hpp>

#include <string>
#include <string_view>

class QWidget;

namespace fascia::desk {
class DeskContext;
}

namespace fascia::notes {

/// The versioned id the editor is registered under.
inline constexpr std::string_view desk_service_id = "fascia.notes-desk/1";

class BOOST_SYMBOL_VISIBLE NotesDesk {
public:
    virtual ~NotesDesk() = default;
    /// Opens the note of appointment `appointment_id` (a UUID) in its own window
    /// owned by `parent`: the SOAP editor, quick entry of the measures, Sign and
    /// Amend, and the signed and amended history; shown, and returned. Opening is
    /// an audited read (notes.read): for a role that may not read the note (the
    /// front desk never may) the window shows the refusal and nothing of the note.
    virtual QWidget* open_notes(desk::DeskContext& desk, const std::string& appointment_id, QWidget* parent) = 0;
};

} // namespace fascia::notes
