// Unit-test helper: a small hall config loaded through the real loader, and a Hall fixture that
// drives the engine with a fake clock exactly like the server shell does.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <ostream>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/driver.hpp"
#include "domain/time.hpp"
#include "protocol/config_loader.hpp"
#include "protocol/state_codec.hpp"

namespace hallq::core {

/// How gtest shows a State when State == State fails: its snapshot JSON (which leaves out what
/// the codec drops; the comparison itself does not).
inline void PrintTo(const State& s, std::ostream* os) { *os << "State " << proto::encode_state(s); }
inline void PrintTo(Refusal r, std::ostream* os) { *os << refusal_name(r); }

}  // namespace hallq::core

namespace hallq::test {

using core::Command;
using core::Decision;
using core::Events;
using core::Refusal;
using core::Rejected;
using domain::Event;
using domain::EventType;
using domain::Time;

inline constexpr domain::UtcOffset china = 8 * 3600;

/// The test hall. Two departments, five services, four windows:
///   W01 comprehensive (shebao, yibao, qiye)  A s001 s002  B s003
///   W02 企业开办       (qiye, chujian)        A s003 s004  B s001   — s001/s003 are mutual AB (R-AB-2)
///   W03 社保           (shebao)               A s005 s006  B s007
///   W04 就业社保       (jiuye, shebao)        A s007       B s006   — s006/s007 are mutual AB too
/// yibao is served only at W01, jiuye only at W04, chujian only at W02, shebao at W01/W03/W04.
/// s008 is the supervisor. 2026-11-25 (a Wednesday) is a holiday.
inline constexpr std::string_view hall_json = R"json({
  "hall": {"id": "test", "name": "测试政务服务中心", "utc_offset": "+08:00",
           "sessions": [["09:00", "12:00"], ["14:00", "17:00"]], "workdays": [1, 2, 3, 4, 5],
           "holidays": ["2026-11-25"]},
  "policy": {"profile": "district-hall"},
  "departments": [
    {"id": "zwb", "name": "区政务服务办", "chief": "s001"},
    {"id": "rsj", "name": "区人社局", "chief": "s005"}
  ],
  "services": [
    {"id": "shebao", "name": "社保办理", "prefix": "A", "department": "rsj", "promise_minutes": 20, "service_minutes": 10},
    {"id": "jiuye", "name": "就业服务", "prefix": "J", "department": "rsj", "promise_minutes": 30, "service_minutes": 12},
    {"id": "yibao", "name": "医保办理", "prefix": "Y", "department": "zwb", "promise_minutes": 20, "service_minutes": 8},
    {"id": "qiye", "name": "企业开办", "prefix": "Q", "department": "zwb", "promise_minutes": 40, "service_minutes": 20},
    {"id": "chujian", "name": "统一出件", "prefix": "K", "department": "zwb", "promise_minutes": 10, "service_minutes": 3}
  ],
  "windows": [
    {"id": "W01", "number": 1, "name": "综合受理窗口", "department": "zwb",
     "services": ["shebao", "yibao", "qiye"], "a": ["s001", "s002"], "b": ["s003"]},
    {"id": "W02", "number": 2, "name": "企业开办窗口", "department": "zwb",
     "services": ["qiye", "chujian"], "a": ["s003", "s004"], "b": ["s001"]},
    {"id": "W03", "number": 3, "name": "社保窗口", "department": "rsj",
     "services": ["shebao"], "a": ["s005", "s006"], "b": ["s007"]},
    {"id": "W04", "number": 4, "name": "就业社保窗口", "department": "rsj",
     "services": ["jiuye", "shebao"], "a": ["s007"], "b": ["s006"]}
  ],
  "staff": [
    {"id": "s001", "name": "王建国", "department": "zwb", "pin": "1001"},
    {"id": "s002", "name": "李秀梅", "department": "zwb", "pin": "1002"},
    {"id": "s003", "name": "张海燕", "department": "zwb", "pin": "1003"},
    {"id": "s004", "name": "刘志强", "department": "zwb", "pin": "1004"},
    {"id": "s005", "name": "陈晓东", "department": "rsj", "pin": "1005"},
    {"id": "s006", "name": "杨丽娟", "department": "rsj", "pin": "1006"},
    {"id": "s007", "name": "赵文博", "department": "rsj", "pin": "1007"},
    {"id": "s008", "name": "黄晓芳", "department": "zwb", "role": "supervisor", "pin": "1008"}
  ],
  "devices": [{"id": "kiosk-1", "role": "kiosk", "token": "kiosk-secret-1"}]
})json";

