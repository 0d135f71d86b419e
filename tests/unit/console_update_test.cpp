// The console's update() (console/model/console_model): for each message, the effects it asks
// the shell for and the change to the model, over states made by real engine commands.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <string>

#include "console/model/console_model.hpp"
#include "test_hall.hpp"

namespace hallq::test {
namespace {

namespace json = boost::json;
using namespace console;

const Principal supervisor{"s008", "黄晓芳", "supervisor"};
const Principal wang{"s001", "王建国", "staff"};
const Principal zhang{"s003", "张海燕", "staff"};

std::vector<HttpRequest> sends(const Effects& fx) {
  std::vector<HttpRequest> out;
  for (const auto& e : fx)
    if (const auto* s = std::get_if<Send>(&e)) out.push_back(s->request);
  return out;
}

std::vector<std::string> said(const Effects& fx) {
  std::vector<std::string> out;
  for (const auto& e : fx)
    if (const auto* s = std::get_if<Say>(&e)) out.push_back(s->text);
  return out;
}

bool clears(const Effects& fx, Form f) {
  return std::any_of(fx.begin(), fx.end(), [f](const Effect& e) {
    const auto* d = std::get_if<FormDone>(&e);
    return d && d->form == f;
  });
}

Answered answer(HttpRequest r, unsigned status, const char* body, std::string code = {}) {
  Answered a;
  a.request = std::move(r);
  a.status = status;
  a.code = std::move(code);
  a.body = body;
  if (*body) a.json = json::parse(body);
  return a;
}

class ConsoleUpdate : public ::testing::Test {
 protected:
  Hall h;
  ConsoleModel m;
  double clock = 100;
  void SetUp() override { h.advance_to("2026-11-23T09:00:00"); }
  Context cx() const { return Context{&h.state, true, h.now, clock}; }
  Effects step(const Message& msg) { return update(m, cx(), msg); }
  // The one request a message sent (a failure when there is not exactly one).
  HttpRequest sent(const Message& msg) {
    const auto fx = sends(step(msg));
    EXPECT_EQ(fx.size(), 1u);
    return fx.empty() ? HttpRequest{} : fx.front();
  }
  void log_in(const Principal& p) {
    m.me = p;
    m.tab = p.supervising() ? Tab::supervisor : Tab::staff;
  }
};

TEST_F(ConsoleUpdate, login_sends_the_credentials_without_a_token) {
  const auto r = sent(Login{"s001", "1001"});
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.path, "/api/login");
  EXPECT_EQ(json::parse(r.body), json::parse(R"({"staff_id": "s001", "pin": "1001"})"));
  EXPECT_EQ(r.purpose, Purpose::login);
  EXPECT_FALSE(r.with_token);
  EXPECT_TRUE(sends(step(Login{"s001", ""})).empty());
  EXPECT_EQ(m.notice.text, "请输入工号和密码");
  EXPECT_TRUE(m.notice.error);
  EXPECT_EQ(m.notice.at, clock);
}

TEST_F(ConsoleUpdate, login_answer_opens_the_link_and_shows_the_role_tab) {
  HttpRequest r;
  r.purpose = Purpose::login;
  const auto fx = step(answer(r, 200, R"({"token": "tok", "staff": {"id": "s008", "name": "黄晓芳", "role": "supervisor"}})"));
  ASSERT_FALSE(fx.empty());
  const auto* open = std::get_if<OpenLink>(&fx.front());
  ASSERT_NE(open, nullptr);
  EXPECT_EQ(open->token, "tok");
  EXPECT_TRUE(clears(fx, Form::login)) << "the PIN is wiped";
  EXPECT_EQ(m.me.id, "s008");
  EXPECT_EQ(m.tab, Tab::supervisor);
  EXPECT_EQ(m.notice.text, "黄晓芳，您好（中心督查）");
  EXPECT_FALSE(m.notice.error);

  ConsoleModel fresh;
  m = fresh;
  EXPECT_TRUE(
      step(answer(r, 401, R"({"error": {"code": "bad_credentials", "message": "wrong pin"}})", "bad_credentials")).empty());
  EXPECT_FALSE(m.logged_in());
  EXPECT_TRUE(m.notice.error);
  step(answer(r, 0, "", ""));
  EXPECT_EQ(m.notice.text, "无法连接服务器：");
}

TEST_F(ConsoleUpdate, window_actions_go_to_my_post) {
  log_in(wang);
  EXPECT_TRUE(sends(step(AtWindow{WindowAction::call})).empty());
  EXPECT_EQ(m.notice.text, "呼叫下一位：您当前不在岗");
  h.sign_in("s001", "W01");
  const auto r = sent(AtWindow{WindowAction::call});
  EXPECT_EQ(r.path, "/api/windows/W01/call-next");
  EXPECT_EQ(r.purpose, Purpose::call);
  EXPECT_EQ(r.staff, "s001");
  EXPECT_EQ(r.window, "W01");
  EXPECT_EQ(sent(AtWindow{WindowAction::recall}).path, "/api/windows/W01/recall");
  EXPECT_EQ(sent(AtWindow{WindowAction::no_show}).label, "过号");
  EXPECT_EQ(sent(AtWindow{WindowAction::start}).path, "/api/windows/W01/start");
  EXPECT_EQ(sent(SignIn{"W01"}).body, R"({"window":"W01"})");
  EXPECT_EQ(sent(ReturnToPost{}).path, "/api/staff/s001/return");
  EXPECT_EQ(sent(SignOut{}).path, "/api/staff/s001/sign-out");
}

TEST_F(ConsoleUpdate, call_answer_names_the_ticket_called) {
  HttpRequest r;
  r.purpose = Purpose::call;
  r.label = "呼叫下一位";
  step(answer(r, 200, R"({"ticket": {"number": "A001"}})"));
  EXPECT_EQ(m.notice.text, "已呼叫 A001");
  step(answer(r, 200, R"({"ticket": null})"));
  EXPECT_EQ(m.notice.text, "当前没有等候的群众");
  r.purpose = Purpose::command;
  r.label = "重呼";
  step(answer(r, 200, R"({"ticket": {"number": "A001"}})"));
  EXPECT_EQ(m.notice.text, "重呼 成功");
}

TEST_F(ConsoleUpdate, refused_command_says_why_in_words) {
  HttpRequest r;
  r.label = "签到";
  r.staff = "s001";
  r.window = "W02";
  step(answer(r, 409, R"({"error": {"code": "window_occupied", "message": "occupied"}})", "window_occupied"));
  EXPECT_EQ(m.notice.text, "签到：2号窗口已有人在岗");
  EXPECT_TRUE(m.notice.error);
  step(answer(r, 500, R"({"error": {"code": "x", "message": "boom"}})", "x"));
  EXPECT_NE(m.notice.text.find("boom"), std::string::npos) << "an unknown code keeps the server's text";
  const Context offline{nullptr, false, 0, clock};
  update(m, offline, answer(r, 502, "", ""));
  EXPECT_EQ(m.notice.text, "签到：");
}

TEST_F(ConsoleUpdate, finish_checks_its_form_then_sends_RQ8_RCASE1) {
  log_in(wang);
  h.sign_in("s001", "W01");
  EXPECT_TRUE(sends(step(Finish{"incomplete_materials", {" "}, ""})).empty());
  EXPECT_TRUE(m.notice.error) << "no list, nothing sent";
  EXPECT_TRUE(sends(step(Finish{"rejected", {}, ""})).empty());
  EXPECT_EQ(m.notice.text, "不予受理须写明理由（出具不予受理通知书）");
  const auto fx = step(Finish{"incomplete_materials", {"户口本原件", " ", "照片"}, ""});
  ASSERT_EQ(sends(fx).size(), 1u);
  const auto r = sends(fx).front();
  EXPECT_EQ(r.path, "/api/windows/W01/finish");
  EXPECT_EQ(r.purpose, Purpose::finish);
  EXPECT_EQ(json::parse(r.body), json::parse(R"({"outcome": "incomplete_materials", "missing": ["户口本原件", "照片"]})"));
  EXPECT_EQ(r.label, "办结（材料不全（一次性告知））");
  EXPECT_TRUE(clears(fx, Form::finish));
  EXPECT_EQ(json::parse(sent(Finish{"rejected", {}, "不属本中心受理"}).body),
            json::parse(R"({"outcome": "rejected", "reason": "不属本中心受理"})"));
  EXPECT_EQ(sent(Finish{"done", {}, ""}).label, "办结");
}

TEST_F(ConsoleUpdate, finish_answer_names_the_case_it_opened_RCASE1) {
  HttpRequest r;
  r.purpose = Purpose::finish;
  r.label = "办结（受理）";
  step(answer(r, 200, R"({"ticket": {}, "case": {"number": "Q001", "due_date": "2026-12-02"}})"));
  EXPECT_EQ(m.notice.text, "办结（受理） 成功，已生成办件（Q001），2026-12-02 前办结");
  step(answer(r, 200, R"({"ticket": {}})"));
  EXPECT_EQ(m.notice.text, "办结（受理） 成功");
}

TEST_F(ConsoleUpdate, off_post_needs_a_destination_ROFF1_and_transfer_a_service) {
  log_in(wang);
  h.sign_in("s001", "W01");
  EXPECT_TRUE(sends(step(OffPost{"会议", "", 20})).empty());
  EXPECT_EQ(m.notice.text, "请填写去向（离岗报备必须写明去向）");
  const auto fx = step(OffPost{"会议", "三楼会议室", 20});
  ASSERT_EQ(sends(fx).size(), 1u);
  EXPECT_EQ(sends(fx)[0].path, "/api/staff/s001/off-post");
  EXPECT_EQ(json::parse(sends(fx)[0].body),
            json::parse(R"({"reason": "会议", "destination": "三楼会议室", "expected_minutes": 20})"));
  EXPECT_TRUE(clears(fx, Form::off_post));
  EXPECT_TRUE(sends(step(Transfer{""})).empty());
  EXPECT_EQ(m.notice.text, "请选择转办的事项");
  const auto t = sent(Transfer{"yibao"});
  EXPECT_EQ(t.path, "/api/windows/W01/transfer");
  EXPECT_EQ(t.label, "转办至医保办理");
}

TEST_F(ConsoleUpdate, take_over_in_person_or_from_my_window_RAB7) {
  log_in(zhang);
  const auto in_person = sent(TakeOver{"W01", ""});
  EXPECT_EQ(in_person.path, "/api/staff/s003/take-over");
  EXPECT_EQ(in_person.body, R"({"window":"W01"})");
  EXPECT_EQ(in_person.label, "顶岗 1号窗口");
  EXPECT_EQ(in_person.window, "W01");
  const auto remote = sent(TakeOver{"W01", "W02"});
  EXPECT_EQ(json::parse(remote.body), json::parse(R"({"window": "W01", "from_window": "W02"})"));
  EXPECT_EQ(remote.label, "在本窗口代办 1号窗口");
}

TEST_F(ConsoleUpdate, supervisor_commands) {
  log_in(supervisor);
  const auto assign = sent(Assign{"W01", "s003", ""});
  EXPECT_EQ(assign.path, "/api/staff/s003/take-over");
  EXPECT_EQ(assign.label, "指派 张海燕 顶岗");
  EXPECT_EQ(assign.staff, "s003");
  EXPECT_EQ(sent(Assign{"W01", "s003", "W02"}).label, "指派 张海燕 在 2号窗口代办");
  EXPECT_EQ(sent(SetWindowOpen{"W02", false}).path, "/api/windows/W02/close");
  EXPECT_EQ(sent(SetWindowOpen{"W02", true}).label, "开放 2号窗口");
  const auto ack = sent(Ack{"al-1", "已联系"});
  EXPECT_EQ(ack.path, "/api/alerts/al-1/ack");
  EXPECT_EQ(ack.body, R"({"note":"已联系"})");
  EXPECT_EQ(sent(DecideLeave{"lv-1", false}).path, "/api/leave/lv-1/reject");
  EXPECT_EQ(sent(DecideViolation{"v-1", true, ""}).path, "/api/violations/v-1/confirm");
  EXPECT_TRUE(sends(step(Inspect{"desk_messy", "", "", ""})).empty());
  EXPECT_EQ(m.notice.text, "请选择扣分项，以及工作人员或部门");
  const auto fx = step(Inspect{"desk_messy", "s005", "rsj", "桌面凌乱"});
  ASSERT_EQ(sends(fx).size(), 1u);
  EXPECT_EQ(json::parse(sends(fx)[0].body),
            json::parse(R"({"kind": "desk_messy", "note": "桌面凌乱", "staff": "s005", "department": "rsj"})"));
  EXPECT_TRUE(clears(fx, Form::inspect));
  const auto verify = sent(VerifyComplaint{"c1", true});
  EXPECT_EQ(verify.purpose, Purpose::verdict);
  EXPECT_EQ(verify.label, "投诉属实");
  // A verdict's answer reads the list again.
  const auto again = sends(step(answer(verify, 200, R"({"complaint": {}})")));
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].method, "GET");
  EXPECT_EQ(again[0].path, "/api/complaints");
  EXPECT_EQ(again[0].purpose, Purpose::complaints);
}

