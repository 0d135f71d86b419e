// Scores (R-SCR-*) and reports (R-RPT-1).
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <optional>

#include "endpoints.hpp"
#include "net/views.hpp"
#include "report/report.hpp"
#include "report_scores.hpp"
#include "store/report_tables.hpp"

namespace hallq::server::ep {

namespace http = boost::beast::http;
namespace json = boost::json;

void scores(Services& svc, Call& c) {
  const auto& st = svc.hall.state();
  int year = domain::local_date(svc.hall.now(), svc.cfg->hall.utc_offset).year;
  if (c.query.count("year") && !c.query["year"].empty()) {
    const std::string& y = c.query["year"];
    if (y.size() != 4 || !std::all_of(y.begin(), y.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
      return c.fail(400, "bad_request", "year must be a four-digit year like 2026");
    year = std::stoi(y);
  }
  // Tallies are kept by the engine as events apply, so this is a read of State, not of the log.
  c.reply_when_durable(svc.hall, json::serialize(scores_json(st, core::compute_scores(st, year))));
}

// GET /api/reports/{daily|monthly|quarterly|annual}: computed from the report tables, which hold
// committed events only, so a report never shows what is not yet durable.
void report(Services& svc, Call& c) {
  const auto& name = c.param("kind");
  const auto kind = report::parse_kind(name);
  if (!kind) return c.fail(404, "not_found", "no report \"" + name + "\" (daily, monthly, quarterly, half-yearly, annual)");
  const std::string format = c.query.count("format") && !c.query["format"].empty() ? c.query["format"] : "json";
  const char* type = report::content_type(format);
  if (!type) return c.fail(422, "invalid", "format must be json, csv or html");
  std::string problem;
  const auto period = report::parse_period(*kind, c.query, &problem);
  if (!period) return c.fail(422, "invalid", problem);
  // The grades are a read of the engine's tallies (cheap, and only the io thread may touch the
  // state); the period's facts, the report and its rendering are computed on a reader thread.
  const auto now = svc.hall.now();
  std::optional<core::Scores> scores;
  if (report::has_scores(period->kind)) scores = core::compute_scores(svc.hall.state(), period->year);
  c.reply_from_reader(svc, [cfg = svc.cfg, period = *period, scores = std::move(scores), format, type, now,
                            version = c.req.version(), keep = c.req.keep_alive()](store::Db& db) {
    std::string body;
    try {
      auto input = store::load_report_input(db, period, cfg->hall.utc_offset, now);
      input.generated_at = domain::format_time(now, cfg->hall.utc_offset);
      auto rep = report::compute_report(*cfg, input);
      if (rep.has_scores && scores) merge_engine_scores(rep, *scores, period);
      body = report::render(rep, format);
    } catch (const std::exception& ex) {
      return error_response(503, "storage_unavailable", std::string("cannot read the report tables: ") + ex.what(), version,
                            keep);
    }
    Response res{http::status::ok, version};
    res.set(http::field::content_type, type);
    res.set(http::field::cache_control, "no-store");
    res.set(http::field::content_disposition,
            "inline; filename=\"hallq-" + std::string(report::to_string(period.kind)) + "-" + period.from + "." + format + "\"");
    res.keep_alive(keep);
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
  });
}

}  // namespace hallq::server::ep