/// The test hall with case limits (R-SVC-1, R-CASE-4): 企业开办 (qiye, zwb) promises 7 of its 20
/// legal working days, 社保 (shebao, rsj) 3 of 10; W02 is the 统一出件 window. `policy` replaces
/// the policy object's body; `extra_workday` adds one extra workday (调休).
inline std::string case_hall_json(std::string_view policy = R"("profile": "district-hall")",
                                  std::string_view extra_workday = "") {
  std::string json(hall_json);
  const auto swap = [&json](std::string_view from, std::string_view to) {
    const auto pos = json.find(from);
    if (pos == std::string::npos) ADD_FAILURE() << "no " << from << " in the test hall";
    else
      json.replace(pos, from.size(), to);
  };
  swap(R"("promise_minutes": 40, "service_minutes": 20})",
       R"("promise_minutes": 40, "service_minutes": 20, "legal_days": 20, "promise_days": 7, "kind": "commitment"})");
  swap(R"("promise_minutes": 20, "service_minutes": 10})",
       R"("promise_minutes": 20, "service_minutes": 10, "legal_days": 10, "promise_days": 3})");
  swap(R"("services": ["qiye", "chujian"], "a": ["s003", "s004"], "b": ["s001"]})",
       R"("services": ["qiye", "chujian"], "a": ["s003", "s004"], "b": ["s001"], "delivery": true})");
  swap(R"("policy": {"profile": "district-hall"})", "\"policy\": {" + std::string(policy) + "}");
  if (!extra_workday.empty())
    swap(R"("holidays": ["2026-11-25"])",
         R"("holidays": ["2026-11-25"], "extra_workdays": [")" + std::string(extra_workday) + "\"]");
  return json;
}

inline std::shared_ptr<const domain::HallConfig> load_hall(std::string_view json = hall_json) {
  return std::make_shared<const domain::HallConfig>(proto::load_config_text(json, "test_hall.json"));
}

/// Hall local time "2026-11-23T09:00:00" (a Monday) as an instant.
inline Time at(std::string_view local) {
  const auto t = domain::parse_time(local, china);
  if (!t) ADD_FAILURE() << "bad time literal " << local;
  return t.value_or(0);
}

inline std::string fmt(Time t) { return domain::format_time(t, china); }

inline Command as(std::string actor, core::CommandBody body) { return Command{std::move(actor), std::move(body)}; }

inline const Events* accepted(const Decision& d) { return std::get_if<Events>(&d); }
inline const Rejected* rejected(const Decision& d) { return std::get_if<Rejected>(&d); }
inline std::string code_of(const Decision& d) {
  const auto* r = rejected(d);
  return r ? std::string(core::refusal_name(r->code)) : std::string("<accepted>");
}

/// Alerts and proposed violations are the staffing rules' business (R-AB-3, R-EMP-*, R-ATT-2):
/// tests of tickets and presence look at the other events only.
inline bool is_alert_or_violation(const Event& e) {
  const std::string_view name = domain::to_string(e.type);
  return name.rfind("alert.", 0) == 0 || name.rfind("violation.", 0) == 0;
}

inline Events without_alerts(const Events& events) {
  Events out;
  for (const auto& e : events)
    if (!is_alert_or_violation(e)) out.push_back(e);
  return out;
}

/// Event type names, alerts and violations left out.
inline std::vector<std::string> types(const Events& events) {
  std::vector<std::string> out;
  for (const auto& e : events)
    if (!is_alert_or_violation(e)) out.emplace_back(domain::to_string(e.type));
  return out;
}

/// Event type names of everything, alerts and violations included.
inline std::vector<std::string> all_types(const Events& events) {
  std::vector<std::string> out;
  out.reserve(events.size());
  for (const auto& e : events) out.emplace_back(domain::to_string(e.type));
  return out;
}

inline std::vector<std::string> types_at(const Events& events, Time t) {
  std::vector<std::string> out;
  for (const auto& e : events)
    if (e.at == t && !is_alert_or_violation(e)) out.emplace_back(domain::to_string(e.type));
  return out;
}

/// The engine with a fake clock, driven by core::Engine exactly like the server shell: time
/// moves only through advance(), a command is decided at `now`, and at start the hall settles
/// once at the start time. Every applied event is kept in `log`.
class Hall : public core::Engine {
 public:
  explicit Hall(std::string_view json = hall_json, Time start = at("2026-11-23T08:30:00"))
      : core::Engine(load_hall(json)), config(state.config), now(start) {
    core::Engine::start(start);
  }

