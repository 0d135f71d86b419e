// Engine: cases (办件) on the hall's working days — the promised limit in the config (R-SVC-1),
// a case opened by finishing a ticket (R-CASE-1), the one-time notice (R-CASE-2), the single
// extension (R-CASE-3), who decides and delivers (R-CASE-4), the graded warnings at their exact
// seconds (R-SVC-2) and the overdue deduction (R-CASE-5); and that cases survive the snapshot
// codec and a replay of the log.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "protocol/config_loader.hpp"
#include "protocol/state_codec.hpp"
#include "test_hall.hpp"

namespace hallq::test {
namespace {

std::string case_hall(std::string_view policy = R"("profile": "district-hall")", std::string_view extra_workdays = "") {
  return case_hall_json(policy, extra_workdays);
}

// Serves one qiye ticket at W01 (s001 on post) and finishes it with `outcome`; returns the case.
const core::Case* open_case(Hall& h, const std::string& outcome, std::vector<std::string> missing = {}, std::string reason = {},
                            const std::string& service = "qiye") {
  if (h.on_post("W01").empty()) h.sign_in("s001", "W01");
  h.issue(service);
  h.call("W01");
  h.ok(as("s001", core::StartService{"W01"}));
  core::FinishService f{"W01", outcome, std::move(missing), std::move(reason), ""};
  const Events events = h.ok(as("s001", f));
  for (const auto& e : events)
    if (e.type == EventType::case_opened) return &h.state.cases.at(e.case_id);
  return nullptr;
}

std::string replaced(std::string json, std::string_view from, std::string_view to) {
  const auto at_ = json.find(from);
  if (at_ == std::string::npos) ADD_FAILURE() << "no " << from;
  else
    json.replace(at_, from.size(), to);
  return json;
}

std::string config_error(const std::string& json) {
  try {
    proto::load_config_text(json, "hall.json");
  } catch (const proto::ConfigError& e) {
    return e.what();
  }
  return "<loaded>";
}

std::vector<const core::Violation*> overdue_deductions(const Hall& h) {
  std::vector<const core::Violation*> out;
  for (const auto& [id, v] : h.state.violations)
    if (v.kind == "case_overdue") out.push_back(&v);
  return out;
}

const core::Alert* case_alert(const Hall& h, std::string_view kind) {
  for (const auto& [id, a] : h.state.alerts)
    if (a.kind == kind && !a.case_id.empty()) return &a;
  return nullptr;
}

// [SECTION] configuration (R-SVC-1)

TEST(Cases, RSVC1_PromiseDaysAboveLegalExitsNamingServiceAndRule) {
  std::string json = case_hall();
  json = replaced(json, R"("legal_days": 20, "promise_days": 7)", R"("legal_days": 5, "promise_days": 7)");
  const std::string err = config_error(json);
  EXPECT_NE(err.find("hall.json"), std::string::npos) << err;
  EXPECT_NE(err.find("qiye"), std::string::npos) << err;
  EXPECT_NE(err.find("promise_days"), std::string::npos) << err;
  EXPECT_NE(err.find("R-SVC-1"), std::string::npos) << err;
}

TEST(Cases, RSVC1_GrassrootsProfileWantsHalfTheLegalLimit) {
  // 7 of 20 legal days passes the 50 % rule of grassroots-2021; 3 of 5 does not.
  EXPECT_EQ(config_error(case_hall(R"("profile": "grassroots-2021")")), "<loaded>");
  std::string json = case_hall(R"("profile": "grassroots-2021")");
  json = replaced(json, R"("legal_days": 10, "promise_days": 3)", R"("legal_days": 5, "promise_days": 3)");
  const std::string err = config_error(json);
  EXPECT_NE(err.find("shebao"), std::string::npos) << err;
  EXPECT_NE(err.find("grassroots-2021"), std::string::npos) << err;
  EXPECT_NE(err.find("50 %"), std::string::npos) << err;
  // The same limits pass under a profile without the rule.
  std::string plain = case_hall();
  plain = replaced(plain, R"("legal_days": 10, "promise_days": 3)", R"("legal_days": 5, "promise_days": 3)");
  EXPECT_EQ(config_error(plain), "<loaded>");
}

TEST(Cases, RSVC1_InstantServiceHasNoPromisedDays) {
  std::string json = case_hall();
  json = replaced(json, R"("promise_days": 7, "kind": "commitment")", R"("promise_days": 7, "kind": "instant")");
  const std::string err = config_error(json);
  EXPECT_NE(err.find("instant"), std::string::npos) << err;
  const auto cfg = load_hall(case_hall());
  EXPECT_EQ(cfg->find_service("shebao")->kind, "commitment");  // promise_days without kind: 承诺件
  EXPECT_EQ(cfg->find_service("yibao")->kind, "instant");      // no limits: 即办件
  EXPECT_TRUE(cfg->find_window("W02")->delivery);
}

// [SECTION] working days (R-CASE-1)

TEST(Cases, RCASE1_AcceptedOpensCaseDueAcrossHolidayAndWeekend) {
  Hall h(case_hall());
  h.advance_to("2026-11-23T10:00:00");  // Monday
  const core::Case* k = open_case(h, "accepted");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->status, core::CaseStatus::accepted);
  EXPECT_EQ(k->service, "qiye");
  EXPECT_EQ(k->department, "zwb");
  EXPECT_EQ(k->staff, "s001");
  EXPECT_EQ(k->window, "W01");
  EXPECT_EQ(k->days, 7);
  // Tue 24, (Wed 25 holiday), Thu 26, Fri 27, (weekend), Mon 30, Tue 1, Wed 2, Thu 3: the end of Thursday.
  EXPECT_EQ(fmt(k->due), "2026-12-04T00:00:00+08:00");
  EXPECT_EQ(fmt(core::case_red_at(h.state, *k)), "2026-12-03T00:00:00+08:00");
  // 80 % of 7 working days = 5.6 days: the sixth working day (Wed 2) at 0.6 × 24 h = 14:24.
  EXPECT_EQ(fmt(core::case_yellow_at(h.state, *k)), "2026-12-02T14:24:00+08:00");
}

TEST(Cases, RCASE1_ExtraWorkdayCountsTowardTheDeadline) {
  Hall h(case_hall(R"("profile": "district-hall")", "2026-11-28"));  // Saturday made a workday (调休)
  h.advance_to("2026-11-23T10:00:00");
  const core::Case* k = open_case(h, "accepted");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(fmt(k->due), "2026-12-03T00:00:00+08:00");
}

TEST(Cases, RCASE1_DeadlineDayItselfWhenAcceptedBeforeAHoliday) {
  Hall h(case_hall());
  h.advance_to("2026-11-24T16:00:00");  // Tuesday; shebao promises 3 days: Thu 26, Fri 27, Mon 30
  const core::Case* k = open_case(h, "accepted", {}, {}, "shebao");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->department, "rsj");
  EXPECT_EQ(fmt(k->due), "2026-12-01T00:00:00+08:00");
  EXPECT_EQ(core::working_days_between(*h.config, k->opened_at, at("2026-11-30T10:00:00")), 3);
  EXPECT_EQ(core::working_days_between(*h.config, k->opened_at, at("2026-11-25T10:00:00")), 0);
}

