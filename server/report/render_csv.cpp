// The report as CSV for Excel: UTF-8 with a BOM (so Excel reads the Chinese names), CRLF line
// ends, RFC 4180 quoting, and text cells that could start a formula neutralised.
#include <cstdio>

#include "report/report.hpp"

namespace hallq::report {

namespace {

class Csv {
 public:
  Csv() { out_ = "\xEF\xBB\xBF"; }
  Csv& text(std::string_view s) {
    sep();
    std::string v(s);
    // A cell Excel would evaluate (=, +, -, @) is shown as text instead (CSV injection).
    if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v.insert(v.begin(), '\'');
    const bool quote = v.find_first_of(",\"\r\n") != std::string::npos || (!v.empty() && (v.front() == ' ' || v.back() == ' '));
    if (!quote) {
      out_ += v;
      return *this;
    }
    out_ += '"';
    for (char c : v) {
      if (c == '"') out_ += '"';
      out_ += c;
    }
    out_ += '"';
    return *this;
  }
  Csv& num(std::int64_t v) {
    sep();
    out_ += std::to_string(v);
    return *this;
  }
  Csv& dec(double v, int places) {
    sep();
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", places, v);
    out_ += buf;
    return *this;
  }
  Csv& blank() {
    sep();
    return *this;
  }
  Csv& end() {
    out_ += "\r\n";
    first_ = true;
    return *this;
  }
  std::string str() && { return std::move(out_); }

