// The hall-day driver (see day_runner.hpp): an agenda of timed actions, each one API call or a
// few, played in (time, insertion) order against the server's manual clock.
#include "sim/driver/day_runner.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <queue>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "client/http_client.hpp"
#include "protocol/config_loader.hpp"
#include "protocol/json_fields.hpp"
#include "sim/model/day_plan.hpp"
#include "sim/model/rng.hpp"
#include "sim/model/workload.hpp"

namespace hallq::sim {

namespace json = boost::json;
using client::HttpClient;
using client::HttpResponse;
using domain::Time;

std::vector<json::object> fetch_events(const client::ServerUrl& server, const std::string& token, std::int64_t since) {
  HttpClient http(server.port, server.host);
  std::vector<json::object> out;
  for (;;) {
    const auto r = http.get("/api/events?since=" + std::to_string(since) + "&limit=1000", token);
    if (r.status != 200 || !r.json || !r.json->is_object()) throw std::runtime_error("GET /api/events: " + r.describe());
    const auto& events = r.json->as_object().at("events").as_array();
    if (events.empty()) break;
    for (const auto& e : events) out.push_back(e.as_object());
    since = r.json->as_object().at("next").to_number<std::int64_t>();
  }
  return out;
}

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot be read");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

using proto::fields::str;

class DayRunner {
 public:
  explicit DayRunner(const RunOptions& opt) : opt_(opt), http_(opt.server.port, opt.server.host), rng_(opt.seed) {}

  RunResult run();

 private:
  // [SECTION] the people and windows as the runner knows them
  struct Person {
    std::string id;
    std::string post;  // own post today ("" = reserve)
    std::string at;    // window held now, as the server says
    bool signed_in = false;
    bool away = false;    // off post, reported
    bool absent = false;  // gone without reporting (still on post for the server)
    bool presence_reported_absent = false;
    bool return_pending = false;
    const Trip* trip_pending = nullptr;
    std::set<std::string> covers;  // posts covered from `at`, the person's own window (R-AB-7)
  };
  struct Win {
    std::string id;
    std::vector<std::string> services;
    enum class Phase { idle, called, serving } phase = Phase::idle;
    std::string ticket;
    int citizen = -1;
    int recalls = 0;
    bool call_scheduled = false;
  };
  struct CitizenState {
    std::string ticket;
    std::string appointment;
    bool second_leg = false;  // transferred once already
  };
  struct Action {
    Time at;
    std::uint64_t order;
    std::function<void()> fn;
    bool operator>(const Action& o) const { return at != o.at ? at > o.at : order > o.order; }
  };

  // [SECTION] plumbing
  void at(Time t, std::function<void()> fn) { agenda_.push(Action{std::max(t, now_), next_order_++, std::move(fn)}); }
  HttpResponse send(const std::string& method, const std::string& target, const std::string& text, const std::string& token,
                    const std::string& pattern);
  void report(std::string_view method, std::string_view pattern, unsigned status, std::chrono::steady_clock::time_point t0);
  HttpResponse call(const std::string& method, const std::string& target, const json::object& body, const std::string& token,
                    const std::string& pattern);
  const std::string& token_of(const std::string& staff);
  const std::string& token_for_role(const std::string& role);
  void advance_to(Time t);
  void progress_line(bool final_line);
  std::string hhmmss(Time t) const;

  // [SECTION] the day
  void setup();
  void file_leave(const std::string& staff);
  void book_appointment(const Citizen& c);
  void arrive_citizen(const Citizen& c);
  void arrive_staff(const StaffDay& d);
  void schedule_call(Win& w, Time t);
  void try_call(Win& w);
  void start_ticket(Win& w);
  void recall_or_no_show(Win& w);
  void end_ticket(Win& w);
  void after_ticket(Win& w);
  void want_trip(Person& p, const Trip& trip);
  void start_trip(Person& p, const Trip& trip);
  void cover(const std::string& window, const std::string& owner);
  bool take_over(const std::string& who, const std::string& window, const std::string& from_window);
  bool covered_remotely(const std::string& window) const;
  void come_back(Person& p);
  void sync_holders();
  void sign_out(Person& p);
  void supervisor_round();
  void wake_windows(const std::string& service);
  Person* holder_of(const Win& w);
  // [SECTION] cases (办件, R-CASE-1 … R-CASE-5): the back office decides, 统一出件 delivers
  void case_opened(const Citizen& c, const json::value& answer);
  void take_up_backlog();
  void decide_case(const std::string& id, const std::string& department, bool refuse, double deliver_after);
  void deliver_case(const std::string& id, const std::string& department, bool notice);
  const std::string& back_office_of(const std::string& department);
  bool commitment(const std::string& service) const;

