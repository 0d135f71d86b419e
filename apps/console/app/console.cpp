// Console plumbing and actions: the link to the server, answers from the command queue, events
// (sounds, flashing, alert history), and every action the buttons, keys and script share.
#include "console/app/console.hpp"

#include <boost/json.hpp>

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_internal.h>  // ImTextCharToUtf8

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "console/model/refusals.hpp"
#include "domain/time.hpp"

namespace hallq::console {

namespace json = boost::json;

namespace {

std::string str_of(const json::value& v, const char* key) {
  if (!v.is_object()) return "";
  const auto* x = v.as_object().if_contains(key);
  return x && x->is_string() ? std::string(x->as_string()) : std::string();
}

std::string error_message(const client::HttpResponse& r) {
  if (!r.json || !r.json->is_object()) return r.body.substr(0, 200);
  const auto* e = r.json->as_object().if_contains("error");
  return e ? str_of(*e, "message") : std::string();
}

}  // namespace

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

std::uint64_t Console::send(Request r) {
  last_sent_ = commands_.submit(std::move(r));
  return last_sent_;
}

void Console::notice(std::string text, bool error) {
  notice_ = std::move(text);
  notice_error_ = error;
  notice_at_ = frame_now_;
}

void Console::pump(double now) {
  frame_now_ = now;
  if (link_) link_->pump(mirror_);
  if (mirror_.ready() && mirror_.server_now() != server_now_) {
    server_now_ = mirror_.server_now();
    server_now_seen_ = now;
  }
  if (mirror_.take_snapshots() > 0) {
    // The state was replaced wholesale: the events in between were not seen one by one, so the
    // alerts present now are not news (no flashing) and the per-window counts are refetched.
    for (const auto& [id, a] : mirror_.state().alerts) first_seen_.emplace(id, -100.0);
    history_.seed(mirror_.state(), hall_now());
    backfill_per_window_.clear();
    backfill_until_ = mirror_.seq();
    if (me_.supervising()) fetch("backfill", "/api/events?since=0&limit=1000");
  }
  for (const auto& e : mirror_.take_applied()) on_event(e, now);
  // R-AB-3: the substitute hears a cover request that names them once, whether it arrived as
  // an event or was already active when they logged in (it came with the snapshot).
  if (ready())
    for (const auto& [id, a] : mirror_.state().alerts)
      if (a.kind == "cover_needed" && std::find(a.notify.begin(), a.notify.end(), me_.id) != a.notify.end() &&
          announced_covers_.insert(id).second)
        sound_->say("请到 " + std::to_string(window_number(mirror_.state(), a.window)) + " 号窗口顶岗");
  for (auto& a : commands_.take()) on_answer(a);
}

void Console::on_event(const domain::Event& e, double now) {
  const auto& s = mirror_.state();
  history_.on_event(s, e);
  if (e.type != domain::EventType::alert_raised) return;
  first_seen_[e.alert] = now;
  const bool names_me = std::find(e.notify.begin(), e.notify.end(), me_.id) != e.notify.end();
  if (me_.supervising() && !names_me) sound_->say(ui::Announcement{"新预警，" + alert_kind_label(e.kind), true});
}

void Console::on_answer(const Answer& a) {
  last_answered_ = std::max(last_answered_, a.id);
  const auto& r = a.request;
  if (a.id == sync_request_) {
    if (a.response.json && a.response.json->is_object())
      if (const auto* seq = a.response.json->as_object().if_contains("seq"); seq && seq->is_int64()) sync_seq_ = seq->as_int64();
    if (sync_seq_ < 0) sync_seq_ = 0;
    return;
  }
  if (r.tag == "login") {
    if (!a.ok()) {
      notice(a.response.status == 0 ? "无法连接服务器：" + a.response.body
                                    : refusal_text(mirror_.has_config() ? mirror_.state() : core::State(nullptr),
                                                   Refusal{a.response.status, a.response.error_code(), error_message(a.response), "", ""}),
             true);
      return;
    }
    const auto& j = *a.response.json;
    const auto& staff = j.as_object().at("staff");
    me_ = Principal{str_of(staff, "id"), str_of(staff, "name"), str_of(staff, "role")};
    const std::string token = str_of(j, "token");
    commands_.set_token(token);
    client::LinkOptions lo;
    lo.server = opts_.server;
    lo.token = token;
    lo.wake = [] { ui::App::wake(); };
    link_ = std::make_unique<client::Link>(std::move(lo));
    tab_ = me_.supervising() ? Tab::supervisor : Tab::staff;
    std::memset(login_pin_, 0, sizeof login_pin_);
    notice(me_.name + "，您好（" + role_label(me_.role) + "）", false);
    return;
  }
  if (r.tag == "backfill") {
    if (!a.ok() || !a.response.json) return;
    const auto& o = a.response.json->as_object();
    const std::string today = mirror_.ready() ? mirror_.state().day : "";
    std::int64_t next = 0;
    std::size_t count = 0;
    if (const auto* evs = o.if_contains("events"); evs && evs->is_array()) {
      count = evs->as_array().size();
      for (const auto& ev : evs->as_array()) {
        const auto* seq = ev.as_object().if_contains("seq");
        if (!seq || !seq->is_int64() || seq->as_int64() > backfill_until_) continue;
        if (str_of(ev, "type") != "alert.raised" || str_of(ev, "window").empty()) continue;
        if (str_of(ev, "at").rfind(today, 0) != 0) continue;
        ++backfill_per_window_[str_of(ev, "window")];
      }
    }
    if (const auto* n = o.if_contains("next"); n && n->is_int64()) next = n->as_int64();
    if (count == 1000 && next < backfill_until_) fetch("backfill", "/api/events?since=" + std::to_string(next) + "&limit=1000");
    return;
  }
  if (r.tag == "substitutes" || r.tag == "scores" || r.tag == "complaints") {
    const bool missing = a.response.status == 404 && r.tag != "substitutes";
    if (r.tag == "scores") {
      scores_missing_ = missing;
      if (a.ok()) scores_ = a.response.json;
    } else if (r.tag == "complaints") {
      complaints_missing_ = missing;
      if (a.ok()) complaints_ = a.response.json;
    } else if (a.ok() && r.window == selected_window_) {
      substitutes_ = a.response.json;
    }
    if (!a.ok() && !missing && mirror_.ready())
      notice(refusal_text(mirror_.state(), Refusal{a.response.status, a.response.error_code(), error_message(a.response), r.staff, r.window}), true);
    return;
  }
  if (!a.ok()) {
    if (mirror_.ready())
      notice(r.label + "：" + refusal_text(mirror_.state(), Refusal{a.response.status, a.response.error_code(),
                                                                   error_message(a.response), r.staff, r.window}),
             true);
    else
      notice(r.label + "：" + error_message(a.response), true);
    return;
  }
  std::string done = r.label + " 成功";
  if (r.tag == "call" && a.response.json) {
    const auto* tk = a.response.json->as_object().if_contains("ticket");
    done = tk && tk->is_object() ? "已呼叫 " + str_of(*tk, "number") : std::string("当前没有等候的群众");
  }
  if (r.tag == "complaint") fetch("complaints", "/api/complaints");
  if (r.tag == "finish" && a.response.json && a.response.json->is_object())  // R-CASE-1: say the case it opened
    if (const auto* k = a.response.json->as_object().if_contains("case"); k && k->is_object())
      done += "，已生成办件（" + str_of(*k, "number") + "）" + (str_of(*k, "due_date").empty() ? "" : "，" + str_of(*k, "due_date") + " 前办结");
  if (r.tag == "assign" && !selected_window_.empty()) fetch("substitutes", "/api/windows/" + selected_window_ + "/substitutes");
  notice(done, false);
}

// [SECTION] actions

void Console::fetch(const std::string& tag, const std::string& path) {
  Request r;
  r.method = "GET";
  r.path = path;
  r.tag = tag;
  r.label = tag;
  if (tag == "substitutes") r.window = selected_window_;
  commands_.submit(std::move(r));  // reads do not count as the person's last action
}

void Console::act_login(const std::string& id, const std::string& pin) {
  if (id.empty() || pin.empty()) {
    notice("请输入工号和密码", true);
    return;
  }
  Request r;
  r.path = "/api/login";
  r.body = json::serialize(json::object{{"staff_id", id}, {"pin", pin}});
  r.tag = "login";
  r.label = "登录";
  r.with_token = false;
  login_request_ = send(std::move(r));
}

void Console::act_logout() {
  link_.reset();
  commands_.set_token("");
  me_ = Principal{};
  announced_covers_.clear();
  first_seen_.clear();
  scores_.reset();
  complaints_.reset();
  substitutes_.reset();
  window_popup_ = false;
  notice("已退出登录", false);
}

void Console::act_window(const char* action, const std::string& label, std::string body) {
  if (!ready()) return;
  const auto* st = mirror_.state().staff_state(me_.id);
  if (!st || st->post.empty()) {
    notice(label + "：您当前不在岗", true);
    return;
  }
  Request r;
  r.path = "/api/windows/" + st->post + "/" + action;
  r.body = std::move(body);
  r.label = label;
  r.tag = std::strcmp(action, "call-next") == 0 ? "call" : action;
  r.staff = me_.id;
  r.window = st->post;
  send(std::move(r));
}

void Console::act_staff(const char* action, const std::string& label, std::string body, const std::string& window) {
  if (!logged_in()) return;
  Request r;
  r.path = "/api/staff/" + me_.id + "/" + action;
  r.body = std::move(body);
  r.label = label;
  r.tag = action;
  r.staff = me_.id;
  r.window = window;
  send(std::move(r));
}

bool Console::act_finish() {
  std::vector<std::string> missing;
  for (const auto& m : finish_missing_)
    if (m.find_first_not_of(' ') != std::string::npos) missing.push_back(m);
  const std::string reason = finish_reason_;
  if (const auto why = check_finish_form(finish_outcome_, missing, reason); !why.empty()) {
    notice(why, true);  // R-Q-8, R-CASE-1: nothing is sent without the list or the grounds
    return false;
  }
  json::object body{{"outcome", finish_outcome_}};
  if (finish_outcome_ == "incomplete_materials") {
    json::array list;
    for (const auto& m : missing) list.emplace_back(m);
    body["missing"] = std::move(list);
  }
  if (finish_outcome_ == "rejected") body["reason"] = reason;
  const std::string label = finish_outcome_ == "done" ? "办结" : "办结（" + finish_outcome_label(finish_outcome_) + "）";
  act_window("finish", label, json::serialize(body));
  finish_open_ = false;
  finish_outcome_ = "done";
  finish_missing_.clear();
  finish_reason_[0] = 0;
  return true;
}

bool Console::act_transfer() {
  if (transfer_service_.empty()) {
    notice("请选择转办的事项", true);
    return false;
  }
  act_window("transfer", "转办至" + service_name(mirror_.state(), transfer_service_),
             json::serialize(json::object{{"service", transfer_service_}}));
  transfer_open_ = false;
  return true;
}

bool Console::act_off_post() {
  if (const auto why = check_off_post_form(off_reason_, off_destination_, off_minutes_); !why.empty()) {
    notice(why, true);  // R-OFF-1: never sent without a destination
    return false;
  }
  act_staff("off-post", "离岗报备",
            json::serialize(json::object{{"reason", off_reason_}, {"destination", off_destination_}, {"expected_minutes", off_minutes_}}));
  off_post_open_ = false;
  return true;
}

void Console::act_take_over(const std::string& window, const std::string& from_window) {
  json::object body{{"window", window}};
  std::string label = "顶岗 " + window_label(mirror_.state(), window);
  if (!from_window.empty()) {  // R-AB-7: stay at my window and call the post's tickets here
    body["from_window"] = from_window;
    label = "在本窗口代办 " + window_label(mirror_.state(), window);
  }
  act_staff("take-over", label, json::serialize(body), window);
}

void Console::act_ack(const std::string& alert, const std::string& note) {
  Request r;
  r.path = "/api/alerts/" + alert + "/ack";
  r.body = json::serialize(json::object{{"note", note}});
  r.label = "确认预警";
  r.tag = "ack";
  send(std::move(r));
}

void Console::act_decide_leave(const std::string& leave, bool approve) {
  Request r;
  r.path = "/api/leave/" + leave + (approve ? "/approve" : "/reject");
  r.label = approve ? "批准请假" : "驳回请假";
  r.tag = "leave";
  send(std::move(r));
}

void Console::act_assign(const std::string& window, const std::string& staff, const std::string& from_window) {
  Request r;
  r.path = "/api/staff/" + staff + "/take-over";
  json::object body{{"window", window}};
  r.label = "指派 " + staff_name(mirror_.state(), staff) + " 顶岗";
  if (!from_window.empty()) {  // R-AB-7
    body["from_window"] = from_window;
    r.label = "指派 " + staff_name(mirror_.state(), staff) + " 在 " + window_label(mirror_.state(), from_window) + "代办";
  }
  r.body = json::serialize(body);
  r.tag = "assign";
  r.staff = staff;
  r.window = window;
  send(std::move(r));
}

void Console::act_inspect() {
  if (inspect_kind_.empty() || (inspect_staff_.empty() && inspect_department_.empty())) {
    notice("请选择扣分项，以及工作人员或部门", true);
    return;
  }
  json::object body{{"kind", inspect_kind_}, {"note", inspect_note_}};
  if (!inspect_staff_.empty()) body["staff"] = inspect_staff_;
  if (!inspect_department_.empty()) body["department"] = inspect_department_;
  Request r;
  r.path = "/api/violations";
  r.body = json::serialize(body);
  r.label = "记录督查扣分";
  r.tag = "inspect";
  r.staff = inspect_staff_;
  send(std::move(r));
  inspect_note_[0] = 0;
}

void Console::act_decide_violation(const std::string& id, bool confirm, const std::string& note) {
  Request r;
  r.path = "/api/violations/" + id + (confirm ? "/confirm" : "/dismiss");
  r.body = json::serialize(json::object{{"note", note}});
  r.label = confirm ? "确认扣分" : "撤销扣分";
  r.tag = "violation";
  send(std::move(r));
}

void Console::act_request_leave() {
  if (!leave_from_[0] || !leave_to_[0] || !leave_reason_[0]) {
    notice("请填写请假起止日期和事由", true);
    return;
  }
  Request r;
  r.path = "/api/leave";
  r.body = json::serialize(json::object{{"staff", me_.id}, {"from", leave_from_}, {"to", leave_to_}, {"reason", leave_reason_}});
  r.label = "请假申请";
  r.tag = "leave";
  r.staff = me_.id;
  send(std::move(r));
  leave_reason_[0] = 0;
}

void Console::act_verify_complaint(const std::string& id, bool verified) {
  Request r;
  r.path = "/api/complaints/" + id + "/verify";
  r.body = json::serialize(json::object{{"verified", verified}});
  r.label = verified ? "投诉属实" : "投诉不属实";
  r.tag = "complaint";
  send(std::move(r));
}

void Console::act_case(const std::string& id, const char* action, const std::string& label, std::string body) {
  Request r;
  r.path = "/api/cases/" + id + "/" + action;
  r.body = std::move(body);
  r.label = label;
  // Say the case by its ticket number (what the applicant's papers show), not the opaque id.
  if (mirror_.ready())
    if (const auto it = mirror_.state().cases.find(id); it != mirror_.state().cases.end() && !it->second.number.empty())
      if (const auto at = r.label.rfind(id); at != std::string::npos) r.label.replace(at, id.size(), it->second.number);
  r.tag = "case";
  r.staff = me_.id;
  send(std::move(r));
}

void Console::act_approve_case(const std::string& id, const std::string& note) {
  json::object body;
  if (!note.empty()) body["note"] = note;
  act_case(id, "approve", "审批办结 " + id, json::serialize(body));
  case_note_[0] = 0;
}

bool Console::act_refuse_case(const std::string& id, const std::string& reason) {
  if (const auto why = check_refuse_form(reason); !why.empty()) {
    notice(why, true);
    return false;
  }
  act_case(id, "refuse", "不予批准 " + id, json::serialize(json::object{{"reason", reason}}));
  case_reason_[0] = 0;
  return true;
}

void Console::act_deliver_case(const std::string& id, const std::string& window) {
  json::object body;
  if (!window.empty()) body["window"] = window;
  act_case(id, "deliver", "出件 " + id, json::serialize(body));
}

bool Console::act_extend_case(const std::string& id, int days, const std::string& reason) {
  if (const auto why = check_extend_form(mirror_.state(), days, reason); !why.empty()) {
    notice(why, true);  // R-CASE-3: the reason is told to the applicant
    return false;
  }
  act_case(id, "extend", "延长办件时限 " + id, json::serialize(json::object{{"days", days}, {"reason", reason}}));
  extend_reason_[0] = 0;
  return true;
}

void Console::open_case(const std::string& id) {
  selected_case_ = id;
  tab_ = Tab::cases;
}

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
