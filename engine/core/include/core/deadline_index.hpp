// Items (open cases, open follow-ups) by the next instant a timed rule may act on them, so the
// timer finds what is due, and when the next one is, in O(log n) of the open items.
#pragma once

#include <algorithm>
#include <limits>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "domain/time.hpp"

namespace hallq::core {

using domain::Time;

class DeadlineIndex {
 public:
  static constexpr Time never = std::numeric_limits<Time>::max();

  /// The item's next instant; `never` takes it out.
  void set(const std::string& id, Time at) {
    const auto it = at_.find(id);
    if (it != at_.end()) {
      if (it->second == at) return;
      by_time_.erase({it->second, id});
      if (at == never) {
        at_.erase(it);
        return;
      }
      it->second = at;
    } else {
      if (at == never) return;
      at_.emplace(id, at);
    }
    by_time_.emplace(at, id);
  }
  /// The items whose instant has come (at <= now), in id order (the order the rules go in).
  std::vector<std::string> due(Time now) const {
    std::vector<std::string> out;
    for (auto it = by_time_.begin(); it != by_time_.end() && it->first <= now; ++it) out.push_back(it->second);
    std::sort(out.begin(), out.end());
    return out;
  }
  /// The first instant after `after`, or `never`.
  Time next_after(Time after) const {
    const auto it = by_time_.lower_bound({after == never ? never : after + 1, std::string()});
    return it == by_time_.end() ? never : it->first;
  }
  std::size_t size() const { return at_.size(); }
  void clear() {
    at_.clear();
    by_time_.clear();
  }
  friend bool operator==(const DeadlineIndex& a, const DeadlineIndex& b) { return a.by_time_ == b.by_time_; }

 private:
  std::set<std::pair<Time, std::string>> by_time_;
  std::unordered_map<std::string, Time> at_;
};

}  // namespace hallq::core
