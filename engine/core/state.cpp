// State construction and lookups.
#include "core/state.hpp"

namespace hallq::core {

const char* to_string(TicketStatus s) noexcept {
  switch (s) {
    case TicketStatus::waiting: return "waiting";
    case TicketStatus::called: return "called";
    case TicketStatus::serving: return "serving";
    case TicketStatus::finished: return "finished";
    case TicketStatus::no_show: return "no_show";
    case TicketStatus::cancelled: return "cancelled";
  }
  return "waiting";
}

const char* to_string(LeaveStatus s) noexcept {
  switch (s) {
    case LeaveStatus::pending: return "pending";
    case LeaveStatus::approved: return "approved";
    case LeaveStatus::rejected: return "rejected";
    case LeaveStatus::cancelled: return "cancelled";
  }
  return "pending";
}

const char* to_string(ViolationStatus s) noexcept {
  switch (s) {
    case ViolationStatus::proposed: return "proposed";
    case ViolationStatus::confirmed: return "confirmed";
    case ViolationStatus::dismissed: return "dismissed";
  }
  return "proposed";
}

const char* to_string(CaseStatus s) noexcept {
  switch (s) {
    case CaseStatus::accepted: return "accepted";
    case CaseStatus::approved: return "approved";
    case CaseStatus::refused: return "refused";
    case CaseStatus::delivered: return "delivered";
    case CaseStatus::notice: return "notice";
    case CaseStatus::rejected: return "rejected";
  }
  return "accepted";
}

std::optional<CaseStatus> parse_case_status(std::string_view s) noexcept {
  for (auto c : {CaseStatus::accepted, CaseStatus::approved, CaseStatus::refused, CaseStatus::delivered, CaseStatus::notice,
                 CaseStatus::rejected})
    if (s == to_string(c)) return c;
  return std::nullopt;
}

State::State(std::shared_ptr<const domain::HallConfig> cfg) : config(std::move(cfg)) {
  if (!config) return;
  for (const auto& w : config->windows) windows.emplace(w.id, WindowState{});
  for (const auto& s : config->staff) staff.emplace(s.id, StaffState{});
  for (const auto& sv : config->services) {
    const int minutes = sv.service_minutes > 0 ? sv.service_minutes : config->policy.default_service_minutes;
    stats.emplace(sv.id, ServiceStats{static_cast<double>(minutes) * 60.0, 0});
    waiting.emplace(sv.id, ServiceQueue{});
  }
}

const Ticket* State::ticket(std::string_view id) const {
  const auto it = tickets.find(std::string(id));
  return it == tickets.end() ? nullptr : &it->second;
}

const StaffState* State::staff_state(std::string_view id) const {
  const auto it = staff.find(std::string(id));
  return it == staff.end() ? nullptr : &it->second;
}

const WindowState* State::window_state(std::string_view id) const {
  const auto it = windows.find(std::string(id));
  return it == windows.end() ? nullptr : &it->second;
}

void enqueue(State& s, Ticket& t) {
  using Class = ServiceQueue::Class;
  const Class cls = t.priority == Priority::green                       ? Class::green
                    : !t.appointment.empty() && t.appointment_slot != 0 ? Class::appointment
                                                                        : Class::plain;
  s.waiting[t.service].insert(t.key, t.id, cls, t.appointment_slot, !t.wait_alert.empty(), t.overtaken);
  t.overtaken = 0;  // the queue counts it while the ticket waits (R-Q-3)
}

void unqueue(State& s, Ticket& t) {
  const auto q = s.waiting.find(t.service);
  if (q != s.waiting.end()) t.overtaken = q->second.erase(t.key);
}

namespace {

// The earliest instant at which the timer's case rules (tick.cpp case_rules) act on the case;
// it mirrors their conditions, so that the timer visits only the cases whose time has come.
Time case_next_instant(const State& s, const Case& k) {
  if (!k.open()) return DeadlineIndex::never;
  if (k.status == CaseStatus::notice) return k.alert.empty() ? k.due : DeadlineIndex::never;  // R-CASE-2
  // R-CASE-5: past the deadline with the overdue alert up and the deduction proposed, nothing
  // more happens until the alert ends with the day (which reindexes the case).
  if (!k.overdue_alert.empty()) return k.overdue && k.alert.empty() ? DeadlineIndex::never : k.due;
  Time next = k.due;
  if (k.days > 0) {  // R-SVC-2: the yellow and red warnings
    if (k.alert.empty()) next = std::min(next, std::min(k.yellow_at, k.red_at));
    else if (const auto a = s.alerts.find(k.alert); a != s.alerts.end() && a->second.level < 2)
      next = std::min(next, k.red_at);
  }
  return next;
}

}  // namespace

void reindex_case(State& s, const std::string& id) {
  const auto it = s.cases.find(id);
  s.case_deadlines.set(id, it == s.cases.end() ? DeadlineIndex::never : case_next_instant(s, it->second));
}

void reindex_follow_up(State& s, const std::string& id) {  // R-SVC-5
  const auto it = s.follow_ups.find(id);
  const bool pending = it != s.follow_ups.end() && !it->second.closed && it->second.overdue_alert.empty();
  s.follow_up_deadlines.set(id, pending ? it->second.due : DeadlineIndex::never);
}

void reindex_deadlines(State& s) {
  s.case_deadlines.clear();
  s.follow_up_deadlines.clear();
  for (const auto& id : s.open_cases) reindex_case(s, id);
  for (const auto& id : s.open_follow_ups) reindex_follow_up(s, id);
}

int overtaken(const State& s, const Ticket& t) {
  if (t.status != TicketStatus::waiting) return t.overtaken;
  const auto q = s.waiting.find(t.service);
  return q == s.waiting.end() ? t.overtaken : q->second.overtaken(t.key);
}

}  // namespace hallq::core
