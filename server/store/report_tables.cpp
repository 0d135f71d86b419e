// The report tables: folding events into facts (commit thread), rolling closed days into
// tallies, rebuilding from the log, and loading a period's facts for a report.
#include "store/report_tables.hpp"

#include <boost/json.hpp>

#include <cmath>
#include <map>
#include <optional>

#include "protocol/json_fields.hpp"
#include "store/event_store.hpp"

namespace hallq::store {

namespace json = boost::json;
using report::AlertFact;
using report::ComplaintFact;
using report::TicketFact;
using report::TicketStatus;
using report::ViolationFact;
using report::ViolationStatus;

namespace {

constexpr const char* schema =
    "CREATE TABLE IF NOT EXISTS report_ticket(ticket TEXT PRIMARY KEY, day TEXT NOT NULL, number TEXT NOT NULL DEFAULT '',"
    " service TEXT NOT NULL DEFAULT '', window TEXT NOT NULL DEFAULT '', staff TEXT NOT NULL DEFAULT '',"
    " issued_at INTEGER NOT NULL DEFAULT 0, called_at INTEGER NOT NULL DEFAULT 0, last_called_at INTEGER NOT NULL DEFAULT 0,"
    " started_at INTEGER NOT NULL DEFAULT 0, closed_at INTEGER NOT NULL DEFAULT 0, status INTEGER NOT NULL DEFAULT 0,"
    " outcome TEXT NOT NULL DEFAULT '', transfers INTEGER NOT NULL DEFAULT 0, rating INTEGER NOT NULL DEFAULT 0,"
    " issued_seq INTEGER NOT NULL DEFAULT 0, closed_seq INTEGER NOT NULL DEFAULT 0, rated_seq INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX IF NOT EXISTS report_ticket_day ON report_ticket(day);"
    "CREATE TABLE IF NOT EXISTS report_day(day TEXT NOT NULL, dim TEXT NOT NULL, key TEXT NOT NULL, tally BLOB NOT NULL,"
    " PRIMARY KEY(day, dim, key)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS report_alert(alert TEXT PRIMARY KEY, day TEXT NOT NULL, kind TEXT NOT NULL, level INTEGER NOT NULL,"
    " window TEXT NOT NULL DEFAULT '', staff TEXT NOT NULL DEFAULT '', rule TEXT NOT NULL DEFAULT '',"
    " raised_at INTEGER NOT NULL, resolved_at INTEGER NOT NULL DEFAULT 0, raised_seq INTEGER NOT NULL,"
    " resolved_seq INTEGER NOT NULL DEFAULT 0, acknowledged_by TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX IF NOT EXISTS report_alert_day ON report_alert(day);"
    "CREATE INDEX IF NOT EXISTS report_alert_kind_day ON report_alert(kind, day);"
    // Alerts per day, kind, window and staff member: what longer reports count (a busy hall
    // raises thousands of alerts a day, too many to read one by one for a year).
    "CREATE TABLE IF NOT EXISTS report_alert_tally(day TEXT NOT NULL, kind TEXT NOT NULL, window TEXT NOT NULL,"
    " staff TEXT NOT NULL, count INTEGER NOT NULL, max_level INTEGER NOT NULL, PRIMARY KEY(day, kind, window, staff)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS report_violation(violation TEXT PRIMARY KEY, day TEXT NOT NULL, at INTEGER NOT NULL,"
    " kind TEXT NOT NULL, staff TEXT NOT NULL DEFAULT '', department TEXT NOT NULL DEFAULT '', rule TEXT NOT NULL DEFAULT '',"
    " source TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '', points_milli INTEGER NOT NULL DEFAULT 0,"
    " status INTEGER NOT NULL DEFAULT 0, events TEXT NOT NULL DEFAULT '', proposed_seq INTEGER NOT NULL,"
    " decided_seq INTEGER NOT NULL DEFAULT 0, decided_by TEXT NOT NULL DEFAULT '', decision_note TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX IF NOT EXISTS report_violation_day ON report_violation(day);"
    "CREATE TABLE IF NOT EXISTS report_complaint(complaint TEXT PRIMARY KEY, day TEXT NOT NULL, at INTEGER NOT NULL,"
    " staff TEXT NOT NULL DEFAULT '', window TEXT NOT NULL DEFAULT '', ticket TEXT NOT NULL DEFAULT '',"
    " verified INTEGER, filed_seq INTEGER NOT NULL, verified_seq INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX IF NOT EXISTS report_complaint_day ON report_complaint(day);"
    // Bulletins of criticism (通报批评, R-SCR-3): what "excellent" eligibility counts.
    "CREATE TABLE IF NOT EXISTS report_bulletin(bulletin TEXT PRIMARY KEY, day TEXT NOT NULL, at INTEGER NOT NULL,"
    " staff TEXT NOT NULL DEFAULT '', department TEXT NOT NULL DEFAULT '', seq INTEGER NOT NULL);"
    "CREATE INDEX IF NOT EXISTS report_bulletin_day ON report_bulletin(day);"
    // Cases (办件, R-CASE-1 … R-CASE-5): one row each, with the hall day of every step; a report
    // counts each figure on the day of its own step (report::CaseFigures), so no rollup is needed.
    "CREATE TABLE IF NOT EXISTS report_case(id TEXT PRIMARY KEY, day TEXT NOT NULL, outcome TEXT NOT NULL DEFAULT '',"
    " ticket TEXT NOT NULL DEFAULT '', number TEXT NOT NULL DEFAULT '', service TEXT NOT NULL DEFAULT '',"
    " department TEXT NOT NULL DEFAULT '', staff TEXT NOT NULL DEFAULT '', window TEXT NOT NULL DEFAULT '',"
    " opened_at INTEGER NOT NULL DEFAULT 0, due INTEGER NOT NULL DEFAULT 0, days INTEGER NOT NULL DEFAULT 0,"
    " decision TEXT NOT NULL DEFAULT '', decided_day TEXT NOT NULL DEFAULT '', decided_at INTEGER NOT NULL DEFAULT 0,"
    " extended_day TEXT NOT NULL DEFAULT '', extended_days INTEGER NOT NULL DEFAULT 0,"
    " overdue_day TEXT NOT NULL DEFAULT '', overdue_at INTEGER NOT NULL DEFAULT 0,"
    " delivered_day TEXT NOT NULL DEFAULT '', delivered_at INTEGER NOT NULL DEFAULT 0,"
    " opened_seq INTEGER NOT NULL DEFAULT 0, decided_seq INTEGER NOT NULL DEFAULT 0, overdue_seq INTEGER NOT NULL DEFAULT 0,"
    " delivered_seq INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX IF NOT EXISTS report_case_day ON report_case(day);"
    "CREATE INDEX IF NOT EXISTS report_case_decided_day ON report_case(decided_day);"
    "CREATE INDEX IF NOT EXISTS report_case_overdue_day ON report_case(overdue_day);"
    "CREATE INDEX IF NOT EXISTS report_case_extended_day ON report_case(extended_day);"
    "CREATE INDEX IF NOT EXISTS report_case_delivered_day ON report_case(delivered_day);";

constexpr const char* drop =
    "DROP TABLE IF EXISTS report_ticket; DROP TABLE IF EXISTS report_day; DROP TABLE IF EXISTS report_alert;"
    "DROP TABLE IF EXISTS report_alert_tally;"
    "DROP TABLE IF EXISTS report_violation; DROP TABLE IF EXISTS report_complaint; DROP TABLE IF EXISTS report_bulletin;"
    "DROP TABLE IF EXISTS report_case;"
    "DELETE FROM meta WHERE key IN ('report_tables_version', 'report_day', 'report_rolled');";

using proto::fields::integer;
using proto::fields::number;
using proto::fields::str;

std::optional<std::string> meta_get(Db& db, const char* key) {
  Stmt q(db, "SELECT value FROM meta WHERE key = ?");
  q.bind(1, std::string_view(key));
  if (!q.step()) return std::nullopt;
  std::string v(q.text(0));
  q.reset();
  return v;
}

void meta_put(Db& db, const char* key, const std::string& value) {
  Stmt q(db, "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)");
  q.bind(1, std::string_view(key)).bind(2, value);
  q.run();
}

// Only these events change a report; the rest are not even parsed.
bool relevant(std::string_view type) {
  return type.starts_with("ticket.") || type.starts_with("alert.") || type.starts_with("violation.") ||
         type.starts_with("complaint.") || type.starts_with("case.") || type == "bulletin.issued" || type == "day.started";
}

TicketFact ticket_row(const Stmt& q) {
  TicketFact f;
  f.ticket = q.text(0);
  f.day = q.text(1);
  f.number = q.text(2);
  f.service = q.text(3);
  f.window = q.text(4);
  f.staff = q.text(5);
  f.issued_at = q.int64(6);
  f.called_at = q.int64(7);
  // Service runs from the last call (after a transfer the citizen is called again) unless started.
  const std::int64_t last_called = q.int64(8);
  f.started_at = q.int64(9) != 0 ? q.int64(9) : last_called;
  f.closed_at = q.int64(10);
  f.status = static_cast<TicketStatus>(q.int64(11));
  f.outcome = q.text(12);
  f.transfers = static_cast<int>(q.int64(13));
  f.rating = static_cast<int>(q.int64(14));
  f.issued_seq = q.int64(15);
  f.closed_seq = q.int64(16);
  f.rated_seq = q.int64(17);
  return f;
}

constexpr const char* ticket_columns =
    "ticket, day, number, service, window, staff, issued_at, called_at, last_called_at, started_at, closed_at, status, outcome,"
    " transfers, rating, issued_seq, closed_seq, rated_seq";

std::vector<TicketFact> tickets_of_day(Db& db, const std::string& day) {
  Stmt q(db, (std::string("SELECT ") + ticket_columns + " FROM report_ticket WHERE day = ? ORDER BY issued_seq").c_str());
  q.bind(1, day);
  std::vector<TicketFact> out;
  while (q.step()) out.push_back(ticket_row(q));
  q.reset();
  return out;
}

}  // namespace

// [SECTION] the projector (commit thread)

struct ReportProjector::Impl {
  Db& db;
  std::string day;     // the hall's current day (from the last day.started)
  std::string rolled;  // days up to here have their tallies in report_day
  bool stale = false;  // a transaction rolled back: re-read day and rolled before folding more
  Stmt issue, call, requeue, no_show, start, finish, transfer, cancel, rate, rated_day;
  Stmt alert_raise, alert_count, alert_escalate, alert_escalate_day, alert_ack, alert_resolve;
  Stmt violation_propose, violation_decide;
  Stmt complaint_file, complaint_verify;
  Stmt bulletin_issue;
  Stmt case_open, case_decide, case_extend, case_overdue, case_deliver;
  Stmt tally_get, tally_put;

