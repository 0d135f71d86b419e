#include "report_scores.hpp"

#include <algorithm>

namespace hallq::server {

void merge_engine_scores(report::Report& rep, const core::Scores& scores, const report::Period& period) {
  for (auto& s : rep.staff_scores) {
    const auto it = std::find_if(scores.staff.begin(), scores.staff.end(), [&](const auto& x) { return x.id == s.id; });
    if (it == scores.staff.end()) continue;
    s.graded = true;
    s.return_flag = it->return_flag;
    for (const auto& q : it->quarters)
      if (q.assessed && period.covers_quarter(q.q)) s.quarters.push_back({q.q, q.score, q.grade});
  }
}

}  // namespace hallq::server