  const RunOptions& opt_;
  HttpClient http_;
  Rng rng_;
  domain::HallConfig cfg_;
  Workload workload_;
  DayPlan plan_;
  RunResult result_;
  Time now_ = 0;
  Time wall_anchor_sim_ = 0;
  std::chrono::steady_clock::time_point wall_anchor_;
  std::priority_queue<Action, std::vector<Action>, std::greater<>> agenda_;
  std::uint64_t next_order_ = 0;
  std::map<std::string, std::string> tokens_;
  std::map<std::string, std::string> role_tokens_;
  std::string admin_token_, supervisor_token_, kiosk_token_, sensor_token_;
  std::map<std::string, Person> people_;
  std::map<std::string, Win> windows_;
  std::vector<std::string> window_order_;
  std::vector<CitizenState> citizens_;
  std::map<std::string, int> by_ticket_;
  int remote_covers_ = 0;                           // take-overs with from_window that the server accepted (R-AB-7)
  std::string delivery_window_;                     // the hall's 统一出件 window, "" when it has none (R-CASE-4)
  std::map<std::string, std::string> back_office_;  // department → who decides its cases today
  int cases_accepted_ = 0, cases_extended_ = 0, cases_decided_ = 0, cases_delivered_ = 0, notices_delivered_ = 0;
  bool closing_ = false;
  Time end_of_rounds_ = 0;
  int issued_ = 0, served_ = 0, no_shows_ = 0, active_alerts_ = 0;
  std::set<std::string> acked_;
  Rng ack_rng_{0};
  Time last_progress_ = 0;
};

void DayRunner::report(std::string_view method, std::string_view pattern, unsigned status,
                       std::chrono::steady_clock::time_point t0) {
  ++result_.commands;
  if (opt_.on_request)
    opt_.on_request(
        RequestTiming{method, pattern, status, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()});
}

HttpResponse DayRunner::send(const std::string& method, const std::string& target, const std::string& text,
                             const std::string& token, const std::string& pattern) {
  const auto t0 = std::chrono::steady_clock::now();
  HttpResponse r = http_.request(method, target, text, token);
  report(method, pattern, r.status, t0);
  return r;
}

HttpResponse DayRunner::call(const std::string& method, const std::string& target, const json::object& body,
                             const std::string& token, const std::string& pattern) {
  const std::string text = body.empty() ? std::string() : json::serialize(body);
  HttpResponse r = send(method, target, text, token, pattern);
  if (r.status == 0) {
    // One retry on a fresh connection (the server may have closed an idle keep-alive).
    http_.disconnect();
    r = send(method, target, text, token, pattern);
    if (r.status == 0) throw std::runtime_error(method + " " + target + ": no answer from the server: " + r.body);
  }
  if (opt_.trace)
    *opt_.trace << hhmmss(now_) << " " << method << " " << target << (text.empty() ? "" : " " + text) << " -> " << r.status << " "
                << (r.status >= 300 ? r.body : std::string()) << "\n";
  if (r.status >= 300) {
    const std::string code = r.error_code();
    if (r.status == 404 && code == "not_found") ++result_.missing[method + " " + pattern];
    else
      ++result_.refusals[method + " " + pattern + " " + std::to_string(r.status) + " " + code];
  }
  return r;
}

const std::string& DayRunner::token_of(const std::string& staff) {
  auto it = tokens_.find(staff);
  if (it != tokens_.end()) return it->second;
  const auto* s = cfg_.find_staff(staff);
  if (!s) throw std::runtime_error("staff " + staff + " is not in the hall config");
  const auto t0 = std::chrono::steady_clock::now();
  const std::string token = http_.login(staff, s->pin);  // throws unless 200
  report("POST", "/api/login", 200, t0);
  return tokens_.emplace(staff, token).first->second;
}

const std::string& DayRunner::token_for_role(const std::string& role) {
  if (auto it = role_tokens_.find(role); it != role_tokens_.end()) return it->second;
  for (const auto& s : cfg_.staff)
    if (role == domain::to_string(s.role)) return role_tokens_.emplace(role, token_of(s.id)).first->second;
  return role_tokens_.emplace(role, admin_token_).first->second;  // an admin may decide any step
}

std::string DayRunner::hhmmss(Time t) const {
  const auto sec = domain::local_seconds_of_day(t, cfg_.hall.utc_offset);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", sec / 3600, sec / 60 % 60, sec % 60);
  return buf;
}

void DayRunner::advance_to(Time t) {
  if (t <= now_) return;
  if (opt_.speed > 0) {
    const auto due = wall_anchor_ + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                        std::chrono::duration<double>(static_cast<double>(t - wall_anchor_sim_) / opt_.speed));
    // Sleep in small slices so Ctrl-C is honoured promptly.
    while (std::chrono::steady_clock::now() < due && !(opt_.stop && opt_.stop->load())) {
      const auto left = due - std::chrono::steady_clock::now();
      std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(left, std::chrono::milliseconds(100)));
    }
  }
  if (opt_.stop && opt_.stop->load()) return;  // stopping: the loop ends before the next action
  const auto r = call("POST", "/api/admin/clock", json::object{{"advance_seconds", t - now_}}, admin_token_, "/api/admin/clock");
  if (r.status != 200) throw std::runtime_error("POST /api/admin/clock: " + r.describe());
  now_ = t;
}

void DayRunner::progress_line(bool final_line) {
  if (!opt_.progress) return;
  int in_hand = 0;
  for (const auto& [id, w] : windows_) in_hand += w.phase != Win::Phase::idle ? 1 : 0;
  int on_post = 0;
  for (const auto& [id, p] : people_) on_post += !p.at.empty() && !p.absent ? 1 : 0;
  const int waiting = std::max(0, issued_ - served_ - no_shows_ - in_hand);
  std::fprintf(stderr, "\r[hallq-sim] %s %s  tickets %d  served %d  waiting %d  at windows %d  staff on post %d  alerts %d   %s",
               plan_.date.year ? domain::format_date(plan_.date).c_str() : "", hhmmss(now_).c_str(), issued_, served_, waiting,
               in_hand, on_post, active_alerts_, final_line ? "\n" : "");
  std::fflush(stderr);
}

// [SECTION] setup