  explicit Impl(Db& d)
      : db(d),
        issue(
            d,
            "INSERT OR REPLACE INTO report_ticket(ticket, day, number, service, issued_at, issued_seq) VALUES (?, ?, ?, ?, ?, ?)"),
        call(d,
             "UPDATE report_ticket SET called_at = CASE WHEN called_at = 0 THEN ?1 ELSE called_at END, last_called_at = ?1,"
             " window = ?2, staff = ?3 WHERE ticket = ?4"),
        requeue(d, "UPDATE report_ticket SET status = 0, closed_at = 0, closed_seq = 0 WHERE ticket = ?"),
        no_show(d, "UPDATE report_ticket SET status = 2, window = ?, staff = ?, closed_at = ?, closed_seq = ? WHERE ticket = ?"),
        start(d, "UPDATE report_ticket SET started_at = ?, window = ?, staff = ? WHERE ticket = ?"),
        finish(
            d,
            "UPDATE report_ticket SET status = 1, outcome = ?, window = ?, staff = ?, service = ?, closed_at = ?, closed_seq = ?"
            " WHERE ticket = ?"),
        transfer(d, "UPDATE report_ticket SET transfers = transfers + 1, service = ?, started_at = 0 WHERE ticket = ?"),
        cancel(d, "UPDATE report_ticket SET status = 3, closed_at = ?, closed_seq = ? WHERE ticket = ?"),
        rate(d, "UPDATE report_ticket SET rating = ?, rated_seq = ? WHERE ticket = ?"),
        rated_day(d, "SELECT day, window, staff, service FROM report_ticket WHERE ticket = ?"),
        alert_raise(d,
                    "INSERT OR REPLACE INTO report_alert(alert, day, kind, level, window, staff, rule, raised_at, raised_seq)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        alert_count(d,
                    "INSERT INTO report_alert_tally(day, kind, window, staff, count, max_level) VALUES (?1, ?2, ?3, ?4, 1, ?5)"
                    " ON CONFLICT(day, kind, window, staff) DO UPDATE SET count = count + 1, max_level = MAX(max_level, ?5)"),
        alert_escalate(d, "UPDATE report_alert SET level = MAX(level, ?) WHERE alert = ?"),
        alert_escalate_day(d,
                           "UPDATE report_alert_tally SET max_level = MAX(max_level, ?1) WHERE (day, kind, window, staff) ="
                           " (SELECT day, kind, window, staff FROM report_alert WHERE alert = ?2)"),
        alert_ack(d, "UPDATE report_alert SET acknowledged_by = ? WHERE alert = ?"),
        alert_resolve(d, "UPDATE report_alert SET resolved_at = ?, resolved_seq = ? WHERE alert = ?"),
        violation_propose(
            d,
            "INSERT OR REPLACE INTO report_violation(violation, day, at, kind, staff, department, rule, source, note,"
            " points_milli, status, events, proposed_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)"),
        violation_decide(d,
                         "UPDATE report_violation SET status = ?, decided_seq = ?, decided_by = ?, decision_note = ?"
                         " WHERE violation = ?"),
        complaint_file(d,
                       "INSERT OR REPLACE INTO report_complaint(complaint, day, at, staff, window, ticket, filed_seq)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?)"),
        complaint_verify(d, "UPDATE report_complaint SET verified = ?, verified_seq = ? WHERE complaint = ?"),
        bulletin_issue(
            d, "INSERT OR REPLACE INTO report_bulletin(bulletin, day, at, staff, department, seq) VALUES (?, ?, ?, ?, ?, ?)"),
        case_open(d,
                  "INSERT OR REPLACE INTO report_case(id, day, outcome, ticket, number, service, department, staff, window,"
                  " opened_at, due, days, opened_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        case_decide(d, "UPDATE report_case SET decision = ?, decided_day = ?, decided_at = ?, decided_seq = ? WHERE id = ?"),
        case_extend(d, "UPDATE report_case SET extended_day = ?, extended_days = ?, due = ?, days = days + ? WHERE id = ?"),
        case_overdue(d,
                     "UPDATE report_case SET overdue_day = ?, overdue_at = ?, overdue_seq = ? WHERE id = ? AND overdue_seq = 0"),
        case_deliver(d, "UPDATE report_case SET delivered_day = ?, delivered_at = ?, delivered_seq = ? WHERE id = ?"),
        tally_get(d, "SELECT tally FROM report_day WHERE day = ? AND dim = ? AND key = ?"),
        tally_put(d, "INSERT OR REPLACE INTO report_day(day, dim, key, tally) VALUES (?, ?, ?, ?)") {
    load();
  }

  void load() {
    day = meta_get(db, "report_day").value_or("");
    rolled = meta_get(db, "report_rolled").value_or("");
  }

  // A closed day becomes tallies: the same aggregation the live day uses (report::tally_day).
  void roll_up_before(const std::string& next_day) {
    std::vector<std::string> days;
    {
      Stmt q(db, "SELECT DISTINCT day FROM report_ticket WHERE day > ? AND day < ? ORDER BY day");
      q.bind(1, rolled).bind(2, next_day);
      while (q.step()) days.emplace_back(q.text(0));
      q.reset();
    }
    for (const auto& d : days) {
      const auto t = report::tally_day(d, tickets_of_day(db, d), 0);
      put_tally(d, "hall", "", t.hall);
      for (const auto& [k, x] : t.window) put_tally(d, "window", k, x);
      for (const auto& [k, x] : t.staff) put_tally(d, "staff", k, x);
      for (const auto& [k, x] : t.service) put_tally(d, "service", k, x);
    }
    if (next_day > rolled) {
      // Days before next_day are closed: the engine cancelled their leftovers before day.started.
      const auto prev = domain::parse_date(next_day);
      rolled = prev ? domain::format_date(domain::civil_from_days(domain::days_from_civil(*prev) - 1)) : rolled;
      meta_put(db, "report_rolled", rolled);
    }
  }

  void put_tally(const std::string& d, const char* dim, const std::string& key, const report::Tally& t) {
    tally_put.bind(1, d).bind(2, std::string_view(dim)).bind(3, key).bind(4, t.encode());
    tally_put.run();
  }

  // A rating after its day was rolled up (the citizen rates later) corrects that day's tallies.
  void rate_rolled(const std::string& ticket, int level) {
    rated_day.bind(1, ticket);
    if (!rated_day.step()) {
      rated_day.reset();
      return;
    }
    const std::string d(rated_day.text(0)), window(rated_day.text(1)), staff(rated_day.text(2)), service(rated_day.text(3));
    rated_day.reset();
    if (d.empty() || d > rolled || level < 1 || level > 5) return;
    const auto bump = [&](const char* dim, const std::string& key) {
      if (std::string_view(dim) != "hall" && key.empty()) return;
      tally_get.bind(1, d).bind(2, std::string_view(dim)).bind(3, key);
      std::optional<report::Tally> t;
      if (tally_get.step()) t = report::Tally::decode(tally_get.text(0));
      tally_get.reset();
      if (!t) return;
      ++t->ratings[static_cast<std::size_t>(level - 1)];
      put_tally(d, dim, key, *t);
    };
    bump("hall", "");
    bump("window", window);
    bump("staff", staff);
    bump("service", service);
  }

  void fold(const StoredEvent& e) {
    if (!relevant(e.type)) return;
    boost::system::error_code ec;
    const json::value v = json::parse(e.body, ec);
    if (ec || !v.is_object()) return;  // the event log itself is the authority; a report skips what it cannot read
    const auto& o = v.get_object();
    const std::string_view type = e.type;
    const auto& ticket = str(o, "ticket");
    if (type == "day.started") {
      const std::string date = str(o, "date");
      roll_up_before(date);
      day = date;
      meta_put(db, "report_day", day);
    } else if (type == "ticket.issued") {
      issue.bind(1, ticket).bind(2, day).bind(3, str(o, "number")).bind(4, str(o, "service")).bind(5, e.at).bind(6, e.seq);
      issue.run();
    } else if (type == "ticket.called") {
      call.bind(1, e.at).bind(2, str(o, "window")).bind(3, str(o, "staff")).bind(4, ticket);
      call.run();
    } else if (type == "ticket.requeued") {
      requeue.bind(1, ticket);
      requeue.run();
    } else if (type == "ticket.no_show") {
      no_show.bind(1, str(o, "window")).bind(2, str(o, "staff")).bind(3, e.at).bind(4, e.seq).bind(5, ticket);
      no_show.run();
    } else if (type == "ticket.started") {
      start.bind(1, e.at).bind(2, str(o, "window")).bind(3, str(o, "staff")).bind(4, ticket);
      start.run();
    } else if (type == "ticket.finished") {
      finish.bind(1, str(o, "outcome"))
          .bind(2, str(o, "window"))
          .bind(3, str(o, "staff"))
          .bind(4, str(o, "service"))
          .bind(5, e.at)
          .bind(6, e.seq)
          .bind(7, ticket);
      finish.run();
    } else if (type == "ticket.transferred") {
      transfer.bind(1, str(o, "service")).bind(2, ticket);
      transfer.run();
    } else if (type == "ticket.cancelled") {
      cancel.bind(1, e.at).bind(2, e.seq).bind(3, ticket);
      cancel.run();
    } else if (type == "ticket.rated") {
      const auto level = integer(o, "level");
      rate.bind(1, level).bind(2, e.seq).bind(3, ticket);
      rate.run();
      rate_rolled(ticket, static_cast<int>(level));
    } else if (type == "alert.raised") {
      alert_raise.bind(1, str(o, "alert"))
          .bind(2, day)
          .bind(3, str(o, "kind"))
          .bind(4, std::max<std::int64_t>(1, integer(o, "level")))
          .bind(5, str(o, "window"))
          .bind(6, str(o, "staff"))
          .bind(7, str(o, "rule"))
          .bind(8, e.at)
          .bind(9, e.seq);
      alert_raise.run();
      alert_count.bind(1, day)
          .bind(2, str(o, "kind"))
          .bind(3, str(o, "window"))
          .bind(4, str(o, "staff"))
          .bind(5, std::max<std::int64_t>(1, integer(o, "level")));
      alert_count.run();
    } else if (type == "alert.escalated") {
      alert_escalate.bind(1, integer(o, "level")).bind(2, str(o, "alert"));
      alert_escalate.run();
      alert_escalate_day.bind(1, integer(o, "level")).bind(2, str(o, "alert"));
      alert_escalate_day.run();
    } else if (type == "alert.acknowledged") {
      alert_ack.bind(1, str(o, "actor")).bind(2, str(o, "alert"));
      alert_ack.run();
    } else if (type == "alert.resolved") {
      alert_resolve.bind(1, e.at).bind(2, e.seq).bind(3, str(o, "alert"));
      alert_resolve.run();
    } else if (type == "violation.proposed") {
      std::string seqs;
      if (const auto* ev = o.if_contains("events"); ev && ev->is_array())
        for (const auto& s : ev->get_array())
          if (s.is_int64()) seqs += (seqs.empty() ? "" : " ") + std::to_string(s.get_int64());
      violation_propose.bind(1, str(o, "violation"))
          .bind(2, day)
          .bind(3, e.at)
          .bind(4, str(o, "kind"))
          .bind(5, str(o, "staff"))
          .bind(6, str(o, "department"))
          .bind(7, str(o, "rule"))
          .bind(8, str(o, "source"))
          .bind(9, str(o, "note"))
          .bind(10, static_cast<std::int64_t>(std::llround(number(o, "points") * 1000.0)))
          .bind(11, seqs)
          .bind(12, e.seq);
      violation_propose.run();
      // R-CASE-5: the deadline passed undecided; the case counts overdue on this day.
      if (const auto id = str(o, "case"); !id.empty() && str(o, "kind") == "case_overdue") {
        case_overdue.bind(1, day).bind(2, e.at).bind(3, e.seq).bind(4, id);
        case_overdue.run();
      }
    } else if (type == "case.opened") {
      const auto due = domain::parse_time(str(o, "due"), 0);
      case_open.bind(1, str(o, "case"))
          .bind(2, day)
          .bind(3, str(o, "outcome"))
          .bind(4, ticket)
          .bind(5, str(o, "number"))
          .bind(6, str(o, "service"))
          .bind(7, str(o, "department"))
          .bind(8, str(o, "staff"))
          .bind(9, str(o, "window"))
          .bind(10, e.at)
          .bind(11, due.value_or(0))
          .bind(12, integer(o, "days"))
          .bind(13, e.seq);
      case_open.run();
    } else if (type == "case.approved" || type == "case.refused") {
      case_decide.bind(1, std::string_view(type == "case.approved" ? "approved" : "refused"))
          .bind(2, day)
          .bind(3, e.at)
          .bind(4, e.seq)
          .bind(5, str(o, "case"));
      case_decide.run();
    } else if (type == "case.extended") {  // R-CASE-3
      const auto due = domain::parse_time(str(o, "due"), 0);
      case_extend.bind(1, day)
          .bind(2, integer(o, "days"))
          .bind(3, due.value_or(0))
          .bind(4, integer(o, "days"))
          .bind(5, str(o, "case"));
      case_extend.run();
    } else if (type == "case.delivered") {
      case_deliver.bind(1, day).bind(2, e.at).bind(3, e.seq).bind(4, str(o, "case"));
      case_deliver.run();
    } else if (type == "violation.confirmed" || type == "violation.dismissed") {
      violation_decide.bind(1, std::int64_t{type == "violation.confirmed" ? 1 : 2})
          .bind(2, e.seq)
          .bind(3, str(o, "actor"))
          .bind(4, str(o, "note"))
          .bind(5, str(o, "violation"));
      violation_decide.run();
    } else if (type == "bulletin.issued") {
      bulletin_issue.bind(1, str(o, "bulletin"))
          .bind(2, day)
          .bind(3, e.at)
          .bind(4, str(o, "staff"))
          .bind(5, str(o, "department"))
          .bind(6, e.seq);
      bulletin_issue.run();
    } else if (type == "complaint.filed") {
      complaint_file.bind(1, str(o, "complaint"))
          .bind(2, day)
          .bind(3, e.at)
          .bind(4, str(o, "staff"))
          .bind(5, str(o, "window"))
          .bind(6, ticket)
          .bind(7, e.seq);
      complaint_file.run();
    } else if (type == "complaint.verified") {
      const auto* verified = o.if_contains("verified");
      const bool yes = !verified || !verified->is_bool() || verified->get_bool();
      complaint_verify.bind(1, std::int64_t{yes ? 1 : 0}).bind(2, e.seq).bind(3, str(o, "complaint"));
      complaint_verify.run();
    }
  }
};

ReportProjector::ReportProjector(Db& db) : impl_(std::make_unique<Impl>(db)) {}
ReportProjector::~ReportProjector() = default;

void ReportProjector::apply(const std::vector<StoredEvent>& events) {
  if (impl_->stale) {
    impl_->load();
    impl_->stale = false;
  }
  for (const auto& e : events) impl_->fold(e);
}

void ReportProjector::reload() noexcept { impl_->stale = true; }

// [SECTION] creation and rebuild

std::int64_t prepare_report_tables(Db& db) {
  const auto version = meta_get(db, "report_tables_version");
  if (version && *version == std::to_string(report_tables_version)) {
    db.exec(schema);
    return 0;
  }
  // Absent or of another version: rebuild from the log, in one transaction, so a crash midway
  // leaves no half-built tables behind.
  Txn txn(db);
  db.exec(drop);
  db.exec(schema);
  std::int64_t folded = 0;
  {
    ReportProjector projector(db);
    Stmt q(db, "SELECT seq, at, type, body FROM events ORDER BY seq");
    std::vector<StoredEvent> chunk;
    const auto flush = [&] {
      projector.apply(chunk);
      folded += static_cast<std::int64_t>(chunk.size());
      chunk.clear();
    };
    while (q.step()) {
      chunk.push_back(StoredEvent{q.int64(0), q.int64(1), std::string(q.text(2)), std::string(q.text(3))});
      if (chunk.size() >= 4096) flush();
    }
    q.reset();
    flush();
  }
  meta_put(db, "report_tables_version", std::to_string(report_tables_version));
  txn.commit();
  return folded;
}

// [SECTION] loading a period (readers)

report::ReportInput load_report_input(Db& db, const report::Period& period, domain::UtcOffset offset, std::int64_t now) {
  report::ReportInput in;
  in.period = period;
  in.now = now;
  const std::string rolled = meta_get(db, "report_rolled").value_or("");
  const auto add_day = [&](report::DayTallies d) {
    in.total.merge(d);
    report::DayTallies slim;
    slim.day = d.day;
    slim.hall = std::move(d.hall);
    in.days.push_back(std::move(slim));
  };
  if (period.kind == report::Kind::daily || period.from > rolled) {
    // Days not rolled up yet (today) and daily reports come straight from the ticket rows.
    std::vector<std::string> days;
    Stmt q(db, "SELECT DISTINCT day FROM report_ticket WHERE day BETWEEN ? AND ? ORDER BY day");
    q.bind(1, period.from).bind(2, period.to);
    while (q.step()) days.emplace_back(q.text(0));
    q.reset();
    for (const auto& d : days) add_day(report::tally_day(d, tickets_of_day(db, d), offset));
  } else {
    std::map<std::string, report::DayTallies> by_day;
    {
      Stmt q(db, "SELECT day, dim, key, tally FROM report_day WHERE day BETWEEN ? AND ?");
      q.bind(1, period.from).bind(2, std::min(period.to, rolled));
      while (q.step()) {
        auto t = report::Tally::decode(q.text(3));
        if (!t) continue;
        const std::string_view dim = q.text(1);
        const std::string day(q.text(0));
        if (dim == "hall") {
          auto& d = by_day[day];
          d.day = day;
          d.hall.merge(*t);
          in.total.hall.merge(*t);
          continue;
        }
        const std::string key(q.text(2));
        if (dim == "window") in.total.window[key].merge(*t);
        else if (dim == "staff")
          in.total.staff[key].merge(*t);
        else if (dim == "service")
          in.total.service[key].merge(*t);
      }
      q.reset();
    }
    for (auto& [d, t] : by_day) in.days.push_back(std::move(t));
    if (period.to > rolled) {
      std::vector<std::string> days;
      Stmt q(db, "SELECT DISTINCT day FROM report_ticket WHERE day > ? AND day <= ? ORDER BY day");
      q.bind(1, rolled).bind(2, period.to);
      while (q.step()) days.emplace_back(q.text(0));
      q.reset();
      for (const auto& d : days) add_day(report::tally_day(d, tickets_of_day(db, d), offset));
    }
  }

  const bool one_day = period.kind == report::Kind::daily;
  if (!one_day) {
    // Longer periods count alerts per kind, window and staff member in SQL (a busy hall raises
    // thousands a day); only the empty-window spells are listed one by one (R-EMP-1).
    Stmt q(db,
           "SELECT kind, window, staff, SUM(count), MAX(max_level) FROM report_alert_tally WHERE day BETWEEN ? AND ?"
           " AND kind <> 'window_empty' GROUP BY kind, window, staff");
    q.bind(1, period.from).bind(2, period.to);
    while (q.step()) {
      AlertFact a;
      a.kind = q.text(0);
      a.window = q.text(1);
      a.staff = q.text(2);
      a.count = q.int64(3);
      a.level = static_cast<int>(q.int64(4));
      in.alerts.push_back(std::move(a));
    }
    q.reset();
  }
  {
    Stmt q(db,
           one_day
               ? "SELECT alert, day, kind, level, window, staff, rule, raised_at, resolved_at, raised_seq, resolved_seq,"
                 " acknowledged_by FROM report_alert WHERE day BETWEEN ? AND ? ORDER BY raised_seq"
               : "SELECT alert, day, kind, level, window, staff, rule, raised_at, resolved_at, raised_seq, resolved_seq,"
                 " acknowledged_by FROM report_alert WHERE kind = 'window_empty' AND day BETWEEN ? AND ? ORDER BY raised_seq");
    q.bind(1, period.from).bind(2, period.to);
    while (q.step()) {
      AlertFact a;
      a.alert = q.text(0);
      a.day = q.text(1);
      a.kind = q.text(2);
      a.level = static_cast<int>(q.int64(3));
      a.window = q.text(4);
      a.staff = q.text(5);
      a.rule = q.text(6);
      a.raised_at = q.int64(7);
      a.resolved_at = q.int64(8);
      a.raised_seq = q.int64(9);
      a.resolved_seq = q.int64(10);
      a.acknowledged_by = q.text(11);
      in.alerts.push_back(std::move(a));
    }
    q.reset();
  }
  {
    Stmt q(db,
           "SELECT violation, day, at, kind, staff, department, rule, source, note, points_milli, status, events,"
           " proposed_seq, decided_seq, decided_by, decision_note FROM report_violation WHERE day BETWEEN ? AND ?"
           " ORDER BY proposed_seq");
    q.bind(1, period.from).bind(2, period.to);
    while (q.step()) {
      ViolationFact v;
      v.violation = q.text(0);
      v.day = q.text(1);
      v.at = q.int64(2);
      v.kind = q.text(3);
      v.staff = q.text(4);
      v.department = q.text(5);
      v.rule = q.text(6);
      v.source = q.text(7);
      v.note = q.text(8);
      v.points = static_cast<double>(q.int64(9)) / 1000.0;
      v.status = static_cast<ViolationStatus>(q.int64(10));
      std::string_view seqs = q.text(11);
      while (!seqs.empty()) {
        const auto sp = seqs.find(' ');
        v.events.push_back(std::stoll(std::string(seqs.substr(0, sp))));
        if (sp == std::string_view::npos) break;
        seqs.remove_prefix(sp + 1);
      }
      v.proposed_seq = q.int64(12);
      v.decided_seq = q.int64(13);
      v.decided_by = q.text(14);
      v.decision_note = q.text(15);
      in.violations.push_back(std::move(v));
    }
    q.reset();
  }
  {
    Stmt q(db, "SELECT bulletin, staff, department FROM report_bulletin WHERE day BETWEEN ? AND ? ORDER BY seq");
    q.bind(1, period.from).bind(2, period.to);
    while (q.step())
      in.bulletins.push_back(report::BulletinFact{std::string(q.text(0)), std::string(q.text(1)), std::string(q.text(2))});
    q.reset();
  }
  {  // cases with any step within the period (R-CASE-1 … R-CASE-5)
    Stmt q(db,
           "SELECT id, day, outcome, ticket, number, service, department, staff, window, opened_at, due, days, decision,"
           " decided_day, decided_at, extended_day, extended_days, overdue_day, overdue_at, delivered_day, delivered_at,"
           " opened_seq, decided_seq, overdue_seq, delivered_seq FROM report_case"
           " WHERE day BETWEEN ?1 AND ?2 OR decided_day BETWEEN ?1 AND ?2 OR overdue_day BETWEEN ?1 AND ?2"
           " OR extended_day BETWEEN ?1 AND ?2 OR delivered_day BETWEEN ?1 AND ?2 ORDER BY opened_seq");
    q.bind(1, period.from).bind(2, period.to);
    while (q.step()) {
      report::CaseFact k;
      k.id = q.text(0);
      k.day = q.text(1);
      k.outcome = q.text(2);
      k.ticket = q.text(3);
      k.number = q.text(4);
      k.service = q.text(5);
      k.department = q.text(6);
      k.staff = q.text(7);
      k.window = q.text(8);
      k.opened_at = q.int64(9);
      k.due = q.int64(10);
      k.days = static_cast<int>(q.int64(11));
      k.decision = q.text(12);
      k.decided_day = q.text(13);
      k.decided_at = q.int64(14);
      k.extended_day = q.text(15);
      k.extended_days = static_cast<int>(q.int64(16));
      k.overdue_day = q.text(17);
      k.overdue_at = q.int64(18);
      k.delivered_day = q.text(19);
      k.delivered_at = q.int64(20);
      k.opened_seq = q.int64(21);
      k.decided_seq = q.int64(22);
      k.overdue_seq = q.int64(23);
      k.delivered_seq = q.int64(24);
      in.cases.push_back(std::move(k));
    }
    q.reset();
  }
  {
    Stmt q(db,
           "SELECT complaint, day, at, staff, window, ticket, verified, filed_seq, verified_seq FROM report_complaint"
           " WHERE day BETWEEN ? AND ? ORDER BY filed_seq");
    q.bind(1, period.from).bind(2, period.to);
    while (q.step()) {
      ComplaintFact c;
      c.complaint = q.text(0);
      c.day = q.text(1);
      c.at = q.int64(2);
      c.staff = q.text(3);
      c.window = q.text(4);
      c.ticket = q.text(5);
      if (!q.is_null(6)) c.verified = q.int64(6) != 0;
      c.filed_seq = q.int64(7);
      c.verified_seq = q.int64(8);
      in.complaints.push_back(std::move(c));
    }
    q.reset();
  }
  // The stretch of the log behind the figures: first and last event of the period (seq order is time order).
  {
    const auto from = domain::parse_date(period.from), to = domain::parse_date(period.to);
    if (from && to) {
      const auto begin = domain::local_midnight(*from, offset);
      const auto end = domain::local_midnight(domain::civil_from_days(domain::days_from_civil(*to) + 1), offset);
      Stmt first(db, "SELECT seq FROM events WHERE at >= ? AND at < ? ORDER BY at, seq LIMIT 1");
      first.bind(1, begin).bind(2, end);
      if (first.step()) in.first_seq = first.int64(0);
      first.reset();
      Stmt last(db, "SELECT seq FROM events WHERE at >= ? AND at < ? ORDER BY at DESC, seq DESC LIMIT 1");
      last.bind(1, begin).bind(2, end);
      if (last.step()) in.last_seq = last.int64(0);
      last.reset();
    }
  }
  return in;
}

}  // namespace hallq::store
