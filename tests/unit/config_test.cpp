// Hall config loader: the demo hall loads; each broken config names its JSON path and problem.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <functional>
#include <string>

#include "domain/policy.hpp"
#include "protocol/config_loader.hpp"
#include "test_hall.hpp"

#ifndef HALLQ_SOURCE_DIR
#error "HALLQ_SOURCE_DIR must name the source tree (tests/unit/CMakeLists.txt)"
#endif

namespace hallq::test {
namespace {

namespace json = boost::json;

/// The test hall with one edit applied to its JSON.
std::string edited(const std::function<void(json::object&)>& edit) {
  json::value v = json::parse(hall_json);
  edit(v.as_object());
  return json::serialize(v);
}

json::object& item(json::object& root, const char* list, std::size_t i) { return root[list].as_array()[i].as_object(); }

struct Failure {
  std::string path, problem, what;
};

/// Loads text that must be refused; returns the error's parts ("<loaded>" if it loaded).
Failure refusal(const std::string& text) {
  try {
    proto::load_config_text(text, "hall.json");
  } catch (const proto::ConfigError& e) {
    EXPECT_EQ(e.file(), "hall.json");
    return {e.path(), e.problem(), e.what()};
  }
  ADD_FAILURE() << "config loaded but should have been refused";
  return {"<loaded>", "", ""};
}

// [SECTION] good configs

TEST(Config, test_hall_loads) {
  const auto c = load_hall();
  EXPECT_EQ(c->hall.id, "test");
  EXPECT_EQ(c->hall.utc_offset, 8 * 3600);
  ASSERT_EQ(c->hall.sessions.size(), 2u);
  EXPECT_EQ(c->hall.sessions[0].open, 9 * 3600);
  EXPECT_EQ(c->hall.sessions[0].close, 12 * 3600);
  EXPECT_EQ(c->hall.sessions[1].open, 14 * 3600);
  EXPECT_EQ(c->hall.sessions[1].close, 17 * 3600);
  EXPECT_EQ(c->hall.workdays, (std::vector<int>{1, 2, 3, 4, 5}));
  ASSERT_EQ(c->hall.holidays.size(), 1u);
  EXPECT_EQ(c->hall.holidays[0], (domain::LocalDate{2026, 11, 25}));
  EXPECT_EQ(c->services.size(), 5u);
  EXPECT_EQ(c->windows.size(), 4u);
  EXPECT_EQ(c->staff.size(), 8u);
  EXPECT_EQ(c->find_staff("s008")->role, domain::StaffRole::supervisor);
  EXPECT_EQ(c->find_staff("s001")->role, domain::StaffRole::staff);  // default role
  EXPECT_EQ(c->find_window("W01")->services, (std::vector<std::string>{"shebao", "yibao", "qiye"}));
  EXPECT_EQ(c->find_service("jiuye")->prefix, "J");
  EXPECT_EQ(c->policy.profile, "district-hall");
  EXPECT_FALSE(c->is_workday({2026, 11, 25}, 3));  // holiday
  EXPECT_TRUE(c->is_workday({2026, 11, 24}, 2));
  EXPECT_FALSE(c->is_workday({2026, 11, 28}, 6));
  EXPECT_TRUE(c->qualified(*c->find_staff("s003"), "yibao"));   // B of W01
  EXPECT_FALSE(c->qualified(*c->find_staff("s005"), "yibao"));  // only W03 (shebao)
}

TEST(Config, demo_hall_loads) {
  const auto c = proto::load_config_file(std::string(HALLQ_SOURCE_DIR) + "/assets/halls/demo.json");
  EXPECT_EQ(c.hall.id, "demo");
  EXPECT_EQ(c.policy.profile, "district-hall");
  EXPECT_EQ(c.policy.cover_grace_minutes, 3);
  EXPECT_EQ(c.departments.size(), 10u);
  EXPECT_EQ(c.services.size(), 17u);
  EXPECT_EQ(c.windows.size(), 26u);
  ASSERT_NE(c.find_window("W04"), nullptr);
  EXPECT_EQ(c.find_window("W04")->b, (std::vector<std::string>{"s009"}));
  EXPECT_EQ(c.find_window("W01")->services.size(), 9u);  // comprehensive window
  EXPECT_EQ(c.find_service("gongjijin")->prefix, "G");
  EXPECT_EQ(c.devices.size(), 4u);
  EXPECT_FALSE(c.is_workday({2026, 10, 1}, 4));  // National Day
}

TEST(Config, missing_file_is_a_config_error) {
  try {
    proto::load_config_file("/nonexistent/hall.json");
    FAIL() << "loaded a missing file";
  } catch (const proto::ConfigError& e) {
    EXPECT_EQ(e.path(), "$");
    EXPECT_EQ(e.file(), "/nonexistent/hall.json");
  }
}

TEST(Config, policy_override_is_applied) {
  const auto text = edited([](json::object& r) {
    auto& p = r["policy"].as_object();
    p["cover_grace_minutes"] = 5;
    p["max_overtakes"] = 7;
    p["warn_ratio"] = 0.75;
    p["leave_chain_short"] = json::array{"department_head"};
    p["deductions"] = json::object{{"schedule", 0.15}};
  });
  const auto c = proto::load_config_text(text, "hall.json");
  EXPECT_EQ(c.policy.cover_grace_minutes, 5);
  EXPECT_EQ(c.policy.max_overtakes, 7);
  EXPECT_DOUBLE_EQ(c.policy.warn_ratio, 0.75);
  EXPECT_EQ(c.policy.leave_chain_short, (std::vector<std::string>{"department_head"}));
  EXPECT_DOUBLE_EQ(c.policy.deductions.at("schedule"), 0.15);
  EXPECT_DOUBLE_EQ(c.policy.deductions.at("desk_messy"), 0.05);  // merged over the profile's catalog
  EXPECT_EQ(c.policy.escalate_minutes, 10);                      // untouched: profile value
}

TEST(Config, each_of_the_five_profiles_loads) {
  const std::vector<std::string> names = {"dongli-2022", "district-hall", "grassroots-2021", "shuitian-2020", "fengtai"};
  EXPECT_EQ(domain::profile_names(), names);
  for (const auto& name : names) {
    const auto text = edited([&](json::object& r) { r["policy"].as_object()["profile"] = name; });
    const auto c = proto::load_config_text(text, "hall.json");
    EXPECT_EQ(c.policy.profile, name);
    int judgement = 0;  // R-SCR-5: the supervisor's items weigh in with the five components
    for (const auto& [item, w] : c.policy.judgement_weights) judgement += w;
    EXPECT_EQ(c.policy.weight_attendance + c.policy.weight_discipline + c.policy.weight_caseload + c.policy.weight_efficiency +
                  c.policy.weight_satisfaction + judgement,
              100)
        << name;
    EXPECT_FALSE(c.policy.deductions.empty()) << name;
  }
  EXPECT_EQ(domain::find_profile("dongli-2022")->tenure_years, 1);
  EXPECT_EQ(domain::find_profile("district-hall")->tenure_years, 2);
  EXPECT_EQ(domain::find_profile("shuitian-2020")->tenure_years, 3);
  EXPECT_EQ(domain::find_profile("shuitian-2020")->leave_short_max_days, 2);
  EXPECT_TRUE(domain::find_profile("grassroots-2021")->return_quarters_consecutive);
  EXPECT_FALSE(domain::find_profile("dongli-2022")->return_quarters_consecutive);
  EXPECT_EQ(domain::find_profile("shuitian-2020")->bulletin_period, "monthly");
  EXPECT_EQ(domain::find_profile("nope"), nullptr);
}

// [SECTION] broken configs

TEST(ConfigError, invalid_json) {
  const auto f = refusal(R"({"hall": {"id": "x",)");
  EXPECT_EQ(f.path, "$");
  EXPECT_EQ(f.problem.rfind("not valid JSON", 0), 0u) << f.problem;
  EXPECT_EQ(refusal("[1, 2]").problem, "must be a JSON object");
  EXPECT_EQ(refusal(edited([](json::object&) {}) + ",").path, "$");  // trailing garbage
}

TEST(ConfigError, missing_hall_name) {
  const auto f = refusal(edited([](json::object& r) { r["hall"].as_object().erase("name"); }));
  EXPECT_EQ(f.path, "hall.name");
  EXPECT_EQ(f.problem, "is required");
  EXPECT_EQ(f.what, "hall.json: hall.name: is required");
}

TEST(ConfigError, unknown_field_is_named) {
  const auto f = refusal(edited([](json::object& r) { r["hall"].as_object()["sesions"] = json::array{}; }));
  EXPECT_EQ(f.path, "hall.sesions");
  EXPECT_EQ(f.problem, "is not a known field");
}

TEST(ConfigError, unknown_policy_profile) {
  const auto f = refusal(edited([](json::object& r) { r["policy"].as_object()["profile"] = "beijing-2030"; }));
  EXPECT_EQ(f.path, "policy.profile");
  EXPECT_NE(f.problem.find("unknown policy profile \"beijing-2030\""), std::string::npos) << f.problem;
  EXPECT_NE(f.problem.find("district-hall"), std::string::npos) << f.problem;  // lists the known ones
}

TEST(ConfigError, unknown_policy_parameter) {
  const auto f = refusal(edited([](json::object& r) { r["policy"].as_object()["coffee_break_minutes"] = 15; }));
  EXPECT_EQ(f.path, "policy.coffee_break_minutes");
  EXPECT_EQ(f.problem, "is not a policy parameter");
}

TEST(ConfigError, bad_policy_values) {
  auto f = refusal(edited([](json::object& r) { r["policy"].as_object()["max_recalls"] = -1; }));
  EXPECT_EQ(f.path, "policy.max_recalls");
  f = refusal(edited([](json::object& r) { r["policy"].as_object()["cover_grace_minutes"] = "3"; }));
  EXPECT_EQ(f.path, "policy.cover_grace_minutes");
  EXPECT_EQ(f.problem, "must be an integer");
  f = refusal(edited([](json::object& r) { r["policy"].as_object()["warn_ratio"] = 1.5; }));
  EXPECT_EQ(f.path, "policy.warn_ratio");
  f = refusal(edited([](json::object& r) { r["policy"].as_object()["weight_caseload"] = 30; }));
  EXPECT_EQ(f.path, "policy");
  EXPECT_NE(f.problem.find("add up to 110"), std::string::npos) << f.problem;
}

TEST(ConfigError, window_without_B_names_the_window_RAB1) {
  auto f = refusal(edited([](json::object& r) { item(r, "windows", 2)["b"] = json::array{}; }));
  EXPECT_EQ(f.path, "windows[2].b");
  EXPECT_EQ(f.problem, "window W03 has no B substitute (R-AB-1)");
  f = refusal(edited([](json::object& r) { item(r, "windows", 3).erase("b"); }));
  EXPECT_EQ(f.path, "windows[3].b");
  EXPECT_EQ(f.problem, "window W04 has no B substitute (R-AB-1)");
}

TEST(ConfigError, B_not_qualified_for_a_service_when_staff_have_skills_RAB1) {
  // s007, the only B of W03 (shebao), is trained for jiuye only.
  const auto f = refusal(edited([](json::object& r) { item(r, "staff", 6)["skills"] = json::array{"jiuye"}; }));
  EXPECT_EQ(f.path, "windows[2].b");
  EXPECT_EQ(f.problem, "window W03 has no B substitute qualified for service \"shebao\" (R-AB-1)");
  EXPECT_EQ(f.what, "hall.json: windows[2].b: window W03 has no B substitute qualified for service \"shebao\" (R-AB-1)");
  // With shebao in the skills it loads.
  EXPECT_NO_THROW(proto::load_config_text(edited([](json::object& r) {
                                            item(r, "staff", 6)["skills"] = json::array{"jiuye", "shebao"};
                                          }),
                                          "hall.json"));
}

// Take-over needs one person qualified for every service of the window, so the loader asks the
// same: two Bs who each know half the window do not make it coverable.
TEST(ConfigError, RAB1_Bs_who_each_know_only_some_services_do_not_cover_the_window) {
  const auto split = [](json::object& r) {
    item(r, "windows", 3)["b"] = json::array{"s006", "s004"};                 // W04: jiuye, shebao
    item(r, "staff", 5)["skills"] = json::array{"shebao"};                    // s006
    item(r, "staff", 3)["skills"] = json::array{"jiuye", "qiye", "chujian"};  // s004
  };
  const auto f = refusal(edited(split));
  EXPECT_EQ(f.path, "windows[3].b");
  EXPECT_EQ(f.problem,
            "window W04 has no B substitute qualified for all its services, so nobody could take it over; the "
            "closest, s006, is not qualified for service \"jiuye\" (R-AB-1)");
  EXPECT_NO_THROW(proto::load_config_text(edited([&](json::object& r) {
                                            split(r);
                                            item(r, "staff", 3)["skills"] = json::array{"jiuye", "shebao", "qiye", "chujian"};
                                          }),
                                          "hall.json"));
}

TEST(ConfigError, skills_naming_an_unknown_service) {
  const auto f = refusal(edited([](json::object& r) { item(r, "staff", 6)["skills"] = json::array{"shebao", "nope"}; }));
  EXPECT_EQ(f.path, "staff[6].skills[1]");
  EXPECT_EQ(f.problem, "unknown service \"nope\"");
}

TEST(ConfigError, department_with_two_roster_staff_and_no_chief_RSTF3) {
  const auto f = refusal(edited([](json::object& r) { item(r, "departments", 1).erase("chief"); }));
  EXPECT_EQ(f.path, "departments[1].chief");
  EXPECT_EQ(f.problem, "department rsj has 3 resident window staff but names no chief representative (R-STF-3)");
}

TEST(ConfigError, chief_from_another_department_RSTF3) {
  const auto f = refusal(edited([](json::object& r) { item(r, "departments", 1)["chief"] = "s001"; }));
  EXPECT_EQ(f.path, "departments[1].chief");
  EXPECT_NE(f.problem.find("(R-STF-3)"), std::string::npos) << f.problem;
}

TEST(ConfigError, RSTF3_chief_must_sit_on_one_of_the_departments_rosters) {
  // s008 is zwb staff but a supervisor on no window.
  const auto f = refusal(edited([](json::object& r) { item(r, "departments", 0)["chief"] = "s008"; }));
  EXPECT_EQ(f.path, "departments[0].chief");
  EXPECT_EQ(f.problem, "chief representative s008 is on no roster of a window of department zwb (R-STF-3)");
}

TEST(ConfigError, RHRS2_duty_rota_on_a_working_day_or_without_a_rostered_person) {
  auto f = refusal(edited([](json::object& r) {
    r["hall"].as_object()["duty"] = json::array{
        json::object{{"date", "2026-11-27"}, {"windows", json::array{"W01"}}, {"staff", json::array{"s001"}}}};
  }));
  EXPECT_EQ(f.path, "hall.duty[0].date");
  EXPECT_EQ(f.problem, "2026-11-27 is a working day; a duty rota is for days the hall is otherwise closed (R-HRS-2)");
  f = refusal(edited([](json::object& r) {
    r["hall"].as_object()["duty"] = json::array{
        json::object{{"date", "2026-11-28"}, {"windows", json::array{"W01", "W03"}}, {"staff", json::array{"s001"}}}};
  }));
  EXPECT_EQ(f.path, "hall.duty[0].windows[1]");
  EXPECT_EQ(f.problem, "no duty staff of 2026-11-28 is on the roster of window W03, so it would stand empty (R-HRS-2, R-EMP-1)");
}

TEST(ConfigError, duplicate_prefix_RQ1) {
  const auto f = refusal(edited([](json::object& r) { item(r, "services", 3)["prefix"] = "A"; }));
  EXPECT_EQ(f.path, "services[3].prefix");
  EXPECT_EQ(f.problem, "prefix \"A\" is already used by service \"shebao\" (R-Q-1)");
}

TEST(ConfigError, bad_prefix_RQ1) {
  const auto f = refusal(edited([](json::object& r) { item(r, "services", 0)["prefix"] = "a1"; }));
  EXPECT_EQ(f.path, "services[0].prefix");
}

TEST(ConfigError, unknown_service_in_a_window) {
  const auto f = refusal(edited([](json::object& r) { item(r, "windows", 0)["services"].as_array()[1] = "gongjijin"; }));
  EXPECT_EQ(f.path, "windows[0].services[1]");
  EXPECT_EQ(f.problem, "unknown service \"gongjijin\"");
}

TEST(ConfigError, unknown_staff_in_a_roster) {
  const auto f = refusal(edited([](json::object& r) { item(r, "windows", 1)["a"].as_array()[1] = "s099"; }));
  EXPECT_EQ(f.path, "windows[1].a[1]");
  EXPECT_EQ(f.problem, "unknown staff \"s099\"");
}

TEST(ConfigError, duplicate_ids) {
  auto f = refusal(edited([](json::object& r) { item(r, "services", 1)["id"] = "shebao"; }));
  EXPECT_EQ(f.path, "services[1].id");
  EXPECT_EQ(f.problem, "duplicate id \"shebao\"");
  f = refusal(edited([](json::object& r) { item(r, "windows", 3)["id"] = "W01"; }));
  EXPECT_EQ(f.path, "windows[3].id");
  EXPECT_EQ(f.problem, "duplicate id \"W01\"");
  f = refusal(edited([](json::object& r) { item(r, "staff", 7)["id"] = "s002"; }));
  EXPECT_EQ(f.path, "staff[7].id");
  EXPECT_EQ(f.problem, "duplicate id \"s002\"");
  f = refusal(edited([](json::object& r) { item(r, "windows", 3)["number"] = 1; }));
  EXPECT_EQ(f.path, "windows[3].number");
  EXPECT_EQ(f.problem, "window number 1 is used twice");
}

TEST(ConfigError, bad_session_times) {
  auto f = refusal(edited([](json::object& r) { r["hall"].as_object()["sessions"].as_array()[1].as_array()[0] = "14:60"; }));
  EXPECT_EQ(f.path, "hall.sessions[1][0]");
  EXPECT_EQ(f.problem, "must be a time like \"09:00\"");
  f = refusal(edited([](json::object& r) { r["hall"].as_object()["sessions"].as_array()[0] = json::array{"12:00", "09:00"}; }));
  EXPECT_EQ(f.path, "hall.sessions[0]");
  EXPECT_EQ(f.problem, "closes before it opens");
  f = refusal(edited([](json::object& r) { r["hall"].as_object()["sessions"].as_array()[1] = json::array{"11:00", "17:00"}; }));
  EXPECT_EQ(f.path, "hall.sessions[1]");
  EXPECT_EQ(f.problem, "overlaps or precedes the session before it");
  f = refusal(edited([](json::object& r) { r["hall"].as_object()["sessions"] = json::array{}; }));
  EXPECT_EQ(f.path, "hall.sessions");
  f = refusal(edited([](json::object& r) { r["hall"].as_object()["utc_offset"] = "+8"; }));
  EXPECT_EQ(f.path, "hall.utc_offset");
  f = refusal(edited([](json::object& r) { r["hall"].as_object()["holidays"] = json::array{"2026-02-30"}; }));
  EXPECT_EQ(f.path, "hall.holidays[0]");
  f = refusal(edited([](json::object& r) { r["hall"].as_object()["workdays"] = json::array{1, 8}; }));
  EXPECT_EQ(f.path, "hall.workdays[1]");
}

TEST(ConfigError, staff_both_A_and_B_of_one_window) {
  const auto f = refusal(edited([](json::object& r) { item(r, "windows", 0)["b"] = json::array{"s003", "s002"}; }));
  EXPECT_EQ(f.path, "windows[0].b[1]");
  EXPECT_NE(f.problem.find("cannot be both A and B"), std::string::npos) << f.problem;
}

TEST(ConfigError, short_pin_and_device_token) {
  auto f = refusal(edited([](json::object& r) { item(r, "staff", 0)["pin"] = "12"; }));
  EXPECT_EQ(f.path, "staff[0].pin");
  f = refusal(edited([](json::object& r) { item(r, "devices", 0)["token"] = "short"; }));
  EXPECT_EQ(f.path, "devices[0].token");
}

}  // namespace
}  // namespace hallq::test
