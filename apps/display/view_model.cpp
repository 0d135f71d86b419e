#include "display/view_model.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "core/engine.hpp"

namespace hallq::display {

namespace {

std::string hhmm(Time t, domain::UtcOffset off) {
  const int sec = domain::local_seconds_of_day(t, off);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", sec / 3600, (sec / 60) % 60);
  return buf;
}

std::string hhmm_of_day(int sec) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", sec / 3600, (sec / 60) % 60);
  return buf;
}

std::string staff_name(const domain::HallConfig& c, const std::string& id) {
  const auto* st = c.find_staff(id);
  return st ? st->name : id;
}

bool in_zone(const std::vector<std::string>& zone, const std::string& window) {
  return zone.empty() || std::find(zone.begin(), zone.end(), window) != zone.end();
}

// Whether a call at `window` belongs on a screen of `zone`: called at one of its windows, or
// (R-AB-7) a ticket of a zone window's service called where that window is covered from.
bool call_in_zone(const core::State& s, const std::vector<std::string>& zone, const std::string& window,
                  const std::string& ticket) {
  if (in_zone(zone, window)) return true;
  const auto* t = s.ticket(ticket);
  if (!t) return false;
  for (const auto& id : zone) {
    const auto* ws = s.window_state(id);
    const auto* w = s.cfg().find_window(id);
    if (!ws || !w || ws->redirect_to != window) continue;
    if (std::find(w->services.begin(), w->services.end(), t->service) != w->services.end()) return true;
  }
  return false;
}

std::string session_text(const core::State& s, Time now) {
  const auto& c = s.cfg();
  const auto off = c.hall.utc_offset;
  const auto date = domain::local_date(now, off);
  if (!c.is_open_day(date, domain::local_weekday(now, off))) return "今日休息";
  const int sec = domain::local_seconds_of_day(now, off);
  for (const auto& ses : c.hall.sessions) {
    if (sec >= ses.open && sec < ses.close) return "办理时间 " + hhmm_of_day(ses.open) + "–" + hhmm_of_day(ses.close);
    if (sec < ses.open) return "暂停办理 · " + hhmm_of_day(ses.open) + " 开始";
  }
  return "今日办理已结束";
}

}  // namespace

const char* to_string(SignKind k) noexcept {
  switch (k) {
    case SignKind::on_post: return "on_post";
    case SignKind::off_post: return "off_post";
    case SignKind::awaiting: return "awaiting";
    case SignKind::vacant: return "vacant";
    case SignKind::closed: return "closed";
    case SignKind::redirected: return "redirected";
  }
  return "?";
}

SignView sign_of(const core::State& s, const domain::Window& w, Time now) {
  const auto& c = s.cfg();
  SignView v;
  const auto* ws = s.window_state(w.id);
  const std::string staffing = core::staffing_name(core::staffing_of(s, w.id));
  if (!ws || staffing == "closed") {
    v.kind = SignKind::closed;
    v.label = "暂停服务";
    v.short_label = "停";
    return v;
  }
  if (!ws->on_post.empty()) {
    v.staff = ws->on_post;
    v.staff_name = staff_name(c, ws->on_post);
    v.as = ws->on_post_as;
  }
  const auto* away = ws->off_staff.empty() ? nullptr : s.staff_state(ws->off_staff);
  if (away && away->off_post) {
    v.away_staff = ws->off_staff;
    v.away_name = staff_name(c, ws->off_staff);
    v.destination = away->off_post->destination;
    v.expected_return = away->off_post->expected_return;
    v.overdue = now > v.expected_return;
    v.detail = "去向：" + (v.destination.empty() ? std::string("未说明") : v.destination) + " · 预计 " +
               hhmm(v.expected_return, c.hall.utc_offset) + " 返回";
  }
  if (!ws->redirect_to.empty() && !v.staff.empty()) {
    // R-AB-7: nobody sits here; the coverer calls this post's tickets at their own window. Where
    // to go is what a citizen reading the wall needs first.
    v.kind = SignKind::redirected;
    v.label = "暂停服务";
    v.short_label = "转";
    v.redirect_to = ws->redirect_to;
    const auto* at = c.find_window(ws->redirect_to);
    v.redirect_number = at ? at->number : 0;
    const std::string where = at ? std::to_string(at->number) : ws->redirect_to;
    v.redirect = "请到 " + where + " 号窗口办理";
    v.cover = "由 " + v.staff_name + " 在 " + where + " 号窗口代办";
    return v;
  }
  if (away && away->off_post) {
    // R-OFF-1: the sign says where the post holder went and when they are back, and who covers.
    v.kind = SignKind::off_post;
    v.label = "离岗";
    v.short_label = "离";
    if (!v.staff.empty()) {
      v.cover = "代岗：" + v.staff_name + "（" + (v.as.empty() ? std::string("B") : v.as) + "岗）";
    } else {
      v.cover = "无人代岗";
      v.alarm = staffing == "empty";  // R-EMP-1: past the grace period the post counts as empty
    }
    return v;
  }
  if (!v.staff.empty()) {
    v.kind = SignKind::on_post;
    v.label = "在岗";
    v.short_label = "在";
    return v;
  }
  if (staffing == "empty") {
    v.kind = SignKind::vacant;  // R-EMP-1
    v.label = "空岗";
    v.short_label = "空";
    v.alarm = true;
    return v;
  }
  v.kind = SignKind::awaiting;
  v.label = "暂无人员";
  v.short_label = "无";
  return v;
}

