// Console cases (办件) view model over states made by real engine commands: the finish form's
// outcomes (R-CASE-1, R-Q-8), the case list — whose cases, open first and due soonest first, the
// status and the warning in words (R-CASE-1, R-SVC-2) — who gets which action (R-CASE-3, R-CASE-4),
// case alerts among the supervisor's alerts (R-SVC-2, R-CASE-5) and the refusal texts.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "console/model/case_view.hpp"
#include "console/model/refusals.hpp"
#include "console/model/staff_view.hpp"
#include "console/model/supervisor_view.hpp"
#include "test_hall.hpp"

namespace hallq::test {
namespace {

using console::CaseWarning;
using console::Principal;

std::string case_hall() { return case_hall_json(); }

Principal who(const Hall& h, const std::string& id) {
  const auto* s = h.config->find_staff(id);
  return Principal{id, s ? s->name : id, s ? domain::to_string(s->role) : "staff"};
}

class ConsoleCases : public ::testing::Test {
 protected:
  Hall h{case_hall()};
  void SetUp() override { h.advance_to("2026-11-23T09:00:00"); }

  // Serves one ticket of `service` at `window` and finishes it with `outcome`; returns the case id.
  std::string open_case(const std::string& staff, const std::string& window, const std::string& service,
                        const std::string& outcome, std::vector<std::string> missing = {}, std::string reason = {}) {
    if (h.on_post(window).empty()) h.sign_in(staff, window);
    h.issue(service);
    h.call(window);
    h.ok(as(staff, core::StartService{window}));
    const Events events = h.ok(as(staff, core::FinishService{window, outcome, std::move(missing), std::move(reason), ""}));
    for (const auto& e : events)
      if (e.type == EventType::case_opened) return e.case_id;
    ADD_FAILURE() << "no case opened by " << outcome;
    return "";
  }
  console::CaseList list(const std::string& staff) { return console::make_case_list(h.state, who(h, staff), h.now); }
  const console::CaseLine* line(const console::CaseList& l, const std::string& id) {
    for (const auto& c : l.lines)
      if (c.id == id) return &c;
    return nullptr;
  }
  console::CaseActions can(const std::string& staff, const std::string& id) {
    return console::case_actions(h.state, who(h, staff), h.state.cases.at(id));
  }
};

TEST_F(ConsoleCases, RCASE1_FinishFormOffersAcceptAndRejectWithReason) {
  using console::check_finish_form;
  EXPECT_EQ(check_finish_form("done", {}, ""), "");
  EXPECT_EQ(check_finish_form("accepted", {}, ""), "");
  EXPECT_NE(check_finish_form("rejected", {}, ""), "") << "不予受理 needs its grounds";
  EXPECT_NE(check_finish_form("rejected", {}, "  "), "");
  EXPECT_EQ(check_finish_form("rejected", {}, "不属于本中心受理范围"), "");
  EXPECT_NE(check_finish_form("incomplete_materials", {}, ""), "") << "R-Q-8: the list of what is missing";
  EXPECT_EQ(check_finish_form("incomplete_materials", {"户口本原件"}, ""), "");
  EXPECT_NE(check_finish_form("transferred", {}, ""), "");
  EXPECT_EQ(console::finish_outcome_label("accepted"), "受理");
  EXPECT_EQ(console::finish_outcome_label("rejected"), "不予受理");

  // The ticket card knows the promise the case would get (R-SVC-1).
  h.sign_in("s001", "W01");
  h.issue("qiye");
  h.call("W01");
  auto v = console::make_staff_view(h.state, who(h, "s001"), h.now);
  ASSERT_TRUE(v.ticket);
  EXPECT_EQ(v.ticket->promise_days, 7);
  EXPECT_TRUE(v.ticket->commitment);
  h.ok(as("s001", core::StartService{"W01"}));
  h.ok(as("s001", core::FinishService{"W01", "accepted", {}, "", ""}));
  v = console::make_staff_view(h.state, who(h, "s001"), h.now);
  ASSERT_EQ(v.recent.size(), 1u);
  EXPECT_EQ(v.recent[0].outcome, "accepted");
}

TEST_F(ConsoleCases, RCASE1_CaseListPutsDueSoonFirst) {
  const std::string qiye = open_case("s001", "W01", "qiye", "accepted");      // 7 working days
  const std::string shebao = open_case("s001", "W01", "shebao", "accepted");  // 3 working days: due sooner
  const std::string rejected = open_case("s001", "W01", "qiye", "rejected", {}, "不属于本中心受理范围");
  const std::string notice = open_case("s001", "W01", "qiye", "incomplete_materials", {"营业执照副本"});  // 5 days
  const auto l = list("s001");
  ASSERT_EQ(l.lines.size(), 4u);
  EXPECT_EQ(l.lines[0].id, shebao);
  EXPECT_EQ(l.lines[1].id, notice);
  EXPECT_EQ(l.lines[2].id, qiye);
  EXPECT_EQ(l.lines[3].id, rejected) << "closed ones come after the open ones";
  EXPECT_EQ(l.open, 3);

  const auto& s = l.lines[0];
  EXPECT_EQ(s.number, "A001");
  EXPECT_EQ(s.service_name, "社保办理");
  EXPECT_EQ(s.status_label, "已受理");
  // Mon 11-23 + 3 working days (Wed 11-25 is a holiday): Tue, Thu, Fri.
  EXPECT_EQ(s.due_date, "2026-11-27");
  EXPECT_EQ(s.days_left, 3);
  EXPECT_EQ(s.days_left_text, "剩 3 个工作日");
  EXPECT_EQ(s.warning, CaseWarning::none);
  EXPECT_EQ(s.window_number, 1);
  EXPECT_EQ(s.staff_name, "王建国");
  EXPECT_TRUE(s.received_by_me);
  EXPECT_EQ(l.lines[1].status_label, "一次性告知");
  EXPECT_EQ(l.lines[1].missing, std::vector<std::string>{"营业执照副本"});
  EXPECT_EQ(l.lines[2].due_date, "2026-12-03");
  EXPECT_EQ(l.lines[3].status_label, "不予受理");
  EXPECT_EQ(l.lines[3].reason, "不属于本中心受理范围");
  EXPECT_TRUE(l.lines[3].due_date.empty()) << "a rejection has nothing due";
  EXPECT_TRUE(l.lines[3].days_left_text.empty());

  // Whose: the receiving window and the department; another department's staff sees none of these.
  EXPECT_EQ(list("s002").lines.size(), 3u) << "s002 (zwb, not on post) sees the three qiye cases of its department";
  const auto rsj = list("s005");
  ASSERT_EQ(rsj.lines.size(), 1u) << "s005 (rsj) sees the shebao case of its department only";
  EXPECT_EQ(rsj.lines[0].id, shebao);
  EXPECT_EQ(list("s008").lines.size(), 4u) << "a supervisor sees the whole hall";
}

TEST_F(ConsoleCases, RSVC2_CaseWarningsInWordsAndDaysLeft) {
  const std::string qiye = open_case("s001", "W01", "qiye", "accepted");
  const auto& k = h.state.cases.at(qiye);
  const Time yellow = core::case_yellow_at(h.state, k), red = core::case_red_at(h.state, k);
  ASSERT_LT(yellow, red);
  h.advance_to(yellow - 1);
  EXPECT_EQ(line(list("s001"), qiye)->warning, CaseWarning::none);
  h.advance_to(yellow);
  auto l = list("s001");
  EXPECT_EQ(line(l, qiye)->warning, CaseWarning::yellow);
  EXPECT_EQ(line(l, qiye)->warning_label, "黄色预警");
  EXPECT_EQ(line(l, qiye)->days_left_text, "剩 1 个工作日");
  EXPECT_EQ(l.yellow, 1);
  h.advance_to(red);
  l = list("s001");
  EXPECT_EQ(line(l, qiye)->warning_label, "红色预警");
  EXPECT_EQ(line(l, qiye)->days_left_text, "今日到期");
  EXPECT_EQ(l.red, 1);
  h.advance_to(k.due);
  l = list("s001");
  EXPECT_EQ(line(l, qiye)->warning_label, "已超期");
  EXPECT_EQ(l.overdue, 1);
  h.advance_to("2026-12-07T10:00:00");  // Monday: Fri 12-04 and Mon 12-07 past the Thursday deadline
  EXPECT_EQ(line(list("s001"), qiye)->days_left, -2);
  EXPECT_EQ(line(list("s001"), qiye)->days_left_text, "超期 2 个工作日");
  EXPECT_EQ(console::case_warning_label(CaseWarning::none), "");
}

TEST_F(ConsoleCases, RCASE4_ApproveOnlyForTheCaseDepartment) {
  const std::string qiye = open_case("s001", "W01", "qiye", "accepted");  // zwb
  EXPECT_TRUE(can("s002", qiye).approve);
  EXPECT_TRUE(can("s002", qiye).refuse);
  EXPECT_TRUE(can("s001", qiye).approve) << "the receiving staff member is of the department too";
  EXPECT_FALSE(can("s005", qiye).approve) << "rsj staff do not decide a zwb case";
  EXPECT_FALSE(can("s008", qiye).approve) << "a supervisor is not the back office";
  EXPECT_FALSE(can("s002", qiye).deliver) << "not decided yet";
  EXPECT_EQ(console::check_refuse_form(""), "不予批准须写明理由（将告知申请人）");
  EXPECT_EQ(console::check_refuse_form("材料不符合法定形式"), "");

  h.ok(as("s002", core::ApproveCase{qiye, "准予"}));
  EXPECT_FALSE(can("s002", qiye).approve);
  // 统一出件 (R-CASE-4): delivered at W02 by whoever is on post there, of any department.
  EXPECT_FALSE(can("s002", qiye).deliver);
  h.sign_in("s003", "W02");
  const auto d = can("s003", qiye);
  EXPECT_TRUE(d.deliver);
  EXPECT_EQ(d.deliver_window, "W02");
  const auto l = list("s003");
  ASSERT_NE(line(l, qiye), nullptr);
  EXPECT_EQ(line(l, qiye)->status_label, "已办结");
  EXPECT_TRUE(line(l, qiye)->awaiting_delivery);

  // An rsj case decided by rsj shows at the delivery window although s003 is zwb.
  const std::string shebao = open_case("s005", "W03", "shebao", "accepted");
  EXPECT_TRUE(can("s006", shebao).refuse);
  EXPECT_FALSE(can("s003", shebao).refuse);
  h.ok(as("s006", core::RefuseCase{shebao, "材料不符合法定形式"}));
  const auto l2 = list("s003");
  ASSERT_NE(line(l2, shebao), nullptr);
  EXPECT_EQ(line(l2, shebao)->status_label, "不予批准");
  EXPECT_TRUE(line(l2, shebao)->can.deliver);
  EXPECT_EQ(l2.awaiting_delivery, 2);

  h.ok(as("s003", core::DeliverCase{qiye, "W02", ""}));
  const auto l3 = list("s003");
  EXPECT_EQ(line(l3, qiye)->status_label, "已出件");
  EXPECT_FALSE(line(l3, qiye)->can.deliver);
  EXPECT_EQ(l3.lines.back().id, qiye) << "delivered: closed, after the one still to hand over";

  // The written one-time notice (R-CASE-2) goes from the department, not the delivery window.
  const std::string notice = open_case("s001", "W01", "qiye", "incomplete_materials", {"营业执照副本"});
  EXPECT_TRUE(can("s002", notice).deliver);
  EXPECT_EQ(can("s002", notice).deliver_window, "");
  EXPECT_FALSE(can("s005", notice).deliver);
}

TEST_F(ConsoleCases, RCASE3_ExtensionOnlyForSupervisorsNotOwnCase) {
  const std::string qiye = open_case("s001", "W01", "qiye", "accepted");
  EXPECT_TRUE(can("s008", qiye).extend);
  EXPECT_FALSE(can("s001", qiye).extend) << "not a supervisor";
  EXPECT_FALSE(can("s002", qiye).extend);
  // A case the supervisor received: never theirs to extend.
  core::Case own = h.state.cases.at(qiye);
  own.staff = "s008";
  EXPECT_FALSE(console::case_actions(h.state, who(h, "s008"), own).extend);
  const auto line_own = console::case_line(h.state, who(h, "s008"), own, h.now);
  EXPECT_TRUE(line_own.received_by_me);

  EXPECT_NE(console::check_extend_form(h.state, 0, "需现场核查"), "");
  EXPECT_NE(console::check_extend_form(h.state, h.state.policy().case_extension_max_days + 1, "需现场核查"), "");
  EXPECT_EQ(console::check_extend_form(h.state, 3, " "), "请填写延长理由（将告知申请人）");
  EXPECT_EQ(console::check_extend_form(h.state, 3, "需现场核查"), "");

  h.ok(as("s008", core::ExtendCase{qiye, 3, "需现场核查"}));
  EXPECT_FALSE(can("s008", qiye).extend) << "once only";
  const auto l = list("s008");
  EXPECT_EQ(line(l, qiye)->extended_days, 3);
  EXPECT_EQ(line(l, qiye)->extended_by_name, "黄晓芳");
  EXPECT_EQ(line(l, qiye)->extension_reason, "需现场核查");
  EXPECT_EQ(line(l, qiye)->days, 10);
  EXPECT_EQ(line(l, qiye)->due_date, "2026-12-08");

  const std::string other = open_case("s001", "W01", "qiye", "accepted");
  h.ok(as("s002", core::ApproveCase{other, ""}));
  EXPECT_FALSE(can("s008", other).extend) << "decided: nothing to extend";
}

TEST_F(ConsoleCases, RSVC2_RedAndOverdueCasesShowAmongSupervisorAlerts) {
  const std::string qiye = open_case("s001", "W01", "qiye", "accepted");      // red on Thu 12-03
  const std::string shebao = open_case("s001", "W01", "shebao", "accepted");  // overdue from Sat 11-28
  h.advance_to("2026-12-03T09:30:00");
  const Principal sup = who(h, "s008");
  const auto v = console::make_supervisor_view(h.state, sup, h.now);
  const console::AlertLine* red = nullptr;
  const console::AlertLine* overdue = nullptr;
  for (const auto& a : v.alerts) {
    if (a.kind == "case_time_limit" && a.case_id == qiye) red = &a;
    if (a.kind == "case_overdue" && a.case_id == shebao) overdue = &a;
  }
  ASSERT_NE(red, nullptr);
  ASSERT_NE(overdue, nullptr);
  EXPECT_EQ(red->level, 2);
  EXPECT_EQ(red->kind_label, "办件红色预警");
  EXPECT_EQ(red->case_number, "Q001");
  EXPECT_EQ(red->case_service_name, "企业开办");
  EXPECT_EQ(red->case_due_date, "2026-12-03");
  EXPECT_EQ(red->case_days_left, "今日到期");
  EXPECT_TRUE(red->case_can_extend);
  EXPECT_EQ(overdue->level, 3);
  EXPECT_EQ(overdue->kind_label, "办件超期");
  EXPECT_EQ(overdue->case_number, "A001");
  EXPECT_EQ(overdue->case_due_date, "2026-11-27");
  EXPECT_EQ(overdue->case_days_left, "超期 4 个工作日");
  EXPECT_NE(overdue->message.find("A001"), std::string::npos);
  EXPECT_EQ(console::alert_kind_label("case_time_limit", 1), "办件黄色预警");
  EXPECT_EQ(console::alert_kind_label("notice_overdue"), "告知书超期");
  // A case alert names the receiving window but is about the case, not the window's staffing.
  int staffing = 0;
  for (const auto& a : v.alerts)
    if (a.window == "W01" && a.case_id.empty()) staffing = std::max(staffing, a.level);
  for (const auto& t : v.tiles)
    if (t.id == "W01") {
      EXPECT_EQ(t.alert_level, staffing);
    }
}

TEST_F(ConsoleCases, RCASE3_RCASE4_RefusalsSaidInChinese) {
  using console::Refusal;
  using console::refusal_text;
  for (const char* code : {"own_case", "unknown_case", "case_not_open", "case_not_decided", "already_extended",
                           "already_delivered", "not_delivery_window"}) {
    const std::string text = refusal_text(h.state, Refusal{409, code, "english message", "s001", ""});
    EXPECT_EQ(text.find("english"), std::string::npos) << code << ": " << text;
    EXPECT_EQ(text.find(code), std::string::npos) << code << ": " << text;
  }
  EXPECT_NE(refusal_text(h.state, Refusal{409, "already_extended", "", "", ""}).find("一次"), std::string::npos);
  EXPECT_NE(refusal_text(h.state, Refusal{409, "not_delivery_window", "", "", ""}).find("统一出件"), std::string::npos);
}

}  // namespace
}  // namespace hallq::test
