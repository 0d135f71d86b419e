// Console plumbing: the link to the server and the command queue, turned into messages for
// update(); the effects it answers with, performed; the forms' messages from their widgets.
#include "console/app/console.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_internal.h>  // ImTextCharToUtf8

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "domain/time.hpp"

namespace hallq::console {

Console::Console(ui::App& app, ConsoleOptions options)
    : app_(app), opts_(std::move(options)), commands_(opts_.server, [] { ui::App::wake(); }) {
  auto& fonts = app_.fonts();
  body_ = fonts.add(18);  // the first font is ImGui's default
  small_ = fonts.add(15);
  title_ = fonts.add(22);
  banner_ = fonts.add(26);
  big_ = fonts.add(64);
  // Names, typed text and server messages may use any common character: build the common
  // Simplified Chinese set once at the small sizes (a few MB; see STACK.md for the large ones).
  std::string common;
  for (const ImWchar* r = ImGui::GetIO().Fonts->GetGlyphRangesChineseSimplifiedCommon(); r[0]; r += 2)
    for (unsigned c = r[0]; c <= r[1] && c < 0x10000; ++c) {
      char buf[5];
      common += ImTextCharToUtf8(buf, c);
    }
  for (int id : {body_, small_, title_}) fonts.need(id, common);
  font_stack_.push_back(body_);
  std::snprintf(login_id_, sizeof login_id_, "%s", opts_.staff.c_str());
  ui::AnnouncerOptions so;
  so.play = !opts_.mute;
  so.wav_dir = opts_.sound_dir;
  sound_ = std::make_unique<ui::Announcer>(so);
}

Console::~Console() {
  link_.reset();  // its thread calls App::wake: stop it while the App exists
}

bool Console::load_script(const std::string& path, std::string* error) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    if (error) *error = "cannot read " + path;
    return false;
  }
  std::string text;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
  std::fclose(f);
  std::string why;
  auto steps = parse_script(text, &why);
  if (!steps) {
    if (error) *error = path + ": " + why;
    return false;
  }
  script_ = std::move(*steps);
  script_active_ = true;
  return true;
}

// [SECTION] plumbing

Time Console::hall_now() const {
  if (mirror_.manual_clock()) return server_now_;
  return server_now_ + static_cast<Time>(frame_now_ - server_now_seen_);
}

Context Console::context() const {
  return Context{mirror_.has_config() ? &mirror_.state() : nullptr, mirror_.ready(), hall_now(), frame_now_};
}

void Console::dispatch(const Message& msg) {
  for (auto& e : update(model_, context(), msg)) perform(std::move(e));
}

void Console::perform(Effect e) {
  if (auto* send = std::get_if<Send>(&e)) {
    const bool read = send->request.read();
    const bool login = send->request.purpose == Purpose::login;
    const auto id = commands_.submit(std::move(send->request));
    if (!read) last_sent_ = id;  // reads do not count as the person's last action
    if (login) login_request_ = id;
  } else if (auto* say = std::get_if<Say>(&e)) {
    sound_->say(std::move(say->text));
  } else if (auto* open = std::get_if<OpenLink>(&e)) {
    commands_.set_token(open->token);
    client::LinkOptions lo;
    lo.server = opts_.server;
    lo.token = open->token;
    lo.wake = [] { ui::App::wake(); };
    link_ = std::make_unique<client::Link>(std::move(lo));
  } else if (std::holds_alternative<CloseLink>(e)) {
    link_.reset();
    commands_.set_token("");
  } else if (auto* done = std::get_if<FormDone>(&e)) {
    clear_form(done->form);
  }
}

void Console::clear_form(Form f) {
  switch (f) {
    case Form::login: std::memset(login_pin_, 0, sizeof login_pin_); break;
    case Form::finish:
      finish_open_ = false;
      finish_outcome_ = "done";
      finish_missing_.clear();
      finish_reason_[0] = 0;
      break;
    case Form::transfer: transfer_open_ = false; break;
    case Form::off_post: off_post_open_ = false; break;
    case Form::leave: leave_reason_[0] = 0; break;
    case Form::inspect: inspect_note_[0] = 0; break;
    case Form::case_note: case_note_[0] = 0; break;
    case Form::case_reason: case_reason_[0] = 0; break;
    case Form::extend: extend_reason_[0] = 0; break;
  }
}

void Console::pump(double now) {
  frame_now_ = now;
  if (link_) link_->pump(mirror_);
  if (mirror_.ready() && mirror_.server_now() != server_now_) {
    server_now_ = mirror_.server_now();
    server_now_seen_ = now;
  }
  if (mirror_.take_snapshots() > 0) dispatch(MirrorReplaced{mirror_.seq()});
  for (auto& e : mirror_.take_applied()) dispatch(MirrorApplied{std::move(e)});
  dispatch(Tick{});
  for (auto& a : commands_.take()) {
    last_answered_ = std::max(last_answered_, a.id);
    if (a.id == sync_request_) {  // the script's own: how far the server has committed
      sync_seq_ = a.response.json ? read_health_seq(*a.response.json) : 0;
      continue;
    }
    const std::string code = a.response.error_code();
    dispatch(Answered{std::move(a.request), a.response.status, code, std::move(a.response.json), std::move(a.response.body)});
  }
}

// [SECTION] forms

Finish Console::finish_form() const { return Finish{finish_outcome_, finish_missing_, finish_reason_}; }

OffPost Console::off_post_form() const { return OffPost{off_reason_, off_destination_, off_minutes_}; }

Inspect Console::inspect_form() const { return Inspect{inspect_kind_, inspect_staff_, inspect_department_, inspect_note_}; }

std::string Console::case_by_name(const std::string& name) const {
  if (!mirror_.ready()) return "";
  const auto& cases = mirror_.state().cases;
  if (cases.count(name)) return name;
  const core::Case* best = nullptr;
  for (const auto& [id, k] : cases)
    if (k.number == name && (!best || k.opened_seq > best->opened_seq)) best = &k;
  return best ? best->id : "";
}

}  // namespace hallq::console
