// The printed papers of a case, in the hall's words. The layout is A4 portrait with print CSS:
// the browser's print dialog (or a kiosk's silent print) gives the paper as it is meant.
#include "net/papers.hpp"

#include <cstdio>

#include "domain/time.hpp"

namespace hallq::server {

using core::Case;
using core::CaseStatus;
using core::State;

namespace {

std::string esc(const std::string& in) {
  std::string out;
  out.reserve(in.size());
  for (const char ch : in) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += ch;
    }
  }
  return out;
}

std::string local(const State& s, core::Time t) {
  const auto off = s.cfg().hall.utc_offset;
  const auto d = domain::local_date(t, off);
  const int secs = domain::local_seconds_of_day(t, off);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d年%02d月%02d日 %02d:%02d", d.year, d.month, d.day, secs / 3600, secs / 60 % 60);
  return buf;
}

// The local date of instant t, as 2026年11月23日.
std::string date_of(const State& s, core::Time t) {
  const auto d = domain::local_date(t, s.cfg().hall.utc_offset);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d年%02d月%02d日", d.year, d.month, d.day);
  return buf;
}

std::string row(const std::string& label, const std::string& value) {
  return "<tr><th>" + esc(label) + "</th><td>" + value + "</td></tr>\n";
}

const char* style() {
  return R"(<style>
@page { size: A4 portrait; margin: 20mm 18mm; }
* { box-sizing: border-box; }
body { font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: #000;
       margin: 0 auto; max-width: 174mm; font-size: 12pt; line-height: 1.7; }
header { text-align: center; border-bottom: 2px solid #000; padding-bottom: 4mm; margin-bottom: 6mm; }
header .hall { font-size: 13pt; letter-spacing: 0.1em; }
h1 { font-size: 20pt; margin: 2mm 0 0; letter-spacing: 0.3em; }
.no { text-align: right; font-size: 11pt; }
table { width: 100%; border-collapse: collapse; margin: 4mm 0; }
th, td { border: 1px solid #000; padding: 2mm 3mm; vertical-align: top; text-align: left; }
th { width: 32mm; font-weight: normal; background: #f2f2f2; }
ol { margin: 0; padding-left: 6mm; }
.text { text-indent: 2em; margin: 4mm 0; }
.sign { margin-top: 12mm; display: flex; justify-content: space-between; }
.sign div { width: 48%; }
footer { margin-top: 10mm; font-size: 10pt; border-top: 1px solid #000; padding-top: 2mm; }
@media screen { body { padding: 12mm; background: #fff; } }
</style>)";
}

}  // namespace

const char* paper_kind_of(const Case& k) noexcept {
  if (k.outcome == "rejected") return "rejection";
  if (k.outcome == "incomplete_materials") return "notice";
  return "receipt";
}

Paper case_paper_html(const State& s, const Case& k, const std::string& requested) {
  Paper p;
  const std::string kind = requested.empty() ? paper_kind_of(k) : requested;
  if (kind != "receipt" && kind != "rejection" && kind != "notice") {
    p.status = 422;
    p.code = "invalid";
    p.message = "kind must be receipt (受理单), rejection (不予受理通知书) or notice (一次性告知书)";
    return p;
  }
  if (kind != paper_kind_of(k)) {
    p.status = 409;
    p.code = "paper_not_applicable";
    p.message = "case " + k.id + " (" + k.outcome + ") has no " + kind + " paper; its paper is " + paper_kind_of(k);
    return p;
  }
  const auto& cfg = s.cfg();
  const auto* sv = cfg.find_service(k.service);
  const auto* dept = cfg.find_department(k.department);
  const auto* w = cfg.find_window(k.window);
  const auto* person = cfg.find_staff(k.staff);
  const std::string service = esc(sv ? sv->name : k.service);
  const std::string window = w ? std::to_string(w->number) + " 号窗口" + (w->name.empty() ? "" : "（" + w->name + "）")
                               : k.window;
  const char* title = kind == "receipt" ? "受理通知书（回执）" : kind == "rejection" ? "不予受理通知书" : "一次性告知书";

  std::string h = "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" + std::string(title) + " " +
                  esc(k.id) + "</title>\n" + style() + "</head><body>\n";
  h += "<header><div class=\"hall\">" + esc(cfg.hall.name) + "</div><h1>" + title + "</h1></header>\n";
  h += "<div class=\"no\">编号：" + esc(k.id) + "</div>\n<table>\n";
  h += row("办理事项", service);
  h += row("承办部门", esc(dept ? dept->name : k.department));
  h += row("排队号", esc(k.number));
  h += row(kind == "receipt" ? "受理时间" : "办理时间", esc(local(s, k.opened_at)));
  h += row(kind == "receipt" ? "受理窗口" : "办理窗口", esc(window));
  h += row("经办人工号", esc(k.staff) + (person ? "（" + esc(person->name) + "）" : ""));
  if (kind == "receipt") {
    h += row("承诺时限", std::to_string(k.days - k.extended_days) + " 个工作日" +
                             (sv && sv->legal_days > 0 ? "（法定时限 " + std::to_string(sv->legal_days) + " 个工作日）" : ""));
    if (k.extended_days > 0)
      h += row("延长办理", "经批准延长 " + std::to_string(k.extended_days) + " 个工作日。原因：" + esc(k.extension_reason));
    h += row("办结期限", esc(date_of(s, k.due - 1)) + "（含当日）");
    // R-CASE-4: results are collected at the 统一出件 window where the hall has one.
    h += "</table>\n<p class=\"text\">您申请的上述事项，申请材料齐全、符合法定形式，本中心已予受理。"
         "办结后请凭本通知书到" +
         std::string(cfg.has_delivery_window() ? "统一出件窗口" : "受理窗口") + "领取办理结果。</p>\n";
  } else if (kind == "notice") {
    std::string list = "<ol>";
    for (const auto& m : k.missing) list += "<li>" + esc(m) + "</li>";
    list += "</ol>";
    h += row("需补正材料", list);
    h += row("书面告知期限", esc(date_of(s, k.due - 1)) + "（含当日）前送达");
    h += "</table>\n<p class=\"text\">您申请的上述事项，申请材料不齐全或不符合法定形式。现将需要补正的全部材料一次性告知如上，"
         "请补齐后再次取号办理，取号时出示本告知书编号即可关联本次办理。</p>\n";
  } else {
    h += row("不予受理理由", esc(k.reason));
    h += "</table>\n<p class=\"text\">经审查，您申请的上述事项不予受理，理由如上。</p>\n";
    h += "<p class=\"text\">如不服本决定，可以自收到本通知书之日起 " + std::to_string(s.policy().review_appeal_days) +
         " 日内依法申请行政复议，或者在 " + std::to_string(s.policy().review_lawsuit_months) +
         " 个月内依法向人民法院提起行政诉讼。</p>\n";
  }
  h += "<div class=\"sign\"><div>申请人（签收）：</div><div>" + esc(cfg.hall.name) + "（盖章）<br>" +
       esc(date_of(s, k.opened_at)) + "</div></div>\n";
  h += "<footer>本文书由 hallq 生成，编号 " + esc(k.id) + "，请妥善保管" + (kind == "receipt" ? "，领取结果时出示" : "") +
       "。</footer>\n</body></html>\n";
  p.ok = true;
  p.body = std::move(h);
  return p;
}

}  // namespace hallq::server
