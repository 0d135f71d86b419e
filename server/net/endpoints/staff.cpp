// Staff on post: sign-in and out (R-ATT-1), off post and back (R-OFF-*), take-over and
// hand-over (R-AB-*). The path's {s} is the staff member acted for.
#include <boost/json.hpp>

#include "endpoints.hpp"
#include "net/views.hpp"

namespace hallq::server::ep {

namespace json = boost::json;

namespace {

/// {"staff": staff member `s` with their post}
Render staff_answer(std::string s) {
  return [s = std::move(s)](const core::State& st, const core::Events&) {
    return json::serialize(json::object{{"staff", staff_json(st, s)}});
  };
}

}  // namespace

void sign_in(Services& svc, Call& c) {
  const auto window = c.str("window", true, 64);
  if (!window) return;
  const auto& s = c.param("s");
  command(svc, c, core::SignIn{s, *window}, 200, staff_answer(s));
}

// A supervisor assigning a substitute, or the substitute stepping in (R-AB-3, R-AB-7).
void take_over(Services& svc, Call& c) {
  const auto window = c.str("window", true, 64);
  if (!window) return;
  const auto from_window = c.str("from_window", false, 64);  // R-AB-7 (extension)
  if (!from_window) return;
  const auto& s = c.param("s");
  command(svc, c, core::TakeOver{s, *window, *from_window}, 200, staff_answer(s));
}

void off_post(Services& svc, Call& c) {
  const auto reason = c.str("reason", true);
  if (!reason) return;
  const auto destination = c.str("destination", true);
  if (!destination) return;
  const auto minutes = c.integer("expected_minutes", true);
  if (!minutes) return;
  if (*minutes <= 0 || *minutes > 1440) return c.fail(422, "invalid", "expected_minutes must be between 1 and 1440 (R-OFF-1)");
  const auto handover = c.str("handover", false, 1000);  // R-AB-4 (extension)
  if (!handover) return;
  const auto& s = c.param("s");
  command(svc, c, core::GoOffPost{s, *reason, *destination, static_cast<int>(*minutes), *handover}, 200, staff_answer(s));
}

void return_to_post(Services& svc, Call& c) {
  const auto& s = c.param("s");
  command(svc, c, core::ReturnToPost{s}, 200, staff_answer(s));
}

void sign_out(Services& svc, Call& c) {
  const auto& s = c.param("s");
  command(svc, c, core::SignOut{s}, 200, staff_answer(s));
}

// R-AB-4: whoever covers {s} acknowledges the hand-over note; the engine checks who that is.
void post_handover_ack(Services& svc, Call& c) {
  const auto note = c.str("note", false, 500);
  if (!note) return;
  const auto& s = c.param("s");
  command(svc, c, core::AckHandover{"", s, *note}, 200, staff_answer(s));
}

}  // namespace hallq::server::ep