TEST(Cases, RCASE1_RejectedKeepsItsReasonAndNeedsOne) {
  Hall h(case_hall());
  h.advance_to("2026-11-23T10:00:00");
  h.sign_in("s001", "W01");
  h.issue("qiye");
  h.call("W01");
  h.ok(as("s001", core::StartService{"W01"}));
  core::FinishService no_reason{"W01", "rejected", {}, "", ""};
  EXPECT_EQ(h.refused(as("s001", no_reason)).code, Refusal::invalid);
  core::FinishService odd{"W01", "accepted", {}, "why", ""};
  EXPECT_EQ(h.refused(as("s001", odd)).code, Refusal::invalid);
  EXPECT_TRUE(h.state.cases.empty());
  core::FinishService f{"W01", "rejected", {}, "不属于本中心受理范围", ""};
  const Events ev = h.ok(as("s001", f));
  ASSERT_EQ(types(ev), (std::vector<std::string>{"ticket.finished", "case.opened"}));
  const core::Case& k = h.state.cases.at(ev[1].case_id);
  EXPECT_EQ(k.status, core::CaseStatus::rejected);
  EXPECT_EQ(k.reason, "不属于本中心受理范围");
  EXPECT_EQ(k.due, 0);
  EXPECT_FALSE(h.state.open_cases.count(k.id));
}

