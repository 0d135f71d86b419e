// update() for what the person did: buttons, keys and the script all arrive as these messages.
// Each checks its form (nothing is sent that the server must refuse for a missing field) and
// says the request to make; the answer comes back as Answered.
#include <boost/json.hpp>

#include <type_traits>

#include "console/model/case_view.hpp"
#include "console/model/console_model.hpp"
#include "console/model/staff_view.hpp"

namespace hallq::console {

namespace json = boost::json;

namespace {

HttpRequest post(std::string path, std::string label, std::string body = {}) {
  HttpRequest r;
  r.path = std::move(path);
  r.label = std::move(label);
  r.body = std::move(body);
  return r;
}

struct Acting {
  ConsoleModel& m;
  const Context& cx;
  Effects out;

  void send(HttpRequest r) { out.emplace_back(Send{std::move(r)}); }
  void done(Form f) { out.emplace_back(FormDone{f}); }
  void refuse(std::string why) { say_notice(m, cx, std::move(why), true); }
  bool ready() const { return m.logged_in() && cx.ready && cx.state; }
  const core::State& s() const { return *cx.state; }

  // POST /api/windows/{my post}/{action}: only from a post (the server would refuse it anyway).
  void at_my_window(const char* action, const std::string& label, std::string body = {}, Purpose p = Purpose::command) {
    if (!ready()) return;
    const auto* st = s().staff_state(m.me.id);
    if (!st || st->post.empty()) return refuse(label + "：您当前不在岗");
    auto r = post("/api/windows/" + st->post + "/" + action, label, std::move(body));
    r.purpose = p;
    r.staff = m.me.id;
    r.window = st->post;
    send(std::move(r));
  }

  // POST /api/staff/{me}/{action}.
  void as_me(const char* action, const std::string& label, std::string body = {}, const std::string& window = {}) {
    if (!m.logged_in()) return;
    auto r = post("/api/staff/" + m.me.id + "/" + action, label, std::move(body));
    r.staff = m.me.id;
    r.window = window;
    send(std::move(r));
  }

  // POST /api/cases/{id}/{action} (R-CASE-3, R-CASE-4), said by the case's ticket number (what
  // the applicant's papers show), not the opaque id.
  void on_case(const std::string& id, const char* action, const std::string& what, std::string body) {
    std::string label = what + " " + id;
    if (cx.ready && cx.state)
      if (const auto it = s().cases.find(id); it != s().cases.end() && !it->second.number.empty())
        label = what + " " + it->second.number;
    auto r = post("/api/cases/" + id + "/" + action, label, std::move(body));
    r.staff = m.me.id;
    send(std::move(r));
  }