 private:
  void sep() {
    if (!first_) out_ += ',';
    first_ = false;
  }
  std::string out_;
  bool first_ = true;
};

void minutes(Csv& c, std::optional<std::int64_t> seconds) {
  if (seconds) c.dec(static_cast<double>(*seconds) / 60.0, 1);
  else
    c.blank();
}

void avg_minutes(Csv& c, std::int64_t sum, std::int64_t n) {
  if (n > 0) c.dec(static_cast<double>(sum) / static_cast<double>(n) / 60.0, 1);
  else
    c.blank();
}

void figures_row(Csv& c, const char* section, const Row& r) {
  const auto& t = r.f.tickets;
  c.text(section).text(r.id).text(r.name).text(r.department == r.id ? std::string() : r.department);
  c.num(t.issued).num(t.finished).num(t.incomplete).num(t.no_show).num(t.cancelled).num(t.transferred).num(t.open);
  avg_minutes(c, t.wait_sum, t.wait_n);
  minutes(c, t.wait.percentile(0.5));
  minutes(c, t.wait.percentile(0.9));
  avg_minutes(c, t.service_sum, t.service_n);
  minutes(c, t.service.percentile(0.5));
  minutes(c, t.service.percentile(0.9));
  c.num(t.rated()).num(r.f.unsatisfied);
  if (const auto s = r.f.satisfaction) c.dec(*s * 100.0, 1);
  else
    c.blank();
  c.num(r.f.alerts).dec(static_cast<double>(r.f.empty_seconds) / 60.0, 1);
  c.num(r.f.violations_confirmed).num(r.f.violations_proposed).num(r.f.violations_dismissed).dec(r.f.points, 2);
  c.num(r.f.complaints).num(r.f.complaints_verified).end();
}

// R-CASE-1 … R-CASE-5: one row of case figures (the hall, a department, service or receiving staff member).
void cases_row(Csv& c, const char* section, const Row& r) {
  const auto& k = r.f.cases;
  c.text(section).text(r.id).text(r.name).text(r.department == r.id ? std::string() : r.department);
  c.num(k.accepted).num(k.completed_on_time).num(k.overdue).num(k.extended);
  if (const auto a = k.average_working_days()) c.dec(*a, 1);
  else
    c.blank();
  c.num(k.approved).num(k.refused).num(k.delivered).num(k.notices).num(k.notices_delivered_in_time).num(k.rejected).end();
}

const char* report_title(Kind k) {
  switch (k) {
    case Kind::daily: return "日统计";
    case Kind::monthly: return "月分析";
    case Kind::quarterly: return "季度通报";
    case Kind::half_yearly: return "半年通报";
    case Kind::annual: return "年度考评";
  }
  return "";
}

}  // namespace

std::string render_csv(const Report& r) {
  Csv c;
  c.text(r.hall_name + " " + report_title(r.period.kind))
      .text(r.period.label)
      .text(r.period.from)
      .text(r.period.to)
      .text("生成时间 " + r.generated_at)
      .text("事件序号 " + std::to_string(r.first_seq) + "–" + std::to_string(r.last_seq))
      .end();
  c.end();
  for (const char* h : {"类别",         "编号",        "名称",        "所属部门", "取号",         "办结",        "材料不全",
                        "过号",         "作废",        "转办",        "未办结",   "平均等候(分)", "等候P50(分)", "等候P90(分)",
                        "平均办理(分)", "办理P50(分)", "办理P90(分)", "评价数",   "差评数",       "满意率(%)",   "预警",
                        "空岗(分)",     "确认违规",    "待定违规",    "撤销违规", "扣分",         "投诉",        "核实投诉"})
    c.text(h);
  c.end();
  figures_row(c, "全厅", r.hall);
  for (const auto& x : r.windows) figures_row(c, "窗口", x);
  for (const auto& x : r.staff) figures_row(c, "人员", x);
  for (const auto& x : r.departments) figures_row(c, "部门", x);
  for (const auto& x : r.services) figures_row(c, "事项", x);

  if (r.has_cases) {  // 办件: each figure on the day of its own event (accepted, decided, overdue, delivered)
    c.end().text("办件情况").end();
    for (const char* h : {"办件类别", "编号", "名称", "所属部门", "受理", "按时办结", "超期", "延期", "平均办理(工作日)", "准予",
                          "不予许可", "已出件", "一次性告知", "告知书按时送达", "不予受理"})
      c.text(h);
    c.end();
    cases_row(c, "全厅", r.hall);
    for (const auto& x : r.departments) cases_row(c, "部门", x);
    for (const auto& x : r.services)
      if (x.f.cases.any()) cases_row(c, "事项", x);
    for (const auto& x : r.staff)
      if (x.f.cases.any()) cases_row(c, "受理人", x);
    if (!r.overdue_cases.empty()) {
      c.end().text("超期办件").end();
      for (const char* h :
           {"办件编号", "号码", "事项", "部门", "受理人", "受理时间", "承诺期限", "工作日", "办理结果", "办结时间"})
        c.text(h);
      c.end();
      for (const auto& k : r.overdue_cases)
        c.text(k.id)
            .text(k.number)
            .text(k.service)
            .text(k.department)
            .text(k.staff)
            .text(k.opened_at ? domain::format_time(k.opened_at, r.offset) : "")
            .text(k.due ? domain::format_time(k.due, r.offset) : "")
            .num(k.days)
            .text(k.decision)
            .text(k.decided_at ? domain::format_time(k.decided_at, r.offset) : "")
            .end();
    }
  }

  c.end().text("违规记录").end();
  for (const char* h : {"编号", "类型", "规则", "状态", "来源", "扣分", "人员", "部门", "时间", "关联事件序号", "说明"})
    c.text(h);
  c.end();
  for (const auto& v : r.violations) {
    std::string trail;
    for (auto s : v.events) trail += std::to_string(s) + " ";
    trail += std::to_string(v.proposed_seq);
    if (v.decided_seq) trail += " " + std::to_string(v.decided_seq);
    c.text(v.violation)
        .text(v.kind)
        .text(v.rule)
        .text(to_string(v.status))
        .text(v.source)
        .dec(v.points, 2)
        .text(v.staff)
        .text(v.department)
        .text(v.at ? domain::format_time(v.at, r.offset) : "")
        .text(trail)
        .text(v.note)
        .end();
  }

  c.end().text("空岗记录").end();
  for (const char* h : {"窗口", "开始", "结束", "分钟", "预警", "关联事件序号"}) c.text(h);
  c.end();
  for (const auto& e : r.empty) {
    c.text(e.window)
        .text(domain::format_time(e.from, r.offset))
        .text(e.to ? domain::format_time(e.to, r.offset) : "")
        .dec(static_cast<double>(e.seconds) / 60.0, 1)
        .text(e.alert)
        .text(std::to_string(e.raised_seq) + (e.resolved_seq ? " " + std::to_string(e.resolved_seq) : ""))
        .end();
  }

  if (r.has_scores) {
    c.end().text("部门积分").end();
    for (const char* h : {"部门", "名称", "年初积分", "扣分", "剩余积分", "可评先进", "中心考核折算分", "扣分依据"}) c.text(h);
    c.end();
    for (const auto& d : r.department_scores) {
      std::string ids;
      for (const auto& v : d.violations) ids += (ids.empty() ? "" : " ") + v;
      c.text(d.id)
          .text(d.name)
          .dec(d.points_start, 2)
          .dec(d.deducted, 2)
          .dec(d.points_left, 2)
          .text(d.advanced_eligible ? "是" : "否")
          .dec(d.center_score, 2)
          .text(ids)
          .end();
    }
    c.end().text("人员评优条件").end();
    for (const char* h : {"人员", "姓名", "部门", "通报次数", "核实投诉", "可评优秀", "违规编号", "季度等次", "退回建议"})
      c.text(h);
    c.end();
    for (const auto& s : r.staff_scores) {
      std::string ids, grades;
      for (const auto& v : s.violations) ids += (ids.empty() ? "" : " ") + v;
      for (const auto& q : s.quarters)
        grades += (grades.empty() ? "" : " ") + std::string("Q") + std::to_string(q.q) + ":" + q.grade;
      c.text(s.id)
          .text(s.name)
          .text(s.department)
          .num(s.bulletins)
          .num(s.verified_complaints)
          .text(s.excellent_eligible ? "是" : "否")
          .text(ids)
          .text(grades)
          .text(s.graded ? (s.return_flag ? "是" : "否") : "")
          .end();
    }
  }
  return std::move(c).str();
}

}  // namespace hallq::report