std::vector<std::string> unknown_windows(const domain::HallConfig& c, const std::vector<std::string>& ids) {
  std::vector<std::string> out;
  for (const auto& id : ids)
    if (!c.find_window(id)) out.push_back(id);
  return out;
}

ViewModel build_view(const core::State& s, Time now, const ViewOptions& opt) {
  const auto& c = s.cfg();
  const auto off = c.hall.utc_offset;
  ViewModel vm;
  vm.seq = s.seq;
  vm.hall_name = c.hall.name;
  vm.notice = c.hall.notice;
  vm.session_open = s.session_open;
  {
    static constexpr const char* weekdays[] = {"", "一", "二", "三", "四", "五", "六", "日"};
    const auto d = domain::local_date(now, off);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d年%02d月%02d日 星期%s", d.year, d.month, d.day,
                  weekdays[domain::local_weekday(now, off)]);
    vm.date_text = buf;
    vm.clock_text = hhmm(now, off);
  }
  vm.session_text = session_text(s, now);

  for (const auto& rc : s.recent_calls) {
    if (vm.calls.size() >= opt.calls_shown) break;
    if (!call_in_zone(s, opt.windows, rc.window, rc.ticket)) continue;
    CallView cv;
    cv.ticket = rc.ticket;
    cv.number = rc.number;
    cv.window = rc.window;
    cv.at = rc.at;
    cv.recall = rc.recall;
    if (const auto* w = c.find_window(rc.window)) {
      cv.window_number = w->number;
      cv.window_name = w->name;
    }
    if (const auto* t = s.ticket(rc.ticket))
      if (const auto* sv = c.find_service(t->service)) cv.service_name = sv->name;
    vm.calls.push_back(std::move(cv));
  }

  std::set<std::string> services;
  for (const auto& w : c.windows) {
    if (!in_zone(opt.windows, w.id)) continue;
    WindowView wv;
    wv.id = w.id;
    wv.number = w.number;
    wv.name = w.name;
    if (const auto* d = c.find_department(w.department)) wv.department = d->name;
    for (const auto& sv : w.services) {
      services.insert(sv);
      if (const auto* x = c.find_service(sv)) wv.services.push_back(x->name);
    }
    wv.sign = sign_of(s, w, now);
    for (const auto& other : c.windows)  // R-AB-7: posts covered from here
      if (const auto* ows = s.window_state(other.id); ows && ows->redirect_to == w.id && !ows->on_post.empty())
        wv.covering.push_back(other.number);
    std::sort(wv.covering.begin(), wv.covering.end());
    for (const int n : wv.covering) wv.covering_text += (wv.covering_text.empty() ? "" : "、") + std::to_string(n);
    if (!wv.covering.empty()) wv.covering_text = "同时办理 " + wv.covering_text + " 号窗口业务";
    if (const auto* ws = s.window_state(w.id); ws && !ws->current_ticket.empty())
      if (const auto* t = s.ticket(ws->current_ticket)) {
        wv.serving = t->number;
        wv.serving_called = t->status == core::TicketStatus::called;
      }
    vm.windows.push_back(std::move(wv));
  }
  std::stable_sort(vm.windows.begin(), vm.windows.end(),
                   [](const WindowView& a, const WindowView& b) { return a.number < b.number; });

  for (const auto& sv : c.services) {
    if (!services.count(sv.id)) continue;
    QueueView q;
    q.service = sv.id;
    q.name = sv.name;
    q.prefix = sv.prefix;
    const auto waiting = s.waiting.find(sv.id);
    q.waiting = waiting == s.waiting.end() ? 0 : static_cast<int>(waiting->second.size());
    for (const auto* t : core::call_order(s, sv.id, now, opt.next_shown)) q.next.push_back(t->number);
    q.eta_minutes = core::estimate_wait_minutes(s, sv.id, q.waiting);
    vm.queues.push_back(std::move(q));
  }
  return vm;
}