// live_retention_days (memory): a finished case leaves the live state that many days after its
// end; an open one stays however old it is.
TEST(Memory, a_rejected_case_leaves_the_state_after_live_retention_days_and_an_open_one_stays) {
  Hall h(case_hall(R"("profile": "district-hall", "live_retention_days": 1)"));
  h.advance_to("2026-11-23T10:00:00");
  const core::Case* rejected = open_case(h, "rejected", {}, "不属于本中心受理范围");
  ASSERT_TRUE(rejected);
  const std::string done = rejected->id;
  const core::Case* accepted = open_case(h, "accepted");
  ASSERT_TRUE(accepted);
  const std::string open = accepted->id;
  h.advance_to("2026-11-24T23:59:59");
  EXPECT_TRUE(h.state.cases.count(done)) << "ended 11-23 10:00: kept through the day after";
  h.advance_to("2026-11-25T00:00:01");
  EXPECT_FALSE(h.state.cases.count(done));
  EXPECT_TRUE(h.state.cases.count(open));
  core::State replayed(h.config);
  for (const auto& e : h.log) core::apply(replayed, e);
  EXPECT_EQ(replayed, h.state);
}

// [SECTION] warnings (R-SVC-2) and overdue (R-CASE-5)

// The timer visits only the cases in its deadline index whose instant has come. Through a
// case's whole life (yellow, red, overdue, the next day's alert again, an extension, the
// decision) the index kept by apply must equal one rebuilt from scratch, and the case must be
// in it exactly while a timed rule still has something to do.
TEST(Cases, RSVC2_RCASE5_deadline_index_follows_a_case_through_its_life) {
  Hall h(case_hall());
  h.advance_to("2026-11-23T10:00:00");
  const std::string id = open_case(h, "accepted")->id;
  const std::string quiet = open_case(h, "accepted")->id;  // decided at once: leaves the index
  h.ok(as("s004", core::ApproveCase{quiet, "准予"}));
  const auto check = [&](const std::string& when, std::size_t indexed) {
    core::State rebuilt = h.state;
    core::reindex_deadlines(rebuilt);
    EXPECT_TRUE(rebuilt.case_deadlines == h.state.case_deadlines) << when;
    EXPECT_EQ(h.state.case_deadlines.size(), indexed) << when;
  };
  check("opened", 1);
  // Yellow, then red: the case waits for its next instant. Overdue (12-04 00:00) with its alert
  // up and the deduction proposed, and again after the next day's alert: nothing to wait for.
  const std::vector<std::pair<const char*, std::size_t>> steps{{"2026-12-02T14:24:00", 1},
                                                               {"2026-12-03T00:00:00", 1},
                                                               {"2026-12-04T00:00:00", 0},
                                                               {"2026-12-04T12:00:00", 0},
                                                               {"2026-12-05T00:00:00", 0}};
  for (const auto& [t, indexed] : steps) {
    h.advance_to(t);
    check(t, indexed);
  }
  EXPECT_TRUE(h.state.cases.at(id).overdue);
  EXPECT_EQ(h.state.case_deadlines.next_after(h.now), core::DeadlineIndex::never);
  h.ok(as("s004", core::ApproveCase{id, "准予"}));
  check("decided", 0);
}

