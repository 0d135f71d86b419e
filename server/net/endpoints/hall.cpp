// The hall as a whole: health, metrics, login, the state and config, the event log, the clock.
#include <boost/asio/post.hpp>
#include <boost/json.hpp>

#include <algorithm>

#include "endpoints.hpp"
#include "net/views.hpp"
#include "store/db.hpp"

namespace hallq::server::ep {

namespace json = boost::json;

void healthz(Services& svc, Call& c) {
  c.reply(svc.hall.storage_ok() ? 200 : 503, health_json(svc.hall.storage_ok(), svc.hall.durable_seq()));
}

void metrics(Services& svc, Call& c) {
  auto& hall = svc.hall;
  std::string m;
  auto line = [&](const char* name, const char* help, auto value) {
    m += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " gauge\n" + name + " " + std::to_string(value) + "\n";
  };
  line("hallq_seq", "Last durable event sequence number.", hall.durable_seq());
  line("hallq_events_committed_total", "Events committed since start.", hall.events_committed());
  line("hallq_commits_total", "SQLite transactions since start (group commit).", hall.commits());
  line("hallq_store_syncs_total", "File syncs SQLite made since start (each durable commit needs one).", store::syncs_total());
  line("hallq_http_requests_total", "HTTP requests since start.", svc.metrics.requests);
  line("hallq_http_errors_4xx_total", "4xx answers.", svc.metrics.errors_4xx);
  line("hallq_http_errors_5xx_total", "5xx answers.", svc.metrics.errors_5xx);
  line("hallq_ws_subscribers", "Connected WebSocket clients.", svc.hub.subscribers());
  line("hallq_ws_dropped_total", "WebSocket clients dropped for not reading or not answering pings.", svc.hub.dropped());
  line("hallq_ws_frames_total", "WebSocket frames sent.", svc.hub.frames_sent());
  line("hallq_ws_writes_total", "Gathered socket writes that carried them.", svc.hub.writes());
  line("hallq_snapshots_total", "Snapshots taken since start (by the snapshot thread).", hall.snapshots_taken());
  line("hallq_snapshot_encode_ms", "How long the last snapshot took to encode.", hall.last_snapshot_encode_ms());
  line("hallq_storage_ok", "1 while the last commit succeeded.", hall.storage_ok() ? 1 : 0);
  line("hallq_tickets_waiting", "Tickets waiting now.", [&] {
    std::size_t n = 0;
    for (const auto& [sv, q] : hall.state().waiting) n += q.size();
    return n;
  }());
  // R-CASE-1, R-CASE-5: cases awaiting a decision (or a written notice), and those past due.
  line("hallq_cases_open", "Cases accepted and undecided, and one-time notices not yet delivered.",
       hall.state().open_cases.size());
  line("hallq_cases_overdue", "Open cases past their deadline.", [&] {
    std::size_t n = 0;
    const auto now = hall.now();
    for (const auto& id : hall.state().open_cases)
      if (const auto k = hall.state().cases.find(id); k != hall.state().cases.end() && now >= k->second.due) ++n;
    return n;
  }());
  c.reply_raw(200, std::move(m), "text/plain; version=0.0.4");
}

void login(Services& svc, Call& c) {
  const auto staff_id = c.str("staff_id", true, 64);
  if (!staff_id) return;
  const auto pin = c.str("pin", true, 64);
  if (!pin) return;
  const auto now = unix_now();
  if (!svc.auth.login_allowed(*staff_id, now))
    return c.fail(429, "rate_limited", "too many failed logins for " + *staff_id + "; wait a few minutes");
  auto send = c.send;
  const auto version = c.req.version();
  const bool keep_alive = c.req.keep_alive();
  c.done = true;
  auto& io = svc.hall.io();
  svc.auth.verify_login(
      *staff_id, *pin, [&svc, &io, id = *staff_id, send, version, keep_alive](Auth::LoginResult r, std::string token) {
        boost::asio::post(io, [&svc, id, send, version, keep_alive, r, token = std::move(token)] {
          const auto now2 = unix_now();
          if (r != Auth::LoginResult::ok) {
            svc.auth.login_failed(id, now2);
            return send(error_response(401, "bad_credentials", "staff id or PIN is wrong", version, keep_alive));
          }
          try {
            svc.auth.record_session(token, id, now2);
          } catch (const std::exception&) {
            return send(error_response(503, "storage_unavailable", "cannot record the login; try again", version, keep_alive));
          }
          json::object o{{"token", token}, {"staff", staff_summary_json(*svc.cfg->find_staff(id))}};
          send(json_response(200, json::serialize(o), version, keep_alive));
        });
      });
}

void state(Services& svc, Call& c) {
  c.reply_when_durable(svc.hall, json::serialize(snapshot_json(svc.hall.state(), svc.hall.now())));
}

// Extension: the hall as configured, without PINs and device tokens, so clients (display,
// console) can keep a full mirror of the state (see /ws?mirror=1).
void hall_config(Services& svc, Call& c) {
  c.reply_raw(200, svc.hall.options().public_config, "application/json; charset=utf-8");
}

void events(Services& svc, Call& c) {
  std::int64_t since = 0;
  int limit = 100;
  try {
    if (c.query.count("since")) since = std::stoll(c.query["since"]);
    if (c.query.count("limit")) limit = std::stoi(c.query["limit"]);
  } catch (const std::exception&) {
    return c.fail(400, "bad_request", "since and limit must be integers");
  }
  if (since < 0 || limit <= 0) return c.fail(400, "bad_request", "since must be >= 0 and limit > 0");
  limit = std::min(limit, svc.limits.max_events_page);
  // Only durable events are visible: the reader's connection sees committed rows only, and the
  // page stops at the last event the hall had announced when the request came (as /ws does).
  const auto durable = svc.hall.durable_seq();
  c.reply_from_reader(svc, [since, limit, durable, version = c.req.version(), keep = c.req.keep_alive()](store::Db& db) {
    try {
      const auto rows = store::events_after(db, since, limit);
      return json_response(200, events_page_json(rows, since, durable), version, keep);
    } catch (const std::exception& ex) {
      return error_response(503, "storage_unavailable", ex.what(), version, keep);
    }
  });
}

void advance_clock(Services& svc, Call& c) {
  if (!svc.hall.manual())
    return c.fail(409, "clock_not_manual", "the server runs on the real clock (start it with --clock manual)");
  const auto seconds = c.integer("advance_seconds", true);
  if (!seconds) return;
  if (*seconds < 0 || *seconds > 366LL * 86400) return c.fail(422, "invalid", "advance_seconds must be between 0 and one year");
  auto send = c.send;
  const auto version = c.req.version();
  const bool keep_alive = c.req.keep_alive();
  c.done = true;
  svc.hall.advance_clock(*seconds, [&svc, send, version, keep_alive](bool ok) {
    if (!ok) return send(error_response(503, "storage_unavailable", "storage failed; try again", version, keep_alive));
    const auto now = domain::format_time(svc.hall.now(), svc.cfg->hall.utc_offset);
    send(json_response(200, json::serialize(json::object{{"now", now}}), version, keep_alive));
  });
}

}  // namespace hallq::server::ep