void DayRunner::setup() {
  cfg_ = proto::load_config_text(read_file(opt_.hall_path), opt_.hall_path);
  std::string wpath = opt_.workload_path;
  if (wpath.empty() && std::filesystem::exists(workload_path_for(opt_.hall_path))) wpath = workload_path_for(opt_.hall_path);
  workload_ = wpath.empty() ? default_workload(cfg_) : load_workload_file(wpath, cfg_);
  workload_.volume *= opt_.volume;
  for (const auto& d : cfg_.devices) {
    if (d.role == domain::DeviceRole::kiosk && kiosk_token_.empty()) kiosk_token_ = d.token;
    if (d.role == domain::DeviceRole::sensor && sensor_token_.empty()) sensor_token_ = d.token;
  }
  if (kiosk_token_.empty()) throw std::runtime_error(opt_.hall_path + ": the hall has no kiosk device to issue tickets");

  // The server must be this hall, on a manual clock.
  const auto hall = send("GET", "/api/hall", "", kiosk_token_, "/api/hall");
  if (hall.status == 0) throw std::runtime_error("cannot reach the server at " + opt_.server.to_string() + ": " + hall.body);
  if (hall.status == 401)
    throw std::runtime_error("the server at " + opt_.server.to_string() + " refuses the kiosk token of " + opt_.hall_path +
                             ": is it running that hall?");
  if (hall.status == 200 && hall.json && str(hall.json->as_object().at("hall"), "id") != cfg_.hall.id)
    throw std::runtime_error("the server runs hall \"" + str(hall.json->as_object().at("hall"), "id") + "\", not \"" +
                             cfg_.hall.id + "\" of " + opt_.hall_path);
  for (const auto& s : cfg_.staff)
    if (s.role == domain::StaffRole::admin && admin_token_.empty()) admin_token_ = token_of(s.id);
  for (const auto& s : cfg_.staff)
    if (s.role == domain::StaffRole::supervisor && supervisor_token_.empty()) supervisor_token_ = token_of(s.id);
  if (admin_token_.empty()) throw std::runtime_error(opt_.hall_path + ": the hall has no admin to move the manual clock");
  if (supervisor_token_.empty()) supervisor_token_ = admin_token_;
  const auto probe = call("POST", "/api/admin/clock", json::object{{"advance_seconds", 0}}, admin_token_, "/api/admin/clock");
  if (probe.status == 409 && probe.error_code() == "clock_not_manual")
    throw std::runtime_error("the server runs a real clock; start it with --clock manual (e.g. --start 2026-11-23T08:30:00)");
  if (probe.status != 200) throw std::runtime_error("POST /api/admin/clock: " + probe.describe());
  const auto state = send("GET", "/api/state", "", kiosk_token_, "/api/state");
  if (state.status != 200) throw std::runtime_error("GET /api/state: " + state.describe());
  const auto& st = state.json->as_object();
  const auto now = domain::parse_time(str(st, "now"), cfg_.hall.utc_offset);
  if (!now) throw std::runtime_error("GET /api/state: no readable \"now\"");
  now_ = *now;
  result_.first_seq = st.at("seq").to_number<std::int64_t>();
  const auto date = domain::local_date(now_, cfg_.hall.utc_offset);
  plan_ = make_day_plan(cfg_, workload_, date, opt_.seed);
  result_.date = domain::format_date(date);
  if (now_ >= plan_.last_close)
    throw std::runtime_error("hall time " + str(st, "now") + " is past the day's last session; start the server earlier");
  wall_anchor_sim_ = now_;
  wall_anchor_ = std::chrono::steady_clock::now();
  ack_rng_ = rng_.fork("supervisor");

  for (const auto& w : cfg_.windows) {
    windows_[w.id] = Win{w.id, w.services, Win::Phase::idle, "", -1, 0, false};
    window_order_.push_back(w.id);
    if (w.delivery && delivery_window_.empty()) delivery_window_ = w.id;
  }
  for (const auto& d : plan_.staff)
    people_[d.staff] = Person{d.staff, d.post, "", false, false, false, false, false, nullptr, {}};
  citizens_.resize(plan_.citizens.size());

  // Leave approved before the day (R-LV-4), appointments booked before the doors open (R-Q-7).
  for (const auto& s : plan_.on_leave) at(now_, [this, s] { file_leave(s); });
  for (const auto& c : plan_.citizens)
    if (c.slot) at(now_, [this, &c] { book_appointment(c); });
  for (const auto& d : plan_.staff)
    if (!d.post.empty()) at(d.arrive, [this, &d] { arrive_staff(d); });
  for (const auto& c : plan_.citizens)
    if (c.comes) at(c.arrive, [this, &c] { arrive_citizen(c); });
  for (const auto& d : plan_.staff)
    for (const auto& trip : d.trips) at(trip.at, [this, &d, &trip] { want_trip(people_.at(d.staff), trip); });
  const Time round = static_cast<Time>(workload_.supervisor_round_minutes * 60);
  end_of_rounds_ = plan_.last_close + 3600;
  at(plan_.first_open + round, [this] { supervisor_round(); });
  at(plan_.first_open, [this] { take_up_backlog(); });
  at(plan_.last_close, [this] {
    closing_ = true;
    for (const auto& id : window_order_) after_ticket(windows_.at(id));
  });
}

void DayRunner::file_leave(const std::string& staff) {
  const auto day = domain::format_date(plan_.date);
  const auto r = call("POST", "/api/leave",
                      json::object{{"staff", staff}, {"from", day}, {"to", day}, {"reason", "事假（已提前申请）"}},
                      supervisor_token_, "/api/leave");
  if (r.status != 201) return;
  const auto leave = r.json->as_object().at("leave");
  const std::string id = str(leave, "id");
  std::string next = str(leave, "next_approver");
  for (int step = 0; !next.empty() && step < 8; ++step) {
    const auto a = call("POST", "/api/leave/" + id + "/approve", json::object{{"note", "同意"}}, token_for_role(next),
                        "/api/leave/*/approve");
    if (a.status != 200) break;
    next = str(a.json->as_object().at("leave"), "next_approver");
  }
}

void DayRunner::book_appointment(const Citizen& c) {
  const auto r = call("POST", "/api/appointments",
                      json::object{{"service", c.service}, {"slot", domain::format_time(*c.slot, cfg_.hall.utc_offset)}},
                      kiosk_token_, "/api/appointments");
  if (r.status == 201)
    citizens_[static_cast<std::size_t>(c.index)].appointment = str(r.json->as_object().at("appointment"), "id");
}