TEST(Cases, RSVC2_CaseWarningsFireAtTheirExactSeconds) {
  Hall h(case_hall());
  h.advance_to("2026-11-23T10:00:00");
  const std::string id = open_case(h, "accepted")->id;
  h.advance_to("2026-12-02T14:23:59");
  EXPECT_EQ(case_alert(h, "case_time_limit"), nullptr);
  h.advance(1);  // 14:24:00, 80 % of the working time
  const core::Alert* yellow = case_alert(h, "case_time_limit");
  ASSERT_NE(yellow, nullptr);
  EXPECT_EQ(yellow->level, 1);
  EXPECT_EQ(yellow->case_id, id);
  EXPECT_EQ(yellow->rule, "R-SVC-2");
  EXPECT_EQ(fmt(yellow->raised_at), "2026-12-02T14:24:00+08:00");
  h.advance_to("2026-12-02T23:59:59");
  ASSERT_NE(case_alert(h, "case_time_limit"), nullptr);
  EXPECT_EQ(case_alert(h, "case_time_limit")->level, 1);
  h.advance(1);  // the deadline day begins: red (alerts end with the day and are raised again)
  ASSERT_NE(case_alert(h, "case_time_limit"), nullptr);
  EXPECT_EQ(case_alert(h, "case_time_limit")->level, 2);
  EXPECT_TRUE(overdue_deductions(h).empty());
  h.advance_to("2026-12-03T23:59:59");
  EXPECT_EQ(case_alert(h, "case_overdue"), nullptr);
  h.advance(1);  // the deadline passed undecided
  const core::Alert* late = case_alert(h, "case_overdue");
  ASSERT_NE(late, nullptr);
  EXPECT_EQ(late->level, 3);
  EXPECT_EQ(late->rule, "R-CASE-5");
  EXPECT_EQ(case_alert(h, "case_time_limit"), nullptr);
  ASSERT_EQ(overdue_deductions(h).size(), 1u);
  const core::Violation& v = *overdue_deductions(h).front();
  EXPECT_EQ(v.kind, "case_overdue");
  EXPECT_EQ(v.department, "zwb");
  EXPECT_EQ(v.case_id, id);
  EXPECT_DOUBLE_EQ(v.points, h.state.policy().deductions.at("case_overdue"));
  EXPECT_TRUE(h.state.cases.at(id).overdue);
  // One deduction per case: the next day the alert is raised again, the deduction is not.
  h.advance_to("2026-12-05T00:00:00");
  EXPECT_NE(case_alert(h, "case_overdue"), nullptr);
  EXPECT_EQ(overdue_deductions(h).size(), 1u);
  // Deciding it ends the alert.
  h.ok(as("s004", core::ApproveCase{id, "准予"}));
  EXPECT_EQ(case_alert(h, "case_overdue"), nullptr);
  EXPECT_EQ(h.state.cases.at(id).status, core::CaseStatus::approved);
}

TEST(Cases, RSVC2_DecidedInTimeRaisesNothing) {
  Hall h(case_hall());
  h.advance_to("2026-11-23T10:00:00");
  const std::string id = open_case(h, "accepted")->id;
  h.advance_to("2026-11-30T10:00:00");
  h.ok(as("s002", core::RefuseCase{id, "不符合登记条件"}));
  const Events later = h.advance_to("2026-12-08T10:00:00");
  for (const auto& e : later) EXPECT_TRUE(e.case_id.empty()) << domain::to_string(e.type);
  EXPECT_EQ(h.state.cases.at(id).status, core::CaseStatus::refused);
  EXPECT_EQ(h.state.cases.at(id).decision_note, "不符合登记条件");
}

// [SECTION] extension (R-CASE-3)

TEST(Cases, RCASE3_ExtendOnceBySupervisorMovesTheDeadline) {
  Hall h(case_hall());
  h.advance_to("2026-11-23T10:00:00");
  const std::string id = open_case(h, "accepted")->id;
  h.advance_to("2026-12-02T15:00:00");
  ASSERT_NE(case_alert(h, "case_time_limit"), nullptr);
  const auto staff_try = h.refused(as("s004", core::ExtendCase{id, 3, "需现场核查"}));
  EXPECT_EQ(staff_try.code, Refusal::forbidden);
  EXPECT_EQ(h.refused(as("s008", core::ExtendCase{id, 3, ""})).code, Refusal::invalid);
  EXPECT_EQ(h.refused(as("s008", core::ExtendCase{id, 0, "需现场核查"})).code, Refusal::invalid);
  EXPECT_EQ(h.refused(as("s008", core::ExtendCase{id, 11, "需现场核查"})).code, Refusal::invalid);  // case_extension_max_days 10
  EXPECT_EQ(h.refused(as("s008", core::ExtendCase{"nope", 3, "需现场核查"})).code, Refusal::unknown_case);
  h.ok(as("s008", core::ExtendCase{id, 3, "需现场核查"}));
  const core::Case& k = h.state.cases.at(id);
  EXPECT_EQ(k.days, 10);
  EXPECT_EQ(k.extended_days, 3);
  EXPECT_EQ(k.extension_reason, "需现场核查");
  EXPECT_EQ(fmt(k.due), "2026-12-09T00:00:00+08:00");  // Thu 3 + Fri 4, Mon 7, Tue 8
  // The yellow warning is withdrawn: 80 % of 10 days is the start of the ninth (Mon 7).
  EXPECT_EQ(case_alert(h, "case_time_limit"), nullptr);
  EXPECT_EQ(fmt(core::case_yellow_at(h.state, k)), "2026-12-07T00:00:00+08:00");
  EXPECT_EQ(h.refused(as("s008", core::ExtendCase{id, 1, "再延"})).code, Refusal::already_extended);
  EXPECT_EQ(h.state.cases.at(id).due, k.due);
}

