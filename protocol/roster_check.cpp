// Roster changes between config generations (R-STF-1, R-STF-2).
//
// The fingerprint is JSON: {"v": 2, "windows": {W: {"A": {staff: joined}, "B": {...}}},
// "posted_on": {staff: date}}. `joined` is the date a person was first seen on that roster, ""
// when they were there from the first start (or the fingerprint predates join dates). The
// version-1 form {W: [A staff…]} of earlier releases is read too.
#include "protocol/roster_check.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace hallq::proto {

namespace json = boost::json;
using domain::LocalDate;

namespace {

using Roster = std::map<std::string, std::string>;  // staff → joined date ("" = unknown)
struct Previous {
  std::map<std::string, std::map<std::string, Roster>> windows;  // window → "A"/"B" → roster
  std::map<std::string, std::string> posted_on;
};

Roster read_roster(const json::value* v) {
  Roster r;
  if (!v) return r;
  if (const auto* a = v->if_array()) {  // version 1: a plain list
    for (const auto& s : *a)
      if (s.is_string()) r[std::string(s.get_string())] = "";
  } else if (const auto* o = v->if_object()) {
    for (const auto& [k, d] : *o) r[std::string(k)] = d.is_string() ? std::string(d.get_string()) : "";
  }
  return r;
}

std::optional<Previous> parse_previous(const std::string& text) {
  boost::system::error_code ec;
  const json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;  // nothing usable to compare with
  const auto& o = v.get_object();
  Previous p;
  if (o.contains("v")) {
    if (const auto* ws = o.if_contains("windows"); ws && ws->is_object())
      for (const auto& [w, rosters] : ws->get_object()) {
        if (!rosters.is_object()) continue;
        auto& slot = p.windows[std::string(w)];
        slot["A"] = read_roster(rosters.get_object().if_contains("A"));
        slot["B"] = read_roster(rosters.get_object().if_contains("B"));
      }
    if (const auto* po = o.if_contains("posted_on"); po && po->is_object())
      for (const auto& [s, d] : po->get_object())
        if (d.is_string()) p.posted_on[std::string(s)] = std::string(d.get_string());
  } else {
    for (const auto& [w, a] : o) p.windows[std::string(w)]["A"] = read_roster(&a);  // B unknown: not compared
  }
  return p;
}

std::int64_t day_number(const std::string& date) {
  const auto d = domain::parse_date(date);
  return d ? domain::days_from_civil(*d) : 0;
}

/// The date `years` after `d`; days_from_civil is arithmetic, so 29 February of a common year
/// comes out as 1 March.
LocalDate years_after(LocalDate d, int years) {
  d.year += years;
  return domain::civil_from_days(domain::days_from_civil(d));
}

}  // namespace

std::vector<domain::Event> roster_events(const std::vector<RosterChange>& changes, LocalDate today) {
  std::vector<domain::Event> out;
  out.reserve(changes.size());
  for (const auto& change : changes) {
    domain::Event e;
    e.type = change.joined ? domain::EventType::roster_joined : domain::EventType::roster_left;
    e.actor = "system";
    e.window = change.window;
    e.staff = change.staff;
    e.as = change.as;
    e.reason = change.reason;
    e.date = domain::format_date(today);
    out.push_back(std::move(e));
  }
  return out;
}