TEST_F(ConsoleUpdate, leave_request_needs_dates_and_reason) {
  log_in(wang);
  EXPECT_TRUE(sends(step(RequestLeave{"2026-11-24", "2026-11-24", ""})).empty());
  EXPECT_EQ(m.notice.text, "请填写请假起止日期和事由");
  const auto fx = step(RequestLeave{"2026-11-24", "2026-11-24", "家中有事"});
  ASSERT_EQ(sends(fx).size(), 1u);
  EXPECT_EQ(sends(fx)[0].path, "/api/leave");
  EXPECT_TRUE(clears(fx, Form::leave));
}

TEST_F(ConsoleUpdate, case_commands_are_said_by_the_ticket_number_RCASE3_RCASE4) {
  Hall c{case_hall_json()};
  c.advance_to("2026-11-23T09:00:00");
  c.sign_in("s001", "W01");
  c.issue("qiye");
  c.call("W01");
  c.ok(as("s001", core::StartService{"W01"}));
  std::string id;
  for (const auto& e : c.ok(as("s001", core::FinishService{"W01", "accepted", {}, "", ""})))
    if (e.type == EventType::case_opened) id = e.case_id;
  ASSERT_FALSE(id.empty());
  log_in(supervisor);
  const Context here{&c.state, true, c.now, clock};
  auto fx = update(m, here, ApproveCase{id, ""});
  ASSERT_EQ(sends(fx).size(), 1u);
  EXPECT_EQ(sends(fx)[0].path, "/api/cases/" + id + "/approve");
  EXPECT_EQ(sends(fx)[0].label, "审批办结 Q001");
  EXPECT_EQ(sends(fx)[0].body, "{}");
  EXPECT_TRUE(clears(fx, Form::case_note));
  EXPECT_TRUE(sends(update(m, here, RefuseCase{id, ""})).empty()) << "no grounds, nothing sent";
  EXPECT_TRUE(sends(update(m, here, ExtendCase{id, 3, ""})).empty());
  EXPECT_TRUE(m.notice.error);
  fx = update(m, here, ExtendCase{id, 3, "需现场核查"});
  ASSERT_EQ(sends(fx).size(), 1u);
  EXPECT_EQ(sends(fx)[0].label, "延长办件时限 Q001");
  EXPECT_EQ(json::parse(sends(fx)[0].body), json::parse(R"({"days": 3, "reason": "需现场核查"})"));
  EXPECT_TRUE(clears(fx, Form::extend));
  fx = update(m, here, DeliverCase{"nope", "W02"});
  ASSERT_EQ(sends(fx).size(), 1u);
  EXPECT_EQ(sends(fx)[0].label, "出件 nope") << "a case the mirror lacks keeps its id";
  EXPECT_EQ(sends(fx)[0].body, R"({"window":"W02"})");
}

