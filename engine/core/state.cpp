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

int overtaken(const State& s, const Ticket& t) {
  if (t.status != TicketStatus::waiting) return t.overtaken;
  const auto q = s.waiting.find(t.service);
  return q == s.waiting.end() ? t.overtaken : q->second.overtaken(t.key);
}

}  // namespace hallq::core