RosterCheck check_rosters(const domain::HallConfig& c, const std::optional<std::string>& previous, LocalDate today,
                          bool allow_shrink) {
  RosterCheck out;
  const std::optional<Previous> prev = previous ? parse_previous(*previous) : std::nullopt;
  const std::string today_s = domain::format_date(today);
  const std::int64_t today_n = domain::days_from_civil(today);

  json::object windows;
  for (std::size_t i = 0; i < c.windows.size(); ++i) {
    const auto& w = c.windows[i];
    const std::map<std::string, Roster>* before = nullptr;
    if (prev)
      if (auto it = prev->windows.find(w.id); it != prev->windows.end()) before = &it->second;
    json::object rosters;
    for (const char* as : {"A", "B"}) {
      const auto& now_list = std::string_view(as) == "A" ? w.a : w.b;
      const Roster* old = nullptr;
      if (before)
        if (auto it = before->find(as); it != before->end()) old = &it->second;
      const bool compare = prev && (old != nullptr || !before);  // a version-1 fingerprint knows no B rosters
      Roster roster;
      for (const auto& s : now_list) {
        std::string joined;
        if (old && old->count(s)) {
          joined = old->at(s);
        } else if (compare) {  // new on this roster since the last start
          joined = today_s;
          out.changes.push_back(RosterChange{w.id, s, as, true, ""});
        }
        roster[s] = joined;
      }
      json::object roster_json;
      for (const auto& [s, joined] : roster) roster_json[s] = joined;
      rosters[as] = std::move(roster_json);
      if (!old) continue;

      // Leavers: R-STF-1 first (the reason is the person's own), then R-STF-2 for the A roster.
      std::vector<std::string> leavers;
      for (const auto& [s, joined] : *old)
        if (std::find(now_list.begin(), now_list.end(), s) == now_list.end()) leavers.push_back(s);
      for (const auto& s : leavers) {
        const domain::Staff* person = c.find_staff(s);
        std::optional<LocalDate> posted = person ? person->posted_on : std::nullopt;
        if (!posted)
          if (auto it = prev->posted_on.find(s); it != prev->posted_on.end()) posted = domain::parse_date(it->second);
        std::string reason;
        if (person) reason = person->rotation_reason;
        if (reason.empty())
          if (auto it = c.rotation_reasons.find(s); it != c.rotation_reasons.end()) reason = it->second;
        if (posted && c.policy.tenure_years > 0) {
          const LocalDate served = years_after(*posted, c.policy.tenure_years);
          if (today < served && reason.empty()) {
            std::string path = "rotation_reasons";
            for (std::size_t k = 0; k < c.staff.size(); ++k)
              if (c.staff[k].id == s) path = "staff[" + std::to_string(k) + "].rotation_reason";
            out.problem = path + ": " + s + " leaves the " + as + " roster of window " + w.id + " on " + today_s + ", before " +
                          std::to_string(c.policy.tenure_years) + " years at the hall (posted " + domain::format_date(*posted) +
                          ", tenure_years " + std::to_string(c.policy.tenure_years) +
                          "); an early rotation needs a rotation_reason for " + s + " (R-STF-1)";
            return out;
          }
        }
        out.changes.push_back(RosterChange{w.id, s, as, false, reason});
      }
      if (std::string_view(as) != "A" || leavers.empty() || allow_shrink) continue;
      // R-STF-2: each leaver needs a newcomer of their own who has been on the roster at least
      // rotation_overlap_days (a swap in one step leaves no overlap to hand over in).
      std::set<std::string> used;
      for (const auto& leaver : leavers) {
        const std::string& left_joined = old->at(leaver);
        std::string found, too_recent;
        for (const auto& s : now_list) {
          const std::string& joined = roster.at(s);
          if (joined.empty() || used.count(s)) continue;
          if (!left_joined.empty() && day_number(joined) <= day_number(left_joined)) continue;  // not newer
          if (today_n - day_number(joined) >= c.policy.rotation_overlap_days) {
            found = s;
            break;
          }
          if (too_recent.empty()) too_recent = s;
        }
        if (!found.empty()) {
          used.insert(found);
          continue;
        }
        const std::string path = "windows[" + std::to_string(i) + "].a: ";
        if (!too_recent.empty()) {
          const auto joined = domain::parse_date(roster.at(too_recent));
          const LocalDate from = domain::civil_from_days(domain::days_from_civil(*joined) + c.policy.rotation_overlap_days);
          out.problem = path + leaver + " leaves the A roster of window " + w.id + " in the same step as newcomer " + too_recent +
                        " joins it (joined " + domain::format_date(*joined) + "); the newcomer must be on the roster " +
                        std::to_string(c.policy.rotation_overlap_days) + " day(s) first, so " + leaver + " may leave from " +
                        domain::format_date(from) + " (R-STF-2: first in, then out)";
        } else {
          out.problem = path + leaver + " left the A roster of window " + w.id +
                        " before a newcomer joined it (R-STF-2: first in, then out); add the newcomer first, or "
                        "start once with --allow-roster-shrink";
        }
        return out;
      }
    }
    windows[w.id] = std::move(rosters);
  }
  // Windows that are gone: everyone on them left.
  if (prev)
    for (const auto& [wid, rosters] : prev->windows) {
      if (c.find_window(wid)) continue;
      for (const auto& [as, roster] : rosters)
        for (const auto& [s, joined] : roster) out.changes.push_back(RosterChange{wid, s, as, false, ""});
    }

  json::object posted;  // kept for people who leave the staff list, so a later start still knows
  if (prev)
    for (const auto& [s, d] : prev->posted_on) posted[s] = d;
  for (const auto& s : c.staff)
    if (s.posted_on) posted[s.id] = domain::format_date(*s.posted_on);
  json::object fp;
  fp["v"] = 2;
  fp["windows"] = std::move(windows);
  fp["posted_on"] = std::move(posted);
  out.fingerprint = json::serialize(fp);
  return out;
}

}  // namespace hallq::proto