TEST_F(ConsoleUpdate, tabs_cases_and_tiles_change_only_the_model) {
  log_in(supervisor);
  EXPECT_TRUE(step(OpenCase{"k1"}).empty());
  EXPECT_EQ(m.tab, Tab::cases);
  EXPECT_EQ(m.selected_case, "k1");
  EXPECT_TRUE(step(ShowTab{Tab::supervisor}).empty());
  EXPECT_EQ(m.tab, Tab::supervisor);
  EXPECT_TRUE(step(OpenWindowTile{"W04"}).empty()) << "the suggestions come from the mirror: nothing to fetch";
  EXPECT_EQ(m.selected_window, "W04");
  step(CloseWindowTile{});
  EXPECT_TRUE(m.selected_window.empty());
  step(ShowSupervisorTab{4});
  EXPECT_EQ(m.supervisor_tab, 4);
}

TEST_F(ConsoleUpdate, reads_are_polled_while_their_tab_shows) {
  log_in(supervisor);
  EXPECT_TRUE(sends(step(Tick{})).empty()) << "the overview polls nothing";
  step(ShowSupervisorTab{4});
  auto r = sends(step(Tick{}));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].path, "/api/scores?year=2026");
  EXPECT_EQ(r[0].purpose, Purpose::scores);
  EXPECT_TRUE(r[0].read());
  clock += scores_poll_seconds;
  EXPECT_TRUE(sends(step(Tick{})).empty());
  clock += 1;
  EXPECT_EQ(sends(step(Tick{})).size(), 1u);
  step(ShowSupervisorTab{3});
  r = sends(step(Tick{}));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].path, "/api/complaints");
  step(ShowTab{Tab::staff});
  clock += 100;
  EXPECT_TRUE(sends(step(Tick{})).empty()) << "not while another tab shows";
}

