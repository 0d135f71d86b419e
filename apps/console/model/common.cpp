#include "console/model/common.hpp"

#include <cstdio>

namespace hallq::console {

std::string staff_name(const core::State& s, std::string_view staff) {
  if (const auto* st = s.cfg().find_staff(staff)) return st->name;
  return std::string(staff);
}

int window_number(const core::State& s, std::string_view window) {
  const auto* w = s.cfg().find_window(window);
  return w ? w->number : 0;
}

std::string window_label(const core::State& s, std::string_view window) {
  const auto* w = s.cfg().find_window(window);
  return w ? std::to_string(w->number) + "号窗口" : std::string(window);
}

std::string service_name(const core::State& s, std::string_view service) {
  const auto* sv = s.cfg().find_service(service);
  return sv ? sv->name : std::string(service);
}

std::string department_name(const core::State& s, std::string_view department) {
  const auto* d = s.cfg().find_department(department);
  return d ? d->name : std::string(department);
}

std::string role_label(std::string_view role) {
  if (role == "staff") return "窗口工作人员";
  if (role == "supervisor") return "中心督查";
  if (role == "department_head") return "部门负责人";
  if (role == "deputy_head") return "中心分管副主任";
  if (role == "admin") return "系统管理员";
  return std::string(role);
}

std::string deduction_label(std::string_view kind) {
  static const std::pair<const char*, const char*> names[] = {{"schedule", "违反作息纪律"},
                                                              {"off_post_inspection", "督查发现迟到离岗"},
                                                              {"desk_messy", "桌面不整洁"},
                                                              {"dress_signs", "着装或桌牌不规范"},
                                                              {"phone_unanswered", "公开电话无人接听"},
                                                              {"idle_behaviour", "玩手机、打瞌睡、闲聊"},
                                                              {"idle_behaviour_inspection", "上级督查发现闲散行为"},
                                                              {"missed_meeting", "无故缺席学习会议"},
                                                              {"complaint_verified", "争吵或投诉属实"},
                                                              {"criticized_publicly", "被上级或媒体批评"},
                                                              {"refusing_management", "不服从管理"},
                                                              {"items_not_moved_in", "事项未进驻"},
                                                              {"window_empty", "窗口空岗"},
                                                              {"ab_violation", "未落实 AB 岗"},
                                                              {"case_overdue", "办件超过时限未办结"}};
  for (const auto& [id, name] : names)
    if (kind == id) return name;
  return std::string(kind);
}

std::string clock_text(const core::State& s, Time t) {
  const auto sec = domain::local_seconds_of_day(t, s.cfg().hall.utc_offset);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", sec / 3600, sec / 60 % 60);
  return buf;
}

std::string duration_text(Time seconds) {
  if (seconds < 0) seconds = 0;
  char buf[32];
  if (seconds >= 3600)
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", static_cast<long long>(seconds / 3600),
                  static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60));
  else
    std::snprintf(buf, sizeof buf, "%02lld:%02lld", static_cast<long long>(seconds / 60), static_cast<long long>(seconds % 60));
  return buf;
}

std::string age_text(Time seconds) {
  if (seconds < 60) return "刚刚";
  const Time minutes = seconds / 60;
  if (minutes < 60) return std::to_string(minutes) + "分钟";
  return std::to_string(minutes / 60) + "小时" + (minutes % 60 ? std::to_string(minutes % 60) + "分钟" : "");
}

}  // namespace hallq::console
