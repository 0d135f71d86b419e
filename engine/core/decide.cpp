// decide(): the hall's rules for commands. Returns events or a Rejected with the API.md code;
// never mutates state. The rules of each command group are in decide_*.cpp (see decider.hpp).
#include "decider.hpp"

namespace hallq::core {

using domain::Event;
using domain::EventType;

// A proposed deduction from the policy's catalog (R-SCR-2), traceable to its events (R-SCR-8).
void propose(const State& s, Events& out, Event e, const std::string& kind, const std::string& staff_id,
             const std::string& department, const std::string& rule, std::vector<std::int64_t> events, const std::string& note) {
  const auto n = std::count_if(out.begin(), out.end(), [](const Event& x) { return x.type == EventType::violation_proposed; });
  e.type = EventType::violation_proposed;
  e.violation = "V" + std::to_string(s.next_violation + n);
  e.kind = kind;
  const auto it = s.policy().deductions.find(kind);
  e.points = it == s.policy().deductions.end() ? 0.0 : it->second;
  e.staff = staff_id;
  e.department = department;
  e.rule = rule;
  if (e.source.empty()) e.source = "auto";
  e.events = std::move(events);
  e.note = note;
  out.push_back(std::move(e));
}

Decision decide(const State& state, const Command& cmd, Time now) {
  deciding::Decider d{state, cmd, now, {}};
  Decision result = std::visit(d, cmd.body);
  if (auto* events = std::get_if<Events>(&result)) {
    std::int64_t seq = state.seq;
    for (auto& e : *events) e.seq = ++seq;
  }
  return result;
}

}  // namespace hallq::core