  std::shared_ptr<const domain::HallConfig> config;
  Time now;
  std::vector<Event> log;

  Decision run(const Command& cmd) { return execute(cmd, now); }

  /// Runs a command that must be accepted; returns its events.
  Events ok(const Command& cmd) {
    Decision d = run(cmd);
    if (const auto* r = rejected(d)) {
      ADD_FAILURE() << "refused at " << fmt(now) << ": " << core::refusal_name(r->code) << " — " << r->message;
      return {};
    }
    return std::get<Events>(std::move(d));
  }

  /// Runs a command that must be refused; returns the refusal (an empty one, after a failure,
  /// when it was accepted).
  Rejected refused(const Command& cmd) {
    Decision d = run(cmd);
    if (const auto* r = rejected(d)) return *r;
    ADD_FAILURE() << "accepted at " << fmt(now) << " but expected a refusal";
    return Rejected{Rejected::Kind::conflict, Refusal::invalid, "<accepted>"};
  }

  /// Moves the clock forward, firing every timed rule at its exact second. Returns what fired.
  Events advance(std::int64_t seconds) { return advance_to(now + seconds); }

  Events advance_to(Time target) {
    const std::size_t before = log.size();
    run_timers(target);
    now = target;
    return Events(log.begin() + static_cast<std::ptrdiff_t>(before), log.end());
  }

  Events advance_to(std::string_view local) { return advance_to(at(local)); }

  // [SECTION] shortcuts

  /// Issues a ticket (ids t1, t2, … so runs are deterministic); returns its id, "" if refused.
  std::string issue(const std::string& service, const std::string& priority = "normal", const std::string& appointment = "",
                    const std::string& previous = "") {
    const std::string id = std::string("t").append(std::to_string(++issued_));
    core::IssueTicket c;
    c.service = service;
    c.priority = priority;
    c.appointment = appointment;
    c.previous = previous;
    c.ticket_id = id;
    Decision d = run(as("kiosk-1", c));
    if (const auto* r = rejected(d)) {
      ADD_FAILURE() << "issue " << service << " refused at " << fmt(now) << ": " << core::refusal_name(r->code);
      return "";
    }
    return id;
  }

  /// The IssueTicket command issue() would send next, for tests of refusals.
  Command issue_cmd(const std::string& service, const std::string& priority = "normal") {
    core::IssueTicket c;
    c.service = service;
    c.priority = priority;
    c.ticket_id = std::string("t").append(std::to_string(++issued_));
    return as("kiosk-1", c);
  }

  std::string number(const std::string& ticket) const {
    const auto* t = state.ticket(ticket);
    return t ? t->number : "<none>";
  }
  core::TicketStatus status(const std::string& ticket) const {
    const auto* t = state.ticket(ticket);
    if (!t) ADD_FAILURE() << "no ticket " << ticket;
    return t ? t->status : core::TicketStatus::cancelled;
  }

  const std::string& on_post(const std::string& window) const { return state.windows.at(window).on_post; }

  void sign_in(const std::string& staff, const std::string& window) { ok(as(staff, core::SignIn{staff, window})); }

  /// call-next by whoever is on post; returns the number called, "" when nothing waits.
  std::string call(const std::string& window) {
    const Events events = without_alerts(ok(as(on_post(window), core::CallNext{window})));
    if (events.empty()) return "";
    EXPECT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].type, EventType::ticket_called);
    return events[0].number;
  }

  /// Finishes the window's current ticket as done (start + finish).
  void finish(const std::string& window) {
    const std::string staff = on_post(window);
    ok(as(staff, core::StartService{window}));
    core::FinishService f;
    f.window = window;
    ok(as(staff, f));
  }

  /// call-next then finish; returns the number served.
  std::string serve(const std::string& window) {
    std::string n = call(window);
    if (!n.empty()) finish(window);
    return n;
  }

  void off_post(const std::string& staff, int minutes = 10) {
    ok(as(staff, core::GoOffPost{staff, "取材料", "档案室", minutes}));
  }

 protected:
  void after_event(const Event& e) override { log.push_back(e); }
  void unsettled(Time t) override { ADD_FAILURE() << "timed rules did not settle within 8 rounds at " << fmt(t); }

 private:
  int issued_ = 0;
};

}  // namespace hallq::test