TEST_F(ConsoleUpdate, reads_become_rows_and_a_404_says_the_server_lacks_them) {
  log_in(supervisor);
  HttpRequest scores;
  scores.method = "GET";
  scores.purpose = Purpose::scores;
  step(answer(scores, 404, R"({"error": {"code": "not_found", "message": "no"}})", "not_found"));
  EXPECT_TRUE(m.scores_missing);
  EXPECT_TRUE(m.notice.text.empty()) << "a missing endpoint is said on its tab, not as a refusal";
  step(answer(scores, 200, R"({"departments": [{"id": "zwb", "points_start": 100, "points_left": 99}], "staff": []})"));
  EXPECT_FALSE(m.scores_missing);
  ASSERT_TRUE(m.scores);
  EXPECT_EQ(m.scores->departments.at(0).points_left, 99.0);
  HttpRequest complaints = scores;
  complaints.purpose = Purpose::complaints;
  step(answer(complaints, 200, R"({"complaints": [{"id": "c1", "text": "看手机", "verified": null}]})"));
  ASSERT_TRUE(m.complaints);
  EXPECT_EQ(m.complaints->at(0).text, "看手机");
  step(answer(complaints, 403, R"({"error": {"code": "forbidden", "message": "supervising roles only"}})", "forbidden"));
  EXPECT_TRUE(m.notice.error);
  EXPECT_EQ(m.complaints->size(), 1u) << "a refused read keeps the last list";
}

