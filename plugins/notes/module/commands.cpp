// The notes module's commands: the only way a note is written, signed or
// amended, and the only way one is read. A read is a command too (notes.read)
// so it is checked and audited like a change, in one transaction, before the
// caller shows anything: the audit entry names who, which client and when;
// the command's result names the client and appointment only, so no note text
// is copied into the command log.
#include "notes_module.h"

#include <fascia/command_payload.h>
#include <fascia/payload.h>

#include <algorithm>

namespace fascia::notes {

namespace json = boost::json;

namespace {

[[noreturn]] void reject(Error e)
{
    throw Failure(std::move(e));
}

/// The appointment a note belongs to (scheduling's table, read only).
struct Appointment {
    std::string id, client_id, therapist_id, status;
    bool prechecked = false;
    bool stopped = false; ///< the pre-session check found a red flag (or a need for clearance)
    std::optional<std::string> precheck_id;
};

Appointment appointment(Database& db, const std::string& id)
{
    auto q = db.query("SELECT id, client_id, therapist_id, status, precheck_id IS NOT NULL, precheck_flagged, precheck_id"
                      " FROM sched_appointments WHERE id = ?",
                      id);
    if (!q.step())
        reject(invalid("appointment_id: there is no appointment " + id + " (`fascia schedule client ID` lists a client's)",
                       "appointment_id"));
    return {q.text(0), q.text(1), q.text(2), q.text(3), q.integer(4) != 0, q.integer(5) != 0,
            q.is_null(6) ? std::nullopt : std::optional<std::string>(q.text(6))};
}

/// The intake rule: a yes in the pre-session check stops the session before any
/// hands-on work, so there is no treatment to write up or sign, only the referral.
Result<json::value> stopped(const Appointment& a)
{
    return refused("the pre-session check found a red flag: the session was stopped before any treatment. Record "
                   "the referral instead (`fascia notes refer --appointment " + a.id + "`)",
                   "session_stopped");
}

/// A note named by its own id or its appointment's.
struct Note {
    std::string id, appointment_id, status;
};

Note note_named(Database& db, const std::string& id)
{
    auto q = db.query("SELECT id, appointment_id, status FROM notes WHERE id = ?1 OR appointment_id = ?1", id);
    if (!q.step())
        reject(invalid("id: there is no note " + id + " (`fascia notes write --appointment ID` writes one)", "id"));
    return {q.text(0), q.text(1), q.text(2)};
}

/// Writing, signing and amending are the treating therapist's, or the owner's.
void must_be_treating(const Actor& actor, const Appointment& a)
{
    if (actor.role != Role::owner && actor.user_id != a.therapist_id)
        reject(forbidden(actor.username + " did not treat this appointment: only its therapist or the owner may"
                                          " write, sign or amend its note"));
}

/// PSFS compares a client's own activities over the course, so a later note
/// scores the activities the client named at their first scored session.
void same_activities(Database& db, const std::string& client_id, const std::string& appointment_id,
                     const json::object& measures)
{
    const auto* psfs = measures.if_contains("psfs");
    if (!psfs)
        return;
    const auto names = [](const json::value& score) {
        std::vector<std::string> out;
        for (const auto& a : score.at("activities").as_array())
            out.emplace_back(a.at("activity").as_string());
        std::sort(out.begin(), out.end());
        return out;
    };
    auto q = db.query("SELECT n.measures FROM notes n JOIN sched_appointments a ON a.id = n.appointment_id"
                      " WHERE n.client_id = ? AND n.appointment_id <> ? AND n.status = 'signed'"
                      " AND json_extract(n.measures, '$.psfs') IS NOT NULL ORDER BY a.starts_ms LIMIT 1",
                      client_id, appointment_id);
    if (!q.step())
        return;
    const auto first = names(json::parse(q.text(0)).at("psfs"));
    if (names(*psfs) != first) {
        std::string list;
        for (const auto& n : first)
            list += (list.empty() ? "" : ", ") + n;
        reject(invalid("measures.psfs: score the activities the client named at the first session (" + list + ")",
                       "measures.psfs"));
    }
}

const json::value& note_field(const CommandContext& ctx)
{
    const auto* note = ctx.command.payload.if_contains("note");
    if (!note)
        reject(invalid("note: the note, as `fascia notes form` prints it", "note"));
    return *note;
}

Result<json::value> write(CommandContext& ctx)
{
    const auto p = payload_of(ctx, {"appointment_id", "note"});
    const auto a = appointment(ctx.db, p.text("appointment_id"));
    // Before any check of the content: a check's message can quote the
    // client's earlier measures, which only their therapist may see.
    must_be_treating(ctx.actor, a);
    const auto in = read_note(ctx.db, note_field(ctx));
    same_activities(ctx.db, a.client_id, a.id, in.measures);
    if (a.status == "cancelled" || a.status == "no_show")
        return refused("the appointment is " + a.status + "; there was no session to write a note for",
                       "no_session");
    if (a.stopped)
        return stopped(a);
    auto existing = ctx.db.query("SELECT id, status FROM notes WHERE appointment_id = ?", a.id);
    std::string id;
    if (existing.step()) {
        if (existing.text(1) == "signed")
            return refused("the note is signed and locked: amend it (`fascia notes amend ID --reason TEXT FILE`)",
                           "signed");
        id = existing.text(0);
        ctx.db.query("UPDATE notes SET content = ?, measures = ?, written_by = ?, written_at = ? WHERE id = ?",
                     json::serialize(in.content), json::serialize(in.measures), ctx.actor.username,
                     format_instant(ctx.now()), id)
            .run();
    } else {
        id = ctx.new_id();
        ctx.db.query("INSERT INTO notes(id, appointment_id, client_id, therapist_id, content, measures, written_by,"
                     " written_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     id, a.id, a.client_id, a.therapist_id, json::serialize(in.content), json::serialize(in.measures),
                     ctx.actor.username, format_instant(ctx.now()))
            .run();
    }
    ctx.touch("note", id);
    return json::value(json::object{{"id", id}, {"appointment_id", a.id}, {"client_id", a.client_id}, {"status", "draft"}});
}

Result<json::value> sign(CommandContext& ctx)
{
    const auto p = payload_of(ctx, {"id"});
    const auto n = note_named(ctx.db, p.text("id"));
    const auto a = appointment(ctx.db, n.appointment_id);
    must_be_treating(ctx.actor, a);
    if (n.status == "signed")
        return refused("the note is already signed", "signed");
    // The intake rule: every session starts with the pre-session red-flag check.
    if (!a.prechecked)
        return refused("the pre-session check has not been done for this appointment: run `fascia schedule precheck "
                           + a.id + "` before signing its note",
                       "precheck_required");
    if (a.stopped)
        return stopped(a);
    ctx.db.query("UPDATE notes SET status = 'signed', signed_by = ?, signed_at = ? WHERE id = ?", ctx.actor.username,
                 format_instant(ctx.now()), n.id)
        .run();
    ctx.touch("note", n.id);
    return json::value(json::object{{"id", n.id}, {"appointment_id", a.id}, {"client_id", a.client_id},
                                    {"status", "signed"}, {"signed_by", ctx.actor.username}});
}

Result<json::value> amend(CommandContext& ctx)
{
    const auto p = payload_of(ctx, {"id", "reason", "note"});
    const auto n = note_named(ctx.db, p.text("id"));
    const auto a = appointment(ctx.db, n.appointment_id);
    must_be_treating(ctx.actor, a); // first, as in write
    const auto reason = p.text("reason");
    if (reason.size() > max_text)
        return invalid("reason: at most " + std::to_string(max_text) + " characters", "reason");
    const auto in = read_note(ctx.db, note_field(ctx));
    same_activities(ctx.db, a.client_id, a.id, in.measures);
    if (n.status != "signed")
        return refused("the note is a draft: write it again instead (`fascia notes write`)", "draft");
    const auto id = ctx.new_id();
    ctx.db.query("INSERT INTO notes_amendments(id, note_id, content, measures, reason, amended_by, amended_at)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?)",
                 id, n.id, json::serialize(in.content), json::serialize(in.measures), reason, ctx.actor.username,
                 format_instant(ctx.now()))
        .run();
    ctx.touch("note", n.id);
    return json::value(json::object{{"id", n.id}, {"amendment_id", id}, {"appointment_id", a.id},
                                    {"amended_by", ctx.actor.username}});
}

/// Records the referral of a session the pre-session check stopped: the flags
/// and disposition of the screening the check recorded, and who referred, when.
Result<json::value> refer(CommandContext& ctx)
{
    const auto p = payload_of(ctx, {"appointment_id", "note"});
    const auto a = appointment(ctx.db, p.text("appointment_id"));
    const auto note = p.optional_text("note").value_or("");
    if (note.size() > max_text)
        return invalid("note: at most " + std::to_string(max_text) + " characters", "note");
    if (!a.precheck_id)
        return refused("the pre-session check has not been done for this appointment: run `fascia schedule precheck "
                           + a.id + "` first",
                       "precheck_required");
    if (!a.stopped)
        return refused("the pre-session check found no red flag: the session goes ahead, there is no referral to "
                       "record",
                       "not_flagged");
    auto done = ctx.db.query("SELECT 1 FROM notes_referrals WHERE appointment_id = ?", a.id);
    if (done.step())
        return refused("the referral for this appointment is already recorded", "referred");
    // The screening the check recorded (intake's table, read only): what was found.
    auto s = ctx.db.query("SELECT s.id, s.disposition, json_extract(s.result, '$.flags') FROM intake_prechecks c"
                          " JOIN intake_screenings s ON s.id = c.new_screening_id WHERE c.id = ?",
                          *a.precheck_id);
    if (!s.step())
        return internal_error("the pre-session check " + *a.precheck_id + " has no screening recorded");
    json::array flags;
    const auto found = json::parse(s.is_null(2) ? std::string("[]") : s.text(2));
    for (const auto& f : found.as_array())
        if (f.at("severity") != "precaution")
            flags.push_back(f);
    const auto id = ctx.new_id();
    ctx.db.query("INSERT INTO notes_referrals(id, appointment_id, client_id, screening_id, disposition, flags, note,"
                 " referred_by, referred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 id, a.id, a.client_id, s.text(0), s.text(1), json::serialize(flags), note, ctx.actor.username,
                 format_instant(ctx.now()))
        .run();
    ctx.touch("client", a.client_id);
    return json::value(json::object{{"id", id}, {"appointment_id", a.id}, {"client_id", a.client_id},
                                    {"disposition", s.text(1)}});
}

/// An audited read: of one appointment's note, or of a client's notes (progress).
Result<json::value> read(CommandContext& ctx)
{
    const auto p = payload_of(ctx, {"appointment_id", "client_id"});
    if (const auto id = p.optional_text("appointment_id")) {
        const auto a = appointment(ctx.db, *id);
        if (!may_read(ctx.db, ctx.actor, a.therapist_id))
            return forbidden(ctx.actor.username + " (" + std::string(to_string(ctx.actor.role))
                             + ") may not read this note: its therapist, the owner and roles the owner grants may");
        ctx.touch("client", a.client_id);
        return json::value(json::object{{"client_id", a.client_id}, {"appointment_id", a.id}});
    }
    const auto client = p.text("client_id");
    auto exists = ctx.db.query("SELECT 1 FROM clients WHERE id = ?", client);
    if (!exists.step())
        return invalid("client_id: there is no client " + client, "client_id");
    // A client's progress reads every note of theirs: the reader must be allowed all of them.
    auto q = ctx.db.query("SELECT DISTINCT therapist_id FROM notes WHERE client_id = ?", client);
    while (q.step())
        if (!may_read(ctx.db, ctx.actor, q.text(0)))
            return forbidden(ctx.actor.username + " (" + std::string(to_string(ctx.actor.role))
                             + ") may not read this client's notes: their therapists, the owner and roles the owner"
                               " grants may");
    ctx.touch("client", client);
    return json::value(json::object{{"client_id", client}});
}

Result<json::value> grant(CommandContext& ctx)
{
    const auto p = payload_of(ctx, {"role", "granted"});
    const auto role = p.text("role");
    const bool granted = p.optional_boolean("granted").value_or(true);
    if (role != "admin" && role != "therapist")
        return invalid("role: only admin or therapist may be granted every note (the front desk never reads notes)",
                       "role");
    if (granted)
        ctx.db.query("INSERT OR REPLACE INTO notes_read_grants(role, granted_by, granted_at) VALUES (?, ?, ?)", role,
                     ctx.actor.username, format_instant(ctx.now()))
            .run();
    else
        ctx.db.query("DELETE FROM notes_read_grants WHERE role = ?", role).run();
    ctx.touch("notes_grant", role);
    return json::value(json::object{{"role", role}, {"granted", granted}});
}

Result<json::value> choice(CommandContext& ctx)
{
    const auto p = payload_of(ctx, {"kind", "name", "active"});
    const auto kind = p.text("kind");
    if (kind != "technique" && kind != "advice")
        return invalid("kind: technique or advice", "kind");
    const auto name = p.text("name");
    if (name.size() > 500)
        return invalid("name: at most 500 characters", "name");
    const bool active = p.optional_boolean("active").value_or(true);
    ctx.db.query("INSERT INTO notes_choices(kind, name, active) VALUES (?, ?, ?)"
                 " ON CONFLICT(kind, name) DO UPDATE SET active = excluded.active",
                 kind, name, std::int64_t{active ? 1 : 0})
        .run();
    ctx.touch("notes_choice", kind + ":" + name);
    return json::value(json::object{{"kind", kind}, {"name", name}, {"active", active}});
}

} // namespace

const std::vector<Role>& writing_roles()
{
    static const std::vector<Role> roles{Role::owner, Role::therapist};
    return roles;
}

void add_commands(PluginContext& context)
{
    static const std::vector<Role> readers{Role::owner, Role::admin, Role::therapist};
    static const std::vector<Role> owner{Role::owner};
    static const std::vector<Role> managers{Role::owner, Role::admin};
    // The desk runs the pre-session check and hands over the referral script, so it records the referral too.
    static const std::vector<Role> referrers{Role::owner, Role::admin, Role::front_desk, Role::therapist};
    const auto add = [&](const char* type, const char* summary, const std::vector<Role>& roles, CommandHandler h) {
        context.add_command({.type = type, .summary = summary, .roles = roles, .handler = std::move(h)});
    };
    add("notes.write", "Write or rewrite the draft note of an appointment", writing_roles(), write);
    add("notes.sign", "Sign a note, locking it (needs the pre-session check)", writing_roles(), sign);
    add("notes.amend", "Amend a signed note: who, when and why; the original is kept", writing_roles(), amend);
    add("notes.refer", "Record the referral of a session the pre-session check stopped", referrers, refer);
    add("notes.read", "Read a note or a client's progress (audited)", readers, read);
    add("notes.grant", "Let a role read every note, or stop it", owner, grant);
    add("notes.choice", "Add, restore or retire a technique or home-care advice on the clinic's list", managers,
        choice);
}

} // namespace fascia::notes