std::string spaced_number(const std::string& number) {
  std::string out;
  for (std::size_t i = 0; i < number.size(); ++i) {
    const auto c = static_cast<unsigned char>(number[i]);
    if (i > 0) {
      const auto p = static_cast<unsigned char>(number[i - 1]);
      if ((std::isdigit(c) && std::isalpha(p)) || (std::isalpha(c) && std::isdigit(p))) out += ' ';
    }
    out += number[i];
  }
  return out;
}

std::optional<std::string> announcement(const domain::HallConfig& c, const domain::Event& e,
                                        const std::vector<std::string>& zone) {
  if (e.type != domain::EventType::ticket_called && e.type != domain::EventType::ticket_recalled) return std::nullopt;
  if (!in_zone(zone, e.window)) return std::nullopt;
  const auto* w = c.find_window(e.window);
  const std::string window = w ? std::to_string(w->number) : spaced_number(e.window);
  std::string text = "请 " + spaced_number(e.number) + " 号 到 " + window + " 号窗口办理";
  if (e.type == domain::EventType::ticket_recalled) text = "再次呼叫，" + text;
  return text;
}

std::optional<std::string> announcement(const core::State& s, const domain::Event& e, const std::vector<std::string>& zone) {
  if (e.type != domain::EventType::ticket_called && e.type != domain::EventType::ticket_recalled) return std::nullopt;
  if (!call_in_zone(s, zone, e.window, e.ticket)) return std::nullopt;
  return announcement(s.cfg(), e);
}

GridPlan plan_grid(int count, float area_w, float area_h, float min_w, float min_h, float gap, GridMode mode) {
  GridPlan best;
  count = std::max(count, 1);
  // All tiles on one page: try every column count and keep the one whose tiles hold the
  // largest rectangle of a tile's natural shape (about 2.4 : 1 — number, name, sign, details).
  constexpr float shape = 2.4f;
  float best_area = -1;
  for (int cols = 1; cols <= count; ++cols) {
    const int rows = (count + cols - 1) / cols;
    const float tw = (area_w - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    const float th = (area_h - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows);
    if (tw <= 0 || th <= 0) continue;
    const float area = std::min(tw, th * shape) * std::min(th, tw / shape);
    if (area > best_area) {
      best_area = area;
      best = GridPlan{cols, rows, cols * rows, 1, tw, th};
    }
  }
  const bool readable = best.tile_w >= min_w && best.tile_h >= min_h;
  if (mode == GridMode::dense || (mode == GridMode::automatic && readable)) {
    best.per_page = count;
    best.pages = 1;
    return best;
  }
  // Pages of the smallest readable tiles.
  GridPlan p;
  p.cols = std::max(1, static_cast<int>(std::floor((area_w + gap) / (min_w + gap))));
  p.rows = std::max(1, static_cast<int>(std::floor((area_h + gap) / (min_h + gap))));
  p.per_page = p.cols * p.rows;
  if (p.per_page >= count && mode == GridMode::automatic) return best;
  p.pages = (count + p.per_page - 1) / p.per_page;
  p.tile_w = (area_w - gap * static_cast<float>(p.cols - 1)) / static_cast<float>(p.cols);
  p.tile_h = (area_h - gap * static_cast<float>(p.rows - 1)) / static_cast<float>(p.rows);
  return p;
}

Time display_time(Time server_now, bool manual_clock, double seconds_since_heard) {
  if (manual_clock || seconds_since_heard <= 0) return server_now;
  return server_now + static_cast<Time>(std::floor(seconds_since_heard));
}

}  // namespace hallq::display
