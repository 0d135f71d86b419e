// The server's answers as the console's typed rows (console/model/answers): each reader takes
// the shapes docs/api.md gives and reads a missing or mistyped field as empty, never throwing.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "console/model/answers.hpp"

namespace hallq::test {
namespace {

namespace json = boost::json;

json::value parse(const char* text) { return json::parse(text); }

TEST(ConsoleAnswers, login_reads_who_and_the_token) {
  const auto a = console::read_login(
      parse(R"({"token": "t-1", "staff": {"id": "s008", "name": "黄晓芳", "role": "supervisor"}})"));
  ASSERT_TRUE(a);
  EXPECT_EQ(a->token, "t-1");
  EXPECT_EQ(a->who.id, "s008");
  EXPECT_EQ(a->who.name, "黄晓芳");
  EXPECT_TRUE(a->who.supervising());
  EXPECT_FALSE(console::read_login(parse(R"({"token": "t-1"})"))) << "no staff: not a login";
  EXPECT_FALSE(console::read_login(parse(R"([1, 2])")));
}

TEST(ConsoleAnswers, error_message_of_a_body_or_its_text) {
  EXPECT_EQ(console::error_message(parse(R"({"error": {"code": "no_ticket", "message": "没有当前号"}})"), ""), "没有当前号");
  EXPECT_EQ(console::error_message(std::nullopt, "Bad Gateway"), "Bad Gateway");
  EXPECT_EQ(console::error_message(std::nullopt, std::string(300, 'x')).size(), 200u) << "a long body is cut";
  EXPECT_EQ(console::error_message(parse(R"({"ok": true})"), "{}"), "");
}

TEST(ConsoleAnswers, call_and_finish_answers) {
  EXPECT_EQ(console::read_called_number(parse(R"({"ticket": {"id": "x", "number": "A007"}})")), "A007");
  EXPECT_EQ(console::read_called_number(parse(R"({"ticket": null})")), "") << "nobody was waiting";
  const auto k = console::read_opened_case(parse(R"({"ticket": {}, "case": {"number": "Q001", "due_date": "2026-12-02"}})"));
  ASSERT_TRUE(k);
  EXPECT_EQ(k->number, "Q001");
  EXPECT_EQ(k->due_date, "2026-12-02");
  EXPECT_FALSE(console::read_opened_case(parse(R"({"ticket": {}, "case": null})")));
  EXPECT_EQ(console::read_health_seq(parse(R"({"ok": true, "seq": 42})")), 42);
  EXPECT_EQ(console::read_health_seq(parse(R"({"ok": true})")), 0);
}

TEST(ConsoleAnswers, event_page_counts_todays_window_alerts_up_to_the_snapshot) {
  const auto page = console::read_event_page(parse(R"({"events": [
      {"seq": 1, "type": "alert.raised", "window": "W01", "at": "2026-11-22T16:00:00+08:00"},
      {"seq": 2, "type": "alert.raised", "window": "W01", "at": "2026-11-23T09:00:00+08:00"},
      {"seq": 3, "type": "ticket.issued", "at": "2026-11-23T09:01:00+08:00"},
      {"seq": 4, "type": "alert.raised", "at": "2026-11-23T09:02:00+08:00"},
      {"seq": 5, "type": "alert.raised", "window": "W02", "at": "2026-11-23T09:03:00+08:00"},
      {"type": "alert.raised", "window": "W02", "at": "2026-11-23T09:03:00+08:00"},
      {"seq": 9, "type": "alert.raised", "window": "W02", "at": "2026-11-23T09:04:00+08:00"}],
    "next": 9})"));
  EXPECT_EQ(page.count, 7u);
  EXPECT_EQ(page.next, 9);
  EXPECT_EQ(page.raised.size(), 4u) << "only alert.raised with a seq and a window";
  std::map<std::string, int> per_window;
  console::count_raised(page, 5, "2026-11-23", per_window);
  EXPECT_EQ(per_window, (std::map<std::string, int>{{"W01", 1}, {"W02", 1}}))
      << "yesterday's and seq 9 (after the snapshot) left out";
}

TEST(ConsoleAnswers, scores_rows_RSCR1_RSCR3) {
  const auto s = console::read_scores(parse(R"({"year": 2026,
      "departments": [{"id": "zwb", "points_start": 100, "points_left": 97.5, "advanced_eligible": false}],
      "staff": [{"id": "s001", "bulletins": 1, "verified_complaints": 2, "excellent_eligible": false, "return_flag": true}]})"));
  ASSERT_EQ(s.departments.size(), 1u);
  EXPECT_EQ(s.departments[0].id, "zwb");
  EXPECT_EQ(s.departments[0].points_start, 100.0) << "an integer reads as a number";
  EXPECT_EQ(s.departments[0].points_left, 97.5);
  EXPECT_FALSE(s.departments[0].advanced_eligible);
  ASSERT_EQ(s.staff.size(), 1u);
  EXPECT_EQ(s.staff[0].bulletins, 1);
  EXPECT_EQ(s.staff[0].verified_complaints, 2);
  EXPECT_TRUE(s.staff[0].return_flag);
  EXPECT_TRUE(console::read_scores(parse(R"({})")).departments.empty());
}

TEST(ConsoleAnswers, complaint_rows_with_their_verdict_RSVC4) {
  const auto c = console::read_complaints(parse(R"({"complaints": [
      {"id": "c1", "staff": "s005", "window": "W03", "text": "看手机", "verified": null},
      {"id": "c2", "text": "态度生硬", "verified": true},
      {"id": "c3", "verified": false}]})"));
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0].staff, "s005");
  EXPECT_EQ(c[0].window, "W03");
  EXPECT_FALSE(c[0].verified) << "null: not yet verified";
  EXPECT_EQ(c[1].verified, std::optional<bool>(true));
  EXPECT_EQ(c[2].verified, std::optional<bool>(false));
  EXPECT_TRUE(console::read_complaints(parse(R"({"complaints": 3})")).empty());
}

}  // namespace
}  // namespace hallq::test