TEST(Cases, RCASE3_NobodyExtendsTheirOwnCase) {
  std::string json = case_hall();
  const std::string from = R"("id": "s002", "name": "李秀梅", "department": "zwb", "pin": "1002")";
  json.replace(json.find(from), from.size(),
               R"("id": "s002", "name": "李秀梅", "department": "zwb", "role": "supervisor", "pin": "1002")");
  Hall h(json);
  h.advance_to("2026-11-23T10:00:00");
  h.sign_in("s002", "W01");
  h.issue("qiye");
  h.call("W01");
  h.ok(as("s002", core::StartService{"W01"}));
  const Events ev = h.ok(as("s002", core::FinishService{"W01", "accepted", {}, "", "C-own"}));
  ASSERT_TRUE(h.state.cases.count("C-own"));
  const auto r = h.refused(as("s002", core::ExtendCase{"C-own", 2, "材料需补充核验"}));
  EXPECT_EQ(r.code, Refusal::own_case);
  EXPECT_EQ(r.kind, Rejected::Kind::forbidden);
  h.ok(as("s008", core::ExtendCase{"C-own", 2, "材料需补充核验"}));
}

// [SECTION] deciding and delivering (R-CASE-4)

TEST(Cases, RCASE4_BackOfficeDecidesAndTheDeliveryWindowDelivers) {
  Hall h(case_hall());
  h.advance_to("2026-11-23T10:00:00");
  const std::string id = open_case(h, "accepted")->id;
  const auto before = h.state.seq;
  EXPECT_EQ(h.refused(as("s005", core::ApproveCase{id, ""})).code, Refusal::forbidden);  // another department
  EXPECT_EQ(h.refused(as("s008", core::ApproveCase{id, ""})).code, Refusal::forbidden);  // a supervisor is not the back office
  EXPECT_EQ(h.refused(as("s004", core::DeliverCase{id, "", ""})).code, Refusal::case_not_decided);
  EXPECT_EQ(h.refused(as("s004", core::RefuseCase{id, ""})).code, Refusal::invalid);
  EXPECT_EQ(h.refused(as("s004", core::ApproveCase{"C404", ""})).code, Refusal::unknown_case);
  EXPECT_EQ(h.state.seq, before);  // refusals change nothing
  h.ok(as("s004", core::ApproveCase{id, "准予登记"}));
  EXPECT_EQ(h.refused(as("s004", core::ApproveCase{id, ""})).code, Refusal::case_not_open);
  // W02 is the 统一出件 window: s001 at W01 cannot deliver, s003 on post at W02 can.
  EXPECT_EQ(h.refused(as("s001", core::DeliverCase{id, "", ""})).code, Refusal::not_delivery_window);
  EXPECT_EQ(h.refused(as("s001", core::DeliverCase{id, "W01", ""})).code, Refusal::not_delivery_window);
  h.sign_in("s003", "W02");
  const Events ev = h.ok(as("s003", core::DeliverCase{id, "", "本人领取"}));
  ASSERT_EQ(types(ev), (std::vector<std::string>{"case.delivered"}));
  EXPECT_EQ(ev[0].window, "W02");
  const core::Case& k = h.state.cases.at(id);
  EXPECT_EQ(k.status, core::CaseStatus::delivered);
  EXPECT_EQ(k.delivered_by, "s003");
  EXPECT_EQ(k.delivered_window, "W02");
  EXPECT_EQ(h.refused(as("s003", core::DeliverCase{id, "", ""})).code, Refusal::already_delivered);
}

