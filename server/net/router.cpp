// Endpoint handlers. Each decodes and checks its input, asks the hall, and shapes the answer;
// the rules themselves live in the engine.
#include "net/router.hpp"

#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <boost/asio/post.hpp>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "core/engine.hpp"
#include "net/server.hpp"
#include "net/papers.hpp"
#include "net/views.hpp"
#include "report/report.hpp"

namespace hallq::server {

namespace http = boost::beast::http;
namespace json = boost::json;
using core::Command;

Response json_response(unsigned status, std::string body, unsigned version, bool keep_alive) {
  Response res{static_cast<http::status>(status), version};
  res.set(http::field::content_type, "application/json; charset=utf-8");
  res.set(http::field::cache_control, "no-store");
  res.keep_alive(keep_alive);
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

Response error_response(unsigned status, const std::string& code, const std::string& message, unsigned version,
                        bool keep_alive) {
  json::object o{{"error", json::object{{"code", code}, {"message", message}}}};
  return json_response(status, json::serialize(o), version, keep_alive);
}

namespace {

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    const auto slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash);
  }
  return parts;
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string url_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i] == '+' ? ' ' : s[i]);
    }
  }
  return out;
}

}  // namespace

std::map<std::string, std::string> parse_query(std::string_view target) {
  std::map<std::string, std::string> q;
  const auto qpos = target.find('?');
  if (qpos == std::string_view::npos) return q;
  std::string_view rest = target.substr(qpos + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const auto pair = rest.substr(0, amp);
    const auto eq = pair.find('=');
    q[url_decode(pair.substr(0, eq))] = eq == std::string_view::npos ? "" : url_decode(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return q;
}

namespace {

unsigned status_of(core::Rejected::Kind k) {
  switch (k) {
    case core::Rejected::Kind::invalid: return 422;
    case core::Rejected::Kind::not_found: return 404;
    case core::Rejected::Kind::forbidden: return 403;
    case core::Rejected::Kind::conflict: return 409;
  }
  return 409;
}

json::object staff_json(const core::State& s, const std::string& id) {
  const auto* cfg = s.cfg().find_staff(id);
  const auto* st = s.staff_state(id);
  json::object o{{"id", id}, {"name", cfg ? cfg->name : id}, {"role", cfg ? domain::to_string(cfg->role) : "staff"},
                 {"department", cfg ? cfg->department : ""}};
  if (!st) return o;
  o["signed_in"] = st->signed_in;
  o["post"] = st->post.empty() ? json::value(nullptr) : json::value(st->post);
  if (!st->post_as.empty()) o["as"] = st->post_as;
  if (!st->home.empty()) o["covering_from"] = st->home;
  if (st->off_post) {
    const auto off = s.cfg().hall.utc_offset;
    o["off_post"] = json::object{{"window", st->off_post->window},
                                 {"reason", st->off_post->reason},
                                 {"destination", st->off_post->destination},
                                 {"since", domain::format_time(st->off_post->since, off)},
                                 {"expected_return", domain::format_time(st->off_post->expected_return, off)}};
    if (!st->off_post->handover.empty()) {  // R-AB-4
      o["off_post"].as_object()["handover"] = st->off_post->handover;
      o["off_post"].as_object()["handover_acknowledged_by"] =
          st->off_post->handover_ack_by.empty() ? json::value(nullptr) : json::value(st->off_post->handover_ack_by);
    }
  } else {
    o["off_post"] = nullptr;
  }
  return o;
}

}  // namespace

// [SECTION] request context and field decoding

struct Router::Call {
  Request req;
  Send send;
  bool loopback = false;
  std::string path;
  std::map<std::string, std::string> query;
  std::optional<Principal> who;
  json::object body;
  bool done = false;

  void reply(unsigned status, const json::value& v) {
    if (done) return;
    done = true;
    send(json_response(status, json::serialize(v), req.version(), req.keep_alive()));
  }
  void reply_raw(unsigned status, std::string body_text, const char* content_type) {
    if (done) return;
    done = true;
    Response res{static_cast<http::status>(status), req.version()};
    res.set(http::field::content_type, content_type);
    res.keep_alive(req.keep_alive());
    res.body() = std::move(body_text);
    res.prepare_payload();
    send(std::move(res));
  }
  // Durable before visible: `text` describes state that may still be committing.
  void reply_when_durable(Hall& hall, std::string text) {
    done = true;
    hall.when_durable([text = std::move(text), s = send, version = req.version(), keep = req.keep_alive()](bool ok) mutable {
      if (ok) s(json_response(200, std::move(text), version, keep));
      else s(error_response(503, "storage_unavailable", "storage failed; try again", version, keep));
    });
  }
  void fail(unsigned status, const std::string& code, const std::string& message) {
    if (done) return;
    done = true;
    send(error_response(status, code, message, req.version(), req.keep_alive()));
  }

  // Field readers: a wrong type is 400 bad_request, a missing/empty required field 422 invalid.
  // On error they answer and return nullopt; callers just return.
  std::optional<std::string> str(const char* key, bool required, std::size_t max_len = 200) {
    const auto* v = body.if_contains(key);
    if (!v || v->is_null()) {
      if (required) fail(422, "invalid", std::string(key) + " is required");
      return required ? std::nullopt : std::optional<std::string>(std::string());
    }
    if (!v->is_string()) {
      fail(400, "bad_request", std::string(key) + " must be a string");
      return std::nullopt;
    }
    std::string s(v->get_string());
    if (required && s.empty()) {
      fail(422, "invalid", std::string(key) + " must not be empty");
      return std::nullopt;
    }
    if (s.size() > max_len) {
      fail(422, "invalid", std::string(key) + " is longer than " + std::to_string(max_len) + " bytes");
      return std::nullopt;
    }
    return s;
  }
  std::optional<std::int64_t> integer(const char* key, bool required) {
    const auto* v = body.if_contains(key);
    if (!v || v->is_null()) {
      if (required) fail(422, "invalid", std::string(key) + " is required");
      return required ? std::nullopt : std::optional<std::int64_t>(0);
    }
    if (v->is_int64()) return v->get_int64();
    if (v->is_uint64() && v->get_uint64() < (1ull << 62)) return static_cast<std::int64_t>(v->get_uint64());
    fail(400, "bad_request", std::string(key) + " must be an integer");
    return std::nullopt;
  }
  std::optional<bool> boolean(const char* key) {
    const auto* v = body.if_contains(key);
    if (!v || v->is_null()) {
      fail(422, "invalid", std::string(key) + " is required");
      return std::nullopt;
    }
    if (!v->is_bool()) {
      fail(400, "bad_request", std::string(key) + " must be true or false");
      return std::nullopt;
    }
    return v->get_bool();
  }
  std::optional<std::vector<std::string>> str_list(const char* key) {
    std::vector<std::string> out;
    const auto* v = body.if_contains(key);
    if (!v || v->is_null()) return out;
    if (!v->is_array()) {
      fail(400, "bad_request", std::string(key) + " must be an array of strings");
      return std::nullopt;
    }
    for (const auto& x : v->get_array()) {
      if (!x.is_string() || x.get_string().empty() || x.get_string().size() > 200) {
        fail(400, "bad_request", std::string(key) + " must be an array of non-empty strings");
        return std::nullopt;
      }
      out.emplace_back(x.get_string());
    }
    if (out.size() > 50) {
      fail(422, "invalid", std::string(key) + " lists too many items");
      return std::nullopt;
    }
    return out;
  }

  bool need_auth() {
    if (who) return true;
    fail(401, "unauthenticated", "send Authorization: Bearer TOKEN (from POST /api/login or the device config)");
    return false;
  }
  bool need(bool allowed, const std::string& what) {
    if (!need_auth()) return false;
    if (allowed) return true;
    fail(403, "forbidden", who->id + " (" + who->role + ") may not " + what);
    return false;
  }
};

Router::Router(Hall& hall, Auth& auth, Hub& hub, store::EventStore& store, std::shared_ptr<const domain::HallConfig> cfg,
               const Limits& limits)
    : hall_(hall), auth_(auth), hub_(hub), store_(store), cfg_(std::move(cfg)), limits_(limits) {}

std::optional<Principal> Router::authenticate(std::string_view token) { return auth_.authenticate(token, unix_now()); }

void Router::handle(Request req, bool from_loopback, Send send) {
  ++metrics_.requests;
  auto c = std::make_shared<Call>();
  c->loopback = from_loopback;
  // Count errors on the way out.
  c->send = [this, send = std::move(send)](Response res) {
    const auto code = res.result_int();
    if (code >= 500) ++metrics_.errors_5xx;
    else if (code >= 400) ++metrics_.errors_4xx;
    send(std::move(res));
  };
  c->req = std::move(req);
  const std::string_view target = c->req.target();
  c->path = std::string(target.substr(0, target.find('?')));
  c->query = parse_query(target);
  const auto auth = c->req[http::field::authorization];
  if (auth.size() > 7 && (auth.substr(0, 7) == "Bearer " || auth.substr(0, 7) == "bearer "))
    c->who = authenticate(auth.substr(7));
  if (c->req.method() == http::verb::post || c->req.method() == http::verb::put) {
    const std::string& text = c->req.body();
    if (!text.empty()) {
      boost::system::error_code ec;
      json::value v = json::parse(text, ec);
      if (ec) return c->fail(400, "bad_request", "body is not valid JSON: " + ec.message());
      if (!v.is_object()) return c->fail(400, "bad_request", "body must be a JSON object");
      c->body = std::move(v.get_object());
    }
  }
  // Asynchronous answers copy `send`; the Call itself ends with this function.
  route(*c);
}

void Router::route(Call& c) {
  const auto parts = split_path(c.path);
  const auto method = c.req.method();
  auto is = [&](std::initializer_list<std::string_view> p) {
    return parts.size() == p.size() && std::equal(p.begin(), p.end(), parts.begin());
  };
  if (is({"healthz"})) {
    if (method != http::verb::get) return c.fail(405, "method_not_allowed", "use GET");
    return c.reply(hall_.storage_ok() ? 200 : 503,
                   json::object{{"status", hall_.storage_ok() ? "ok" : "storage_unavailable"}, {"seq", hall_.durable_seq()}});
  }
  if (is({"metrics"})) return metrics(c);
  if (parts.size() < 2 || parts[0] != "api") return c.fail(404, "not_found", "no such endpoint: " + c.path);
  const std::string_view group = parts[1];
  if (group == "login" && parts.size() == 2) {
    if (method != http::verb::post) return c.fail(405, "method_not_allowed", "use POST");
    return login(c);
  }
  if (group == "state" && parts.size() == 2) {
    if (method != http::verb::get) return c.fail(405, "method_not_allowed", "use GET");
    if (!c.need_auth()) return;
    return c.reply_when_durable(hall_, json::serialize(snapshot_json(hall_.state(), hall_.now())));
  }
  if (group == "hall" && parts.size() == 2) {
    // Extension: the hall as configured, without PINs and device tokens, so clients (display,
    // console) can keep a full mirror of the state (see /ws?mirror=1).
    if (method != http::verb::get) return c.fail(405, "method_not_allowed", "use GET");
    if (!c.need_auth()) return;
    return c.reply_raw(200, hall_.options().public_config, "application/json; charset=utf-8");
  }
  if (group == "tickets" || group == "appointments") return tickets(c, parts);
  if (group == "windows") return windows(c, parts);
  if (group == "staff") return staff(c, parts);
  if (group == "events" && parts.size() == 2) return events(c);
  if (group == "alerts") return alerts(c, parts);
  if (group == "leave") return leave(c, parts);
  if (group == "violations") return violations(c, parts);
  if (group == "bulletins") return bulletins(c, parts);
  if (group == "assessments") return assessments(c, parts);
  if (group == "complaints") return complaints(c, parts);
  if (group == "follow-ups") return follow_ups(c, parts);
  if (group == "cases") return cases(c, parts);
  if (group == "scores" && parts.size() == 2) return scores(c);
  if (group == "reports") return reports(c, parts);
  if (group == "admin" && parts.size() == 3 && parts[2] == "clock") return clock(c);
  return c.fail(404, "not_found", "no such endpoint: " + c.path);
}

void Router::command(Call& c, core::CommandBody body, unsigned ok_status,
                     std::function<std::string(const core::State&, const core::Events&)> render) {
  auto send = c.send;
  const auto version = c.req.version();
  const bool keep_alive = c.req.keep_alive();
  c.done = true;
  hall_.execute(Command{c.who ? c.who->id : "anonymous", std::move(body)}, std::move(render),
                [send, version, keep_alive, ok_status](const CommandOutcome& out, const std::string& rendered) {
                  switch (out.status) {
                    case CommandOutcome::Status::ok:
                      return send(json_response(ok_status, rendered, version, keep_alive));
                    case CommandOutcome::Status::rejected:
                      return send(error_response(status_of(out.rejected.kind), core::refusal_name(out.rejected.code), out.rejected.message,
                                                 version, keep_alive));
                    case CommandOutcome::Status::storage_failed:
                      return send(error_response(503, "storage_unavailable",
                                                 "the event could not be stored; nothing changed, try again", version,
                                                 keep_alive));
                  }
                });
}

// [SECTION] endpoints

void Router::login(Call& c) {
  const auto staff_id = c.str("staff_id", true, 64);
  if (!staff_id) return;
  const auto pin = c.str("pin", true, 64);
  if (!pin) return;
  const auto now = unix_now();
  if (!auth_.login_allowed(*staff_id, now))
    return c.fail(429, "rate_limited", "too many failed logins for " + *staff_id + "; wait a few minutes");
  auto send = c.send;
  const auto version = c.req.version();
  const bool keep_alive = c.req.keep_alive();
  c.done = true;
  auto& io = hall_.io();
  auth_.verify_login(*staff_id, *pin, [this, &io, id = *staff_id, send, version, keep_alive](Auth::LoginResult r, std::string token) {
    boost::asio::post(io, [this, id, send, version, keep_alive, r, token = std::move(token)] {
      const auto now2 = unix_now();
      if (r != Auth::LoginResult::ok) {
        auth_.login_failed(id, now2);
        return send(error_response(401, "bad_credentials", "staff id or PIN is wrong", version, keep_alive));
      }
      try {
        auth_.record_session(token, id, now2);
      } catch (const std::exception&) {
        return send(error_response(503, "storage_unavailable", "cannot record the login; try again", version, keep_alive));
      }
      const auto* st = cfg_->find_staff(id);
      json::object o{{"token", token},
                     {"staff", json::object{{"id", id}, {"name", st->name}, {"role", domain::to_string(st->role)},
                                            {"department", st->department}}}};
      send(json_response(200, json::serialize(o), version, keep_alive));
    });
  });
}

void Router::tickets(Call& c, const std::vector<std::string_view>& parts) {
  const auto method = c.req.method();
  const auto now_render = [this] { return hall_.now(); };
  if (parts[1] == "appointments") {  // POST /api/appointments {service, slot} (extension, R-Q-7)
    if (parts.size() != 2 || method != http::verb::post) return c.fail(parts.size() == 2 ? 405 : 404, parts.size() == 2 ? "method_not_allowed" : "not_found", "use POST /api/appointments");
    if (!c.need(c.who && (c.who->is("kiosk") || c.who->is_staff()), "book appointments")) return;
    const auto service = c.str("service", true, 64);
    if (!service) return;
    const auto slot_text = c.str("slot", true, 40);
    if (!slot_text) return;
    const auto slot = domain::parse_time(*slot_text, cfg_->hall.utc_offset);
    if (!slot) return c.fail(422, "invalid", "slot must be a time like 2026-11-23T10:00:00+08:00");
    const std::string id = random_token(12);
    return command(c, core::BookAppointment{*service, *slot, id}, 201, [id](const core::State& s, const core::Events&) {
      const auto it = s.appointments.find(id);
      if (it == s.appointments.end()) return std::string("{}");
      return json::serialize(json::object{
          {"appointment", json::object{{"id", id}, {"service", it->second.service},
                                       {"slot", domain::format_time(it->second.slot, s.cfg().hall.utc_offset)}}}});
    });
  }
  if (parts.size() == 2) {  // POST /api/tickets
    if (method != http::verb::post) return c.fail(405, "method_not_allowed", "use POST");
    if (!c.need(c.who && (c.who->is("kiosk") || c.who->is_staff()), "issue tickets")) return;
    const auto service = c.str("service", true, 64);
    if (!service) return;
    auto priority = c.str("priority", false, 16);
    if (!priority) return;
    if (priority->empty()) *priority = "normal";
    const auto appointment = c.str("appointment", false, 64);
    if (!appointment) return;
    const auto previous = c.str("previous", false, 64);
    if (!previous) return;
    return command(c, core::IssueTicket{*service, *priority, *appointment, *previous, random_token(16)}, 201,
                   [now_render](const core::State& s, const core::Events& ev) {
                     return json::serialize(json::object{{"ticket", ticket_or_null(s, ev.front().ticket, now_render())}});
                   });
  }
  const std::string id(parts[2]);
  if (parts.size() == 3) {  // GET /api/tickets/{id}: anyone holding the id
    if (method != http::verb::get) return c.fail(405, "method_not_allowed", "use GET");
    const auto* t = hall_.state().ticket(id);
    if (!t) return c.fail(404, "not_found", "no ticket with this id");
    return c.reply_when_durable(hall_, json::serialize(json::object{{"ticket", ticket_json(hall_.state(), *t, hall_.now())}}));
  }
  if (parts.size() == 4 && method == http::verb::post && parts[3] == "rating") {
    const auto level = c.integer("level", true);
    if (!level) return;
    return command(c, core::RateTicket{id, static_cast<int>(std::clamp<std::int64_t>(*level, -1, 6))}, 201,
                   [id, now_render](const core::State& s, const core::Events&) {
                     return json::serialize(json::object{{"ticket", ticket_or_null(s, id, now_render())}});
                   });
  }
  if (parts.size() == 4 && method == http::verb::post && parts[3] == "requeue") {  // R-Q-4 (extension)
    return command(c, core::RequeueTicket{id}, 200, [id, now_render](const core::State& s, const core::Events&) {
      return json::serialize(json::object{{"ticket", ticket_or_null(s, id, now_render())}});
    });
  }
  return c.fail(404, "not_found", "no such endpoint: " + c.path);
}

void Router::windows(Call& c, const std::vector<std::string_view>& parts) {
  if (parts.size() == 2 && c.req.method() == http::verb::get) {
    if (!c.need_auth()) return;
    json::array out;
    for (const auto& w : cfg_->windows) out.push_back(window_json(hall_.state(), w, hall_.now()));
    return c.reply(200, json::object{{"windows", std::move(out)}});
  }
  if (parts.size() != 4) return c.fail(404, "not_found", "no such endpoint: " + c.path);
  const std::string w(parts[2]);
  const std::string_view action = parts[3];
  if (action == "substitutes" && c.req.method() == http::verb::get) {  // R-AB-3, R-AB-6
    if (!c.need(c.who && c.who->is_staff(), "see substitutes")) return;
    if (!cfg_->find_window(w)) return c.fail(404, "unknown_window", "no window " + w);
    json::array out;
    const auto& st = hall_.state();
    for (const auto& cand : core::substitutes(st, w, hall_.now())) {
      const auto* person = cfg_->find_staff(cand.staff);
      out.push_back(json::object{{"staff", cand.staff},
                                 {"name", person ? person->name : cand.staff},
                                 {"as", cand.as},
                                 {"empties_window", cand.empties_window},
                                 {"available", cand.available},
                                 {"on_leave", cand.on_leave},
                                 {"on_post", cand.on_post.empty() ? json::value(nullptr) : json::value(cand.on_post)},
                                 {"remote", cand.remote},
                                 {"effect_minutes", cand.effect_minutes}});
      if (cand.remote) out.back().as_object()["at"] = cand.on_post;  // R-AB-7: covers from there
    }
    return c.reply(200, json::object{{"window", w}, {"candidates", std::move(out)}});
  }
  if (c.req.method() != http::verb::post) return c.fail(405, "method_not_allowed", "use POST");
  if (!c.need_auth()) return;
  const auto now_render = [this] { return hall_.now(); };
  const auto ticket_answer = [now_render](const core::State& s, const core::Events& ev) {
    return json::serialize(json::object{{"ticket", ev.empty() ? json::value(nullptr) : ticket_or_null(s, ev.front().ticket, now_render())}});
  };
  const auto window_answer = [w, now_render](const core::State& s, const core::Events&) {
    const auto* cfg = s.cfg().find_window(w);
    return json::serialize(json::object{{"window", cfg ? json::value(window_json(s, *cfg, now_render())) : json::value(nullptr)}});
  };
  if (!cfg_->find_window(w)) return c.fail(404, "unknown_window", "no window " + w);
  const bool staff = c.who->is_staff();
  if (action == "call-next" || action == "recall" || action == "no-show" || action == "start" || action == "finish" ||
      action == "transfer") {
    if (!c.need(staff, "act on tickets at a window")) return;
    if (action == "call-next") return command(c, core::CallNext{w}, 200, ticket_answer);
    if (action == "recall") return command(c, core::Recall{w}, 200, ticket_answer);
    if (action == "no-show") return command(c, core::MarkNoShow{w}, 200, ticket_answer);
    if (action == "start") return command(c, core::StartService{w}, 200, ticket_answer);
    if (action == "finish") {
      auto outcome = c.str("outcome", false, 32);
      if (!outcome) return;
      if (outcome->empty()) *outcome = "done";
      auto missing = c.str_list("missing");
      if (!missing) return;
      auto reason = c.str("reason", false, 1000);
      if (!reason) return;
      // R-CASE-1: accepted, incomplete_materials and rejected open a case; the answer carries it.
      const auto finish_answer = [now_render](const core::State& s, const core::Events& ev) {
        json::object o{{"ticket", ev.empty() ? json::value(nullptr) : ticket_or_null(s, ev.front().ticket, now_render())}};
        for (const auto& e : ev)
          if (e.type == domain::EventType::case_opened)
            if (const auto k = s.cases.find(e.case_id); k != s.cases.end()) o["case"] = case_json(s, k->second, now_render());
        return json::serialize(o);
      };
      return command(c, core::FinishService{w, *outcome, *missing, *reason, random_token(16)}, 200, finish_answer);
    }
    const auto service = c.str("service", true, 64);
    if (!service) return;
    return command(c, core::TransferTicket{w, *service}, 200, ticket_answer);
  }
  if (action == "open" || action == "close") {
    if (!c.need(c.who->supervises(), "open or close windows")) return;
    if (action == "open") return command(c, core::OpenWindow{w}, 200, window_answer);
    return command(c, core::CloseWindow{w}, 200, window_answer);
  }
  if (action == "presence") {  // R-EMP-4: sensors, or a supervisor's inspection
    if (!c.need(c.who->is("sensor") || c.who->supervises(), "report presence")) return;
    const auto present = c.boolean("present");
    if (!present) return;
    return command(c, core::ReportPresence{w, *present}, 200, window_answer);
  }
  return c.fail(404, "not_found", "no such endpoint: " + c.path);
}

void Router::staff(Call& c, const std::vector<std::string_view>& parts) {
  if (parts.size() != 4) return c.fail(404, "not_found", "no such endpoint: " + c.path);
  if (c.req.method() != http::verb::post) return c.fail(405, "method_not_allowed", "use POST");
  if (!c.need_auth()) return;
  const std::string s(parts[2]);
  const std::string_view action = parts[3];
  static const std::set<std::string_view> actions{"sign-in", "take-over", "off-post", "return", "sign-out", "handover-ack"};
  if (!actions.count(action)) return c.fail(404, "not_found", "no such endpoint: " + c.path);
  if (!cfg_->find_staff(s)) return c.fail(404, "unknown_staff", "no staff member " + s);
  const bool self = c.who->is_staff() && c.who->id == s;
  // Only take-over may be done on someone's behalf: a supervisor assigning a substitute.
  // handover-ack is done by whoever covers s (R-AB-4); the engine checks who that is.
  const bool allowed = self || (action == "take-over" && c.who->is_staff() && c.who->supervises()) ||
                       (action == "handover-ack" && c.who->is_staff());
  if (!c.need(allowed, std::string(action) + " for " + s)) return;
  const auto answer = [s](const core::State& st, const core::Events&) {
    return json::serialize(json::object{{"staff", staff_json(st, s)}});
  };
  if (action == "sign-in" || action == "take-over") {
    const auto window = c.str("window", true, 64);
    if (!window) return;
    if (action == "sign-in") return command(c, core::SignIn{s, *window}, 200, answer);
    const auto from_window = c.str("from_window", false, 64);  // R-AB-7 (extension)
    if (!from_window) return;
    return command(c, core::TakeOver{s, *window, *from_window}, 200, answer);
  }
  if (action == "off-post") {
    const auto reason = c.str("reason", true);
    if (!reason) return;
    const auto destination = c.str("destination", true);
    if (!destination) return;
    const auto minutes = c.integer("expected_minutes", true);
    if (!minutes) return;
    if (*minutes <= 0 || *minutes > 1440) return c.fail(422, "invalid", "expected_minutes must be between 1 and 1440 (R-OFF-1)");
    const auto handover = c.str("handover", false, 1000);  // R-AB-4 (extension)
    if (!handover) return;
    return command(c, core::GoOffPost{s, *reason, *destination, static_cast<int>(*minutes), *handover}, 200, answer);
  }
  if (action == "handover-ack") {
    const auto note = c.str("note", false, 500);
    if (!note) return;
    return command(c, core::AckHandover{"", s, *note}, 200, answer);
  }
  if (action == "return") return command(c, core::ReturnToPost{s}, 200, answer);
  return command(c, core::SignOut{s}, 200, answer);
}

void Router::events(Call& c) {
  if (c.req.method() != http::verb::get) return c.fail(405, "method_not_allowed", "use GET");
  if (!c.need(c.who && c.who->is_staff() && c.who->supervises(), "read the event log")) return;
  std::int64_t since = 0;
  int limit = 100;
  try {
    if (c.query.count("since")) since = std::stoll(c.query["since"]);
    if (c.query.count("limit")) limit = std::stoi(c.query["limit"]);
  } catch (const std::exception&) {
    return c.fail(400, "bad_request", "since and limit must be integers");
  }
  if (since < 0 || limit <= 0) return c.fail(400, "bad_request", "since must be >= 0 and limit > 0");
  limit = std::min(limit, limits_.max_events_page);
  // Only durable events are visible.
  std::vector<std::string> rows;
  try {
    rows = store_.events_after(since, limit);
  } catch (const std::exception& ex) {
    return c.fail(503, "storage_unavailable", ex.what());
  }
  std::string body = "{\"events\":[";
  std::int64_t next = since;
  int n = 0;
  for (const auto& r : rows) {
    boost::system::error_code ec;
    const auto v = json::parse(r, ec);
    if (ec || !v.is_object()) continue;
    const auto seq = v.get_object().at("seq").to_number<std::int64_t>();
    if (seq > hall_.durable_seq()) break;
    body += (n++ ? "," : "") + r;
    next = seq;
  }
  body += "],\"next\":" + std::to_string(next) + "}";
  c.done = true;
  c.send(json_response(200, std::move(body), c.req.version(), c.req.keep_alive()));
}

void Router::alerts(Call& c, const std::vector<std::string_view>& parts) {
  if (parts.size() == 2) {  // GET /api/alerts?active=1 — the engine keeps the active ones
    if (c.req.method() != http::verb::get) return c.fail(405, "method_not_allowed", "use GET");
    if (!c.need(c.who && c.who->is_staff(), "read alerts")) return;
    json::array out;
    for (const auto& [id, a] : hall_.state().alerts) out.push_back(alert_json(hall_.state(), a));
    return c.reply(200, json::object{{"alerts", std::move(out)}});
  }
  if (parts.size() == 4 && parts[3] == "ack") {
    if (c.req.method() != http::verb::post) return c.fail(405, "method_not_allowed", "use POST");
    if (!c.need(c.who && c.who->is_staff() && c.who->supervises(), "acknowledge alerts")) return;
    const auto note = c.str("note", false, 500);
    if (!note) return;
    const std::string id(parts[2]);
    return command(c, core::AckAlert{id, *note}, 200, [id](const core::State& s, const core::Events& ev) {
      json::object a = ev.empty() ? json::object{} : json::object{{"id", id}, {"kind", ev.front().kind},
                                                                  {"acknowledged_by", ev.front().actor}};
      if (const auto it = s.alerts.find(id); it != s.alerts.end()) a = alert_json(s, it->second);
      return json::serialize(json::object{{"alert", std::move(a)}});
    });
  }
  return c.fail(404, "not_found", "no such endpoint: " + c.path);
}

void Router::leave(Call& c, const std::vector<std::string_view>& parts) {
  if (!c.need_auth()) return;
  const auto& st = hall_.state();
  if (parts.size() == 2 && c.req.method() == http::verb::get) {  // GET /api/leave?staff=&status= (extension)
    if (!c.need(c.who->is_staff(), "read leave requests")) return;
    const bool manager = c.who->supervises() || c.who->is("department_head");
    json::array out;
    for (const auto& [id, l] : st.leaves) {
      if (!manager && l.staff != c.who->id) continue;
      if (c.query.count("staff") && l.staff != c.query["staff"]) continue;
      if (c.query.count("status") && to_string(l.status) != c.query["status"]) continue;
      out.push_back(leave_json(st, l));
    }
    return c.reply(200, json::object{{"leaves", std::move(out)}});
  }
  if (c.req.method() != http::verb::post) return c.fail(405, "method_not_allowed", "use POST");
  if (parts.size() == 2) {  // POST /api/leave
    const auto staff_id = c.str("staff", true, 64);
    if (!staff_id) return;
    if (!c.need(c.who->is_staff() && (c.who->id == *staff_id || c.who->supervises()), "request leave for " + *staff_id)) return;
    const auto from = c.str("from", true, 10);
    if (!from) return;
    const auto to = c.str("to", true, 10);
    if (!to) return;
    const auto reason = c.str("reason", true, 500);
    if (!reason) return;
    core::RequestLeave req{*staff_id, *from, *to, *reason};
    // Extensions (issue 12 §4): half days, kind, planned cover, hand-over note.
    for (auto [key, field] : {std::pair{"from_half", &req.from_half}, std::pair{"to_half", &req.to_half},
                              std::pair{"half", &req.half}}) {
      const auto v = c.str(key, false, 2);
      if (!v) return;
      *field = *v;
    }
    auto kind = c.str("kind", false, 16);
    if (!kind) return;
    req.kind = kind->empty() ? "leave" : *kind;
    const auto handover = c.str("handover", false, 1000);
    if (!handover) return;
    req.handover = *handover;
    if (const auto* cover = c.body.if_contains("cover"); cover && !cover->is_null()) {
      if (!cover->is_object()) return c.fail(400, "bad_request", "cover must be an object {\"W01\": \"s003\"}");
      if (cover->get_object().size() > 50) return c.fail(422, "invalid", "cover names too many windows");
      for (const auto& kv : cover->get_object()) {
        if (!kv.value().is_string() || kv.value().get_string().empty() || kv.value().get_string().size() > 64)
          return c.fail(400, "bad_request", "cover values must be staff ids");
        req.cover.emplace_back(std::string(kv.key()), std::string(kv.value().get_string()));
      }
    }
    return command(c, std::move(req), 201, [](const core::State& s, const core::Events& ev) {
      const auto it = s.leaves.find(ev.front().leave);
      return json::serialize(json::object{{"leave", it == s.leaves.end() ? json::value(nullptr) : json::value(leave_json(s, it->second))}});
    });
  }
  if (parts.size() == 4 && (parts[3] == "cancel" || parts[3] == "end" || parts[3] == "handover-ack")) {
    // R-LV-3 cancel / 销假, R-AB-4 hand-over acknowledgement; who may act is the engine's rule.
    if (!c.need(c.who->is_staff(), std::string(parts[3]) + " leave")) return;
    const auto note = c.str("note", false, 500);
    if (!note) return;
    const std::string id(parts[2]);
    const auto answer = [id](const core::State& s, const core::Events&) {
      const auto it = s.leaves.find(id);
      return json::serialize(json::object{{"leave", it == s.leaves.end() ? json::value(nullptr) : json::value(leave_json(s, it->second))}});
    };
    if (parts[3] == "cancel") return command(c, core::CancelLeave{id, *note}, 200, answer);
    if (parts[3] == "end") return command(c, core::EndLeave{id, *note}, 200, answer);
    return command(c, core::AckHandover{id, "", *note}, 200, answer);
  }
  if (parts.size() == 4 && (parts[3] == "approve" || parts[3] == "reject")) {
    if (!c.need(c.who->is_staff(), "decide leave")) return;
    const auto note = c.str("note", false, 500);
    if (!note) return;
    const std::string id(parts[2]);
    return command(c, core::DecideLeave{id, parts[3] == "approve", *note}, 200, [id](const core::State& s, const core::Events&) {
      const auto it = s.leaves.find(id);
      return json::serialize(json::object{{"leave", it == s.leaves.end() ? json::value(nullptr) : json::value(leave_json(s, it->second))}});
    });
  }
  return c.fail(404, "not_found", "no such endpoint: " + c.path);
}

void Router::violations(Call& c, const std::vector<std::string_view>& parts) {
  if (!c.need(c.who && c.who->is_staff() && c.who->supervises(), "handle violations")) return;
  const auto& st = hall_.state();
  if (parts.size() == 2 && c.req.method() == http::verb::get) {
    json::array out;
    const auto offset = cfg_->hall.utc_offset;
    for (const auto& [id, v] : st.violations) {
      if (c.query.count("status") && !c.query["status"].empty() && to_string(v.status) != c.query["status"]) continue;
      if (c.query.count("year") && !c.query["year"].empty() &&
          std::to_string(domain::local_date(v.at, offset).year) != c.query["year"])
        continue;
      out.push_back(violation_json(st, v));
    }
    return c.reply(200, json::object{{"violations", std::move(out)}});
  }
  if (c.req.method() != http::verb::post) return c.fail(405, "method_not_allowed", "use POST");
  if (parts.size() == 2) {  // an inspection finding, confirmed at once
    const auto kind = c.str("kind", true, 64);
    if (!kind) return;
    const auto staff_id = c.str("staff", false, 64);
    if (!staff_id) return;
    const auto department = c.str("department", false, 64);
    if (!department) return;
    const auto note = c.str("note", false, 500);
    if (!note) return;
    return command(c, core::RecordViolation{*kind, *staff_id, *department, *note}, 201,
                   [](const core::State& s, const core::Events& ev) {
                     const auto it = s.violations.find(ev.front().violation);
                     return json::serialize(json::object{
                         {"violation", it == s.violations.end() ? json::value(nullptr) : json::value(violation_json(s, it->second))}});
                   });
  }
  if (parts.size() == 4 && (parts[3] == "confirm" || parts[3] == "dismiss" || parts[3] == "withdraw")) {
    // withdraw (extension): a correction of a confirmed deduction, note required (R-SCR-2).
    const bool withdraw = parts[3] == "withdraw";
    const auto note = c.str("note", withdraw, 500);
    if (!note) return;
    const std::string id(parts[2]);
    return command(c, core::DecideViolation{id, parts[3] == "confirm", *note, withdraw}, 200, [id](const core::State& s, const core::Events&) {
      const auto it = s.violations.find(id);
      return json::serialize(json::object{
          {"violation", it == s.violations.end() ? json::value(nullptr) : json::value(violation_json(s, it->second))}});
    });
  }
  return c.fail(404, "not_found", "no such endpoint: " + c.path);
}

// GET /api/bulletins?year=&staff= and POST /api/bulletins {staff, violations, note} (extension,
// R-SCR-3): bulletins of criticism are a supervisor's records, citing confirmed violations.
void Router::bulletins(Call& c, const std::vector<std::string_view>& parts) {
  if (!c.need(c.who && c.who->is_staff() && c.who->supervises(), "handle bulletins")) return;
  if (parts.size() != 2) return c.fail(404, "not_found", "no such endpoint: " + c.path);
  const auto& st = hall_.state();
  if (c.req.method() == http::verb::get) {
    json::array out;
    const auto offset = cfg_->hall.utc_offset;
    for (const auto& [id, b] : st.bulletins) {
      if (c.query.count("staff") && !c.query["staff"].empty() && b.staff != c.query["staff"]) continue;
      if (c.query.count("year") && !c.query["year"].empty() &&
          std::to_string(domain::local_date(b.at, offset).year) != c.query["year"])
        continue;
      out.push_back(bulletin_json(st, b));
    }
    return c.reply(200, json::object{{"bulletins", std::move(out)}});
  }
  if (c.req.method() != http::verb::post) return c.fail(405, "method_not_allowed", "use GET or POST");
  const auto staff_id = c.str("staff", true, 64);
  if (!staff_id) return;
  const auto cited = c.str_list("violations");
  if (!cited) return;
  const auto note = c.str("note", true, 500);
  if (!note) return;
  return command(c, core::IssueBulletin{*staff_id, *cited, *note}, 201, [](const core::State& s, const core::Events& ev) {
    const auto it = s.bulletins.find(ev.front().bulletin);
    return json::serialize(
        json::object{{"bulletin", it == s.bulletins.end() ? json::value(nullptr) : json::value(bulletin_json(s, it->second))}});
  });
}

// GET /api/assessments?year=&quarter=&staff= and POST /api/assessments {staff, year, quarter,
// marks, grounds, note} (extension, R-SCR-5 / R-SCR-6): a supervisor's quarterly judgement of a
// person, the part of the grade no event can give.
void Router::assessments(Call& c, const std::vector<std::string_view>& parts) {
  if (!c.need(c.who && c.who->is_staff() && c.who->supervises(), "record assessments")) return;
  if (parts.size() != 2) return c.fail(404, "not_found", "no such endpoint: " + c.path);
  const auto& st = hall_.state();
  if (c.req.method() == http::verb::get) {
    const auto filter = [&](const char* key) { return c.query.count(key) ? c.query[key] : std::string(); };
    const std::string staff_id = filter("staff"), year = filter("year"), quarter = filter("quarter");
    json::array out;
    for (const auto& [who, quarters] : st.assessments) {
      if (!staff_id.empty() && who != staff_id) continue;
      for (const auto& [key, a] : quarters) {
        if (!year.empty() && std::to_string(a.year) != year) continue;
        if (!quarter.empty() && std::to_string(a.quarter) != quarter) continue;
        out.push_back(assessment_json(st, a));
      }
    }
    json::object items;
    for (const auto& [item, weight] : st.policy().judgement_weights) items[item] = weight;
    return c.reply(200, json::object{{"assessments", std::move(out)}, {"items", std::move(items)}});
  }
  if (c.req.method() != http::verb::post) return c.fail(405, "method_not_allowed", "use GET or POST");
  core::RecordAssessment cmd;
  const auto staff_id = c.str("staff", true, 64);
  if (!staff_id) return;
  cmd.staff = *staff_id;
  const auto year = c.integer("year", true);
  if (!year) return;
  const auto quarter = c.integer("quarter", true);
  if (!quarter) return;
  if (*year < 1970 || *year > 9999) return c.fail(422, "invalid", "year must be a four-digit year like 2026");
  cmd.year = static_cast<int>(*year);
  cmd.quarter = static_cast<int>(std::clamp<std::int64_t>(*quarter, -1, 5));  // decide names the range
  if (const auto* m = c.body.if_contains("marks"); m && !m->is_null()) {
    if (!m->is_object()) return c.fail(400, "bad_request", "marks must be an object of item → mark, e.g. {\"de\": 90}");
    if (m->get_object().size() > 50) return c.fail(422, "invalid", "marks lists too many items");
    for (const auto& kv : m->get_object()) {
      if (!kv.value().is_int64() && !kv.value().is_uint64())
        return c.fail(400, "bad_request", "mark for " + std::string(kv.key()) + " must be a whole number");
      const auto v = kv.value().is_int64() ? kv.value().get_int64() : 1000;
      cmd.marks.emplace_back(std::string(kv.key()), static_cast<int>(std::clamp<std::int64_t>(v, -1, 101)));
    }
  }
  const auto grounds = c.str_list("grounds");
  if (!grounds) return;
  cmd.grounds = *grounds;
  const auto note = c.str("note", false, 1000);
  if (!note) return;
  cmd.note = *note;
  return command(c, std::move(cmd), 201, [](const core::State& s, const core::Events& ev) {
    const auto& e = ev.front();
    const auto period = core::parse_quarter_period(e.period);
    const core::Assessment* a = period ? core::find_assessment(s, e.staff, period->first, period->second) : nullptr;
    return json::serialize(json::object{{"assessment", a ? json::value(assessment_json(s, *a)) : json::value(nullptr)}});
  });
}

// GET /api/reports/{daily|monthly|quarterly|annual} (R-RPT-1): computed from the report tables,
// which hold committed events only, so a report never shows what is not yet durable.
void Router::reports(Call& c, const std::vector<std::string_view>& parts) {
  if (parts.size() != 3) return c.fail(404, "not_found", "no such endpoint: " + c.path);
  if (c.req.method() != http::verb::get) return c.fail(405, "method_not_allowed", "use GET");
  if (!c.need(c.who && c.who->is_staff() && c.who->supervises(), "read reports")) return;
  const auto kind = report::parse_kind(parts[2]);
  if (!kind) return c.fail(404, "not_found", "no report \"" + std::string(parts[2]) + "\" (daily, monthly, quarterly, half-yearly, annual)");
  const std::string format = c.query.count("format") && !c.query["format"].empty() ? c.query["format"] : "json";
  const char* type = report::content_type(format);
  if (!type) return c.fail(422, "invalid", "format must be json, csv or html");
  std::string problem;
  const auto period = report::parse_period(*kind, c.query, &problem);
  if (!period) return c.fail(422, "invalid", problem);
  std::string body;
  try {
    const auto now = hall_.now();
    auto input = store_.report_input(*period, cfg_->hall.utc_offset, now);
    input.generated_at = domain::format_time(now, cfg_->hall.utc_offset);
    auto rep = report::compute_report(*cfg_, input);
    if (rep.has_scores) {
      // R-SCR-5 / R-SCR-6: quarterly grades and return flags come from the engine's own scoring
      // (the same figures as GET /api/scores), quarters of the report's period only.
      const auto scores = core::compute_scores(hall_.state(), period->year);
      for (auto& s : rep.staff_scores) {
        const auto it = std::find_if(scores.staff.begin(), scores.staff.end(), [&](const auto& x) { return x.id == s.id; });
        if (it == scores.staff.end()) continue;
        s.graded = true;
        s.return_flag = it->return_flag;
        for (const auto& q : it->quarters)
          if (q.assessed && period->covers_quarter(q.q)) s.quarters.push_back({q.q, q.score, q.grade});
      }
    }
    body = report::render(rep, format);
  } catch (const std::exception& ex) {
    return c.fail(503, "storage_unavailable", std::string("cannot read the report tables: ") + ex.what());
  }
  c.done = true;
  Response res{http::status::ok, c.req.version()};
  res.set(http::field::content_type, type);
  res.set(http::field::cache_control, "no-store");
  res.set(http::field::content_disposition, "inline; filename=\"hallq-" + std::string(report::to_string(*kind)) + "-" +
                                                period->from + "." + format + "\"");
  res.keep_alive(c.req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  c.send(std::move(res));
}

// [SECTION] complaints, follow-ups of unsatisfied ratings, scores (R-SVC-4, R-SVC-5, R-SCR-*)

void Router::complaints(Call& c, const std::vector<std::string_view>& parts) {
  const auto method = c.req.method();
  const auto answer = [](const std::string& id) {
    return [id](const core::State& s, const core::Events& ev) {
      const std::string key = !id.empty() ? id : ev.empty() ? std::string() : ev.front().complaint;
      const auto it = s.complaints.find(key);
      return json::serialize(
          json::object{{"complaint", it == s.complaints.end() ? json::value(nullptr) : json::value(complaint_json(s, it->second))}});
    };
  };
  if (parts.size() == 2 && method == http::verb::post) {  // anyone: citizens need no account (R-SVC-4)
    const auto ticket = c.str("ticket", false, 64);
    if (!ticket) return;
    const auto staff_id = c.str("staff", false, 64);
    if (!staff_id) return;
    const auto window = c.str("window", false, 64);
    if (!window) return;
    const auto text = c.str("text", true, 2000);
    if (!text) return;
    return command(c, core::FileComplaint{*ticket, *staff_id, *window, *text}, 201, answer(""));
  }
  if (parts.size() == 2 && method == http::verb::get) {  // GET /api/complaints?status=&staff=&year= (extension)
    if (!c.need(c.who && c.who->is_staff() && c.who->supervises(), "read complaints")) return;
    const auto& st = hall_.state();
    json::array out;
    for (const auto& [id, k] : st.complaints) {
      const char* status = !k.verified ? "filed" : *k.verified ? "verified" : "not_verified";
      if (c.query.count("status") && !c.query["status"].empty() && c.query["status"] != status) continue;
      if (c.query.count("staff") && !c.query["staff"].empty() && c.query["staff"] != k.staff) continue;
      if (c.query.count("year") && !c.query["year"].empty() &&
          std::to_string(domain::local_date(k.filed_at, cfg_->hall.utc_offset).year) != c.query["year"])
        continue;
      out.push_back(complaint_json(st, k));
    }
    return c.reply(200, json::object{{"complaints", std::move(out)}});
  }
  if (parts.size() == 4 && parts[3] == "verify") {
    if (method != http::verb::post) return c.fail(405, "method_not_allowed", "use POST");
    if (!c.need(c.who && c.who->is_staff() && c.who->supervises(), "verify complaints")) return;
    const auto verified = c.boolean("verified");
    if (!verified) return;
    const auto note = c.str("note", false, 500);
    if (!note) return;
    const std::string id(parts[2]);
    return command(c, core::VerifyComplaint{id, *verified, *note}, 200, answer(id));
  }
  if (parts.size() == 2) return c.fail(405, "method_not_allowed", "use GET or POST");
  return c.fail(404, "not_found", "no such endpoint: " + c.path);
}

void Router::follow_ups(Call& c, const std::vector<std::string_view>& parts) {
  if (!c.need(c.who && c.who->is_staff() && c.who->supervises(), "handle follow-ups of unsatisfied ratings")) return;
  const auto now = hall_.now();
  if (parts.size() == 2 && c.req.method() == http::verb::get) {  // GET /api/follow-ups?status=open|overdue|closed&staff=
    const auto& st = hall_.state();
    json::array out;
    for (const auto& [id, f] : st.follow_ups) {
      json::object o = follow_up_json(st, f, now);
      if (c.query.count("status") && !c.query["status"].empty() && o.at("status").as_string() != c.query["status"]) continue;
      if (c.query.count("staff") && !c.query["staff"].empty() && f.staff != c.query["staff"]) continue;
      out.push_back(std::move(o));
    }
    return c.reply(200, json::object{{"follow_ups", std::move(out)}});
  }
  if (parts.size() == 4 && parts[3] == "close") {
    if (c.req.method() != http::verb::post) return c.fail(405, "method_not_allowed", "use POST");
    const auto note = c.str("note", true, 1000);
    if (!note) return;
    const std::string id(parts[2]);
    return command(c, core::CloseFollowUp{id, *note}, 200, [this, id](const core::State& s, const core::Events&) {
      const auto it = s.follow_ups.find(id);
      return json::serialize(json::object{
          {"follow_up", it == s.follow_ups.end() ? json::value(nullptr) : json::value(follow_up_json(s, it->second, hall_.now()))}});
    });
  }
  if (parts.size() == 2) return c.fail(405, "method_not_allowed", "use GET");
  return c.fail(404, "not_found", "no such endpoint: " + c.path);
}

// Cases (办件, R-CASE-1 … R-CASE-5). Reading: staff (their department's and window's cases are
// what the console shows) and supervisors. Deciding and delivering: the core checks who may.
void Router::cases(Call& c, const std::vector<std::string_view>& parts) {
  if (!c.need(c.who && c.who->is_staff(), "work on cases")) return;
  const auto method = c.req.method();
  const auto now = hall_.now();
  const auto& st = hall_.state();
  if (parts.size() == 2) {  // GET /api/cases?status=&department=&due_before=&window=&staff=
    if (method != http::verb::get) return c.fail(405, "method_not_allowed", "use GET");
    const auto q = [&c](const char* k) -> std::string { return c.query.count(k) ? c.query[k] : std::string(); };
    const std::string status = q("status");
    if (!status.empty() && !core::parse_case_status(status) && status != "open" && status != "overdue")
      return c.fail(422, "invalid",
                    "status must be accepted, approved, refused, delivered, notice, rejected, open or overdue");
    std::optional<core::Time> due_before;
    if (const std::string d = q("due_before"); !d.empty()) {
      if (const auto day = domain::parse_date(d)) due_before = domain::local_midnight(*day, cfg_->hall.utc_offset);
      else due_before = domain::parse_time(d, cfg_->hall.utc_offset);
      if (!due_before) return c.fail(422, "invalid", "due_before must be a date like 2026-11-27 or a time like 2026-11-27T12:00:00+08:00");
    }
    const std::string department = q("department"), window = q("window"), staff_id = q("staff");
    if (!department.empty() && !cfg_->find_department(department))
      return c.fail(404, "unknown_department", "no department " + department);
    std::vector<const core::Case*> found;
    for (const auto& [id, k] : st.cases) {
      if (!department.empty() && k.department != department) continue;
      if (!window.empty() && k.window != window) continue;
      if (!staff_id.empty() && k.staff != staff_id) continue;
      if (status == "open" && !k.open()) continue;
      if (status == "overdue" && !(k.open() && now >= k.due)) continue;
      if (!status.empty() && status != "open" && status != "overdue" && to_string(k.status) != status) continue;
      if (due_before && (k.due == 0 || k.due > *due_before)) continue;
      found.push_back(&k);
    }
    // Due soonest first: what the back office and the console work down (undated last).
    std::stable_sort(found.begin(), found.end(), [](const core::Case* a, const core::Case* b) {
      const auto key = [](const core::Case* k) { return std::pair{!k->open(), k->due == 0 ? INT64_MAX : k->due}; };
      return key(a) < key(b);
    });
    json::array out;
    for (const auto* k : found) out.push_back(case_json(st, *k, now));
    return c.reply(200, json::object{{"cases", std::move(out)}});
  }
  const std::string id(parts[2]);
  const auto answer = [this, id](const core::State& s, const core::Events&) {
    const auto it = s.cases.find(id);
    return json::serialize(json::object{
        {"case", it == s.cases.end() ? json::value(nullptr) : json::value(case_json(s, it->second, hall_.now()))}});
  };
  if (parts.size() == 3) {  // GET /api/cases/{id}
    if (method != http::verb::get) return c.fail(405, "method_not_allowed", "use GET");
    const auto it = st.cases.find(id);
    if (it == st.cases.end()) return c.fail(404, "unknown_case", "no case " + id);
    return c.reply(200, json::object{{"case", case_json(st, it->second, now)}});
  }
  if (parts.size() != 4) return c.fail(404, "not_found", "no such endpoint: " + c.path);
  const std::string_view action = parts[3];
  if (action == "paper") {  // GET /api/cases/{id}/paper?kind=receipt|rejection|notice (R-CASE-1, R-CASE-2)
    if (method != http::verb::get) return c.fail(405, "method_not_allowed", "use GET");
    const auto it = st.cases.find(id);
    if (it == st.cases.end()) return c.fail(404, "unknown_case", "no case " + id);
    const std::string kind = c.query.count("kind") ? c.query["kind"] : std::string();
    auto html = case_paper_html(st, it->second, kind);
    if (!html.ok) return c.fail(html.status, html.code, html.message);
    return c.reply_raw(200, std::move(html.body), "text/html; charset=utf-8");
  }
  if (method != http::verb::post) return c.fail(405, "method_not_allowed", "use POST");
  if (action == "approve") {
    const auto note = c.str("note", false, 1000);
    if (!note) return;
    return command(c, core::ApproveCase{id, *note}, 200, answer);
  }
  if (action == "refuse") {
    const auto reason = c.str("reason", true, 1000);
    if (!reason) return;
    return command(c, core::RefuseCase{id, *reason}, 200, answer);
  }
  if (action == "deliver") {
    const auto window = c.str("window", false, 64);
    if (!window) return;
    const auto note = c.str("note", false, 1000);
    if (!note) return;
    return command(c, core::DeliverCase{id, *window, *note}, 200, answer);
  }
  if (action == "extend") {  // R-CASE-3
    const auto days = c.integer("days", true);
    if (!days) return;
    const auto reason = c.str("reason", true, 1000);
    if (!reason) return;
    if (*days < 1 || *days > 3650) return c.fail(422, "invalid", "days must be a number of working days from 1 up");
    return command(c, core::ExtendCase{id, static_cast<int>(*days), *reason}, 200, answer);
  }
  return c.fail(404, "not_found", "no such endpoint: " + c.path);
}

void Router::scores(Call& c) {
  if (c.req.method() != http::verb::get) return c.fail(405, "method_not_allowed", "use GET");
  if (!c.need(c.who && c.who->is_staff() && c.who->supervises(), "read scores")) return;
  const auto& st = hall_.state();
  int year = domain::local_date(hall_.now(), cfg_->hall.utc_offset).year;
  if (c.query.count("year") && !c.query["year"].empty()) {
    const std::string& y = c.query["year"];
    if (y.size() != 4 || !std::all_of(y.begin(), y.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
      return c.fail(400, "bad_request", "year must be a four-digit year like 2026");
    year = std::stoi(y);
  }
  // Tallies are kept by the engine as events apply, so this is a read of State, not of the log.
  return c.reply_when_durable(hall_, json::serialize(scores_json(st, core::compute_scores(st, year))));
}

void Router::clock(Call& c) {
  if (c.req.method() != http::verb::post) return c.fail(405, "method_not_allowed", "use POST");
  if (!c.need(c.who && c.who->is_staff() && c.who->is("admin"), "move the clock")) return;
  if (!hall_.manual()) return c.fail(409, "clock_not_manual", "the server runs on the real clock (start it with --clock manual)");
  const auto seconds = c.integer("advance_seconds", true);
  if (!seconds) return;
  if (*seconds < 0 || *seconds > 366LL * 86400) return c.fail(422, "invalid", "advance_seconds must be between 0 and one year");
  auto send = c.send;
  const auto version = c.req.version();
  const bool keep_alive = c.req.keep_alive();
  c.done = true;
  hall_.advance_clock(*seconds, [this, send, version, keep_alive](bool ok) {
    if (!ok) return send(error_response(503, "storage_unavailable", "storage failed; try again", version, keep_alive));
    send(json_response(200, json::serialize(json::object{{"now", domain::format_time(hall_.now(), cfg_->hall.utc_offset)}}), version,
                       keep_alive));
  });
}

void Router::metrics(Call& c) {
  if (!c.loopback) return c.fail(403, "forbidden", "metrics are served on loopback only");
  std::string m;
  auto line = [&](const char* name, const char* help, auto value) {
    m += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " gauge\n" + name + " " + std::to_string(value) + "\n";
  };
  line("hallq_seq", "Last durable event sequence number.", hall_.durable_seq());
  line("hallq_events_committed_total", "Events committed since start.", hall_.events_committed());
  line("hallq_commits_total", "SQLite transactions since start (group commit).", hall_.commits());
  line("hallq_http_requests_total", "HTTP requests since start.", metrics_.requests);
  line("hallq_http_errors_4xx_total", "4xx answers.", metrics_.errors_4xx);
  line("hallq_http_errors_5xx_total", "5xx answers.", metrics_.errors_5xx);
  line("hallq_ws_subscribers", "Connected WebSocket clients.", hub_.subscribers());
  line("hallq_ws_dropped_total", "WebSocket clients dropped for not reading or not answering pings.", hub_.dropped());
  line("hallq_ws_frames_total", "WebSocket frames sent.", hub_.frames_sent());
  line("hallq_ws_writes_total", "Gathered socket writes that carried them.", hub_.writes());
  line("hallq_storage_ok", "1 while the last commit succeeded.", hall_.storage_ok() ? 1 : 0);
  line("hallq_tickets_waiting", "Tickets waiting now.", [&] {
    std::size_t n = 0;
    for (const auto& [sv, q] : hall_.state().waiting) n += q.size();
    return n;
  }());
  // R-CASE-1, R-CASE-5: cases awaiting a decision (or a written notice), and those past due.
  line("hallq_cases_open", "Cases accepted and undecided, and one-time notices not yet delivered.", hall_.state().open_cases.size());
  line("hallq_cases_overdue", "Open cases past their deadline.", [&] {
    std::size_t n = 0;
    const auto now = hall_.now();
    for (const auto& id : hall_.state().open_cases)
      if (const auto k = hall_.state().cases.find(id); k != hall_.state().cases.end() && now >= k->second.due) ++n;
    return n;
  }());
  c.reply_raw(200, std::move(m), "text/plain; version=0.0.4");
}

}  // namespace hallq::server
