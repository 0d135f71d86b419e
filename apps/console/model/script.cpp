#include "console/model/script.hpp"

#include <map>
#include <sstream>

namespace hallq::console {

namespace {

// verb → {min args, max args}; -1 = any number.
const std::map<std::string, std::pair<int, int>>& verbs() {
  static const std::map<std::string, std::pair<int, int>> v = {{"login", {2, 2}},
                                                               {"mode", {1, 1}},
                                                               {"sign-in", {1, 1}},
                                                               {"key", {1, 1}},
                                                               {"finish", {1, -1}},
                                                               {"transfer", {1, 1}},
                                                               {"off-post", {3, 3}},
                                                               {"return", {0, 0}},
                                                               {"sign-out", {0, 0}},
                                                               {"logout", {0, 0}},
                                                               {"take-over", {0, 1}},
                                                               {"ack", {1, -1}},
                                                               {"approve-leave", {1, 1}},
                                                               {"assign", {2, 3}},
                                                               {"inspect", {2, -1}},
                                                               {"wait", {1, -1}},
                                                               {"expect-message", {1, -1}},
                                                               {"sync", {0, 0}},
                                                               {"screenshot", {1, 1}},
                                                               {"sleep", {1, 1}},
                                                               {"quit", {0, 0}},
                                                               {"tab", {1, 1}},
                                                               {"tile", {1, 1}},
                                                               {"verify", {2, 2}},
                                                               {"recall", {0, 0}},
                                                               {"cases", {0, 0}},
                                                               {"case", {1, 1}},
                                                               {"approve-case", {1, -1}},
                                                               {"refuse-case", {2, -1}},
                                                               {"deliver-case", {1, 1}},
                                                               {"extend-case", {3, -1}},
                                                               {"case-alert", {1, 1}}};
  return v;
}

}  // namespace

std::optional<std::vector<ScriptStep>> parse_script(const std::string& text, std::string* error) {
  std::vector<ScriptStep> steps;
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    ScriptStep s;
    s.line = n;
    std::istringstream words(line.substr(first));
    words >> s.verb;
    for (std::string w; words >> w;) s.args.push_back(w);
    const auto after = line.find_first_not_of(" \t", first + s.verb.size());
    if (after != std::string::npos) s.rest = line.substr(after);
    const auto it = verbs().find(s.verb);
    if (it == verbs().end()) {
      if (error) *error = "line " + std::to_string(n) + ": unknown action \"" + s.verb + "\"";
      return std::nullopt;
    }
    const int count = static_cast<int>(s.args.size());
    if (count < it->second.first || (it->second.second >= 0 && count > it->second.second)) {
      if (error)
        *error = "line " + std::to_string(n) + ": \"" + s.verb + "\" takes " + std::to_string(it->second.first) +
                 (it->second.second == it->second.first ? "" : " or more") + " argument(s), got " + std::to_string(count);
      return std::nullopt;
    }
    steps.push_back(std::move(s));
  }
  return steps;
}

}  // namespace hallq::console