TEST_F(ConsoleUpdate, snapshot_marks_alerts_seen_and_backfills_the_counts_for_supervisors) {
  h.sign_in("s001", "W01");
  h.off_post("s001", 5);
  h.advance(h.state.policy().cover_grace_minutes * 60);
  ASSERT_FALSE(h.state.alerts.empty());
  log_in(wang);
  EXPECT_TRUE(sends(step(MirrorReplaced{17})).empty()) << "window staff see no chart";
  for (const auto& [id, a] : h.state.alerts) EXPECT_EQ(m.first_seen.at(id), -100.0) << "not news: no flashing";
  log_in(supervisor);
  m.backfill_per_window["W09"] = 3;
  const auto r = sends(step(MirrorReplaced{17}));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].path, "/api/events?since=0&limit=1000");
  EXPECT_EQ(r[0].purpose, Purpose::backfill);
  EXPECT_EQ(m.backfill_until, 17);
  EXPECT_TRUE(m.backfill_per_window.empty()) << "counted again from the log";
}

TEST_F(ConsoleUpdate, backfill_counts_todays_alerts_and_reads_on_while_pages_are_full) {
  log_in(supervisor);
  m.backfill_until = 1500;
  json::array events;
  for (int i = 1; i <= 1000; ++i)
    events.push_back(json::object{{"seq", i},
                                  {"type", i % 100 == 0 ? "alert.raised" : "ticket.issued"},
                                  {"window", "W01"},
                                  {"at", "2026-11-23T09:00:00+08:00"}});
  HttpRequest r;
  r.method = "GET";
  r.purpose = Purpose::backfill;
  Answered a;
  a.request = r;
  a.status = 200;
  a.json = json::value(json::object{{"events", events}, {"next", 1000}});
  const auto more = sends(step(a));
  EXPECT_EQ(m.backfill_per_window.at("W01"), 10);
  ASSERT_EQ(more.size(), 1u);
  EXPECT_EQ(more[0].path, "/api/events?since=1000&limit=1000");
  a.json = json::value(json::object{{"events", json::array{}}, {"next", 1000}});
  EXPECT_TRUE(sends(step(a)).empty()) << "a short page is the last";
}

