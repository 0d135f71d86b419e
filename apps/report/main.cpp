// hallq-report: a report from a hall's database file, without the server (R-RPT-1).
//   hallq-report --db var/hall.db --config HALL.json daily --date 2026-11-23 --format html -o out.html
// Exit codes: 0 written, 1 the database cannot be read, 2 bad command line or config.
#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "protocol/config_loader.hpp"
#include "report/report.hpp"
#include "store/event_store.hpp"

using namespace hallq;

namespace {

constexpr const char* usage =
    "usage: hallq-report --db PATH --config HALL.json KIND PERIOD [--format json|csv|html] [-o FILE]\n"
    "  KIND PERIOD:  daily --date 2026-11-23 | monthly --month 2026-11 | quarterly --year 2026 --q 4 |\n"
    "                half-yearly --year 2026 --h 2 | annual --year 2026\n";

int bad(const std::string& msg) {
  std::cerr << "hallq-report: " << msg << "\n" << usage;
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db, config, format = "json", out;
  std::optional<report::Kind> kind;
  std::map<std::string, std::string> params;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto value = [&](const char* what) -> std::optional<std::string> {
      if (i + 1 >= argc) return std::nullopt;
      (void)what;
      return std::string(argv[++i]);
    };
    if (a == "-h" || a == "--help") {
      std::cout << usage;
      return 0;
    }
    if (a == "--db" || a == "--config" || a == "--format" || a == "-o" || a == "--output" || a == "--date" || a == "--month" ||
        a == "--year" || a == "--q" || a == "--h") {
      const auto v = value(a.c_str());
      if (!v) return bad(a + " needs a value");
      if (a == "--db") db = *v;
      else if (a == "--config")
        config = *v;
      else if (a == "--format")
        format = *v;
      else if (a == "-o" || a == "--output")
        out = *v;
      else
        params[a.substr(2)] = *v;
      continue;
    }
    if (!a.empty() && a[0] == '-') return bad("unknown option " + a);
    if (kind) return bad("one report kind only (got \"" + a + "\" after \"" + report::to_string(*kind) + "\")");
    kind = report::parse_kind(a);
    if (!kind) return bad("unknown report kind \"" + a + "\" (daily, monthly, quarterly, half-yearly, annual)");
  }
  if (db.empty()) return bad("--db is required");
  if (config.empty()) return bad("--config is required");
  if (!kind) return bad("which report? daily, monthly, quarterly, half-yearly or annual");
  if (!report::content_type(format)) return bad("--format must be json, csv or html (got \"" + format + "\")");
  // A period option that does not belong to the kind is a mistake, not something to ignore.
  const std::map<report::Kind, std::vector<std::string>> allowed{{report::Kind::daily, {"date"}},
                                                                 {report::Kind::monthly, {"month"}},
                                                                 {report::Kind::quarterly, {"year", "q"}},
                                                                 {report::Kind::half_yearly, {"year", "h"}},
                                                                 {report::Kind::annual, {"year"}}};
  for (const auto& [k, v] : params) {
    const auto& ok = allowed.at(*kind);
    if (std::find(ok.begin(), ok.end(), k) == ok.end())
      return bad("--" + k + " does not apply to a " + report::to_string(*kind) + " report");
  }
  std::string error;
  const auto period = report::parse_period(*kind, params, &error);
  if (!period) return bad(error);
  if (!std::filesystem::exists(db)) return bad("no database at " + db);

  domain::HallConfig cfg;
  try {
    cfg = proto::load_config_file(config);
  } catch (const std::exception& ex) {
    std::cerr << ex.what() << "\n";
    return 2;
  }
  try {
    store::EventStore store(db, cfg.hall.id);
    // Hall time is the time of the last event: a report of a past database counts active alerts up to then.
    std::int64_t now = 0;
    const auto last = store.events_after(std::max<std::int64_t>(0, store.last_seq() - 1), 1);
    if (!last.empty()) {
      boost::system::error_code ec;
      const auto v = boost::json::parse(last.front(), ec);
      if (!ec && v.is_object())
        if (const auto* at = v.get_object().if_contains("at"); at && at->is_string())
          now = domain::parse_time(std::string(at->get_string()), cfg.hall.utc_offset).value_or(0);
    }
    if (now == 0)
      now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    auto input = store.report_input(*period, cfg.hall.utc_offset, now);
    input.generated_at = domain::format_time(now, cfg.hall.utc_offset);
    const std::string text = report::render(report::compute_report(cfg, input), format);
    if (out.empty() || out == "-") {
      std::cout << text;
      return 0;
    }
    std::ofstream f(out, std::ios::binary);
    f << text;
    f.close();
    if (!f) {
      std::cerr << "hallq-report: cannot write " << out << "\n";
      return 1;
    }
    std::cerr << "hallq-report: wrote " << out << " (" << text.size() << " bytes, events #" << input.first_seq << "–#"
              << input.last_seq << ")\n";
    return 0;
  } catch (const std::exception& ex) {
    std::cerr << "hallq-report: " << db << ": " << ex.what() << "\n";
    return 1;
  }
}
