// The report as one self-contained HTML page: inline CSS (screen and A4 print), inline SVG
// charts, no scripts, fonts and images from nowhere but the reader's own system.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "report/report.hpp"

namespace hallq::report {

namespace {

std::string esc(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string fixed(double v, int places) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", places, v);
  return buf;
}

std::string mins(std::optional<std::int64_t> seconds) { return seconds ? fixed(static_cast<double>(*seconds) / 60.0, 1) : "—"; }
std::string avg_mins(std::int64_t sum, std::int64_t n) {
  return n > 0 ? fixed(static_cast<double>(sum) / static_cast<double>(n) / 60.0, 1) : "—";
}
std::string pct(std::optional<double> v) { return v ? fixed(*v * 100.0, 1) + "%" : "—"; }
std::string num(std::int64_t v) {
  std::string s = std::to_string(v), out;
  const int n = static_cast<int>(s.size());
  for (int i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += ',';
    out += s[static_cast<std::size_t>(i)];
  }
  return out;
}
std::string hm(std::int64_t t, domain::UtcOffset off) {
  if (t == 0) return "—";
  const auto s = domain::local_seconds_of_day(t, off);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", s / 3600, s / 60 % 60);
  return buf;
}
std::string when(std::int64_t t, domain::UtcOffset off, bool with_date) {
  if (t == 0) return "—";
  const auto d = domain::local_date(t, off);
  return with_date ? std::to_string(d.month) + "-" + std::to_string(d.day) + " " + hm(t, off) : hm(t, off);
}

const char* title_of(Kind k) {
  switch (k) {
    case Kind::daily: return "政务服务日统计报表";
    case Kind::monthly: return "政务服务月度分析报告";
    case Kind::quarterly: return "政务服务季度通报";
    case Kind::half_yearly: return "政务服务半年执行情况通报";
    case Kind::annual: return "政务服务年度考评报告";
  }
  return "";
}

const char* alert_name(const std::string& k) {
  if (k == "cover_needed") return "需顶岗";
  if (k == "window_empty") return "窗口空岗";
  if (k == "off_post_overdue") return "离岗超时";
  if (k == "unreported_absence") return "未报备离岗";
  if (k == "late_sign_in") return "迟到";
  if (k == "early_sign_out") return "早退";
  if (k == "wait_too_long") return "等候过长";
  if (k == "time_limit_warning") return "时限预警";
  if (k == "unsatisfied_rating") return "不满意评价";
  if (k == "planned_cover") return "计划顶岗";
  if (k == "case_time_limit") return "办件时限预警";
  if (k == "case_overdue") return "办件超期";
  if (k == "notice_overdue") return "告知书超期未送达";
  return nullptr;
}
std::string alert_label(const std::string& k) {
  const char* n = alert_name(k);
  return n ? std::string(n) : k;
}

std::string grade_name(const std::string& g) {
  if (g == "excellent") return "优秀";
  if (g == "good") return "良好";
  if (g == "pass") return "合格";
  if (g == "poor") return "较差";
  return g;
}

// R-SCR-2 catalog kinds in the words of the measures.
const char* violation_name(const std::string& k) {
  static const std::map<std::string, const char*> names{{"schedule", "违反作息纪律"},
                                                        {"off_post_inspection", "擅自离岗（巡查）"},
                                                        {"desk_messy", "桌面不整洁"},
                                                        {"dress_signs", "着装/标识不规范"},
                                                        {"phone_unanswered", "电话无人接听"},
                                                        {"idle_behaviour", "玩手机/聊天"},
                                                        {"idle_behaviour_inspection", "玩手机/聊天（巡查）"},
                                                        {"missed_meeting", "缺席集中学习"},
                                                        {"complaint_verified", "投诉属实"},
                                                        {"criticized_publicly", "被通报批评"},
                                                        {"refusing_management", "不服从管理"},
                                                        {"items_not_moved_in", "事项未进驻"},
                                                        {"window_empty", "窗口空岗"},
                                                        {"ab_violation", "AB岗制度落实不到位"},
                                                        {"case_overdue", "超过时限未办结"}};
  const auto it = names.find(k);
  return it == names.end() ? nullptr : it->second;
}

const char* status_name(ViolationStatus s) {
  switch (s) {
    case ViolationStatus::confirmed: return "已确认";
    case ViolationStatus::proposed: return "待确认";
    case ViolationStatus::dismissed: return "已撤销";
  }
  return "";
}

// [SECTION] charts (inline SVG)

/// Vertical bars for one or two series with a light grid, value labels on the first series.
std::string bar_chart(const std::vector<std::string>& labels, const std::vector<std::int64_t>& a,
                      const std::vector<std::int64_t>* b, const std::string& a_name, const std::string& b_name) {
  const double W = 680, H = 230, left = 44, right = 10, top = 24, bottom = 34;
  const std::size_t n = labels.size();
  std::int64_t max = 1;
  for (auto v : a) max = std::max(max, v);
  if (b)
    for (auto v : *b) max = std::max(max, v);
  // A round scale: 1, 2 or 5 × 10^k per grid step, four or five steps.
  const double raw = static_cast<double>(max) / 4.0;
  const double mag = std::pow(10.0, std::floor(std::log10(std::max(raw, 1.0))));
  double step = mag;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * mag >= raw) {
      step = m * mag;
      break;
    }
  const double top_value = std::ceil(static_cast<double>(max) / step) * step;
  const double plot_w = W - left - right, plot_h = H - top - bottom;
  std::string s = "<svg class=\"chart\" viewBox=\"0 0 " + fixed(W, 0) + " " + fixed(H, 0) +
                  "\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\">";
  for (double v = 0; v <= top_value + 1e-9; v += step) {
    const double y = top + plot_h - v / top_value * plot_h;
    s += "<line x1=\"" + fixed(left, 1) + "\" y1=\"" + fixed(y, 1) + "\" x2=\"" + fixed(W - right, 1) + "\" y2=\"" + fixed(y, 1) +
         "\" stroke=\"#d9d9d9\" stroke-width=\"0.6\"/>";
    s += "<text x=\"" + fixed(left - 5, 1) + "\" y=\"" + fixed(y + 3.5, 1) +
         "\" font-size=\"10\" text-anchor=\"end\" fill=\"#555\">" + num(static_cast<std::int64_t>(v)) + "</text>";
  }
  const double slot = n ? plot_w / static_cast<double>(n) : plot_w;
  const double bar = b ? slot * 0.36 : slot * 0.62;
  const std::size_t label_every = n > 16 ? (n + 15) / 16 : 1;
  for (std::size_t i = 0; i < n; ++i) {
    const double x0 = left + slot * static_cast<double>(i) + (slot - (b ? bar * 2 : bar)) / 2;
    const auto draw = [&](std::int64_t v, double x, const char* color, bool label) {
      const double h = static_cast<double>(v) / top_value * plot_h;
      s += "<rect x=\"" + fixed(x, 1) + "\" y=\"" + fixed(top + plot_h - h, 1) + "\" width=\"" + fixed(bar, 1) + "\" height=\"" +
           fixed(h, 1) + "\" fill=\"" + color + "\"/>";
      if (label && v > 0 && n <= 24)
        s += "<text x=\"" + fixed(x + bar / 2, 1) + "\" y=\"" + fixed(top + plot_h - h - 3, 1) +
             "\" font-size=\"9\" text-anchor=\"middle\" fill=\"#333\">" + num(v) + "</text>";
    };
    draw(a[i], x0, "#b81c22", true);
    if (b) draw((*b)[i], x0 + bar, "#6b7f99", false);
    if (i % label_every == 0)
      s += "<text x=\"" + fixed(left + slot * (static_cast<double>(i) + 0.5), 1) + "\" y=\"" + fixed(H - bottom + 14, 1) +
           "\" font-size=\"10\" text-anchor=\"middle\" fill=\"#333\">" + esc(labels[i]) + "</text>";
  }
  s += "<line x1=\"" + fixed(left, 1) + "\" y1=\"" + fixed(top + plot_h, 1) + "\" x2=\"" + fixed(W - right, 1) + "\" y2=\"" +
       fixed(top + plot_h, 1) + "\" stroke=\"#333\" stroke-width=\"0.8\"/>";
  // Legend.
  s += "<rect x=\"" + fixed(W - right - 150, 1) + "\" y=\"6\" width=\"10\" height=\"10\" fill=\"#b81c22\"/><text x=\"" +
       fixed(W - right - 136, 1) + "\" y=\"15\" font-size=\"10\" fill=\"#333\">" + esc(a_name) + "</text>";
  if (b)
    s += "<rect x=\"" + fixed(W - right - 75, 1) + "\" y=\"6\" width=\"10\" height=\"10\" fill=\"#6b7f99\"/><text x=\"" +
         fixed(W - right - 61, 1) + "\" y=\"15\" font-size=\"10\" fill=\"#333\">" + esc(b_name) + "</text>";
  s += "</svg>";
  return s;
}

/// One stacked bar of the five rating levels (R-SVC-3), best first, with a legend.
std::string rating_bar(const Tally& t) {
  const auto n = t.rated();
  const double W = 680, H = 58, bar_h = 20;
  std::string s = "<svg class=\"chart\" viewBox=\"0 0 680 58\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\">";
  const char* names[] = {"非常不满意", "不满意", "基本满意", "满意", "非常满意"};
  const char* colors[] = {"#7a1016", "#d9534f", "#e0b252", "#7fa36b", "#2f6b3a"};
  if (n == 0) {
    s += "<rect x=\"0\" y=\"4\" width=\"680\" height=\"20\" fill=\"#eee\"/><text x=\"340\" y=\"18\" font-size=\"11\" "
         "text-anchor=\"middle\" fill=\"#777\">本期无评价</text>";
  } else {
    double x = 0;
    for (int lv = 4; lv >= 0; --lv) {
      const double w = static_cast<double>(t.ratings[static_cast<std::size_t>(lv)]) / static_cast<double>(n) * W;
      if (w <= 0) continue;
      s += "<rect x=\"" + fixed(x, 1) + "\" y=\"4\" width=\"" + fixed(w, 1) + "\" height=\"" + fixed(bar_h, 0) + "\" fill=\"" +
           colors[lv] + "\"/>";
      if (w > 34)
        s += "<text x=\"" + fixed(x + w / 2, 1) + "\" y=\"18\" font-size=\"10\" text-anchor=\"middle\" fill=\"#fff\">" +
             num(t.ratings[static_cast<std::size_t>(lv)]) + "</text>";
      x += w;
    }
  }
  double lx = 0;
  for (int lv = 4; lv >= 0; --lv) {
    s += "<rect x=\"" + fixed(lx, 1) + "\" y=\"38\" width=\"10\" height=\"10\" fill=\"" + colors[lv] + "\"/><text x=\"" +
         fixed(lx + 14, 1) + "\" y=\"47\" font-size=\"10\" fill=\"#333\">" + names[lv] + "</text>";
    lx += 96;
  }
  s += "</svg>";
  (void)H;
  return s;
}

// [SECTION] tables

std::string figures_table(const std::vector<Row>& rows, const char* first, bool show_dept, bool show_empty, bool show_points) {
  if (rows.empty()) return "<p>本期无记录。</p>";
  std::string h = "<table class=\"fig\"><thead><tr><th class=\"l first\">";
  h += first;
  h += "</th>";
  if (show_dept) h += "<th class=\"l\">部门</th>";
  h += "<th>取号</th><th>办结</th><th>材料不全</th><th>过号</th><th>平均等候<br>(分)</th><th>等候P50/P90<br>(分)</th>"
       "<th>平均办理<br>(分)</th><th>办理P50/P90<br>(分)</th><th>评价</th><th>满意率</th><th>预警</th>";
  if (show_empty) h += "<th>空岗<br>(分)</th>";
  if (show_points) h += "<th>违规</th><th>扣分</th>";
  h += "</tr></thead><tbody>";
  for (const auto& r : rows) {
    const auto& t = r.f.tickets;
    h += "<tr><td class=\"l\">" + esc(r.number ? std::to_string(r.number) + "号 " + r.name : r.name) + "<span class=\"id\">" +
         esc(r.id) + "</span></td>";
    if (show_dept) h += "<td class=\"l\">" + esc(r.department) + "</td>";
    h += "<td>" + num(t.issued) + "</td><td>" + num(t.finished) + "</td><td>" + num(t.incomplete) + "</td><td>" + num(t.no_show) +
         "</td><td>" + avg_mins(t.wait_sum, t.wait_n) + "</td><td>" + mins(t.wait.percentile(0.5)) + " / " +
         mins(t.wait.percentile(0.9)) + "</td><td>" + avg_mins(t.service_sum, t.service_n) + "</td><td>" +
         mins(t.service.percentile(0.5)) + " / " + mins(t.service.percentile(0.9)) + "</td><td>" + num(t.rated()) + "</td><td>" +
         pct(r.f.satisfaction) + "</td><td>" + num(r.f.alerts) + "</td>";
    if (show_empty) h += "<td>" + fixed(static_cast<double>(r.f.empty_seconds) / 60.0, 1) + "</td>";
    if (show_points)
      h += "<td>" + num(r.f.violations_confirmed) + "</td><td>" + (r.f.points > 0 ? fixed(r.f.points, 2) : std::string("0")) +
           "</td>";
    h += "</tr>";
  }
  h += "</tbody></table>";
  return h;
}

// R-CASE-1 … R-CASE-5: the case figures of rows (the hall, departments, services, receiving staff).
std::string cases_table(const std::vector<const Row*>& rows, const char* first, bool show_dept) {
  if (rows.empty()) return "<p>本期无办件。</p>";
  std::string h = "<table class=\"fig\"><thead><tr><th class=\"l first\">";
  h += first;
  h += "</th>";
  if (show_dept) h += "<th class=\"l\">部门</th>";
  h += "<th>受理</th><th>按时办结</th><th>超期</th><th>延期</th><th>平均办理<br>(工作日)</th><th>准予</th><th>不予许可</th>"
       "<th>已出件</th><th>一次性告知</th><th>告知书<br>按时送达</th><th>不予受理</th></tr></thead><tbody>";
  for (const Row* r : rows) {
    const auto& k = r->f.cases;
    const auto avg = k.average_working_days();
    h += "<tr><td class=\"l\">" + esc(r->name) + "<span class=\"id\">" + esc(r->id) + "</span></td>";
    if (show_dept) h += "<td class=\"l\">" + esc(r->department) + "</td>";
    h += "<td>" + num(k.accepted) + "</td><td>" + num(k.completed_on_time) + "</td><td>" +
         (k.overdue > 0 ? "<span class=\"bad\">" + num(k.overdue) + "</span>" : std::string("0")) + "</td><td>" +
         num(k.extended) + "</td><td>" + (avg ? fixed(*avg, 1) : std::string("—")) + "</td><td>" + num(k.approved) + "</td><td>" +
         num(k.refused) + "</td><td>" + num(k.delivered) + "</td><td>" + num(k.notices) + "</td><td>" +
         num(k.notices_delivered_in_time) + "</td><td>" + num(k.rejected) + "</td></tr>";
  }
  h += "</tbody></table>";
  return h;
}

const char* css = R"(
*{box-sizing:border-box}
body{margin:0;background:#e9e9e6;color:#1a1a1a;font-family:"Noto Serif CJK SC","Source Han Serif SC","SimSun","Songti SC","Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",serif;font-size:10.5pt;line-height:1.55}
.page{width:210mm;min-height:297mm;margin:12px auto;background:#fff;padding:16mm 15mm 18mm;box-shadow:0 1px 6px rgba(0,0,0,.25)}
.masthead{text-align:center;color:#b81c22;font-size:25pt;font-weight:bold;letter-spacing:3px;margin:0 0 4px}
.docno{display:flex;justify-content:space-between;font-size:9.5pt;color:#333;margin-top:8px}
.rule{border:0;border-top:2.5px solid #b81c22;margin:6px 0 2px}
.rule2{border:0;border-top:0.8px solid #b81c22;margin:0 0 16px}
h1{text-align:center;font-size:17pt;margin:10px 0 2px;letter-spacing:1px}
.sub{text-align:center;color:#444;margin:0 0 14px;font-size:10pt}
h2{font-size:12.5pt;margin:18px 0 8px;padding-left:8px;border-left:4px solid #b81c22;break-after:avoid;page-break-after:avoid}
.cards{display:grid;grid-template-columns:repeat(4,1fr);gap:6px;margin:4px 0 6px}
.card{border:1px solid #d8c9c9;background:#fbf8f7;padding:6px 8px}
.card .k{font-size:8.5pt;color:#555}
.card .v{font-size:15pt;font-weight:bold;color:#1a1a1a;font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif}
.card .u{font-size:8.5pt;color:#555;margin-left:2px}
.chart{width:100%;height:auto;display:block;margin:2px 0 6px;font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif}
table{width:100%;border-collapse:collapse;margin:4px 0 8px;font-size:8.6pt;font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif}
th{background:#f3eaea;border:0.6px solid #9c8f8f;padding:3px 4px;font-weight:bold;text-align:center}
td{border:0.6px solid #b5aaaa;padding:2.5px 4px;text-align:right;white-space:nowrap}
td.l,th.l{text-align:left;white-space:normal}
th.first{width:24%}
tbody tr:nth-child(even){background:#faf7f7}
thead{display:table-header-group}
tr{break-inside:avoid;page-break-inside:avoid}
.id{color:#888;font-size:7.5pt;margin-left:4px}
.note{font-size:8.8pt;color:#444}
.note li{margin:2px 0}
.ok{color:#2f6b3a;font-weight:bold}.bad{color:#b81c22;font-weight:bold}
.dismissed td{color:#888;text-decoration:line-through}
.foot{margin-top:18px;border-top:0.8px solid #b81c22;padding-top:6px;font-size:8.5pt;color:#555;display:flex;justify-content:space-between}
.seal{margin-top:22px;text-align:right;font-size:10.5pt}
@page{size:A4;margin:14mm 12mm 14mm}
@media print{body{background:#fff}.page{width:auto;min-height:0;margin:0;padding:0;box-shadow:none}h2{break-after:avoid}}
)";

std::string card(const std::string& k, const std::string& v, const std::string& unit) {
  return "<div class=\"card\"><div class=\"k\">" + esc(k) + "</div><div class=\"v\">" + v + "<span class=\"u\">" + esc(unit) +
         "</span></div></div>";
}

const char* chinese_number(int i) {
  static const char* n[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"};
  return n[std::min(i, 11)];
}

}  // namespace

std::string render_html(const Report& r) {
  const auto off = r.offset;
  const auto& t = r.hall.f.tickets;
  const auto name_of = [&](const std::string& id) -> std::string {
    if (id.empty()) return "—";
    const auto it = r.names.find(id);
    return it == r.names.end() ? id : it->second;
  };
  int section = 0;
  const auto h2 = [&](const std::string& title) {
    return "<h2>" + std::string(chinese_number(section++)) + "、" + esc(title) + "</h2>";
  };
  std::string h = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" + esc(r.hall_name) + " " +
                  esc(r.period.label) + " " + title_of(r.period.kind) + "</title><style>" + css +
                  "</style></head><body><div class=\"page\">";
  h += "<div class=\"masthead\">" + esc(r.hall_name) + "</div>";
  h += "<div class=\"docno\"><span>统计期间：" + esc(r.period.from) +
       (r.period.to != r.period.from ? " 至 " + esc(r.period.to) : "") + "</span><span>数据来源：事件日志 #" +
       std::to_string(r.first_seq) + "–#" + std::to_string(r.last_seq) + "</span></div>";
  h += "<hr class=\"rule\"><hr class=\"rule2\">";
  h += "<h1>" + esc(r.period.label) + title_of(r.period.kind) + "</h1>";
  h += "<p class=\"sub\">考核规则：" + esc(r.profile) + "　生成时间：" + esc(r.generated_at) + "</p>";

  // [SECTION] overview
  h += h2("总体情况");
  h += "<div class=\"cards\">";
  h += card("取号", num(t.issued), "件");
  h += card("办结", num(t.finished), "件");
  h += card("过号", num(t.no_show), "件");
  h += card("材料不全（一次性告知）", num(t.incomplete), "件");
  h += card("平均等候", avg_mins(t.wait_sum, t.wait_n), "分钟");
  h += card("等候 P50 / P90", mins(t.wait.percentile(0.5)) + " / " + mins(t.wait.percentile(0.9)), "分钟");
  h += card("平均办理", avg_mins(t.service_sum, t.service_n), "分钟");
  h += card("满意率", pct(r.hall.f.satisfaction), "（" + num(t.rated()) + " 条评价）");
  h += card("预警", num(r.hall.f.alerts), "次");
  h += card("窗口空岗", fixed(static_cast<double>(r.hall.f.empty_seconds) / 60.0, 1), "分钟");
  h += card("确认违规", num(r.hall.f.violations_confirmed), "起");
  h += card("扣分合计", fixed(r.hall.f.points, 2), "分");
  h += "</div>";
  std::string summary = "本期全厅共取号 " + num(t.issued) + " 件，办结 " + num(t.finished) + " 件";
  if (t.issued > 0)
    summary += "（办结率 " + fixed(static_cast<double>(t.finished) / static_cast<double>(t.issued) * 100.0, 1) + "%）";
  summary += "，过号 " + num(t.no_show) + " 件；";
  summary += "群众平均等候 " + avg_mins(t.wait_sum, t.wait_n) + " 分钟，评价满意率 " + pct(r.hall.f.satisfaction) + "；";
  summary += "发生预警 " + num(r.hall.f.alerts) + " 次，窗口空岗累计 " +
             fixed(static_cast<double>(r.hall.f.empty_seconds) / 60.0, 1) + " 分钟，确认违规 " +
             num(r.hall.f.violations_confirmed) + " 起、扣 " + fixed(r.hall.f.points, 2) + " 分。";
  h += "<p>" + summary + "</p>";

  // [SECTION] trend and ratings
  {
    std::vector<std::string> labels;
    std::vector<std::int64_t> issued, finished;
    for (const auto& p : r.trend) {
      labels.push_back(p.label);
      issued.push_back(p.issued);
      finished.push_back(p.finished);
    }
    const char* unit = r.trend_unit == "hour" ? "分时段取号量" : r.trend_unit == "day" ? "每日业务量" : "每月业务量";
    h += h2(unit);
    h += r.trend_unit == "hour" ? bar_chart(labels, issued, nullptr, "取号", "")
                                : bar_chart(labels, issued, &finished, "取号", "办结");
    h += "<h2 style=\"border:0;padding:0;font-size:11pt\">评价构成（一事一评）</h2>" + rating_bar(t);
  }

  // [SECTION] windows
  h += h2("窗口情况");
  {
    std::vector<std::string> labels;
    std::vector<std::int64_t> issued, finished;
    for (const auto& w : r.windows) {
      labels.push_back(w.number ? std::to_string(w.number) : w.id);
      issued.push_back(w.f.tickets.issued);
      finished.push_back(w.f.tickets.no_show);
    }
    if (!r.windows.empty()) h += bar_chart(labels, issued, &finished, "办件", "过号");
  }
  h += figures_table(r.windows, "窗口", false, true, false);

  h += h2("工作人员情况");
  h += figures_table(r.staff, "工作人员", true, false, true);
  h += h2("进驻部门情况");
  h += figures_table(r.departments, "部门", false, true, true);
  h += h2("服务事项情况");
  h += figures_table(r.services, "事项", true, false, false);

  // [SECTION] cases (办件, R-CASE-1 … R-CASE-5)
  if (r.has_cases) {
    const auto& k = r.hall.f.cases;
    h += h2("办件情况");
    h += "<div class=\"cards\">";
    h += card("受理", num(k.accepted), "件");
    h += card("按时办结", num(k.completed_on_time), "件");
    h += card("超期", num(k.overdue), "件");
    h += card("平均办理", k.average_working_days() ? fixed(*k.average_working_days(), 1) : "—", "个工作日");
    h += card("延期", num(k.extended), "件");
    h += card("已出件", num(k.delivered), "件");
    h += card("一次性告知", num(k.notices), "件（按时送达 " + num(k.notices_delivered_in_time) + "）");
    h += card("不予受理", num(k.rejected), "件");
    h += "</div>";
    std::string said = "本期受理办件 " + num(k.accepted) + " 件，办结 " + num(k.decided()) + " 件（准予 " + num(k.approved) +
                       " 件、不予许可 " + num(k.refused) + " 件），其中按时办结 " + num(k.completed_on_time) + " 件";
    if (k.decided() > 0)
      said += "（按时办结率 " + fixed(static_cast<double>(k.completed_on_time) / static_cast<double>(k.decided()) * 100.0, 1) +
              "%）";
    said += "；超期 " + num(k.overdue) + " 件，延期 " + num(k.extended) + " 件，统一出件 " + num(k.delivered) +
            " 件；出具一次性告知 " + num(k.notices) + " 件，不予受理 " + num(k.rejected) + " 件。";
    h += "<p>" + said + "</p>";
    const auto service_name = [&r](const std::string& id) {
      for (const auto& x : r.services)
        if (x.id == id) return x.name;
      return id;
    };
    std::vector<const Row*> deps, svcs, people;
    for (const auto& x : r.departments) deps.push_back(&x);
    for (const auto& x : r.services)
      if (x.f.cases.any()) svcs.push_back(&x);
    for (const auto& x : r.staff)
      if (x.f.cases.any()) people.push_back(&x);
    h += "<h2 style=\"border:0;padding:0;font-size:11pt\">按部门</h2>" + cases_table(deps, "部门", false);
    h += "<h2 style=\"border:0;padding:0;font-size:11pt\">按事项</h2>" + cases_table(svcs, "事项", true);
    h += "<h2 style=\"border:0;padding:0;font-size:11pt\">按受理人</h2>" + cases_table(people, "受理人", true);
    if (!r.overdue_cases.empty()) {
      h += "<h2 style=\"border:0;padding:0;font-size:11pt\">超期办件</h2>";
      h +=
          "<table><thead><tr><th class=\"l\">办件</th><th class=\"l\">事项</th><th class=\"l\">部门</th><th class=\"l\">受理人</th>"
          "<th>受理</th><th>承诺期限</th><th>工作日</th><th class=\"l\">办理结果</th><th class=\"l\">依据事件</th></tr></thead><tbody>";
      std::size_t shown = 0;
      for (const auto& c : r.overdue_cases) {
        if (++shown > 100) break;
        std::string trail = "#" + std::to_string(c.opened_seq);
        if (c.overdue_seq) trail += " #" + std::to_string(c.overdue_seq);
        if (c.decided_seq) trail += " #" + std::to_string(c.decided_seq);
        const std::string result = c.decision == "approved"  ? "准予（逾期）"
                                   : c.decision == "refused" ? "不予许可（逾期）"
                                                             : "未办结";
        h += "<tr><td class=\"l\">" + esc(c.number) + "<span class=\"id\">" + esc(c.id) + "</span></td><td class=\"l\">" +
             esc(service_name(c.service)) + "</td><td class=\"l\">" + esc(name_of(c.department)) + "</td><td class=\"l\">" +
             esc(name_of(c.staff)) + "</td><td>" + when(c.opened_at, off, true) + "</td><td>" +
             (c.due ? when(c.due - 1, off, true) : std::string("—")) + "</td><td>" + std::to_string(c.days) +
             "</td><td class=\"l\">" + result + "</td><td class=\"l\">" + trail + "</td></tr>";
      }
      h += "</tbody></table>";
      if (r.overdue_cases.size() > 100)
        h += "<p class=\"note\">另有 " + num(static_cast<std::int64_t>(r.overdue_cases.size() - 100)) +
             " 件超期办件，见 JSON/CSV 报表。</p>";
    }
  }

  // [SECTION] alerts and empty windows
  h += h2("预警与空岗");
  if (r.alert_kinds.empty()) {
    h += "<p>本期无预警。</p>";
  } else {
    h += "<table><thead><tr><th class=\"l\">预警类型</th><th>次数</th><th>最高级别</th></tr></thead><tbody>";
    for (const auto& k : r.alert_kinds)
      h += "<tr><td class=\"l\">" + esc(alert_label(k.kind)) + "<span class=\"id\">" + esc(k.kind) + "</span></td><td>" +
           num(k.count) + "</td><td>" + std::to_string(k.max_level) + "</td></tr>";
    h += "</tbody></table>";
  }
  const bool multi_day = r.period.from != r.period.to;
  if (!r.empty.empty()) {
    h +=
        "<table><thead><tr><th class=\"l\">窗口</th><th>开始</th><th>结束</th><th>空岗(分)</th><th>级别</th><th class=\"l\">预警</th><th class=\"l\">事件序号</th></tr></thead><tbody>";
    std::size_t shown = 0;
    for (const auto& e : r.empty) {
      if (++shown > 60) break;
      h += "<tr><td class=\"l\">" + esc(name_of(e.window)) + "</td><td>" + when(e.from, off, multi_day) + "</td><td>" +
           (e.to ? when(e.to, off, multi_day) : std::string("未结束")) + "</td><td>" +
           fixed(static_cast<double>(e.seconds) / 60.0, 1) + "</td><td>" + std::to_string(e.level) + "</td><td class=\"l\">" +
           esc(e.alert) + "</td><td class=\"l\">#" + std::to_string(e.raised_seq) +
           (e.resolved_seq ? " #" + std::to_string(e.resolved_seq) : "") + "</td></tr>";
    }
    h += "</tbody></table>";
    if (r.empty.size() > 60)
      h += "<p class=\"note\">另有 " + num(static_cast<std::int64_t>(r.empty.size() - 60)) + " 次空岗，见 JSON/CSV 报表。</p>";
  }

  // [SECTION] violations (R-SCR-2, R-SCR-8)
  h += h2("违规与扣分");
  if (r.violations.empty()) {
    h += "<p>本期无违规记录。</p>";
  } else {
    h +=
        "<table><thead><tr><th class=\"l\">编号</th><th class=\"l\">时间</th><th class=\"l\">类型</th><th class=\"l\">规则</th>"
        "<th class=\"l\">人员</th><th class=\"l\">部门</th><th>扣分</th><th class=\"l\">状态</th><th class=\"l\">依据事件</th></tr></thead><tbody>";
    std::size_t shown = 0;
    for (const auto& v : r.violations) {
      if (++shown > 200) break;
      std::string trail;
      for (auto s : v.events) trail += "#" + std::to_string(s) + " ";
      trail += "#" + std::to_string(v.proposed_seq);
      if (v.decided_seq) trail += " #" + std::to_string(v.decided_seq);
      h += std::string("<tr") + (v.status == ViolationStatus::dismissed ? " class=\"dismissed\"" : "") + "><td class=\"l\">" +
           esc(v.violation) + "</td><td class=\"l\">" + when(v.at, off, multi_day) + "</td><td class=\"l\">" +
           esc(violation_name(v.kind) ? violation_name(v.kind) : v.kind) + "</td><td class=\"l\">" + esc(v.rule) +
           "</td><td class=\"l\">" + esc(name_of(v.staff)) + "</td><td class=\"l\">" + esc(name_of(v.department)) + "</td><td>" +
           fixed(v.points, 2) + "</td><td class=\"l\">" + status_name(v.status) + "</td><td class=\"l\">" + trail + "</td></tr>";
    }
    h += "</tbody></table>";
    if (r.violations.size() > 200)
      h += "<p class=\"note\">另有 " + num(static_cast<std::int64_t>(r.violations.size() - 200)) +
           " 条记录，见 JSON/CSV 报表。</p>";
  }

  // [SECTION] scores (R-SCR-1, R-SCR-3, R-SCR-4, R-SCR-7)
  if (r.has_scores) {
    h += h2(r.period.kind == Kind::annual        ? "年度考评积分"
            : r.period.kind == Kind::half_yearly ? "本半年扣分通报"
                                                 : "本季度扣分通报");
    h +=
        "<table><thead><tr><th class=\"l\">部门</th><th>年初积分</th><th>扣分</th><th>剩余积分</th><th>可评先进</th><th>中心考核折算分（" +
        std::to_string(r.center_weight_percent) + "%）</th><th class=\"l\">扣分依据</th></tr></thead><tbody>";
    for (const auto& d : r.department_scores) {
      std::string ids;
      for (const auto& v : d.violations) ids += (ids.empty() ? "" : " ") + v;
      h += "<tr><td class=\"l\">" + esc(d.name) + "<span class=\"id\">" + esc(d.id) + "</span></td><td>" +
           fixed(d.points_start, 2) + "</td><td>" + fixed(d.deducted, 2) + "</td><td>" + fixed(d.points_left, 2) + "</td><td>" +
           (d.advanced_eligible ? "<span class=\"ok\">是</span>" : "<span class=\"bad\">否</span>") + "</td><td>" +
           fixed(d.center_score, 2) + "</td><td class=\"l\">" + esc(ids.empty() ? "—" : ids) + "</td></tr>";
    }
    h += "</tbody></table>";
    const bool graded = std::any_of(r.staff_scores.begin(), r.staff_scores.end(), [](const StaffScore& x) { return x.graded; });
    h +=
        "<table><thead><tr><th class=\"l\">工作人员</th><th class=\"l\">部门</th><th>通报次数</th><th>核实投诉</th><th>可评优秀</th>";
    if (graded) h += "<th>季度等次</th><th>退回建议</th>";
    h += "<th class=\"l\">违规编号</th></tr></thead><tbody>";
    for (const auto& s : r.staff_scores) {
      std::string ids;
      for (const auto& v : s.violations) ids += (ids.empty() ? "" : " ") + v;
      h += "<tr><td class=\"l\">" + esc(s.name) + "<span class=\"id\">" + esc(s.id) + "</span></td><td class=\"l\">" +
           esc(s.department) + "</td><td>" + num(s.bulletins) + "</td><td>" + num(s.verified_complaints) + "</td><td>" +
           (s.excellent_eligible ? "<span class=\"ok\">是</span>" : "<span class=\"bad\">否</span>") + "</td>";
      if (graded) {
        std::string qs;
        for (const auto& q : s.quarters)
          qs += (qs.empty() ? "" : " ") + std::string("Q") + std::to_string(q.q) + " " + grade_name(q.grade);
        h += "<td>" + esc(qs.empty() ? "—" : qs) + "</td><td>" +
             (s.return_flag ? "<span class=\"bad\">是</span>" : std::string("否")) + "</td>";
      }
      h += "<td class=\"l\">" + esc(ids.empty() ? "—" : ids) + "</td></tr>";
    }
    h += "</tbody></table>";
  }

  // [SECTION] notes
  h += h2("说明");
  h += "<ul class=\"note\">";
  h +=
      "<li>等候时间自取号至首次叫号；办理时间自开始办理（未点开始的自叫号）至办结。P50/P90 为分位数，按 10 秒（2 小时以上按 1 分钟）分档统计。</li>";
  h += "<li>满意率 =（非常满意 + 满意 + 基本满意）÷ 评价数；不满意、非常不满意计为差评。</li>";
  h += "<li>办件计入办结（或过号）时的窗口和工作人员；部门业务量按事项所属部门汇总。</li>";
  h +=
      "<li>空岗时长为“窗口空岗”预警从发出到解除的时间（R-EMP-1）；扣分只计已确认的违规，已撤销的违规不扣分（R-SCR-2）。每项数字均可按所列事件序号在事件日志中查证（R-SCR-8）。</li>";
  if (r.has_cases)
    h += "<li>办件按工作日计时限（R-SVC-1）：受理数计入受理当日，办结、按时办结与平均办理工作日计入办结（准予或不予许可）当日，"
         "超期计入超过承诺期限仍未办结的当日（或逾期办结当日），延期、出件计入各自当日；一件办件只计一次超期（R-CASE-5）。</li>";
  if (r.has_scores)
    h += "<li>部门年初积分 " + fixed(r.annual_points, 2) + " 分，扣完为止（R-SCR-1）；扣分超过 " +
         fixed(r.advanced_max_deducted, 2) + " 分的部门不推荐评先进（R-SCR-4）；通报超过 " +
         std::to_string(r.excellent_max_bulletins) + " 次或核实投诉超过 " + std::to_string(r.excellent_max_complaints) +
         " 次的人员不得评优秀（R-SCR-3）。</li>";
  for (const auto& n : r.notes) h += "<li>" + esc(n) + "</li>";
  h += "</ul>";
  h += "<div class=\"seal\">" + esc(r.hall_name) + "<br>" + esc(r.generated_at.substr(0, 10)) + "</div>";
  h += "<div class=\"foot\"><span>" + esc(r.hall_name) + " · " + title_of(r.period.kind) +
       "</span><span>hallq 自动生成</span></div>";
  h += "</div></body></html>\n";
  return h;
}

}  // namespace hallq::report
