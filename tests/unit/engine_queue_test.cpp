// The indexed service queues (core/queue.hpp) against a brute-force reading of R-Q-3 and R-Q-7:
// random hall mornings with ordinary, green-channel and booked tickets, calls, transfers and
// the clock stepping over appointment windows to the second. After every step the positions,
// the call order and call-next's choice must equal what a full scan of the tickets gives, and a
// snapshot round trip must rebuild the same indexes.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "core/engine.hpp"
#include "test_hall.hpp"

namespace hallq::test {
namespace {

bool priority_at(const core::State& s, const core::Ticket& t, Time now) {
  return t.priority == core::Priority::green || core::appointment_due(s, t, now);
}

// Every waiting ticket of the service in call order, from a scan of all tickets.
std::vector<std::string> scanned_order(const core::State& s, const std::string& service, Time now) {
  std::vector<const core::Ticket*> waiting;
  for (const auto& [id, t] : s.tickets)
    if (t.status == core::TicketStatus::waiting && t.service == service) waiting.push_back(&t);
  std::sort(waiting.begin(), waiting.end(), [&](const core::Ticket* a, const core::Ticket* b) {
    const bool pa = priority_at(s, *a, now), pb = priority_at(s, *b, now);
    return pa != pb ? pa : a->key < b->key;
  });
  std::vector<std::string> ids;
  for (const auto* t : waiting) ids.push_back(t->id);
  return ids;
}

// How many priority calls passed each ticket (R-Q-3), counted from the log by a scan: a call
// of a priority ticket passes every older ordinary ticket waiting at that window's services.
using Passes = std::map<std::string, int>;
void count_passes(const Hall& h, std::size_t& seen, Passes& passed) {
  const core::State& s = h.state;
  for (; seen < h.log.size(); ++seen) {
    const domain::Event& e = h.log[seen];
    if (e.type != domain::EventType::ticket_called) continue;
    const core::Ticket* called = s.ticket(e.ticket);
    if (!called || !priority_at(s, *called, e.at)) continue;
    const auto services = core::services_called_at(s, e.window);
    for (const auto& [id, t] : s.tickets)
      if (t.status == core::TicketStatus::waiting && t.key < called->key && !priority_at(s, t, e.at) &&
          std::find(services.begin(), services.end(), t.service) != services.end())
        ++passed[id];
  }
}

// call-next's choice from a scan: the oldest priority ticket of the window's services, unless
// the oldest ordinary one has been passed max_overtakes times (R-Q-3).
std::string scanned_next(const core::State& s, const std::string& window, Time now, const Passes& passed) {
  const core::Ticket *priority = nullptr, *ordinary = nullptr;
  const auto services = core::services_called_at(s, window);
  for (const auto& [id, t] : s.tickets) {
    if (t.status != core::TicketStatus::waiting) continue;
    if (std::find(services.begin(), services.end(), t.service) == services.end()) continue;
    auto& best = priority_at(s, t, now) ? priority : ordinary;
    if (!best || t.key < best->key) best = &t;
  }
  const auto n = ordinary ? passed.find(ordinary->id) : passed.end();
  if (ordinary && n != passed.end() && n->second >= s.policy().max_overtakes) return ordinary->id;
  if (priority) return priority->id;
  return ordinary ? ordinary->id : "";
}

std::vector<std::string> ids_of(const std::vector<const core::Ticket*>& tickets) {
  std::vector<std::string> ids;
  for (const auto* t : tickets) ids.push_back(t->id);
  return ids;
}

void expect_queues_match_a_scan(const Hall& h, const std::string& where, const Passes& passed) {
  const core::State& s = h.state;
  for (const auto& [id, t] : s.tickets) {
    const auto n = passed.find(id);
    ASSERT_EQ(core::overtaken(s, t), n == passed.end() ? 0 : n->second) << "passes of " << id << " " << where;
  }
  for (const auto& sv : s.cfg().services) {
    const auto order = scanned_order(s, sv.id, h.now);
    ASSERT_EQ(ids_of(core::call_order(s, sv.id, h.now, order.size() + 1)), order) << sv.id << " " << where;
    const auto head = ids_of(core::call_order(s, sv.id, h.now, 3));
    ASSERT_EQ(head, std::vector<std::string>(order.begin(), order.begin() + std::min<std::ptrdiff_t>(3, std::ssize(order))))
        << sv.id << " " << where;
    for (std::size_t i = 0; i < order.size(); ++i)
      ASSERT_EQ(core::queue_position(s, *s.ticket(order[i]), h.now), static_cast<int>(i) + 1)
          << order[i] << " of " << sv.id << " " << where;
    const auto q = s.waiting.find(sv.id);
    ASSERT_EQ(q == s.waiting.end() ? 0u : q->second.size(), order.size()) << sv.id << " " << where;
  }
  for (const auto& w : s.cfg().windows) {
    const auto* next = core::next_for_window(s, w.id, h.now);
    ASSERT_EQ(next ? next->id : "", scanned_next(s, w.id, h.now, passed)) << w.id << " " << where;
  }
}

// Returns how many passes the morning counted (the check above is empty without any).
int random_morning(unsigned seed) {
  Hall h;  // Monday 2026-11-23 08:30
  std::mt19937 rng(seed);
  const auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const auto& p = h.state.policy();
  // Bookings every 5 minutes from 09:00 to 11:55, a third of them for another service.
  std::vector<std::pair<std::string, Time>> bookings;
  for (int i = 0; i < 36; ++i) {
    const std::string id = "ap" + std::to_string(i);
    const Time slot = at("2026-11-23T09:00:00") + i * 300;
    const std::string service = i % 3 == 2 ? "qiye" : "shebao";
    h.ok(as("web", core::BookAppointment{service, slot, id}));
    bookings.emplace_back(id, slot);
  }
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s001", "W01");
  h.sign_in("s005", "W03");
  h.sign_in("s003", "W02");
  const std::vector<std::string> services{"shebao", "yibao", "qiye", "chujian"};
  const std::vector<std::string> windows{"W01", "W02", "W03"};
  std::size_t next_booking = 0;
  std::size_t seen = h.log.size();
  Passes passed;
  for (int step = 0; step < 300 && h.now < at("2026-11-23T11:50:00"); ++step) {
    const std::string where = "seed " + std::to_string(seed) + " step " + std::to_string(step) + " at " + fmt(h.now);
    const int action = pick(10);
    if (action < 4) {
      h.issue(services[static_cast<std::size_t>(pick(4))], pick(5) == 0 ? "green" : "normal");
    } else if (action < 6 && next_booking < bookings.size()) {
      const auto& [id, slot] = bookings[next_booking++];
      core::IssueTicket c;  // check-in; may be refused outside its window, which is fine here
      c.service = h.state.appointments.at(id).service;
      c.appointment = id;
      c.ticket_id = "b" + id;
      h.run(as("kiosk-1", c));
    } else if (action < 8) {
      const std::string& w = windows[static_cast<std::size_t>(pick(3))];
      const auto& ws = h.state.windows.at(w);
      if (ws.current_ticket.empty()) {
        h.call(w);
      } else if (pick(4) == 0 && h.state.ticket(ws.current_ticket)->status == core::TicketStatus::called) {
        core::TransferTicket t{w, services[static_cast<std::size_t>(pick(4))]};
        h.run(as(ws.on_post, t));  // R-Q-5: same key, other queue (refused for the same service)
      } else {
        h.finish(w);
      }
    } else {
      // The clock: a few seconds, or exactly onto the edges of the next appointment's window.
      Time target = h.now + 1 + pick(240);
      if (next_booking < bookings.size() && pick(2) == 0) {
        const Time slot = bookings[next_booking].second;
        const Time edges[] = {slot - p.appointment_early_minutes * 60 - 1, slot - p.appointment_early_minutes * 60,
                              slot + p.appointment_late_minutes * 60, slot + p.appointment_late_minutes * 60 + 1};
        for (const Time e : edges)
          if (e > h.now) {
            target = e;
            break;
          }
      }
      h.advance_to(target);
    }
    count_passes(h, seen, passed);
    expect_queues_match_a_scan(h, where, passed);
    if (::testing::Test::HasFatalFailure()) return 0;
    if (step % 50 == 0) {
      const auto decoded = proto::decode_state(proto::encode_state(h.state), h.config);
      EXPECT_TRUE(decoded.has_value()) << where;
      if (!decoded) return 0;
      const core::ServiceQueue none;
      const auto queue = [&](const core::State& st, const std::string& sv) -> const core::ServiceQueue& {
        const auto it = st.waiting.find(sv);
        return it == st.waiting.end() ? none : it->second;
      };
      for (const auto& sv : services)
        EXPECT_TRUE(queue(*decoded, sv) == queue(h.state, sv)) << "snapshot rebuilt another " << sv << " queue, " << where;
      for (const auto& [id, t] : h.state.tickets)
        EXPECT_EQ(core::overtaken(*decoded, *decoded->ticket(id)), core::overtaken(h.state, t)) << id << " " << where;
      if (::testing::Test::HasFailure()) return 0;
    }
  }
  int total = 0;
  for (const auto& [id, n] : passed) total += n;
  return total;
}

TEST(RQ3, indexed_queues_equal_a_full_scan_on_random_mornings_RQ7) {
  int passes = 0;
  for (unsigned seed = 1; seed <= 6; ++seed) {
    passes += random_morning(seed);
    if (HasFailure()) return;
  }
  EXPECT_GT(passes, 20) << "the mornings hardly exercised R-Q-3 overtaking";
}

// The wait_too_long timer (R-SVC-2) walks only the tickets without an alert: with alerted
// tickets ahead, a newer ticket still gets its alert at its own second.
TEST(RSVC2, wait_too_long_reaches_a_ticket_behind_alerted_ones_to_the_second) {
  Hall h;
  const auto limit = static_cast<Time>(h.state.policy().wait_too_long_minutes) * 60;
  ASSERT_GT(limit, 0);
  h.advance_to("2026-11-23T09:00:00");
  const auto first = h.issue("shebao");
  const auto second = h.issue("shebao");
  h.advance(600);
  const auto late = h.issue("shebao");
  const Time late_issued = h.now;
  h.advance_to(late_issued - 600 + limit);
  EXPECT_FALSE(h.state.ticket(first)->wait_alert.empty());
  EXPECT_FALSE(h.state.ticket(second)->wait_alert.empty());
  EXPECT_EQ(h.state.waiting.at("shebao").unalerted().size(), 1u);
  h.advance_to(late_issued + limit - 1);
  EXPECT_TRUE(h.state.ticket(late)->wait_alert.empty());
  h.advance(1);
  EXPECT_FALSE(h.state.ticket(late)->wait_alert.empty());
  EXPECT_TRUE(h.state.waiting.at("shebao").unalerted().empty());
}

}  // namespace
}  // namespace hallq::test