// [SECTION] citizens

void DayRunner::arrive_citizen(const Citizen& c) {
  json::object body{{"service", c.service}};
  if (c.green) body["priority"] = "green";
  auto& cs = citizens_[static_cast<std::size_t>(c.index)];
  if (!cs.appointment.empty()) body["appointment"] = cs.appointment;
  const auto r = call("POST", "/api/tickets", body, kiosk_token_, "/api/tickets");
  if (r.status != 201) return;
  cs.ticket = str(r.json->as_object().at("ticket"), "id");
  by_ticket_[cs.ticket] = c.index;
  ++issued_;
  wake_windows(c.service);
}

void DayRunner::wake_windows(const std::string& service) {
  const auto serves = [&service](const Win& x) {
    return std::find(x.services.begin(), x.services.end(), service) != x.services.end();
  };
  for (const auto& id : window_order_) {
    auto& w = windows_.at(id);
    if (w.phase != Win::Phase::idle) continue;
    bool wake = serves(w);
    // R-AB-7: a window also calls the tickets of the posts its holder covers from there.
    if (const Person* h = holder_of(w); !wake && h)
      for (const auto& post : h->covers) wake = wake || serves(windows_.at(post));
    if (wake) schedule_call(w, now_);
  }
}

bool DayRunner::covered_remotely(const std::string& window) const {
  for (const auto& [id, p] : people_)
    if (p.covers.count(window)) return true;
  return false;
}

DayRunner::Person* DayRunner::holder_of(const Win& w) {
  for (auto& [id, p] : people_)
    if (p.at == w.id) return &p;
  return nullptr;
}

void DayRunner::schedule_call(Win& w, Time t) {
  if (w.call_scheduled) return;
  w.call_scheduled = true;
  at(t, [this, &w] {
    w.call_scheduled = false;
    try_call(w);
  });
}

void DayRunner::try_call(Win& w) {
  if (w.phase != Win::Phase::idle) return;
  Person* p = holder_of(w);
  if (!p || p->absent) return;
  // A pending return or trip comes before the next citizen (R-OFF-2: leave between tickets).
  for (auto& [id, owner] : people_)
    if (owner.return_pending && owner.post == w.id) {
      come_back(owner);
      return;
    }
  if (p->trip_pending && p->post == w.id) {
    const Trip* t = p->trip_pending;
    p->trip_pending = nullptr;
    start_trip(*p, *t);
    return;
  }
  const auto r = call("POST", "/api/windows/" + w.id + "/call-next", {}, token_of(p->id), "/api/windows/*/call-next");
  if (r.status != 200) {
    if (r.error_code() == "not_on_post") sync_holders();
    return;
  }
  const auto& ticket = r.json->as_object().at("ticket");
  if (ticket.is_null()) {
    if (closing_) sign_out(*p);
    return;  // idle until a ticket arrives for one of its services (wake_windows)
  }
  const std::string id = str(ticket, "id");
  w.ticket = id;
  w.phase = Win::Phase::called;
  w.recalls = 0;
  const auto it = by_ticket_.find(id);
  w.citizen = it == by_ticket_.end() ? -1 : it->second;
  if (w.citizen < 0) {  // not one of ours (someone else uses the hall): serve it briefly
    at(now_ + 20, [this, &w] { start_ticket(w); });
    return;
  }
  const auto& c = plan_.citizens[static_cast<std::size_t>(w.citizen)];
  const bool absent = c.absent_when_called && !citizens_[static_cast<std::size_t>(w.citizen)].second_leg;
  if (absent) at(now_ + static_cast<Time>(workload_.recall_seconds), [this, &w] { recall_or_no_show(w); });
  else
    at(now_ + static_cast<Time>(c.walk_seconds), [this, &w] { start_ticket(w); });
}

void DayRunner::recall_or_no_show(Win& w) {
  Person* p = holder_of(w);
  if (!p || w.phase != Win::Phase::called) return;
  if (w.recalls < cfg_.policy.max_recalls) {
    const auto r = call("POST", "/api/windows/" + w.id + "/recall", {}, token_of(p->id), "/api/windows/*/recall");
    if (r.status == 200) {
      ++w.recalls;
      at(now_ + static_cast<Time>(workload_.recall_seconds), [this, &w] { recall_or_no_show(w); });
      return;
    }
  }
  const auto r = call("POST", "/api/windows/" + w.id + "/no-show", {}, token_of(p->id), "/api/windows/*/no-show");
  if (r.status == 200) ++no_shows_;
  w.phase = Win::Phase::idle;
  w.ticket.clear();
  after_ticket(w);
}

void DayRunner::start_ticket(Win& w) {
  Person* p = holder_of(w);
  if (!p || w.phase != Win::Phase::called) return;
  const auto r = call("POST", "/api/windows/" + w.id + "/start", {}, token_of(p->id), "/api/windows/*/start");
  if (r.status != 200) {
    w.phase = Win::Phase::idle;
    after_ticket(w);
    return;
  }
  w.phase = Win::Phase::serving;
  double seconds = 300;
  if (w.citizen >= 0) {
    const auto& c = plan_.citizens[static_cast<std::size_t>(w.citizen)];
    seconds = citizens_[static_cast<std::size_t>(w.citizen)].second_leg ? c.second_service_seconds : c.service_seconds;
  }
  at(now_ + static_cast<Time>(seconds), [this, &w] { end_ticket(w); });
}