  void operator()(const Login& a) {
    if (a.id.empty() || a.pin.empty()) return refuse("请输入工号和密码");
    auto r = post("/api/login", "登录", json::serialize(json::object{{"staff_id", a.id}, {"pin", a.pin}}));
    r.purpose = Purpose::login;
    r.with_token = false;
    send(std::move(r));
  }
  void operator()(const Logout&) {
    out.emplace_back(CloseLink{});
    m.me = Principal{};
    m.announced_covers.clear();
    m.first_seen.clear();
    m.scores.reset();
    m.complaints.reset();
    m.selected_window.clear();
    say_notice(m, cx, "已退出登录", false);
  }
  void operator()(const AtWindow& a) {
    switch (a.action) {
      case WindowAction::call: return at_my_window("call-next", "呼叫下一位", {}, Purpose::call);
      case WindowAction::recall: return at_my_window("recall", "重呼");
      case WindowAction::no_show: return at_my_window("no-show", "过号");
      case WindowAction::start: return at_my_window("start", "开始办理");
    }
  }
  void operator()(const Finish& a) {
    std::vector<std::string> missing;
    for (const auto& x : a.missing)
      if (x.find_first_not_of(' ') != std::string::npos) missing.push_back(x);
    // R-Q-8, R-CASE-1: nothing is sent without the list or the grounds.
    if (const auto why = check_finish_form(a.outcome, missing, a.reason); !why.empty()) return refuse(why);
    json::object body{{"outcome", a.outcome}};
    if (a.outcome == "incomplete_materials") {
      json::array list;
      for (const auto& x : missing) list.emplace_back(x);
      body["missing"] = std::move(list);
    }
    if (a.outcome == "rejected") body["reason"] = a.reason;
    const std::string label = a.outcome == "done" ? "办结" : "办结（" + finish_outcome_label(a.outcome) + "）";
    at_my_window("finish", label, json::serialize(body), Purpose::finish);
    done(Form::finish);
  }
  void operator()(const Transfer& a) {
    if (a.service.empty()) return refuse("请选择转办的事项");
    if (!ready()) return;
    at_my_window("transfer", "转办至" + service_name(s(), a.service), json::serialize(json::object{{"service", a.service}}));
    done(Form::transfer);
  }
  void operator()(const SignIn& a) { as_me("sign-in", "签到", json::serialize(json::object{{"window", a.window}}), a.window); }
  void operator()(const OffPost& a) {
    // R-OFF-1: never sent without a destination.
    if (const auto why = check_off_post_form(a.reason, a.destination, a.minutes); !why.empty()) return refuse(why);
    as_me("off-post", "离岗报备",
          json::serialize(json::object{{"reason", a.reason}, {"destination", a.destination}, {"expected_minutes", a.minutes}}));
    done(Form::off_post);
  }
  void operator()(const ReturnToPost&) { as_me("return", "返岗"); }
  void operator()(const SignOut&) { as_me("sign-out", "签退"); }
  void operator()(const TakeOver& a) {
    if (!cx.state) return;
    json::object body{{"window", a.window}};
    std::string label = "顶岗 " + window_label(s(), a.window);
    if (!a.from_window.empty()) {  // R-AB-7: stay at my window and call the post's tickets here
      body["from_window"] = a.from_window;
      label = "在本窗口代办 " + window_label(s(), a.window);
    }
    as_me("take-over", label, json::serialize(body), a.window);
  }
  void operator()(const Ack& a) {
    send(post("/api/alerts/" + a.alert + "/ack", "确认预警", json::serialize(json::object{{"note", a.note}})));
  }
  void operator()(const DecideLeave& a) {
    send(post("/api/leave/" + a.leave + (a.approve ? "/approve" : "/reject"), a.approve ? "批准请假" : "驳回请假"));
  }
  void operator()(const RequestLeave& a) {
    if (a.from.empty() || a.to.empty() || a.reason.empty()) return refuse("请填写请假起止日期和事由");
    auto r = post("/api/leave", "请假申请",
                  json::serialize(json::object{{"staff", m.me.id}, {"from", a.from}, {"to", a.to}, {"reason", a.reason}}));
    r.staff = m.me.id;
    send(std::move(r));
    done(Form::leave);
  }
  void operator()(const Assign& a) {
    if (!cx.state) return;
    json::object body{{"window", a.window}};
    std::string label = "指派 " + staff_name(s(), a.staff) + " 顶岗";
    if (!a.from_window.empty()) {  // R-AB-7
      body["from_window"] = a.from_window;
      label = "指派 " + staff_name(s(), a.staff) + " 在 " + window_label(s(), a.from_window) + "代办";
    }
    auto r = post("/api/staff/" + a.staff + "/take-over", label, json::serialize(body));
    r.staff = a.staff;
    r.window = a.window;
    send(std::move(r));
  }
  void operator()(const SetWindowOpen& a) {
    if (!cx.state) return;
    auto r = post("/api/windows/" + a.window + (a.open ? "/open" : "/close"),
                  (a.open ? "开放 " : "关闭 ") + window_label(s(), a.window));
    r.window = a.window;
    send(std::move(r));
  }
  void operator()(const Inspect& a) {
    if (a.kind.empty() || (a.staff.empty() && a.department.empty())) return refuse("请选择扣分项，以及工作人员或部门");
    json::object body{{"kind", a.kind}, {"note", a.note}};
    if (!a.staff.empty()) body["staff"] = a.staff;
    if (!a.department.empty()) body["department"] = a.department;
    auto r = post("/api/violations", "记录督查扣分", json::serialize(body));
    r.staff = a.staff;
    send(std::move(r));
    done(Form::inspect);
  }
  void operator()(const DecideViolation& a) {
    send(post("/api/violations/" + a.id + (a.confirm ? "/confirm" : "/dismiss"), a.confirm ? "确认扣分" : "撤销扣分",
              json::serialize(json::object{{"note", a.note}})));
  }
  void operator()(const VerifyComplaint& a) {
    auto r = post("/api/complaints/" + a.id + "/verify", a.verified ? "投诉属实" : "投诉不属实",
                  json::serialize(json::object{{"verified", a.verified}}));
    r.purpose = Purpose::verdict;
    send(std::move(r));
  }
  void operator()(const ApproveCase& a) {
    json::object body;
    if (!a.note.empty()) body["note"] = a.note;
    on_case(a.id, "approve", "审批办结", json::serialize(body));
    done(Form::case_note);
  }
  void operator()(const RefuseCase& a) {
    if (const auto why = check_refuse_form(a.reason); !why.empty()) return refuse(why);
    on_case(a.id, "refuse", "不予批准", json::serialize(json::object{{"reason", a.reason}}));
    done(Form::case_reason);
  }
  void operator()(const DeliverCase& a) {
    json::object body;
    if (!a.window.empty()) body["window"] = a.window;
    on_case(a.id, "deliver", "出件", json::serialize(body));
  }
  void operator()(const ExtendCase& a) {
    if (!cx.state) return;
    // R-CASE-3: the reason is told to the applicant.
    if (const auto why = check_extend_form(s(), a.days, a.reason); !why.empty()) return refuse(why);
    on_case(a.id, "extend", "延长办件时限", json::serialize(json::object{{"days", a.days}, {"reason", a.reason}}));
    done(Form::extend);
  }
  void operator()(const ShowTab& a) { m.tab = a.tab; }
  void operator()(const ShowSupervisorTab& a) { m.supervisor_tab = a.tab; }
  void operator()(const OpenCase& a) {
    m.selected_case = a.id;
    m.tab = Tab::cases;
  }
  void operator()(const OpenWindowTile& a) { m.selected_window = a.window; }
  void operator()(const CloseWindowTile&) { m.selected_window.clear(); }
  template <class Other>
  void operator()(const Other&) {}
};

}  // namespace

Effects act(ConsoleModel& m, const Context& cx, const Message& msg) {
  Acting a{m, cx, {}};
  std::visit(a, msg);
  return std::move(a.out);
}

}  // namespace hallq::console