TEST_F(ConsoleUpdate, a_raised_alert_flashes_and_chimes_for_the_supervisor) {
  h.sign_in("s001", "W01");
  const auto before = h.log.size();
  h.off_post("s001", 5);
  h.advance(h.state.policy().cover_grace_minutes * 60);
  log_in(supervisor);
  std::vector<std::string> sounds;
  for (std::size_t i = before; i < h.log.size(); ++i)
    for (const auto& s : said(step(MirrorApplied{h.log[i]}))) sounds.push_back(s);
  std::size_t raised = 0;
  for (std::size_t i = before; i < h.log.size(); ++i)
    if (h.log[i].type == EventType::alert_raised) {
      ++raised;
      EXPECT_EQ(m.first_seen.at(h.log[i].alert), clock) << "flashes from now";
    }
  ASSERT_GE(raised, 1u);
  EXPECT_NE(std::find(sounds.begin(), sounds.end(), "新预警，空岗"), sounds.end());
  EXPECT_FALSE(m.history.raised_per_window().empty()) << "the chart counts it";
}

TEST_F(ConsoleUpdate, the_substitute_hears_a_cover_request_once_RAB3) {
  h.sign_in("s001", "W01");
  h.off_post("s001", 10);
  log_in(zhang);
  const auto first = said(step(Tick{}));
  EXPECT_NE(std::find(first.begin(), first.end(), "请到 1 号窗口顶岗"), first.end());
  EXPECT_TRUE(said(step(Tick{})).empty()) << "once";
  log_in(supervisor);
  EXPECT_TRUE(said(step(Tick{})).empty()) << "names only the B post";
}

TEST_F(ConsoleUpdate, logout_closes_the_link_and_forgets_the_session) {
  log_in(supervisor);
  m.selected_window = "W01";
  m.scores = Scores{};
  m.first_seen["a"] = 1;
  const auto fx = step(Logout{});
  ASSERT_EQ(fx.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<CloseLink>(fx[0]));
  EXPECT_FALSE(m.logged_in());
  EXPECT_TRUE(m.selected_window.empty());
  EXPECT_FALSE(m.scores);
  EXPECT_TRUE(m.first_seen.empty());
  EXPECT_EQ(m.notice.text, "已退出登录");
}

}  // namespace
}  // namespace hallq::test
