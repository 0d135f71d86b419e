// Start-up failures: a broken config or command line exits 2 and says what is wrong and where.
#include <fstream>

#include "common.hpp"

namespace hallq::test {
namespace {

struct BadConfig {
  TempDir dir;
  std::string path;
  explicit BadConfig(const std::function<void(json::object&)>& edit, const std::string& name = "hall.json") {
    auto cfg = read_json_file(hall_config()).as_object();
    edit(cfg);
    path = (dir.path() / name).string();
    write_json_file(path, cfg);
  }
  ExitResult run() const {
    return run_server({"--config", path, "--db", (dir.path() / "hall.db").string(), "--listen", "127.0.0.1:0"});
  }
};

TEST(Config, RAB1_window_without_b_substitute_exits_2_naming_file_path_and_rule) {
  BadConfig c([](json::object& cfg) { cfg["windows"].as_array().at(2).as_object()["b"] = json::array{}; });
  const auto r = c.run();
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(c.path), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("windows[2].b"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("W03"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("R-AB-1"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << "no listening line: " << r.out;
  EXPECT_FALSE(std::filesystem::exists(c.dir.path() / "hall.db")) << "a rejected config must not create the db";
}

TEST(Config, unknown_staff_in_a_roster_exits_2_naming_the_entry) {
  BadConfig c([](json::object& cfg) { cfg["windows"].as_array().at(0).as_object()["a"] = json::array{"s999"}; });
  const auto r = c.run();
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("windows[0].a[0]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("s999"), std::string::npos) << r.err;
}

TEST(Config, unknown_service_of_a_window_exits_2_naming_the_entry) {
  BadConfig c([](json::object& cfg) { cfg["windows"].as_array().at(1).as_object()["services"] = json::array{"shebao", "hukou"}; });
  const auto r = c.run();
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("windows[1].services[1]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hukou"), std::string::npos) << r.err;
}

TEST(Config, malformed_json_and_missing_file_exit_2_naming_the_file) {
  TempDir dir;
  const auto path = (dir.path() / "broken.json").string();
  {
    std::ofstream out(path);
    out << R"({"hall": {"id": "x",)";
  }
  auto r = run_server({"--config", path, "--db", (dir.path() / "hall.db").string()});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(path), std::string::npos) << r.err;

  const auto missing = (dir.path() / "nope.json").string();
  r = run_server({"--config", missing, "--db", (dir.path() / "hall.db").string()});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(missing), std::string::npos) << r.err;
}

TEST(Config, bad_command_line_exits_2_with_usage) {
  TempDir dir;
  const std::string db = (dir.path() / "hall.db").string();
  const std::vector<std::vector<std::string>> cases{
      {"--config", hall_config(), "--db", db, "--bogus", "1"},
      {"--db", db},                                              // no --config
      {"--config", hall_config(), "--db", db, "--clock", "sometimes"},
      {"--config", hall_config(), "--db", db, "--clock", "manual", "--start", "yesterday"},
      {"--config", hall_config(), "--db", db, "--listen", "localhost"},
      {"--config", hall_config(), "--db", db, "--listen", "127.0.0.1:99999"},
      {"--config", hall_config(), "--db", db, "--snapshot-every", "0"},
      {"--config", hall_config(), "--db", db, "--ws-batch-ms", "fast"},
      {"--config", hall_config(), "--db", db, "--ws-batch-ms", "-1"},
      {"--config", hall_config(), "--db", db, "--ws-idle-seconds", "1"},  // below 3
      {"--config", hall_config(), "--db", db, "--ws-idle-seconds", "30s"},
      {"--config", hall_config(), "--db", db, "--clock"},        // option without its value
  };
  for (const auto& args : cases) {
    std::string line;
    for (const auto& a : args) line += a + " ";
    SCOPED_TRACE(line);
    const auto r = run_server(args);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("usage:"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
}

TEST(Config, help_exits_0_with_usage_on_stdout) {
  const auto r = run_server({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("usage: hallq-server --config"), std::string::npos) << r.out;
}

// Regression (fixed): server/main.cpp prints the "listening on" line before it installs the SIGINT/SIGTERM
// handler (`asio::signal_set signals(io, SIGINT, SIGTERM)` comes after the std::cout line), so a
// SIGTERM sent as soon as the server says it is listening can hit the default action: the process
// dies with status 143 (128+SIGTERM) instead of shutting down cleanly with exit 0 (API.md). Seen in
// about 1 run in 100 under CPU load (ctest -j2); this test signals right after the line, 10 times.
TEST(Config, clean_shutdown_on_sigterm_exits_0) {
  ServerProcess s;
  for (int i = 0; i < 10; ++i) {
    SCOPED_TRACE("start #" + std::to_string(i + 1));
    s.start();
    EXPECT_NE(s.banner().find("listening on http://127.0.0.1:"), std::string::npos) << s.banner();
    EXPECT_NE(s.banner().find("clock manual"), std::string::npos) << s.banner();
    ASSERT_EQ(s.stop(), 0) << s.log();
  }
}

}  // namespace
// R-STF-2 (先进后出): a restart whose config takes an A off a window before a newcomer joins is
// refused naming the window; --allow-roster-shrink lets a deliberate reduction through.
TEST(Config, RSTF2_removing_an_A_without_a_newcomer_is_refused_at_restart) {
  TempDir dir;
  const std::string path = (dir.path() / "hall.json").string();
  auto cfg = read_json_file(hall_config()).as_object();
  write_json_file(path, cfg);
  ServerProcess sp(path);
  sp.start();
  EXPECT_EQ(sp.stop(), 0);

  cfg["windows"].as_array().at(1).as_object()["a"] = json::array{"s002"};  // s003 leaves W02
  write_json_file(path, cfg);
  const auto r = run_server({"--config", path, "--db", sp.db_path().string(), "--listen", "127.0.0.1:0"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(path), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("windows[1].a"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("s003"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("R-STF-2"), std::string::npos) << r.err;

  auto extra = manual_clock();
  extra.push_back("--allow-roster-shrink");
  sp.restart(extra);  // throws if the server does not come up
  EXPECT_EQ(sp.stop(), 0);
  // The smaller roster is now the reference: a plain restart is fine again.
  sp.restart(manual_clock());
  EXPECT_EQ(sp.stop(), 0);
}

}  // namespace hallq::test