void DayRunner::end_ticket(Win& w) {
  Person* p = holder_of(w);
  if (!p || w.phase != Win::Phase::serving) return;
  if (w.citizen >= 0) {
    const auto& c = plan_.citizens[static_cast<std::size_t>(w.citizen)];
    auto& cs = citizens_[static_cast<std::size_t>(w.citizen)];
    if (!c.transfer_to.empty() && !cs.second_leg) {
      const auto r = call("POST", "/api/windows/" + w.id + "/transfer", json::object{{"service", c.transfer_to}}, token_of(p->id),
                          "/api/windows/*/transfer");
      if (r.status == 200) {
        cs.second_leg = true;
        w.phase = Win::Phase::idle;
        w.ticket.clear();
        wake_windows(c.transfer_to);
        after_ticket(w);
        return;
      }
    }
    // R-CASE-1: a commitment service (承诺件) with complete materials is accepted (受理) for the
    // back office to decide; the service finishing is the one transferred to, if any.
    const std::string& finishing = cs.second_leg ? c.transfer_to : c.service;
    const bool accept = !c.incomplete && c.accept_case && commitment(finishing);
    json::object body{{"outcome", c.incomplete ? "incomplete_materials" : accept ? "accepted" : "done"}};
    if (c.incomplete) {
      json::array missing;
      for (const auto& m : c.missing) missing.emplace_back(m);
      body["missing"] = std::move(missing);
    }
    const auto r = call("POST", "/api/windows/" + w.id + "/finish", body, token_of(p->id), "/api/windows/*/finish");
    if (r.status == 200) {
      ++served_;
      if (r.json) case_opened(c, *r.json);
      const std::string ticket = w.ticket, window = w.id, staff = p->id;
      if (c.rating > 0)
        at(now_ + static_cast<Time>(c.rate_delay_seconds), [this, ticket, level = c.rating] {
          call("POST", "/api/tickets/" + ticket + "/rating", json::object{{"level", level}}, "", "/api/tickets/*/rating");
        });
      if (c.complaint)
        at(now_ + static_cast<Time>(c.rate_delay_seconds) + 60, [this, ticket, window, staff, text = c.complaint_text] {
          call("POST", "/api/complaints", json::object{{"ticket", ticket}, {"window", window}, {"staff", staff}, {"text", text}},
               "", "/api/complaints");
        });
    }
  } else {
    if (call("POST", "/api/windows/" + w.id + "/finish", {}, token_of(p->id), "/api/windows/*/finish").status == 200) ++served_;
  }
  w.phase = Win::Phase::idle;
  w.ticket.clear();
  after_ticket(w);
}

void DayRunner::after_ticket(Win& w) {
  if (w.phase != Win::Phase::idle) return;
  // A few seconds to tidy the desk before the next call.
  schedule_call(w, now_ + 5);
}

// [SECTION] cases (办件, R-CASE-1 … R-CASE-5)

bool DayRunner::commitment(const std::string& service) const {
  const auto* sv = cfg_.find_service(service);
  return sv && sv->kind == "commitment";
}

// Who decides a department's cases (R-CASE-4): its head (or deputy), else its first staff member.
const std::string& DayRunner::back_office_of(const std::string& department) {
  if (const auto it = back_office_.find(department); it != back_office_.end()) return it->second;
  std::string who;
  for (const auto& x : cfg_.staff)
    if (x.department == department &&
        (x.role == domain::StaffRole::department_head || x.role == domain::StaffRole::deputy_head)) {
      who = x.id;
      break;
    }
  if (who.empty())
    for (const auto& x : cfg_.staff)
      if (x.department == department && x.role == domain::StaffRole::staff) {
        who = x.id;
        break;
      }
  return back_office_.emplace(department, who).first->second;
}

void DayRunner::case_opened(const Citizen& c, const json::value& answer) {
  if (!answer.is_object()) return;
  const auto* k = answer.as_object().if_contains("case");
  if (!k || !k->is_object()) return;
  const std::string id = str(*k, "id"), department = str(*k, "department"), outcome = str(*k, "outcome");
  if (id.empty()) return;
  if (outcome == "accepted") {
    ++cases_accepted_;
    if (c.decide_after_seconds >= 0)
      at(now_ + static_cast<Time>(c.decide_after_seconds),
         [this, id, department, refuse = c.refuse, after = c.deliver_after_seconds] {
           decide_case(id, department, refuse, after);
         });
  } else if (outcome == "incomplete_materials" && c.notice_deliver_after_seconds >= 0) {
    // R-CASE-2: the written one-time notice goes from the department that gave it.
    at(now_ + static_cast<Time>(c.notice_deliver_after_seconds), [this, id, department] { deliver_case(id, department, true); });
  }
}

// The cases of earlier days still open on the server (GET /api/cases): each back office works
// through its backlog over the following working days, some too slowly (R-CASE-5), and the
// supervisor extends a few that are due today (R-CASE-3). Drawn in the server's list order, so
// the same seed plays the same days.
void DayRunner::take_up_backlog() {
  Rng k = rng_.fork("backlog");
  const Time open = plan_.first_open, close = plan_.last_close;
  const auto when = [&k, open, close] { return open + static_cast<Time>(k.uniform(0, static_cast<double>(close - open))); };
  const auto list = [this](const char* status) {
    std::vector<json::object> out;
    const auto r = call("GET", std::string("/api/cases?status=") + status, json::object{}, supervisor_token_, "/api/cases");
    if (r.status != 200 || !r.json) return out;
    const auto& cases = r.json->as_object().at("cases").as_array();
    for (const auto& c : cases) out.push_back(c.as_object());
    return out;
  };
  for (const auto& c : list("accepted")) {
    const std::string id = str(c, "id"), department = str(c, "department");
    // Red in the morning: today is the deadline day (R-SVC-2).
    if (str(c, "warning") == "red" && k.chance(workload_.case_extend_share)) {
      at(open, [this, id] {
        const auto r = call("POST", "/api/cases/" + id + "/extend",
                            json::object{{"days", workload_.case_extend_days}, {"reason", "需现场核查，依法延长办理时限"}},
                            supervisor_token_, "/api/cases/*/extend");
        if (r.status == 200) ++cases_extended_;
      });
    }
    if (!k.chance(workload_.case_backlog_decide_share)) continue;
    const bool refuse = k.chance(workload_.case_refuse_share);
    const double deliver_after = k.chance(workload_.case_deliver_share)
                                     ? k.uniform(workload_.case_deliver_min, workload_.case_deliver_max) * 60.0
                                     : -1;
    at(when(), [this, id, department, refuse, deliver_after] { decide_case(id, department, refuse, deliver_after); });
  }
  // Decisions not yet handed over, and written one-time notices not yet sent (R-CASE-2).
  for (const std::string status : {"approved", "refused", "notice"})
    for (const auto& c : list(status.c_str())) {
      if (!k.chance(workload_.case_backlog_deliver_share)) continue;
      const std::string id = str(c, "id"), department = str(c, "department");
      at(when(), [this, id, department, notice = status == "notice"] { deliver_case(id, department, notice); });
    }
}

