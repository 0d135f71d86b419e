// Console: the operator console's app shell — login, staff mode, supervisor mode — and the
// --script runner that drives it in tests. The draw code reads the mirrored state (via view
// models) and the ConsoleModel, and emits messages; update() answers with effects, which the
// shell performs: requests through the CommandQueue, sounds, the link. ImGui runs on the main
// thread only.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "client/link.hpp"
#include "mirror/mirror.hpp"
#include "console/app/commands.hpp"
#include "console/model/case_view.hpp"
#include "console/model/console_model.hpp"
#include "console/model/script.hpp"
#include "console/model/staff_view.hpp"
#include "console/model/supervisor_view.hpp"
#include "ui/app.hpp"
#include "ui/sound.hpp"

namespace hallq::console {

struct ConsoleOptions {
  client::ServerUrl server;
  std::string staff;      // --staff ID: prefills the login form
  std::string script;     // --script FILE
  std::string sound_dir;  // --sound-dir DIR: also write every sound as WAV there (tests)
  bool mute = false;
};

class Console {
 public:
  Console(ui::App& app, ConsoleOptions options);
  ~Console();
  /// The frame callback for App::run.
  void frame(ui::Frame& f);
  /// 0, or 1 when a script step failed (the reason went to stderr).
  int exit_code() const { return exit_code_; }
  /// Loads --script; false (with the reason) when it cannot be read or parsed.
  bool load_script(const std::string& path, std::string* error);

 private:
  // [SECTION] plumbing: messages in, effects out (console/model/console_model.hpp)
  void pump(double now);
  Context context() const;
  /// Feeds one message to update() and performs its effects at once.
  void dispatch(const Message& msg);
  /// What a widget did this frame: dispatched after drawing (draw code only reads).
  void emit(Message msg) { outbox_.push_back(std::move(msg)); }
  void perform(Effect e);
  void clear_form(Form f);
  Time hall_now() const;
  bool logged_in() const { return model_.logged_in(); }
  bool ready() const { return logged_in() && mirror_.ready(); }
  const Principal& me() const { return model_.me; }
  // The messages of the forms, from their widget state (buttons, keys and the script share them).
  Finish finish_form() const;
  OffPost off_post_form() const;
  Inspect inspect_form() const;
  /// The case a script names: by id, else the newest case of that ticket number.
  std::string case_by_name(const std::string& name) const;

  // [SECTION] drawing
  const char* t(const std::string& s);  // records the characters for the font atlas
  void text(const std::string& s);
  void text_colored(unsigned color, const std::string& s);
  bool button(const std::string& label, bool enabled = true, float w = 0, float h = 0, unsigned color = 0);
  void push_font(int id);
  void pop_font();
  void draw_login(ui::Frame& f);
  void draw_top_bar(ui::Frame& f);
  void draw_staff(ui::Frame& f);
  void draw_banner(const StaffView& v);
  void draw_ticket_card(const StaffView& v);
  void draw_queue_card(const StaffView& v);
  void draw_post_card(const StaffView& v);
  void draw_leave_card(const StaffView& v);
  void draw_supervisor(ui::Frame& f);
  void draw_alerts(const SupervisorView& v, ui::Frame& f);
  void draw_hall_map(const SupervisorView& v);
  void draw_window_popup();
  void draw_leave_approvals(const SupervisorView& v);
  void draw_inspections(const SupervisorView& v);
  void draw_complaints();
  void draw_scores_and_charts();
  void draw_cases(ui::Frame& f);
  void draw_case_detail(const CaseLine& c);
  void draw_notice(ui::Frame& f);
  void handle_keys(const StaffView& v);

  // [SECTION] script
  void script_tick(ui::Frame& f);
  void script_fail(const std::string& why);

  ui::App& app_;
  ConsoleOptions opts_;
  bool themed_ = false;
  int body_ = 0, small_ = 0, title_ = 0, big_ = 0, banner_ = 0;
  std::vector<int> font_stack_;
  std::unique_ptr<ui::Announcer> sound_;

  client::Mirror mirror_;
  std::unique_ptr<client::Link> link_;
  CommandQueue commands_;
  ConsoleModel model_;
  std::vector<Message> outbox_;
  std::uint64_t last_sent_ = 0, last_answered_ = 0;
  std::optional<std::uint64_t> login_request_;

  // Hall time between events (real clock): the last server time and when it was seen.
  Time server_now_ = 0;
  double server_now_seen_ = 0;
  double frame_now_ = 0;

  // Widget state (kept apart from the model, STYLE.md): form fields and open panels.
  char login_id_[64] = {}, login_pin_[64] = {};
  bool finish_open_ = false;
  std::string finish_outcome_ = "done";  // done | accepted | incomplete_materials | rejected
  std::vector<std::string> finish_missing_;
  char missing_input_[200] = {};
  char finish_reason_[300] = {};  // 不予受理 grounds (R-CASE-1)
  // The 办件 tab's forms.
  char case_note_[200] = {}, case_reason_[300] = {}, extend_reason_[300] = {};
  int extend_days_ = 5;
  bool cases_open_only_ = false;
  bool transfer_open_ = false;
  std::string transfer_service_;
  bool off_post_open_ = false;
  char off_reason_[200] = {}, off_destination_[200] = {};
  int off_minutes_ = 10;
  char leave_from_[16] = {}, leave_to_[16] = {}, leave_reason_[200] = {};
  std::map<std::string, std::string> ack_notes_;
  std::string inspect_kind_, inspect_staff_, inspect_department_;
  char inspect_note_[200] = {};
  std::map<std::string, std::string> violation_notes_;
  int force_tab_ = -1;  // a supervisor sub-tab to select on the next frame (script, hall map)

  // Script run.
  std::vector<ScriptStep> script_;
  std::size_t step_ = 0;
  bool script_active_ = false;
  int phase_ = 0;
  double step_started_ = 0;
  std::uint64_t await_ = 0;
  std::uint64_t before_ = 0;
  std::string script_click_;  // a button the script presses (its id), consumed when drawn
  std::int64_t sync_seq_ = -1;
  std::uint64_t sync_request_ = 0;
  int key_pending_ = 0;
  int settle_frames_ = 0;
  std::string shot_path_;
  double sleep_until_ = 0;
  int exit_code_ = 0;
};

}  // namespace hallq::console
