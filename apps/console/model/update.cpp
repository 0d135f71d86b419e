// update() for what came back: the server's answers (typed by console/model/answers.hpp), the
// mirror's changes (sounds, flashing, alert history) and the frame clock (polls, announcements).
#include <algorithm>
#include <type_traits>

#include "console/model/console_model.hpp"
#include "console/model/refusals.hpp"

namespace hallq::console {

void say_notice(ConsoleModel& m, const Context& cx, std::string text, bool error) {
  m.notice = Notice{std::move(text), error, cx.clock};
}

namespace {

HttpRequest get(std::string path, Purpose p) {
  HttpRequest r;
  r.method = "GET";
  r.path = std::move(path);
  r.purpose = p;
  return r;
}

HttpRequest backfill_from(std::int64_t since) {
  return get("/api/events?since=" + std::to_string(since) + "&limit=1000", Purpose::backfill);
}

struct Feeding {
  ConsoleModel& m;
  const Context& cx;
  Effects out;

  void send(HttpRequest r) { out.emplace_back(Send{std::move(r)}); }
  Refusal refusal(const Answered& a) const {
    return Refusal{a.status, a.code, error_message(a.json, a.body), a.request.staff, a.request.window};
  }

  void login(const Answered& a) {
    if (!a.ok() || !a.json || !read_login(*a.json)) {
      const core::State none(nullptr);
      say_notice(m, cx, a.status == 0 ? "无法连接服务器：" + a.body : refusal_text(cx.state ? *cx.state : none, refusal(a)),
                 true);
      return;
    }
    const auto in = *read_login(*a.json);
    m.me = in.who;
    m.tab = m.me.supervising() ? Tab::supervisor : Tab::staff;
    out.emplace_back(OpenLink{in.token});
    out.emplace_back(FormDone{Form::login});
    say_notice(m, cx, m.me.name + "，您好（" + role_label(m.me.role) + "）", false);
  }

  void backfill(const Answered& a) {
    if (!a.ok() || !a.json) return;
    const auto page = read_event_page(*a.json);
    count_raised(page, m.backfill_until, cx.ready && cx.state ? cx.state->day : "", m.backfill_per_window);
    if (page.count == 1000 && page.next < m.backfill_until) send(backfill_from(page.next));
  }

  // Scores and complaints come from endpoints an older server lacks: a 404 says so on the tab.
  void read(const Answered& a) {
    const bool missing = a.status == 404;
    if (a.request.purpose == Purpose::scores) {
      m.scores_missing = missing;
      if (a.ok() && a.json) m.scores = read_scores(*a.json);
    } else {
      m.complaints_missing = missing;
      if (a.ok() && a.json) m.complaints = read_complaints(*a.json);
    }
    if (!a.ok() && !missing && cx.ready && cx.state) say_notice(m, cx, refusal_text(*cx.state, refusal(a)), true);
  }

  void command(const Answered& a) {
    const auto& r = a.request;
    if (!a.ok()) {
      if (cx.ready && cx.state) say_notice(m, cx, r.label + "：" + refusal_text(*cx.state, refusal(a)), true);
      else
        say_notice(m, cx, r.label + "：" + error_message(a.json, a.body), true);
      return;
    }
    std::string done = r.label + " 成功";
    if (r.purpose == Purpose::call && a.json) {
      const std::string number = read_called_number(*a.json);
      done = number.empty() ? std::string("当前没有等候的群众") : "已呼叫 " + number;
    }
    if (r.purpose == Purpose::verdict) send(get("/api/complaints", Purpose::complaints));
    if (r.purpose == Purpose::finish && a.json)  // R-CASE-1: say the case it opened
      if (const auto k = read_opened_case(*a.json))
        done += "，已生成办件（" + k->number + "）" + (k->due_date.empty() ? "" : "，" + k->due_date + " 前办结");
    say_notice(m, cx, done, false);
  }

  void operator()(const Answered& a) {
    switch (a.request.purpose) {
      case Purpose::login: return login(a);
      case Purpose::backfill: return backfill(a);
      case Purpose::scores:
      case Purpose::complaints: return read(a);
      case Purpose::sync: return;  // the script's own
      default: return command(a);
    }
  }

  void operator()(const MirrorReplaced& r) {
    if (!cx.state) return;
    // The state was replaced wholesale: the events in between were not seen one by one, so the
    // alerts present now are not news (no flashing) and the per-window counts are refetched.
    for (const auto& [id, a] : cx.state->alerts) m.first_seen.emplace(id, -100.0);
    m.history.seed(*cx.state, cx.hall_now);
    m.backfill_per_window.clear();
    m.backfill_until = r.seq;
    if (m.me.supervising()) send(backfill_from(0));
  }

  void operator()(const MirrorApplied& a) {
    const auto& e = a.event;
    if (!cx.state) return;
    m.history.on_event(*cx.state, e);
    if (e.type != domain::EventType::alert_raised) return;
    m.first_seen[e.alert] = cx.clock;
    const bool names_me = std::find(e.notify.begin(), e.notify.end(), m.me.id) != e.notify.end();
    if (m.me.supervising() && !names_me) out.emplace_back(Say{"新预警，" + alert_kind_label(e.kind)});
  }

  void operator()(const Tick&) {
    if (!m.logged_in() || !cx.ready || !cx.state) return;
    const auto& s = *cx.state;
    // R-AB-3: the substitute hears a cover request that names them once, whether it arrived as
    // an event or was already active when they logged in (it came with the snapshot).
    for (const auto& [id, a] : s.alerts)
      if (a.kind == "cover_needed" && std::find(a.notify.begin(), a.notify.end(), m.me.id) != a.notify.end() &&
          m.announced_covers.insert(id).second)
        out.emplace_back(Say{"请到 " + std::to_string(window_number(s, a.window)) + " 号窗口顶岗"});
    // The supervisor's reads are polled while their tab shows.
    if (m.tab != Tab::supervisor) return;
    if (m.supervisor_tab == 3 && cx.clock - m.complaints_at > complaints_poll_seconds) {
      m.complaints_at = cx.clock;
      send(get("/api/complaints", Purpose::complaints));
    }
    if (m.supervisor_tab == 4 && cx.clock - m.scores_at > scores_poll_seconds) {
      m.scores_at = cx.clock;
      send(get("/api/scores?year=" + s.day.substr(0, 4), Purpose::scores));
    }
  }

  template <class Other>
  void operator()(const Other&) {}
};

bool is_feedback(const Message& msg) {
  return std::holds_alternative<Answered>(msg) || std::holds_alternative<MirrorReplaced>(msg) ||
         std::holds_alternative<MirrorApplied>(msg) || std::holds_alternative<Tick>(msg);
}

}  // namespace

Effects update(ConsoleModel& m, const Context& cx, const Message& msg) {
  if (!is_feedback(msg)) return act(m, cx, msg);
  Feeding f{m, cx, {}};
  std::visit(f, msg);
  return std::move(f.out);
}

}  // namespace hallq::console