void DayRunner::decide_case(const std::string& id, const std::string& department, bool refuse, double deliver_after) {
  const std::string& who = back_office_of(department);
  if (who.empty()) return;
  const auto r = refuse ? call("POST", "/api/cases/" + id + "/refuse", json::object{{"reason", "申请材料经审查不符合法定条件"}},
                               token_of(who), "/api/cases/*/refuse")
                        : call("POST", "/api/cases/" + id + "/approve", json::object{{"note", "经审查，准予办理"}}, token_of(who),
                               "/api/cases/*/approve");
  if (r.status != 200) return;
  ++cases_decided_;
  if (deliver_after >= 0)
    at(now_ + static_cast<Time>(deliver_after), [this, id, department] { deliver_case(id, department, false); });
}

void DayRunner::deliver_case(const std::string& id, const std::string& department, bool notice) {
  std::string who, window;
  if (!notice && !delivery_window_.empty()) {
    // R-CASE-4 统一出件: handed over at the delivery window by whoever is on post there; while
    // nobody is, the case waits (a while after the last session at most).
    const Person* p = holder_of(windows_.at(delivery_window_));
    if (!p || p->absent || p->away) {
      if (now_ + 600 < end_of_rounds_) at(now_ + 600, [this, id, department] { deliver_case(id, department, false); });
      return;
    }
    who = p->id;
    window = delivery_window_;
  } else {
    who = back_office_of(department);
  }
  if (who.empty()) return;
  json::object body;
  if (!window.empty()) body["window"] = window;
  const auto r = call("POST", "/api/cases/" + id + "/deliver", body, token_of(who), "/api/cases/*/deliver");
  if (r.status == 200) {
    ++(notice ? notices_delivered_ : cases_delivered_);
    return;
  }
  if (r.error_code() == "not_on_post") sync_holders();
}

// [SECTION] staff

void DayRunner::arrive_staff(const StaffDay& d) {
  auto& p = people_.at(d.staff);
  const std::string action = d.as_b ? "take-over" : "sign-in";
  const auto r = call("POST", "/api/staff/" + d.staff + "/" + action, json::object{{"window", d.post}}, token_of(d.staff),
                      "/api/staff/*/" + action);
  if (r.status != 200) return;
  p.signed_in = true;
  p.at = d.post;
  schedule_call(windows_.at(d.post), now_);
}

void DayRunner::want_trip(Person& p, const Trip& trip) {
  if (closing_ || p.at.empty() || p.at != p.post || p.away || p.absent) return;  // only from one's own post
  auto& w = windows_.at(p.post);
  if (w.phase != Win::Phase::idle) {
    p.trip_pending = &trip;  // after the ticket in hand (R-OFF-2)
    return;
  }
  start_trip(p, trip);
}

void DayRunner::start_trip(Person& p, const Trip& trip) {
  auto& w = windows_.at(p.post);
  if (!trip.reported) {
    // Leaves without a report: the server still shows them on post, nobody is called; the
    // presence sensor notices (R-EMP-4).
    p.absent = true;
    if (!sensor_token_.empty())
      at(now_ + static_cast<Time>(trip.detect_seconds), [this, &p, &w] {
        if (!p.absent) return;
        if (call("POST", "/api/windows/" + w.id + "/presence", json::object{{"present", false}}, sensor_token_,
                 "/api/windows/*/presence")
                .status == 200)
          p.presence_reported_absent = true;
      });
    at(now_ + trip.away_seconds, [this, &p] { come_back(p); });
    return;
  }
  const auto r = call(
      "POST", "/api/staff/" + p.id + "/off-post",
      json::object{{"reason", trip.reason}, {"destination", trip.destination}, {"expected_minutes", trip.expected_minutes}},
      token_of(p.id), "/api/staff/*/off-post");
  if (r.status != 200) return;
  p.away = true;
  p.at.clear();
  // Leaving ends the covers held from this window (R-AB-7): the posts whose holders are still
  // away need someone again, as the server's cover_needed alert now says.
  for (const auto& post : p.covers)
    for (const auto& [id, owner] : people_)
      if (owner.away && owner.post == post)
        at(now_ + static_cast<Time>(trip.cover_delay_seconds), [this, post, owner_id = id] { cover(post, owner_id); });
  p.covers.clear();
  at(now_ + trip.away_seconds, [this, &p] { come_back(p); });
  if (trip.covered)
    at(now_ + static_cast<Time>(trip.cover_delay_seconds), [this, window = p.post, owner = p.id] { cover(window, owner); });
}

