#include "display/draw.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "ui/fonts.hpp"

namespace hallq::display {

namespace {

using Id = ui::Fonts::Id;

// Font sizes at 1080 lines; the wall scales them (×2 at 4K). Each size holds only the glyphs
// it draws, so the hero size stays small although it is 170 px.
struct FontIds {
  Id title, clock, date, label, hero, hero2, hero3, list, xa, xb, xc, t1, t2, t3, t4, queue, queue_big, notice, banner;
};
FontIds F;

// Calm, high-contrast colours of a government hall: deep blue ground, warm gold for numbers.
// Every state also has its own words (在岗/离岗/空岗/…): colour is never the only signal.
constexpr ImU32 rgb(int r, int g, int b, int a = 255) { return IM_COL32(r, g, b, a); }
constexpr ImU32 c_bg = rgb(9, 24, 48);
constexpr ImU32 c_header = rgb(12, 40, 84);
constexpr ImU32 c_panel = rgb(16, 44, 88);
constexpr ImU32 c_panel2 = rgb(20, 54, 104);
constexpr ImU32 c_line = rgb(212, 165, 58);
constexpr ImU32 c_text = rgb(242, 245, 250);
constexpr ImU32 c_muted = rgb(160, 181, 212);
constexpr ImU32 c_gold = rgb(255, 200, 61);
constexpr ImU32 c_green = rgb(38, 150, 92);
constexpr ImU32 c_amber = rgb(222, 146, 34);
constexpr ImU32 c_red = rgb(214, 58, 52);
constexpr ImU32 c_grey = rgb(96, 108, 128);
constexpr ImU32 c_wait = rgb(84, 116, 164);
constexpr ImU32 c_flash = rgb(150, 24, 24);
constexpr ImU32 c_redirect = rgb(40, 128, 196);  // covered from another window: go there (R-AB-7)

struct Ctx {
  ui::Frame& f;
  ui::Fonts& fonts;
  ImDrawList* dl;
  float s;  // scale
};

ImVec2 measure(Ctx& c, Id id, const std::string& t) { return c.fonts.measure(id, t); }

void text(Ctx& c, Id id, float x, float y, ImU32 col, const std::string& t) {
  c.fonts.text(c.dl, id, ImVec2(std::round(x), std::round(y)), col, t);
}

// Text cut to max_w with an ellipsis (long window names, notices, destinations).
std::string fit(Ctx& c, Id id, const std::string& t, float max_w) {
  if (measure(c, id, t).x <= max_w) return t;
  std::string cut = t;
  while (!cut.empty()) {
    // Drop one UTF-8 code point from the end.
    std::size_t i = cut.size() - 1;
    while (i > 0 && (static_cast<unsigned char>(cut[i]) & 0xC0) == 0x80) --i;
    cut.resize(i);
    if (measure(c, id, cut + "…").x <= max_w) return cut + "…";
  }
  return "";
}

float text_h(Ctx& c, Id id) { return c.fonts.px(id); }

void text_right(Ctx& c, Id id, float right, float y, ImU32 col, const std::string& t) {
  text(c, id, right - measure(c, id, t).x, y, col, t);
}

void text_center(Ctx& c, Id id, float cx, float y, ImU32 col, const std::string& t) {
  text(c, id, cx - measure(c, id, t).x / 2, y, col, t);
}

// A coloured label with white text ("在岗", "A岗"); returns its width.
float chip(Ctx& c, Id id, float x, float y, ImU32 fill, const std::string& t, bool outline = false) {
  const ImVec2 sz = measure(c, id, t);
  const float px = 0.35f * c.fonts.px(id), py = 0.08f * c.fonts.px(id);
  const ImVec2 a(x, y), b(x + sz.x + 2 * px, y + sz.y + 2 * py);
  if (outline) c.dl->AddRect(a, b, fill, 4 * c.s, 0, 2 * c.s);
  else
    c.dl->AddRectFilled(a, b, fill, 4 * c.s);
  text(c, id, x + px, y + py, outline ? fill : c_text, t);
  return b.x - a.x;
}

ImU32 sign_colour(const SignView& v) {
  if (v.alarm) return c_red;
  switch (v.kind) {
    case SignKind::on_post: return c_green;
    case SignKind::off_post: return c_amber;
    case SignKind::awaiting: return c_wait;
    case SignKind::vacant: return c_red;
    case SignKind::closed: return c_grey;
    case SignKind::redirected: return c_redirect;
  }
  return c_grey;
}

void header(Ctx& c, const Scene& sc, float w, float h) {
  c.dl->AddRectFilled(ImVec2(0, 0), ImVec2(w, h), c_header);
  c.dl->AddRectFilled(ImVec2(0, h - 4 * c.s), ImVec2(w, h), c_line);
  const ViewModel* vm = sc.vm;
  const float pad = 32 * c.s;
  const std::string name = vm ? vm->hall_name : "政务服务中心";
  text(c, F.title, pad, (h - text_h(c, F.title)) / 2 - 2 * c.s, c_text, name);
  if (!vm) return;
  const float clock_w = measure(c, F.clock, vm->clock_text).x;
  text_right(c, F.clock, w - pad, (h - text_h(c, F.clock)) / 2 - 2 * c.s, c_gold, vm->clock_text);
  const float right = w - pad - clock_w - 28 * c.s;
  text_right(c, F.date, right, h / 2 - text_h(c, F.date) - 2 * c.s, c_text, vm->date_text);
  text_right(c, F.date, right, h / 2 + 2 * c.s, vm->session_open ? c_muted : c_amber, vm->session_text);
}

void hero(Ctx& c, const Scene& sc, float x, float y, float w, float h) {
  const ViewModel& vm = *sc.vm;
  const bool flash = sc.flash_on && !vm.calls.empty();
  c.dl->AddRectFilled(ImVec2(x, y), ImVec2(x + w, y + h), flash ? c_flash : c_panel, 10 * c.s);
  c.dl->AddRect(ImVec2(x, y), ImVec2(x + w, y + h), flash ? c_gold : c_panel2, 10 * c.s, 0, (flash ? 6 : 2) * c.s);
  const float pad = 24 * c.s;
  text(c, F.label, x + pad, y + pad * 0.7f, c_gold, "正在呼叫");
  if (vm.calls.empty()) {
    text_center(c, F.hero3, x + w / 2, y + h / 2 - text_h(c, F.hero3) / 2, c_muted, "请留意叫号");
    return;
  }
  const CallView& call = vm.calls.front();
  if (call.recall) {
    const float cw = measure(c, F.label, "再次呼叫").x;
    chip(c, F.label, x + w - pad - cw - 0.7f * c.fonts.px(F.label), y + pad * 0.6f, c_amber, "再次呼叫");
  }
  const float top = y + pad + text_h(c, F.label);
  const float avail = h - (top - y) - pad;
  const float num_h = text_h(c, F.hero);
  const float line2 = text_h(c, F.hero2), line3 = text_h(c, F.hero3);
  const float block = num_h * 0.95f + line2 + 8 * c.s + line3;
  float yy = top + std::max(0.0f, (avail - block) / 2);
  text_center(c, F.hero, x + w / 2, yy - num_h * 0.05f, flash ? c_text : c_gold, call.number);
  yy += num_h * 0.95f;
  const std::string where = "请到 " + std::to_string(call.window_number) + " 号窗口";
  text_center(c, F.hero2, x + w / 2, yy, c_text, where);
  yy += line2 + 8 * c.s;
  std::string sub = call.window_name;
  if (!call.service_name.empty()) sub += " · " + call.service_name;
  text_center(c, F.hero3, x + w / 2, yy, c_muted, fit(c, F.hero3, sub, w - 2 * pad));
}

void call_list(Ctx& c, const Scene& sc, float x, float y, float w, float h, int columns) {
  const ViewModel& vm = *sc.vm;
  c.dl->AddRectFilled(ImVec2(x, y), ImVec2(x + w, y + h), c_panel, 10 * c.s);
  const float pad = 20 * c.s;
  text(c, F.label, x + pad, y + pad * 0.6f, c_gold, "最近呼叫");
  const float top = y + pad * 0.6f + text_h(c, F.label) + 10 * c.s;
  const float row_h = text_h(c, F.list) * 1.32f;
  const int rows_fit = std::max(1, static_cast<int>((y + h - top - pad * 0.5f) / row_h));
  const float col_w = (w - 2 * pad) / static_cast<float>(columns);
  float num_w = measure(c, F.list, "A000").x;
  for (std::size_t i = 1; i < vm.calls.size(); ++i) num_w = std::max(num_w, measure(c, F.list, vm.calls[i].number).x);
  int shown = 0;
  for (std::size_t i = 1; i < vm.calls.size() && shown < rows_fit * columns; ++i, ++shown) {
    const CallView& cv = vm.calls[i];
    const int col = shown / rows_fit, row = shown % rows_fit;
    const float cx = x + pad + static_cast<float>(col) * col_w;
    const float cy = top + static_cast<float>(row) * row_h;
    if (row > 0) c.dl->AddLine(ImVec2(cx, cy - 4 * c.s), ImVec2(cx + col_w - pad, cy - 4 * c.s), c_panel2, 1.5f * c.s);
    text(c, F.list, cx, cy, c_gold, cv.number);
    const float nx = cx + num_w + 0.5f * c.fonts.px(F.list);
    const std::string win = std::to_string(cv.window_number) + " 号窗口";
    text(c, F.list, nx, cy, c_text, win);
    if (cv.recall)
      chip(c, F.t3, cx + col_w - pad - measure(c, F.t3, "重呼").x - 0.7f * c.fonts.px(F.t3),
           cy + (text_h(c, F.list) - text_h(c, F.t3)) / 2 - 2 * c.s, c_amber, "重呼");
  }
  if (vm.calls.size() <= 1) text(c, F.t2, x + pad, top, c_muted, "暂无");
}

// One window tile: number and name, the post sign, and what it is doing.
void tile(Ctx& c, const WindowView& wv, float x, float y, float w, float h) {
  const SignView& sg = wv.sign;
  const ImU32 sc = sign_colour(sg);
  const ImU32 bg = sg.alarm ? rgb(70, 20, 28) : sg.kind == SignKind::closed ? rgb(22, 32, 50) : c_panel;
  c.dl->AddRectFilled(ImVec2(x, y), ImVec2(x + w, y + h), bg, 8 * c.s);
  const float bar = std::max(6.0f, 8 * c.s);
  c.dl->AddRectFilled(ImVec2(x, y), ImVec2(x + bar, y + h), sc, 8 * c.s, ImDrawFlags_RoundCornersLeft);
  c.dl->PushClipRect(ImVec2(x, y), ImVec2(x + w, y + h), true);
  // Font set by tile height: large tiles at a few dozen windows, small ones for hundreds.
  Id a = F.t1, b = F.t2, d = F.t3;
  if (h >= 190 * c.s && w >= 420 * c.s) {
    a = F.xa;
    b = F.xb;
    d = F.xc;
  }
  if (h < 150 * c.s) {
    a = F.t2;
    b = F.t3;
    d = F.t4;
  }
  if (h < 96 * c.s) {
    a = F.t3;
    b = F.t4;
    d = F.t4;
  }
  if (h < 56 * c.s) {
    // Dense grid (hundreds of windows): the number and the one-character sign (在/离/无/空/停),
    // so the state is still said in words; the legend above the grid explains them.
    std::string t = std::to_string(wv.number) + " " + sg.short_label;
    if (sg.kind == SignKind::redirected && sg.redirect_number) t += std::to_string(sg.redirect_number);  // "1 转2"

    const Id fid = h < 30 * c.s ? F.t4 : F.t3;
    text(c, fid, x + bar + 4 * c.s, y + (h - c.fonts.px(fid)) / 2, sg.alarm ? rgb(255, 150, 140) : c_text, t);
    c.dl->PopClipRect();
    return;
  }
  const float pad = std::max(6.0f, 0.45f * c.fonts.px(b));
  const float x0 = x + bar + pad, right = x + w - pad;
  float yy = y + pad * 0.7f;
  // Line 1: number and name.
  const std::string num = std::to_string(wv.number) + "号";
  text(c, a, x0, yy, c_gold, num);
  const float nx = x0 + measure(c, a, num).x + 0.4f * c.fonts.px(a);
  text(c, b, nx, yy + (c.fonts.px(a) - c.fonts.px(b)) * 0.6f, c_text, fit(c, b, wv.name, right - nx));
  yy += c.fonts.px(a) * 1.22f;
  // Line 2: the sign and who.
  const float cw = chip(c, b, x0, yy, sc, sg.label);
  if (sg.kind == SignKind::redirected) {
    // R-AB-7: where to go leads the tile; the absent post holder and the coverer follow small.
    const float rx = x0 + cw + 0.4f * c.fonts.px(b);
    text(c, b, rx, yy + 0.08f * c.fonts.px(b), c_gold, fit(c, b, sg.redirect, right - rx));
    yy += c.fonts.px(b) * 1.4f;
    auto small = [&](ImU32 col, const std::string& t) {
      if (yy + c.fonts.px(d) > y + h - pad * 0.3f) return;
      text(c, d, x0, yy, col, fit(c, d, t, right - x0));
      yy += c.fonts.px(d) * 1.25f;
    };
    if (!sg.away_staff.empty()) small(c_muted, sg.away_name + " 离岗 · " + sg.detail);
    small(c_muted, sg.cover);
    c.dl->PopClipRect();
    return;
  }
  float sx = x0 + cw + 0.4f * c.fonts.px(b);
  const float ty = yy + 0.08f * c.fonts.px(b);
  std::string who, badge;
  if (sg.kind == SignKind::on_post) {
    who = sg.staff_name + " " + sg.staff;
    badge = sg.as + "岗";
  } else if (sg.kind == SignKind::off_post) {
    who = sg.away_name + " " + sg.away_staff;
  } else if (sg.kind == SignKind::vacant) {
    who = "本窗口暂无工作人员";
  } else if (sg.kind == SignKind::awaiting) {
    who = "工作人员即将到岗";
  }
  if (!badge.empty()) {
    const float bw = measure(c, d, badge).x + 0.7f * c.fonts.px(d);
    chip(c, d, right - bw, ty + (c.fonts.px(b) - c.fonts.px(d)) / 2 - 0.08f * c.fonts.px(d),
         sg.as == "A" ? rgb(70, 140, 230) : rgb(180, 120, 230), badge);
    text(c, b, sx, ty, c_text, fit(c, b, who, right - bw - sx - 6 * c.s));
  } else if (!who.empty()) {
    text(c, b, sx, ty, sg.alarm ? rgb(255, 170, 160) : c_muted, fit(c, b, who, right - sx));
  }
  yy += c.fonts.px(b) * 1.4f;
  // Lines 3–4: off post details and cover, or the ticket being served.
  auto line = [&](ImU32 col, const std::string& t) {
    if (yy + c.fonts.px(d) > y + h - pad * 0.3f) return;
    text(c, d, x0, yy, col, fit(c, d, t, right - x0));
    yy += c.fonts.px(d) * 1.25f;
  };
  if (sg.kind == SignKind::off_post) {
    line(sg.overdue ? c_red : rgb(255, 196, 110), sg.detail + (sg.overdue ? "（已超时）" : ""));
    line(sg.staff.empty() ? (sg.alarm ? rgb(255, 150, 140) : c_muted) : c_text, sg.cover);
  }
  if (!wv.covering_text.empty()) line(rgb(140, 200, 255), wv.covering_text);  // R-AB-7
  if (!wv.serving.empty()) line(c_gold, (wv.serving_called ? "正在呼叫 " : "正在办理 ") + wv.serving);
  else if (sg.kind == SignKind::on_post) {
    std::string svc;
    for (const auto& n : wv.services) svc += (svc.empty() ? "" : "、") + n;
    line(c_muted, svc);
  }
  c.dl->PopClipRect();
}

int windows_grid(Ctx& c, const Scene& sc, const Look& look, float x, float y, float w, float h) {
  const ViewModel& vm = *sc.vm;
  const float gap = 10 * c.s;
  const float title_h = text_h(c, F.label) + 14 * c.s;
  text(c, F.label, x, y, c_gold, "窗口服务状态");
  const int n = static_cast<int>(vm.windows.size());
  const GridPlan plan = plan_grid(n, w, h - title_h, 300 * c.s, 120 * c.s, gap, look.grid);
  const int page = plan.pages > 0 ? sc.page % plan.pages : 0;
  if (plan.pages > 1)
    text_right(c, F.t2, x + w, y + (text_h(c, F.label) - text_h(c, F.t2)) / 2, c_muted,
               "第 " + std::to_string(page + 1) + " / " + std::to_string(plan.pages) + " 页");
  else if (plan.tile_h < 56 * c.s)
    text_right(c, F.t3, x + w, y + (text_h(c, F.label) - text_h(c, F.t3)) / 2, c_muted,
               "在＝在岗　离＝离岗　无＝暂无人员　空＝空岗　停＝暂停服务　转N＝请到N号窗口");
  const int first = page * plan.per_page;
  for (int i = first; i < n && i < first + plan.per_page; ++i) {
    const int k = i - first;
    const float tx = x + static_cast<float>(k % plan.cols) * (plan.tile_w + gap);
    const float ty = y + title_h + static_cast<float>(k / plan.cols) * (plan.tile_h + gap);
    tile(c, vm.windows[static_cast<std::size_t>(i)], tx, ty, plan.tile_w, plan.tile_h);
  }
  if (n == 0) text(c, F.t2, x, y + title_h, c_muted, "本屏没有窗口");
  return std::max(1, plan.pages);
}

void queues(Ctx& c, const Scene& sc, float x, float y, float w, float h, int page) {
  const ViewModel& vm = *sc.vm;
  text(c, F.label, x, y, c_gold, "排队情况");
  const float top = y + text_h(c, F.label) + 10 * c.s;
  const float gap = 10 * c.s;
  const int n = static_cast<int>(vm.queues.size());
  if (n == 0) return;
  const int fit_n = std::max(1, std::min(n, static_cast<int>((w + gap) / (250 * c.s + gap))));
  const int pages = (n + fit_n - 1) / fit_n;
  const int first = (page % pages) * fit_n;
  const float cw = (w - gap * static_cast<float>(fit_n - 1)) / static_cast<float>(fit_n);
  const float ch = y + h - top;
  for (int i = first; i < n && i < first + fit_n; ++i) {
    const QueueView& q = vm.queues[static_cast<std::size_t>(i)];
    const float cx = x + static_cast<float>(i - first) * (cw + gap);
    c.dl->AddRectFilled(ImVec2(cx, top), ImVec2(cx + cw, top + ch), c_panel, 8 * c.s);
    const float pad = 14 * c.s;
    float yy = top + pad * 0.6f;
    text(c, F.queue, cx + pad, yy, c_text, fit(c, F.queue, q.name, cw - 2 * pad - measure(c, F.queue, "A").x * 2));
    text_right(c, F.queue, cx + cw - pad, yy, c_gold, q.prefix);
    yy += text_h(c, F.queue) * 1.3f;
    const std::string waiting = std::to_string(q.waiting);
    text(c, F.t3, cx + pad, yy + text_h(c, F.queue_big) - text_h(c, F.t3) - 2 * c.s, c_muted, "等候");
    const float wx = cx + pad + measure(c, F.t3, "等候 ").x;
    text(c, F.queue_big, wx, yy, q.waiting > 0 ? c_gold : c_muted, waiting);
    text(c, F.t3, wx + measure(c, F.queue_big, waiting).x + 4 * c.s, yy + text_h(c, F.queue_big) - text_h(c, F.t3) - 2 * c.s,
         c_muted, "人");
    if (q.waiting > 0)
      text_right(c, F.t3, cx + cw - pad, yy + text_h(c, F.queue_big) - text_h(c, F.t3) - 2 * c.s, c_muted,
                 "约 " + std::to_string(q.eta_minutes) + " 分钟");
    yy += text_h(c, F.queue_big) * 1.2f;
    if (yy + text_h(c, F.t3) > top + ch) continue;
    std::string next;
    for (const auto& nn : q.next) next += (next.empty() ? "" : " ") + nn;
    text(c, F.t3, cx + pad, yy, c_text, fit(c, F.t3, next.empty() ? "无人等候" : "下一位 " + next, cw - 2 * pad));
  }
}

int footer(Ctx& c, const Scene& sc, float w, float y, float h) {
  c.dl->AddRectFilled(ImVec2(0, y), ImVec2(w, y + h), c_header);
  c.dl->AddRectFilled(ImVec2(0, y), ImVec2(w, y + 3 * c.s), c_line);
  const float pad = 28 * c.s;
  const float ty = y + (h - text_h(c, F.notice)) / 2 + 1 * c.s;
  const float tag_w = chip(c, F.date, pad, y + (h - text_h(c, F.date) * 1.16f) / 2 + 1 * c.s, c_red, "通知");
  // Connection state, always visible in words and colour.
  const std::string st = sc.live ? "● 已连接" : "● 未连接";
  const float st_w = measure(c, F.date, st).x;
  text(c, F.date, w - pad - st_w, y + (h - text_h(c, F.date)) / 2, sc.live ? rgb(90, 200, 130) : c_red, st);
  const float nx = pad + tag_w + 20 * c.s, nw = w - nx - st_w - 2 * pad;
  const std::string notice = sc.vm ? sc.vm->notice : "";
  if (notice.empty()) return 1;
  // A notice wider than the screen is shown part by part (each part a whole run of
  // characters that fits); redrawing for a smooth scroll would keep the CPU busy all day.
  std::vector<std::string> parts;
  std::string cur;
  std::size_t i = 0;
  while (i < notice.size()) {
    std::size_t len = 1;
    const auto ch = static_cast<unsigned char>(notice[i]);
    if (ch >= 0xF0) len = 4;
    else if (ch >= 0xE0)
      len = 3;
    else if (ch >= 0xC0)
      len = 2;
    const std::string next = cur + notice.substr(i, len);
    if (!cur.empty() && measure(c, F.notice, next).x > nw) {
      parts.push_back(cur);
      cur = notice.substr(i, len);
    } else {
      cur = next;
    }
    i += len;
  }
  if (!cur.empty()) parts.push_back(cur);
  const int n = static_cast<int>(parts.size());
  text(c, F.notice, nx, ty, c_text, parts[static_cast<std::size_t>(sc.notice_page % n)]);
  return n;
}

void banner(Ctx& c, const Scene& sc, float w, float y, float h) {
  // Over the last known state: it stays readable, dimmed, with the reason on top.
  c.dl->AddRectFilled(ImVec2(0, y), ImVec2(w, y + h), rgb(5, 12, 26, 150));
  const float bh = text_h(c, F.banner) * 1.4f + text_h(c, F.t3) * 1.6f;
  const float by = y + 12 * c.s;
  c.dl->AddRectFilled(ImVec2(0, by), ImVec2(w, by + bh), rgb(178, 34, 34, 240));
  text_center(c, F.banner, w / 2, by + text_h(c, F.banner) * 0.2f, c_text, sc.link_text);
  if (!sc.link_detail.empty())
    text_center(c, F.t3, w / 2, by + text_h(c, F.banner) * 1.35f, rgb(255, 220, 210), fit(c, F.t3, sc.link_detail, w - 60 * c.s));
}

}  // namespace

void add_fonts(ui::Fonts& fonts, float s) {
  auto px = [&](float base) { return fonts.add(std::round(base * s)); };
  F.title = px(44);
  F.clock = px(56);
  F.date = px(26);
  F.label = px(30);
  F.hero = px(180);
  F.hero2 = px(64);
  F.hero3 = px(36);
  F.list = px(38);
  F.xa = px(46);
  F.xb = px(32);
  F.xc = px(26);
  F.t1 = px(34);
  F.t2 = px(26);
  F.t3 = px(21);
  F.t4 = px(17);
  F.queue = px(28);
  F.queue_big = px(40);
  F.notice = px(30);
  F.banner = px(46);
}

Drawn draw_wall(ui::Frame& f, const Scene& sc, const Look& look) {
  Ctx c{f, f.fonts(), f.draw_list(), look.scale};
  const float W = f.width(), H = f.height();
  // The ground colour c_bg is the frame's clear colour (main.cpp): no full-screen rectangle.
  const float head_h = 100 * c.s, foot_h = 64 * c.s, gap = 16 * c.s;
  header(c, sc, W, head_h);
  Drawn out;
  out.notice_pages = footer(c, sc, W, H - foot_h, foot_h);
  const float top = head_h + gap, bottom = H - foot_h - gap;
  if (!sc.vm) {
    text_center(c, F.banner, W / 2, (top + bottom) / 2 - text_h(c, F.banner), c_text, sc.link_text);
    if (!sc.link_detail.empty())
      text_center(c, F.t3, W / 2, (top + bottom) / 2 + text_h(c, F.banner) * 0.5f, c_muted, sc.link_detail);
    return out;
  }
  const float queue_h = (sc.vm->queues.empty() ? 0 : 170) * c.s;
  if (!look.portrait) {
    const float left_w = std::round(W * 0.34f);
    const float hero_h = (bottom - top) * 0.50f;  // leaves room for 7 earlier calls beside the newest
    hero(c, sc, gap, top, left_w - gap, hero_h);
    call_list(c, sc, gap, top + hero_h + gap, left_w - gap, bottom - top - hero_h - gap, 1);
    const float rx = left_w + gap, rw = W - rx - gap;
    const float grid_h = bottom - top - (queue_h > 0 ? queue_h + gap : 0);
    out.pages = windows_grid(c, sc, look, rx, top, rw, grid_h);
    if (queue_h > 0) queues(c, sc, rx, top + grid_h + gap, rw, queue_h, sc.page);
  } else {
    const float hero_h = (bottom - top) * 0.24f, list_h = (bottom - top) * 0.17f;
    hero(c, sc, gap, top, W - 2 * gap, hero_h);
    call_list(c, sc, gap, top + hero_h + gap, W - 2 * gap, list_h, 2);
    const float gy = top + hero_h + list_h + 2 * gap;
    const float grid_h = bottom - gy - (queue_h > 0 ? queue_h + gap : 0);
    out.pages = windows_grid(c, sc, look, gap, gy, W - 2 * gap, grid_h);
    if (queue_h > 0) queues(c, sc, gap, gy + grid_h + gap, W - 2 * gap, queue_h, sc.page);
  }
  if (!sc.live) banner(c, sc, W, head_h, H - head_h - foot_h);
  return out;
}

}  // namespace hallq::display
