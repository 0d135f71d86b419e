// The --script runner: one step at a time, each through the same messages as the buttons and
// keys (F-keys go in as real key events). A step that sends a command waits for the answer and
// then until the screen shows everything the server has committed (GET /healthz seq).
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "console/app/console.hpp"
#include "core/engine.hpp"

namespace hallq::console {

namespace {

constexpr double step_timeout_seconds = 20;

int key_code(const std::string& name) {
  static const char* names[] = {"F1", "F2", "F3", "F4", "F5", "F6"};
  for (int i = 0; i < 6; ++i)
    if (name == names[i]) return GLFW_KEY_F1 + i;
  return 0;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string x; std::getline(in, x, sep);)
    if (!x.empty()) out.push_back(x);
  return out;
}

}  // namespace

void Console::script_fail(const std::string& why) {
  const auto& s = script_[step_];
  std::fprintf(stderr, "hallq-console: script line %d (%s): %s\n", s.line,
               s.rest.empty() ? s.verb.c_str() : (s.verb + " " + s.rest).c_str(), why.c_str());
  exit_code_ = 1;
  script_active_ = false;
  app_.quit();
}

void Console::script_tick(ui::Frame& f) {
  if (!script_active_) return;
  f.redraw_in(0.02);
  if (step_ >= script_.size()) {
    script_active_ = false;
    app_.quit();
    return;
  }
  if (step_ == 0 && phase_ == 0) {
    // The pointer rests in the bottom-right corner, so no hover highlight lands in a screenshot.
    glfwSetCursorPos(app_.window(), static_cast<double>(f.width()) - 2, static_cast<double>(f.height()) - 2);
  }
  const ScriptStep& s = script_[step_];
  const double now = f.now();
  if (phase_ == 0) step_started_ = now;
  else if (now - step_started_ > step_timeout_seconds)
    return script_fail("did not complete within 20 s (last notice: " + model_.notice.text + ")");
  auto next = [&] {
    ++step_;
    phase_ = 0;
    await_ = 0;
    sync_seq_ = -1;
    sync_request_ = 0;
  };
  // After an action: wait for its answer when it sent something, then sync the screen.
  auto sent_or_next = [&] {
    if (last_sent_ > before_) {
      await_ = last_sent_;
      phase_ = 2;
    } else {
      next();  // refused before sending (a form check): the notice says why
    }
  };
  auto staff_view = [&] { return make_staff_view(mirror_.state(), me(), hall_now()); };
  const auto arg = [&](std::size_t i) { return i < s.args.size() ? s.args[i] : std::string(); };

  switch (phase_) {
    case 2:
      if (last_answered_ >= await_) {
        Request r;
        r.method = "GET";
        r.path = "/healthz";
        r.with_token = false;
        r.purpose = Purpose::sync;
        sync_seq_ = -1;
        sync_request_ = commands_.submit(std::move(r));
        phase_ = 3;
      }
      return;
    case 3:
      if (sync_seq_ >= 0 && mirror_.ready() && mirror_.seq() >= sync_seq_) next();
      return;
    case 5:  // login: until the link is live and the hall is on screen
      if (ready() && link_ && link_->status().phase == client::LinkPhase::live) next();
      else if (login_request_ && last_answered_ >= *login_request_ && !logged_in())
        script_fail("login refused: " + model_.notice.text);
      return;
    case 10:  // the key was down for one frame: release it
      ImGui_ImplGlfw_KeyCallback(app_.window(), key_pending_, 0, GLFW_RELEASE, 0);
      phase_ = 11;
      return;
    case 11:
      if (last_sent_ > before_) {
        await_ = last_sent_;
        phase_ = 2;
      } else if ((key_pending_ == GLFW_KEY_F5 && finish_open_) || (key_pending_ == GLFW_KEY_F6 && transfer_open_)) {
        next();
      } else if (now - step_started_ > 2) {
        script_fail("the key did nothing (its action is not available now)");
      }
      return;
    case 20:  // screenshot: written once a frame is shown (a redrawn frame drops the request)
      if (std::filesystem::exists(shot_path_)) next();
      else
        app_.screenshot_after_frame(shot_path_);
      return;
    case 30:
      if (now >= sleep_until_) next();
      return;
    case 40:  // wait CONDITION
      break;
    case 60:  // assign: the tile is open; press 指派 once the suggestions name the person
      if (script_click_.empty() && mirror_.ready())
        for (const auto& c : core::substitutes(mirror_.state(), arg(0), hall_now()))
          if (c.staff == arg(1) && c.remote == (arg(2) == "remote")) {
            script_click_ = (c.remote ? "assign-remote:" : "assign:") + arg(1);
            phase_ = 61;
          }
      return;
    case 62:  // tile: clicked; the popup shows from the next frames on (an auto-sized one is hidden in its first)
      if (script_click_.empty()) {
        settle_frames_ = 0;
        phase_ = 63;
      }
      return;
    case 63:
      if (++settle_frames_ >= 3) next();
      return;
    case 61:
      if (script_click_.empty()) {
        dispatch(CloseWindowTile{});  // close the tile's popup again
        sent_or_next();
      }
      return;
    case 50:  // a scripted click: consumed by the widget when drawn
      if (script_click_.empty()) sent_or_next();
      return;
    default: break;
  }

  const std::string& v = s.verb;
  if (phase_ == 40 || v == "wait") {
    phase_ = 40;
    const std::string what = arg(0);
    bool ok = false;
    if (what == "live") ok = ready() && link_ && link_->status().phase == client::LinkPhase::live;
    else if (what == "banner")
      ok = ready() && !staff_view().cover_requests.empty();
    else if (what == "alert") {
      if (ready())
        for (const auto& [id, a] : mirror_.state().alerts) ok = ok || a.kind == arg(1);
    } else if (what == "ticket")
      ok = ready() && staff_view().ticket && staff_view().ticket->number == arg(1);
    else if (what == "queue") {
      if (ready())
        for (const auto& q : staff_view().queues) ok = ok || std::find(q.next.begin(), q.next.end(), arg(1)) != q.next.end();
    } else if (what == "case")
      ok = !case_by_name(arg(1)).empty();
    else if (what == "text")
      ok = model_.notice.text.find(s.rest.substr(s.rest.find(' ') + 1)) != std::string::npos;
    else
      return script_fail("unknown wait condition \"" + what + "\"");
    if (ok) next();
    return;
  }
  before_ = last_sent_;
  if (v == "login") {
    dispatch(Login{arg(0), arg(1)});
    phase_ = 5;
  } else if (v == "logout") {
    dispatch(Logout{});
    next();
  } else if (v == "mode") {
    if (arg(0) == "supervisor" && !me().supervising()) return script_fail("not a supervising role: " + me().role);
    dispatch(ShowTab{arg(0) == "supervisor" ? Tab::supervisor : Tab::staff});
    next();
  } else if (v == "tab") {
    dispatch(ShowTab{Tab::supervisor});
    force_tab_ = std::atoi(arg(0).c_str());
    next();
  } else if (v == "key") {
    key_pending_ = key_code(arg(0));
    if (!key_pending_) return script_fail("unknown key " + arg(0));
    ImGui_ImplGlfw_KeyCallback(app_.window(), key_pending_, 0, GLFW_PRESS, 0);
    phase_ = 10;
  } else if (v == "sign-in") {
    dispatch(SignIn{arg(0)});
    sent_or_next();
  } else if (v == "finish") {
    finish_outcome_ = arg(0) == "incomplete" ? "incomplete_materials" : arg(0);
    finish_missing_ = finish_outcome_ == "incomplete_materials" ? split(arg(1), ';') : std::vector<std::string>{};
    const std::string reason = finish_outcome_ == "rejected" && s.rest.size() > arg(0).size() ? s.rest.substr(arg(0).size() + 1)
                                                                                              : "";
    std::snprintf(finish_reason_, sizeof finish_reason_, "%s", reason.c_str());
    dispatch(finish_form());
    sent_or_next();
  } else if (v == "cases") {
    dispatch(ShowTab{Tab::cases});
    next();
  } else if (v == "case" || v == "approve-case" || v == "refuse-case" || v == "deliver-case" || v == "extend-case") {
    const std::string id = case_by_name(arg(0));
    if (id.empty()) return script_fail("no case " + arg(0));
    dispatch(OpenCase{id});
    // Free text after the case (and after the days for extend-case).
    const auto tail = [&](std::size_t skip) {
      std::string out;
      for (std::size_t i = skip; i < s.args.size(); ++i) out += (out.empty() ? "" : " ") + s.args[i];
      return out;
    };
    const auto it = mirror_.state().cases.find(id);
    const CaseActions can = case_actions(mirror_.state(), me(), it->second);
    if (v == "approve-case") {
      if (!can.approve) return script_fail("approve is not offered for " + arg(0));
      dispatch(ApproveCase{id, tail(1)});
    } else if (v == "refuse-case") {
      if (!can.refuse) return script_fail("refuse is not offered for " + arg(0));
      dispatch(RefuseCase{id, tail(1)});
    } else if (v == "deliver-case") {
      if (!can.deliver) return script_fail("deliver is not offered for " + arg(0));
      dispatch(DeliverCase{id, can.deliver_window});
    } else if (v == "extend-case") {
      if (!can.extend) return script_fail("extend is not offered for " + arg(0));
      extend_days_ = std::atoi(arg(1).c_str());
      dispatch(ExtendCase{id, extend_days_, tail(2)});
    }
    sent_or_next();
  } else if (v == "case-alert") {
    // The supervisor opens the case from its alert card (the card's button): the newest of KIND.
    const auto sup = make_supervisor_view(mirror_.state(), me(), hall_now());
    const AlertLine* alert = nullptr;
    for (const auto& a : sup.alerts)
      if (a.kind == arg(0) && !a.case_id.empty() && (!alert || a.raised_at > alert->raised_at)) alert = &a;
    if (!alert) return script_fail("no active case alert of kind " + arg(0));
    dispatch(ShowTab{Tab::supervisor});
    force_tab_ = 0;
    script_click_ = "case-alert:" + alert->id;
    phase_ = 50;
  } else if (v == "transfer") {
    transfer_service_ = arg(0);
    dispatch(Transfer{transfer_service_});
    sent_or_next();
  } else if (v == "recall") {
    dispatch(AtWindow{WindowAction::recall});
    sent_or_next();
  } else if (v == "off-post") {
    off_post_open_ = true;
    std::snprintf(off_reason_, sizeof off_reason_, "%s", arg(0).c_str());
    std::snprintf(off_destination_, sizeof off_destination_, "%s", arg(1) == "-" ? "" : arg(1).c_str());
    off_minutes_ = std::atoi(arg(2).c_str());
    dispatch(off_post_form());
    sent_or_next();
  } else if (v == "return") {
    dispatch(ReturnToPost{});
    sent_or_next();
  } else if (v == "sign-out") {
    dispatch(SignOut{});
    sent_or_next();
  } else if (v == "take-over") {
    const auto sv = staff_view();
    if (sv.cover_requests.empty()) return script_fail("no substitute banner on screen");
    dispatch(ShowTab{Tab::staff});
    if (arg(0) == "remote" && !sv.cover_requests.front().can_remote) return script_fail("the banner offers no 在本窗口代办");
    script_click_ = (arg(0) == "remote" ? "take-over-remote:" : "take-over:") + sv.cover_requests.front().window;
    phase_ = 50;
  } else if (v == "ack") {
    // The newest unacknowledged alert of KIND (the list ranks by level first).
    const auto sup = make_supervisor_view(mirror_.state(), me(), hall_now());
    const std::string note = s.rest.size() > arg(0).size() ? s.rest.substr(arg(0).size() + 1) : "";
    const AlertLine* newest = nullptr;
    for (const auto& a : sup.alerts)
      if (a.kind == arg(0) && a.acknowledged_by.empty() && (!newest || a.raised_at > newest->raised_at)) newest = &a;
    if (newest) dispatch(Ack{newest->id, note});
    if (last_sent_ == before_) return script_fail("no unacknowledged active alert of kind " + arg(0));
    sent_or_next();
  } else if (v == "approve-leave") {
    const auto sup = make_supervisor_view(mirror_.state(), me(), hall_now());
    for (const auto& l : sup.leaves)
      if (l.staff == arg(0) && l.mine_to_decide) {
        dispatch(DecideLeave{l.id, true});
        break;
      }
    if (last_sent_ == before_) return script_fail("no pending leave of " + arg(0) + " waiting for " + me().role);
    sent_or_next();
  } else if (v == "tile") {
    // Open a window's tile on the hall map (its suggestions come from the mirrored hall).
    dispatch(ShowTab{Tab::supervisor});
    force_tab_ = 0;
    script_click_ = "tile:" + arg(0);
    phase_ = 62;
  } else if (v == "assign") {
    // Through the hall map: open the tile, wait for the suggestions to name the person, press 指派.
    dispatch(ShowTab{Tab::supervisor});
    force_tab_ = 0;
    script_click_ = "tile:" + arg(0);
    phase_ = 60;
  } else if (v == "inspect") {
    inspect_kind_ = arg(0);
    inspect_staff_ = arg(1);
    if (const auto* st = mirror_.state().cfg().find_staff(arg(1))) inspect_department_ = st->department;
    std::string note;
    for (std::size_t i = 2; i < s.args.size(); ++i) note += (note.empty() ? "" : " ") + s.args[i];
    std::snprintf(inspect_note_, sizeof inspect_note_, "%s", note.c_str());
    dispatch(inspect_form());
    sent_or_next();
  } else if (v == "verify") {
    dispatch(VerifyComplaint{arg(0), arg(1) == "yes"});
    sent_or_next();
  } else if (v == "expect-message") {
    if (model_.notice.text.find(s.rest) == std::string::npos)
      return script_fail("the last notice is \"" + model_.notice.text + "\"");
    next();
  } else if (v == "sync") {
    before_ = last_sent_;
    await_ = last_sent_;
    phase_ = 2;
  } else if (v == "screenshot") {
    shot_path_ = arg(0);
    std::error_code ec;
    std::filesystem::remove(shot_path_, ec);
    app_.screenshot_after_frame(shot_path_);
    phase_ = 20;
  } else if (v == "sleep") {
    sleep_until_ = now + std::atof(arg(0).c_str()) / 1000.0;
    phase_ = 30;
  } else if (v == "quit") {
    script_active_ = false;
    app_.quit();
  }
}

}  // namespace hallq::console