void DayRunner::cover(const std::string& window, const std::string& owner) {
  const auto& p = people_.at(owner);
  if (!p.away || holder_of(windows_.at(window)) || covered_remotely(window)) return;
  // The supervisor's list, best first (R-AB-3, R-AB-6); the first free one who leaves no
  // window empty goes: in person, or from their own window when the list offers that (R-AB-7).
  const auto r = call("GET", "/api/windows/" + window + "/substitutes", {}, supervisor_token_, "/api/windows/*/substitutes");
  if (r.status != 200) return;
  for (const auto& c : r.json->as_object().at("candidates").as_array()) {
    const auto& o = c.as_object();
    const std::string who = str(c, "staff");
    if (who == owner || o.at("empties_window").as_bool()) continue;
    // `available` needs a sign-in; a reserve of today's roster (no post of their own) is in the
    // office but signs in only by taking a post over, so it counts as free too.
    const bool available = o.contains("available") ? o.at("available").as_bool() : true;
    const bool on_leave = o.contains("on_leave") && o.at("on_leave").as_bool();
    const auto known = people_.find(who);
    const bool free_reserve = known != people_.end() && known->second.post.empty() && known->second.at.empty() &&
                              !known->second.away && !on_leave;
    if (!available && !free_reserve) continue;
    const bool remote = o.contains("remote") && o.at("remote").is_bool() && o.at("remote").as_bool();
    if (remote) {
      // Someone gone without a report is not there to take it on (R-EMP-4).
      if (known != people_.end() && known->second.absent) continue;
      if (take_over(who, window, str(c, "at"))) return;
      continue;
    }
    if (take_over(who, window, "")) return;
  }
}

/// One take-over; `from_window` non-empty: covering from there (R-AB-7). A plain take-over that
/// the server refuses because it would empty the taker's own window (R-AB-6) is tried again as
/// a cover from that window, where the taker stays.
bool DayRunner::take_over(const std::string& who, const std::string& window, const std::string& from_window) {
  json::object body{{"window", window}};
  if (!from_window.empty()) body["from_window"] = from_window;
  const auto t = call("POST", "/api/staff/" + who + "/take-over", body, token_of(who), "/api/staff/*/take-over");
  if (t.status != 200) {
    const auto known = people_.find(who);
    if (from_window.empty() && t.error_code() == "would_empty_window" && known != people_.end() && !known->second.at.empty() &&
        !known->second.absent)
      return take_over(who, window, known->second.at);
    return false;
  }
  auto it = people_.find(who);
  if (it == people_.end()) it = people_.emplace(who, Person{who, "", "", false, false, false, false, false, nullptr, {}}).first;
  it->second.signed_in = true;
  if (!from_window.empty()) ++remote_covers_;
  sync_holders();
  // Remotely, the post's tickets are called at the taker's window.
  schedule_call(windows_.at(from_window.empty() ? window : from_window), now_);
  return true;
}

void DayRunner::come_back(Person& p) {
  if (p.absent) {
    p.absent = false;
    if (p.presence_reported_absent) {
      call("POST", "/api/windows/" + p.post + "/presence", json::object{{"present", true}}, sensor_token_,
           "/api/windows/*/presence");
      p.presence_reported_absent = false;
    }
    schedule_call(windows_.at(p.post), now_);
    return;
  }
  if (!p.away) return;
  auto& w = windows_.at(p.post);
  if (w.phase != Win::Phase::idle) {
    p.return_pending = true;  // the person covering finishes the citizen first
    return;
  }
  p.return_pending = false;
  const auto r = call("POST", "/api/staff/" + p.id + "/return", {}, token_of(p.id), "/api/staff/*/return");
  if (r.status != 200) {
    if (r.error_code() == "ticket_in_progress") {
      p.return_pending = true;
      return;
    }
    if (r.error_code() != "not_off_post") return;
  }
  p.away = false;
  sync_holders();
  for (const auto& id : window_order_) {
    auto& x = windows_.at(id);
    if (x.phase == Win::Phase::idle && holder_of(x)) schedule_call(x, now_);
  }
}

void DayRunner::sync_holders() {
  // Who holds which post is the server's word (handed_back moves the substitute back).
  const auto r = call("GET", "/api/windows", {}, kiosk_token_, "/api/windows");
  if (r.status != 200) return;
  for (auto& [id, p] : people_) {
    p.at.clear();
    p.covers.clear();
  }
  for (const auto& w : r.json->as_object().at("windows").as_array()) {
    const auto& on = w.as_object().at("on_post");
    if (!on.is_object()) continue;
    const std::string who = str(on, "staff");
    auto it = people_.find(who);
    if (it == people_.end()) it = people_.emplace(who, Person{who, "", "", true, false, false, false, false, nullptr, {}}).first;
    const std::string id = str(w, "id"), sits_at = str(on, "at");
    if (!sits_at.empty() && sits_at != id) it->second.covers.insert(id);  // covered from sits_at (R-AB-7)
    else
      it->second.at = id;
  }
}

void DayRunner::sign_out(Person& p) {
  if (!p.signed_in || p.away || p.absent) return;
  const auto r = call("POST", "/api/staff/" + p.id + "/sign-out", {}, token_of(p.id), "/api/staff/*/sign-out");
  if (r.status == 200) {
    p.signed_in = false;
    p.at.clear();
    p.covers.clear();
    return;
  }
  // Extended service (R-HRS-3): citizens still wait that only this post serves; try again
  // (for a few hours at most: the server cancels leftovers at midnight anyway).
  if (!p.at.empty() && now_ < plan_.last_close + 4 * 3600) schedule_call(windows_.at(p.at), now_ + 60);
}

