#include "display/vm_json.hpp"

#include <boost/json.hpp>

namespace hallq::display {

namespace json = boost::json;

namespace {

json::array strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

}  // namespace

json::object to_json(const ViewModel& vm) {
  json::array calls, windows, queues;
  for (const auto& c : vm.calls)
    calls.push_back(json::object{{"number", c.number},
                                 {"window", c.window},
                                 {"window_number", c.window_number},
                                 {"window_name", c.window_name},
                                 {"service", c.service_name},
                                 {"at", c.at},
                                 {"recall", c.recall},
                                 {"ticket", c.ticket}});
  for (const auto& w : vm.windows) {
    const auto& s = w.sign;
    json::object sign{{"kind", to_string(s.kind)}, {"label", s.label}, {"alarm", s.alarm}};
    if (!s.staff.empty()) sign["staff"] = json::object{{"id", s.staff}, {"name", s.staff_name}, {"as", s.as}};
    if (!s.away_staff.empty()) {
      sign["away"] = json::object{{"id", s.away_staff},
                                  {"name", s.away_name},
                                  {"destination", s.destination},
                                  {"expected_return", s.expected_return},
                                  {"overdue", s.overdue}};
      sign["detail"] = s.detail;
      sign["cover"] = s.cover;
    }
    if (!s.redirect_to.empty()) {  // R-AB-7
      sign["redirect_to"] = s.redirect_to;
      sign["redirect_number"] = s.redirect_number;
      sign["redirect"] = s.redirect;
      sign["cover"] = s.cover;
    }
    json::object win{{"id", w.id},           {"number", w.number},
                     {"name", w.name},       {"sign", std::move(sign)},
                     {"serving", w.serving}, {"serving_called", w.serving_called}};
    if (!w.covering.empty()) {
      json::array nums;
      for (const int n : w.covering) nums.emplace_back(n);
      win["covering"] = std::move(nums);
      win["covering_text"] = w.covering_text;
    }
    windows.push_back(std::move(win));
  }
  for (const auto& q : vm.queues)
    queues.push_back(json::object{{"service", q.service},
                                  {"name", q.name},
                                  {"waiting", q.waiting},
                                  {"next", strings(q.next)},
                                  {"eta_minutes", q.eta_minutes}});
  return json::object{{"seq", vm.seq},
                      {"hall", vm.hall_name},
                      {"date", vm.date_text},
                      {"clock", vm.clock_text},
                      {"session", vm.session_text},
                      {"notice", vm.notice},
                      {"calls", std::move(calls)},
                      {"windows", std::move(windows)},
                      {"queues", std::move(queues)}};
}

}  // namespace hallq::display
