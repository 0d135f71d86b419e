// The HTML report (R-RPT-1): self-contained, and rendered by headless Chromium (DOM and an A4 PDF).
// Labelled `browser`; skipped when no Chromium is installed.
#include "reports_day.hpp"

namespace hallq::test {
namespace {

TEST(Reports, daily_report_R_RPT_1_as_html_is_self_contained_and_renders_in_chromium) {
  LiveHall h({"--clock", "manual", "--start", "2026-11-23T08:30:00"}, hall_config("reports.json"));
  play_day_one(h);
  const auto r = h.http().get(report_path("daily", "date=2026-11-23&format=html"), h.token("sup1"));
  ASSERT_EQ(r.status, 200u) << r.describe();
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  const std::string& html = r.body;
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  // Self-contained: nothing to fetch. The only URL is the SVG namespace name, which is never fetched.
  for (const char* banned : {"<script", "<link", "src=", "url(", "@import", "https:", "<iframe", "<img"})
    EXPECT_EQ(html.find(banned), std::string::npos) << banned;
  std::string rest = html;
  for (std::size_t p; (p = rest.find("http://www.w3.org/2000/svg")) != std::string::npos;) rest.erase(p, 26);
  EXPECT_EQ(rest.find("http:"), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("@page{size:A4"), std::string::npos) << "print CSS for A4";
  EXPECT_NE(html.find("报表测试区政务服务中心"), std::string::npos);
  EXPECT_NE(html.find("综合窗口, &quot;一窗受理&quot;"), std::string::npos) << "names are escaped";

  const std::string browser = chromium();
  if (browser.empty()) GTEST_SKIP() << "chromium is not installed (./hallq setup installs it)";
  const auto file = write_temp(h.server().dir() / "daily.html", html);
  const std::string flags = " --headless --no-sandbox --disable-gpu --user-data-dir=" + (h.server().dir() / "chromium").string();
  const auto [code, dom] = run(browser + flags + " --dump-dom file://" + file);
  ASSERT_EQ(code, 0) << dom;
  EXPECT_NE(dom.find("2026年11月23日政务服务日统计报表"), std::string::npos);
  EXPECT_NE(dom.find("<svg"), std::string::npos);
  const auto pdf = (h.server().dir() / "daily.pdf").string();
  const auto printed = run(browser + flags + " --print-to-pdf=" + pdf + " --no-pdf-header-footer file://" + file);
  ASSERT_EQ(printed.first, 0);
  std::ifstream f(pdf, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  EXPECT_EQ(bytes.rfind("%PDF", 0), 0u);
  EXPECT_GT(bytes.size(), 20000u) << "an A4 PDF with text and charts";
}

}  // namespace
}  // namespace hallq::test
