// Windows and the ticket actions at them. The engine checks that the caller is on post there.
#include <boost/json.hpp>

#include "endpoints.hpp"
#include "net/views.hpp"

namespace hallq::server::ep {

namespace json = boost::json;

namespace {

/// {"ticket": the ticket the command's first event names, or null}
Render ticket_answer(Services& svc) {
  return [&svc](const core::State& s, const core::Events& ev) {
    return json::serialize(
        json::object{{"ticket", ev.empty() ? json::value(nullptr) : ticket_or_null(s, ev.front().ticket, svc.hall.now())}});
  };
}

/// {"window": window `w`, or null}
Render window_answer(Services& svc, std::string w) {
  return [&svc, w = std::move(w)](const core::State& s, const core::Events&) {
    const auto* cfg = s.cfg().find_window(w);
    return json::serialize(
        json::object{{"window", cfg ? json::value(window_json(s, *cfg, svc.hall.now())) : json::value(nullptr)}});
  };
}

}  // namespace

void list_windows(Services& svc, Call& c) {
  json::array out;
  for (const auto& w : svc.cfg->windows) out.push_back(window_json(svc.hall.state(), w, svc.hall.now()));
  c.reply(200, json::object{{"windows", std::move(out)}});
}

// R-AB-3, R-AB-6: the ranked candidates a supervisor may assign.
void substitutes(Services& svc, Call& c) {
  const auto& w = c.param("w");
  if (!svc.cfg->find_window(w)) return c.fail(404, "unknown_window", "no window " + w);
  c.reply(200, substitutes_json(svc.hall.state(), w, core::substitutes(svc.hall.state(), w, svc.hall.now())));
}

void call_next(Services& svc, Call& c) { command(svc, c, core::CallNext{c.param("w")}, 200, ticket_answer(svc)); }
void recall(Services& svc, Call& c) { command(svc, c, core::Recall{c.param("w")}, 200, ticket_answer(svc)); }
void no_show(Services& svc, Call& c) { command(svc, c, core::MarkNoShow{c.param("w")}, 200, ticket_answer(svc)); }
void start_service(Services& svc, Call& c) { command(svc, c, core::StartService{c.param("w")}, 200, ticket_answer(svc)); }

void finish(Services& svc, Call& c) {
  auto outcome = c.str("outcome", false, 32);
  if (!outcome) return;
  if (outcome->empty()) *outcome = "done";
  auto missing = c.str_list("missing");
  if (!missing) return;
  auto reason = c.str("reason", false, 1000);
  if (!reason) return;
  // R-CASE-1: accepted, incomplete_materials and rejected open a case; the answer carries it.
  command(svc, c, core::FinishService{c.param("w"), *outcome, *missing, *reason, random_token(16)}, 200,
          [&svc](const core::State& s, const core::Events& ev) { return json::serialize(finish_json(s, ev, svc.hall.now())); });
}

void transfer(Services& svc, Call& c) {
  const auto service = c.str("service", true, 64);
  if (!service) return;
  command(svc, c, core::TransferTicket{c.param("w"), *service}, 200, ticket_answer(svc));
}

void open_window(Services& svc, Call& c) {
  command(svc, c, core::OpenWindow{c.param("w")}, 200, window_answer(svc, c.param("w")));
}

void close_window(Services& svc, Call& c) {
  command(svc, c, core::CloseWindow{c.param("w")}, 200, window_answer(svc, c.param("w")));
}

// R-EMP-4: sensors, or a supervisor's inspection.
void presence(Services& svc, Call& c) {
  const auto present = c.boolean("present");
  if (!present) return;
  command(svc, c, core::ReportPresence{c.param("w"), *present}, 200, window_answer(svc, c.param("w")));
}

}  // namespace hallq::server::ep