void DayRunner::supervisor_round() {
  const auto r = call("GET", "/api/alerts?active=1", {}, supervisor_token_, "/api/alerts");
  if (r.status == 200) {
    const auto& alerts = r.json->as_object().at("alerts").as_array();
    active_alerts_ = static_cast<int>(alerts.size());
    for (const auto& a : alerts) {
      const std::string id = str(a, "id");
      if (acked_.count(id)) continue;
      acked_.insert(id);
      const std::string kind = str(a, "kind");
      if (kind == "planned_cover" || kind == "late_sign_in" || !ack_rng_.chance(workload_.ack_share)) continue;
      call("POST", "/api/alerts/" + id + "/ack", json::object{{"note", "已知悉，正在处理"}}, supervisor_token_,
           "/api/alerts/*/ack");
    }
  }
  if (closing_) {
    // Substitutes who handed a post back are still signed in; they leave at the end of the day.
    for (auto& [id, p] : people_)
      if (p.signed_in && p.at.empty() && p.post.empty()) sign_out(p);
  }
  if (now_ < end_of_rounds_)
    at(now_ + static_cast<Time>(workload_.supervisor_round_minutes * 60), [this] { supervisor_round(); });
}

// [SECTION] the loop

RunResult DayRunner::run() {
  const auto wall0 = std::chrono::steady_clock::now();
  setup();
  if (opt_.on_ready) {
    if (!opt_.on_ready()) result_.stopped = true;
    wall_anchor_ = std::chrono::steady_clock::now();  // pacing starts when the day starts
  }
  const Time heartbeat = std::max(1, opt_.heartbeat_seconds);
  while (!agenda_.empty() && !result_.stopped) {
    if (opt_.stop && opt_.stop->load()) {
      result_.stopped = true;
      break;
    }
    const Time next = agenda_.top().at;
    if (next > now_) {
      // Keep the clock moving during the working day (displays show it); jump otherwise.
      const bool working = now_ >= plan_.first_open - 1800 && now_ < end_of_rounds_;
      advance_to(working ? std::min(next, now_ + heartbeat) : next);
      if (now_ - last_progress_ >= 60 || now_ == next) {
        progress_line(false);
        last_progress_ = now_;
      }
      continue;
    }
    auto action = agenda_.top();
    agenda_.pop();
    action.fn();
  }
  if (opt_.end_day && !result_.stopped) {
    // Past midnight: the server closes the day (leftover tickets cancelled, everyone signed out).
    const Time next_midnight = domain::local_midnight(domain::civil_from_days(domain::days_from_civil(plan_.date) + 1),
                                                      cfg_.hall.utc_offset);
    advance_to(next_midnight + 60);
  }
  progress_line(true);
  result_.events = fetch_events(opt_.server, supervisor_token_, result_.first_seq);
  result_.last_seq = result_.events.empty() ? result_.first_seq : result_.events.back().at("seq").to_number<std::int64_t>();
  result_.summary = summarize_day(result_.events, cfg_);
  std::ostringstream notes;
  notes << format_summary(result_.summary, cfg_, !result_.stopped);
  notes << "  simulator: seed " << opt_.seed << ", " << plan_.citizens.size() << " citizens planned, " << result_.commands
        << " API requests (" << remote_covers_ << " covers from the coverer's own window, R-AB-7; cases: " << cases_accepted_
        << " accepted, " << cases_extended_ << " extended, " << cases_decided_ << " decided, " << cases_delivered_
        << " delivered, " << notices_delivered_ << " written notices delivered), events " << result_.first_seq + 1 << ".."
        << result_.last_seq;
  if (!plan_.on_leave.empty()) {
    notes << ", on leave:";
    for (const auto& s : plan_.on_leave) notes << " " << s;
  }
  notes << "\n";
  for (const auto& [what, n] : result_.missing) notes << "  not on this server yet (404): " << what << " × " << n << "\n";
  int refused = 0;
  for (const auto& [what, n] : result_.refusals) refused += n;
  if (refused > 0) {
    notes << "  refused requests (expected ones: extended service, races with the rules):";
    for (const auto& [what, n] : result_.refusals) notes << "\n    " << what << " × " << n;
    notes << "\n";
  }
  result_.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  result_.summary_text = notes.str();
  return result_;
}

}  // namespace

std::string advance_to_next_working_day(const RunOptions& opt) {
  const auto cfg = proto::load_config_text(read_file(opt.hall_path), opt.hall_path);
  if (cfg.hall.sessions.empty()) throw std::runtime_error(opt.hall_path + ": the hall has no sessions");
  client::HttpClient http(opt.server.port, opt.server.host);
  std::string token;
  for (const auto& s : cfg.staff)
    if (token.empty() && s.role == domain::StaffRole::admin) token = http.login(s.id, s.pin);
  if (token.empty()) throw std::runtime_error(opt.hall_path + ": no admin to move the manual clock with");
  const auto state = http.get("/api/state", token);
  if (state.status != 200) throw std::runtime_error("GET /api/state: " + state.describe());
  const auto now = domain::parse_time(str(state.j(), "now"), cfg.hall.utc_offset);
  if (!now) throw std::runtime_error("GET /api/state: no readable \"now\"");
  const auto today = domain::local_date(*now, cfg.hall.utc_offset);
  const auto lead = std::max(0, cfg.hall.sessions.front().open - 1800);
  for (int k = 0; k < 60; ++k) {
    const auto d = domain::civil_from_days(domain::days_from_civil(today) + k);
    const Time start = domain::local_midnight(d, cfg.hall.utc_offset) + lead;
    if (start <= *now || !cfg.is_workday(d, domain::local_weekday(start, cfg.hall.utc_offset))) continue;
    const auto r = http.post_json("/api/admin/clock", json::object{{"advance_seconds", start - *now}}, token);
    if (r.status != 200) throw std::runtime_error("POST /api/admin/clock: " + r.describe());
    return domain::format_date(d);
  }
  throw std::runtime_error(opt.hall_path + ": no working day within 60 days of " + domain::format_date(today));
}

RunResult run_day(const RunOptions& opt) {
  DayRunner runner(opt);
  return runner.run();
}

}  // namespace hallq::sim
