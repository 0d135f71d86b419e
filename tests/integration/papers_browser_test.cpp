// The printed papers of a case (R-CASE-1, R-CASE-2): 受理通知书, 一次性告知书 and 不予受理通知书
// from GET /api/cases/{id}/paper, rendered by headless Chromium as the hall prints them: the DOM
// holds the hall's words, the print is one A4 page, and a screenshot shows the page. Set
// HALLQ_PAPER_SHOTS=DIR to keep the screenshots (the README's picture is made that way).
#include <cstdlib>

#include "reports_day.hpp"

namespace hallq::test {
namespace {

// One case of each outcome at W01 on the cases hall; returns kind → case id.
std::map<std::string, std::string> three_cases(LiveHall& h) {
  h.advance(30 * 60);
  h.sign_in("s001", "W01");
  std::map<std::string, std::string> out;
  const std::vector<std::pair<std::string, json::object>> finishes = {
      {"receipt", {{"outcome", "accepted"}}},
      {"notice", {{"outcome", "incomplete_materials"}, {"missing", json::array{"户口簿原件及复印件", "近期一寸免冠照片 2 张"}}}},
      {"rejection", {{"outcome", "rejected"}, {"reason", "申请人不具备参保资格"}}}};
  for (const auto& [kind, body] : finishes) {
    h.issue("shebao");
    h.window_action("s001", "W01", "call-next");
    h.window_action("s001", "W01", "start");
    const auto o = h.window_action("s001", "W01", "finish", body);
    out[kind] = std::string(o.at("case").as_object().at("id").as_string());
  }
  return out;
}

TEST(Papers, RCASE1_RCASE2_case_papers_print_on_one_A4_page_in_chromium) {
  LiveHall h(manual_clock(), hall_config("cases.json"));
  const auto cases = three_cases(h);
  const std::string browser = chromium();
  if (browser.empty()) GTEST_SKIP() << "chromium is not installed (./hallq setup installs it)";
  const char* keep = std::getenv("HALLQ_PAPER_SHOTS");
  const std::map<std::string, std::vector<std::string>> words = {
      {"receipt", {"受理通知书（回执）", "社保办理", "承诺时限", "3 个工作日", "办结期限", "统一出件窗口"}},
      {"notice", {"一次性告知书", "户口簿原件及复印件", "近期一寸免冠照片 2 张", "书面告知期限"}},
      {"rejection", {"不予受理通知书", "申请人不具备参保资格", "行政复议", "行政诉讼"}}};
  for (const auto& [kind, id] : cases) {
    SCOPED_TRACE(kind);
    const auto r = h.http().get("/api/cases/" + id + "/paper", h.token("s001"));
    ASSERT_EQ(r.status, 200u) << r.describe();
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
    EXPECT_NE(r.body.find("@page { size: A4 portrait"), std::string::npos);
    for (const char* banned : {"<script", "src=", "http:", "https:"}) EXPECT_EQ(r.body.find(banned), std::string::npos) << banned;
    const auto file = write_temp(h.server().dir() / (kind + ".html"), r.body);
    const std::string flags = " --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir=" +
                              (h.server().dir() / "chromium").string();
    const auto [code, dom] = run(browser + flags + " --dump-dom file://" + file);
    ASSERT_EQ(code, 0) << dom;
    for (const auto& w : words.at(kind)) EXPECT_NE(dom.find(w), std::string::npos) << w;
    EXPECT_NE(dom.find("测试政务服务中心"), std::string::npos);
    EXPECT_NE(dom.find(id), std::string::npos);
    EXPECT_NE(dom.find("s001"), std::string::npos) << "the staff number";
    // Printed: one A4 page (595 × 842 pt).
    const auto pdf = (h.server().dir() / (kind + ".pdf")).string();
    ASSERT_EQ(run(browser + flags + " --print-to-pdf=" + pdf + " --no-pdf-header-footer file://" + file).first, 0);
    std::ifstream f(pdf, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    EXPECT_EQ(bytes.rfind("%PDF", 0), 0u);
    EXPECT_NE(bytes.find("/Count 1"), std::string::npos) << "one page";
    EXPECT_NE(bytes.find("/MediaBox [0 0 594.95996 841.91998]"), std::string::npos) << "A4";
    // The page as a screen shows it at A4 size (96 dpi): the receipt always, all three when kept.
    if (!keep && kind != "receipt") continue;
    const std::string dir = keep ? std::string(keep) : h.server().dir().string();
    const std::string png = dir + "/case-" + kind + ".png";
    ASSERT_EQ(run(browser + flags + " --window-size=794,1123 --screenshot=" + png + " file://" + file).first, 0);
    EXPECT_GT(std::filesystem::file_size(png), 20000u) << "a page with text";
  }
}

}  // namespace
}  // namespace hallq::test