// [SECTION] the one-time notice (R-CASE-2)

TEST(Cases, RCASE2_OneTimeNoticeIsDueInItsWorkdaysAndAlertsWhenLate) {
  Hall h(case_hall());
  h.advance_to("2026-11-23T10:00:00");
  const core::Case* k = open_case(h, "incomplete_materials", {"营业执照副本", "法人身份证复印件"});
  ASSERT_NE(k, nullptr);
  const std::string id = k->id;
  EXPECT_EQ(k->status, core::CaseStatus::notice);
  EXPECT_EQ(k->missing, (std::vector<std::string>{"营业执照副本", "法人身份证复印件"}));
  // one_time_notice_workdays 5: Tue 24, Thu 26, Fri 27, Mon 30, Tue 1.
  EXPECT_EQ(fmt(k->due), "2026-12-02T00:00:00+08:00");
  h.advance_to("2026-12-01T23:59:59");
  EXPECT_EQ(case_alert(h, "notice_overdue"), nullptr);
  h.advance(1);
  const core::Alert* late = case_alert(h, "notice_overdue");
  ASSERT_NE(late, nullptr);
  EXPECT_EQ(late->rule, "R-CASE-2");
  EXPECT_TRUE(overdue_deductions(h).empty());  // the notice has no catalog deduction
  h.advance_to("2026-12-02T10:00:00");
  h.ok(as("s002", core::DeliverCase{id, "", "已邮寄"}));  // the department hands over the written notice
  EXPECT_EQ(case_alert(h, "notice_overdue"), nullptr);
  EXPECT_EQ(h.state.cases.at(id).status, core::CaseStatus::delivered);
}

// [SECTION] persistence

TEST(Cases, RCASE1_CasesSurviveTheSnapshotCodecAndReplay) {
  Hall h(case_hall());
  h.advance_to("2026-11-23T10:00:00");
  const std::string a = open_case(h, "accepted")->id;
  h.issue("qiye");
  h.call("W01");
  h.ok(as("s001", core::StartService{"W01"}));
  h.ok(as("s001", core::FinishService{"W01", "incomplete_materials", {"章程"}, "", "C-notice"}));
  h.ok(as("s008", core::ExtendCase{a, 2, "需征求意见"}));
  h.advance_to("2026-12-10T10:00:00");  // overdue, with its deduction and alert
  const auto decoded = proto::decode_state(proto::encode_state(h.state), h.config);
  ASSERT_TRUE(decoded.has_value());
  core::State replayed(h.config);
  for (const auto& e : h.log) core::apply(replayed, e);
  for (const core::State* other : std::initializer_list<const core::State*>{&*decoded, &replayed}) {
    EXPECT_EQ(*other, h.state);
    ASSERT_EQ(other->cases.size(), h.state.cases.size());
    EXPECT_EQ(other->open_cases, h.state.open_cases);
    for (const auto& [id, k] : h.state.cases) {
      const core::Case& o = other->cases.at(id);
      EXPECT_EQ(o.status, k.status);
      EXPECT_EQ(o.outcome, k.outcome);
      EXPECT_EQ(o.due, k.due);
      EXPECT_EQ(o.days, k.days);
      EXPECT_EQ(o.extended_days, k.extended_days);
      EXPECT_EQ(o.extension_reason, k.extension_reason);
      EXPECT_EQ(o.missing, k.missing);
      EXPECT_EQ(o.alert, k.alert);
      EXPECT_EQ(o.overdue_alert, k.overdue_alert);
      EXPECT_EQ(o.overdue, k.overdue);
      EXPECT_EQ(o.opened_seq, k.opened_seq);
      EXPECT_EQ(o.staff, k.staff);
    }
    for (const auto* v : overdue_deductions(h)) EXPECT_EQ(other->violations.at(v->id).case_id, a);
    EXPECT_EQ(overdue_deductions(h).size(), 1u);
  }
}

}  // namespace
}  // namespace hallq::test
