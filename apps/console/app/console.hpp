// Console: the operator console's GUI — login, staff mode, supervisor mode — and the --script
// runner that drives it in tests. Reads only the mirrored state (via view models) and sends
// commands through the CommandQueue; ImGui is used from the main thread only.
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "client/link.hpp"
#include "mirror/mirror.hpp"
#include "console/app/commands.hpp"
#include "console/model/case_view.hpp"
#include "console/model/script.hpp"
#include "console/model/staff_view.hpp"
#include "console/model/supervisor_view.hpp"
#include "ui/app.hpp"
#include "ui/sound.hpp"

namespace hallq::console {

struct ConsoleOptions {
  client::ServerUrl server;
  std::string staff;       // --staff ID: prefills the login form
  std::string script;      // --script FILE
  std::string sound_dir;   // --sound-dir DIR: also write every sound as WAV there (tests)
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
  enum class Tab { staff, supervisor, cases };

  // [SECTION] plumbing
  void pump(double now);
  void on_answer(const Answer& a);
  void on_event(const domain::Event& e, double now);
  Time hall_now() const;
  std::uint64_t send(Request r);
  void notice(std::string text, bool error);
  bool logged_in() const { return !me_.id.empty(); }
  bool ready() const { return logged_in() && mirror_.ready(); }

  // [SECTION] actions: buttons, keys and the script all come through these
  void act_login(const std::string& id, const std::string& pin);
  void act_logout();
  void act_window(const char* action, const std::string& label, std::string body = {});
  void act_staff(const char* action, const std::string& label, std::string body = {}, const std::string& window = {});
  void act_call() { act_window("call-next", "呼叫下一位"); }
  void act_recall() { act_window("recall", "重呼"); }
  void act_no_show() { act_window("no-show", "过号"); }
  void act_start() { act_window("start", "开始办理"); }
  bool act_finish();    // from the finish form
  bool act_transfer();  // from the transfer form
  bool act_off_post();  // from the off-post form
  /// from_window: cover from where I sit (R-AB-7); "" = go and sit there.
  void act_take_over(const std::string& window, const std::string& from_window = {});
  void act_ack(const std::string& alert, const std::string& note);
  void act_decide_leave(const std::string& leave, bool approve);
  void act_assign(const std::string& window, const std::string& staff, const std::string& from_window = {});
  void act_inspect();
  void act_decide_violation(const std::string& id, bool confirm, const std::string& note);
  void act_request_leave();
  void act_verify_complaint(const std::string& id, bool verified);
  // Cases (办件): POST /api/cases/{id}/approve|refuse|deliver|extend (R-CASE-3, R-CASE-4).
  void act_case(const std::string& id, const char* action, const std::string& label, std::string body);
  void act_approve_case(const std::string& id, const std::string& note);
  bool act_refuse_case(const std::string& id, const std::string& reason);
  void act_deliver_case(const std::string& id, const std::string& window);
  bool act_extend_case(const std::string& id, int days, const std::string& reason);
  /// Shows the case on the 办件 tab (from a supervisor's alert, or the list).
  void open_case(const std::string& id);
  /// The case a script names: by id, else the newest case of that ticket number.
  std::string case_by_name(const std::string& name) const;
  void fetch(const std::string& tag, const std::string& path);

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
  Principal me_;
  Tab tab_ = Tab::staff;
  std::uint64_t last_sent_ = 0, last_answered_ = 0;
  std::optional<std::uint64_t> login_request_;

  // Hall time between events (real clock): the last server time and when it was seen.
  Time server_now_ = 0;
  double server_now_seen_ = 0;
  double frame_now_ = 0;

  // Notices: the last result in words (refusals in red).
  std::string notice_;
  bool notice_error_ = false;
  double notice_at_ = -100;

  // Widget state (kept apart from the view models, STYLE.md).
  char login_id_[64] = {}, login_pin_[64] = {};
  bool finish_open_ = false;
  std::string finish_outcome_ = "done";  // done | accepted | incomplete_materials | rejected
  std::vector<std::string> finish_missing_;
  char missing_input_[200] = {};
  char finish_reason_[300] = {};  // 不予受理 grounds (R-CASE-1)
  // The 办件 tab: the case shown on the right, and its forms.
  std::string selected_case_;
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
  std::string selected_window_;
  bool window_popup_ = false;
  std::optional<boost::json::value> substitutes_;  // the server's ranked suggestions for selected_window_
  std::string inspect_kind_, inspect_staff_, inspect_department_;
  char inspect_note_[200] = {};
  std::map<std::string, std::string> violation_notes_;
  // Supervisor reads: scores and complaints come from endpoints that may not exist (404).
  std::optional<boost::json::value> scores_, complaints_;
  bool scores_missing_ = false, complaints_missing_ = false;
  double scores_at_ = -100, complaints_at_ = -100;
  int sup_tab_ = 0;
  int force_tab_ = -1;  // a supervisor sub-tab to select on the next frame (script, hall map)

  // Alerts as seen: first sight (flashing), history, backfilled counts per window.
  std::map<std::string, double> first_seen_;
  AlertHistory history_;
  std::map<std::string, int> backfill_per_window_;
  std::int64_t backfill_until_ = -1;  // count alert.raised up to this seq from GET /api/events
  std::set<std::string> announced_covers_;

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
  std::string shot_path_;
  double sleep_until_ = 0;
  int exit_code_ = 0;
};

}  // namespace hallq::console
