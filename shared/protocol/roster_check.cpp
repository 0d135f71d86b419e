// Rotation check between two generations of a hall config (R-STF-2).
#include "protocol/roster_check.hpp"

#include <boost/json.hpp>

#include <algorithm>

namespace hallq::proto {

namespace json = boost::json;

std::string roster_fingerprint(const domain::HallConfig& c) {
  json::object o;
  for (const auto& w : c.windows) {
    json::array a;
    for (const auto& s : w.a) a.emplace_back(s);
    o[w.id] = std::move(a);
  }
  return json::serialize(o);
}

std::optional<std::string> check_rotation(const domain::HallConfig& c, const std::string& previous) {
  boost::system::error_code ec;
  const json::value v = json::parse(previous, ec);
  if (ec || !v.is_object()) return std::nullopt;  // nothing usable to compare with
  const auto& before = v.get_object();
  for (std::size_t i = 0; i < c.windows.size(); ++i) {
    const auto& w = c.windows[i];
    const auto* old = before.if_contains(w.id);
    if (!old || !old->is_array()) continue;  // a new window
    std::vector<std::string> leavers;
    for (const auto& s : old->get_array())
      if (s.is_string() && std::find(w.a.begin(), w.a.end(), s.get_string()) == w.a.end()) leavers.emplace_back(s.get_string());
    if (leavers.empty() || w.a.size() >= old->get_array().size()) continue;  // newcomers took their places
    std::string names;
    for (const auto& l : leavers) names += (names.empty() ? "" : ", ") + l;
    return "windows[" + std::to_string(i) + "].a: " + names + " left the A roster of window " + w.id +
           " before a newcomer joined it (R-STF-2: first in, then out); add the newcomer first, or start once with "
           "--allow-roster-shrink";
  }
  return std::nullopt;
}

}  // namespace hallq::proto
