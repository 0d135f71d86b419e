// Tickets and appointments (R-Q-*). Holding a ticket id is the citizen's credential.
#include <boost/json.hpp>

#include <algorithm>

#include "endpoints.hpp"
#include "net/views.hpp"

namespace hallq::server::ep {

namespace json = boost::json;

namespace {

/// {"ticket": the ticket `id`, or null}
Render ticket_answer(Services& svc, std::string id) {
  return [&svc, id = std::move(id)](const core::State& s, const core::Events&) {
    return json::serialize(json::object{{"ticket", ticket_or_null(s, id, svc.hall.now())}});
  };
}

}  // namespace

void issue_ticket(Services& svc, Call& c) {
  const auto service = c.str("service", true, 64);
  if (!service) return;
  auto priority = c.str("priority", false, 16);
  if (!priority) return;
  if (priority->empty()) *priority = "normal";
  const auto appointment = c.str("appointment", false, 64);
  if (!appointment) return;
  const auto previous = c.str("previous", false, 64);
  if (!previous) return;
  command(svc, c, core::IssueTicket{*service, *priority, *appointment, *previous, random_token(16)}, 201,
          [&svc](const core::State& s, const core::Events& ev) {
            return json::serialize(json::object{{"ticket", ticket_or_null(s, ev.front().ticket, svc.hall.now())}});
          });
}

// POST /api/appointments {service, slot} (extension, R-Q-7)
void book_appointment(Services& svc, Call& c) {
  const auto service = c.str("service", true, 64);
  if (!service) return;
  const auto slot_text = c.str("slot", true, 40);
  if (!slot_text) return;
  const auto slot = domain::parse_time(*slot_text, svc.cfg->hall.utc_offset);
  if (!slot) return c.fail(422, "invalid", "slot must be a time like 2026-11-23T10:00:00+08:00");
  const std::string id = random_token(12);
  command(svc, c, core::BookAppointment{*service, *slot, id}, 201, [id](const core::State& s, const core::Events&) {
    auto a = appointment_json(s, id);
    if (a.empty()) return std::string("{}");
    return json::serialize(json::object{{"appointment", std::move(a)}});
  });
}

void get_ticket(Services& svc, Call& c) {
  const auto* t = svc.hall.state().ticket(c.param("id"));
  if (!t) return c.fail(404, "not_found", "no ticket with this id");
  c.reply_when_durable(svc.hall, json::serialize(json::object{{"ticket", ticket_json(svc.hall.state(), *t, svc.hall.now())}}));
}

void rate_ticket(Services& svc, Call& c) {
  const auto level = c.integer("level", true);
  if (!level) return;
  const auto& id = c.param("id");
  command(svc, c, core::RateTicket{id, static_cast<int>(std::clamp<std::int64_t>(*level, -1, 6))}, 201, ticket_answer(svc, id));
}

// R-Q-4 (extension); who may requeue is the engine's rule.
void requeue_ticket(Services& svc, Call& c) {
  const auto& id = c.param("id");
  command(svc, c, core::RequeueTicket{id}, 200, ticket_answer(svc, id));
}

}  // namespace hallq::server::ep
