#include "support/live_hall.hpp"

#include <boost/json.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace hallq::test {

namespace json = boost::json;

json::value read_json_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

void write_json_file(const std::string& path, const json::value& v) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << json::serialize(v) << "\n";
  if (!out) throw std::runtime_error("cannot write " + path);
}

json::object without(json::object o, std::initializer_list<const char*> keys) {
  for (const char* k : keys) o.erase(k);
  return o;
}

LiveHall::LiveHall(std::vector<std::string> extra, std::string config)
    : server_(config), http_(0), config_(read_json_file(config)) {
  server_.start(std::move(extra));
  http_ = HttpClient(server_.port());
}

int LiveHall::restart() {
  const int code = server_.restart();
  http_ = HttpClient(server_.port());
  return code;
}

int LiveHall::restart(std::vector<std::string> extra) {
  const int code = server_.restart(std::move(extra));
  http_ = HttpClient(server_.port());
  return code;
}

void LiveHall::crash_and_restart() {
  server_.kill9();
  server_.restart();
  http_ = HttpClient(server_.port());
}

std::string LiveHall::pin(const std::string& staff_id) const {
  for (const auto& s : config_.at("staff").as_array())
    if (s.at("id").as_string() == staff_id) return std::string(s.at("pin").as_string());
  throw std::runtime_error("no staff " + staff_id + " in the config");
}

const std::string& LiveHall::token(const std::string& staff_id) {
  auto it = tokens_.find(staff_id);
  if (it == tokens_.end()) it = tokens_.emplace(staff_id, http_.login(staff_id, pin(staff_id))).first;
  return it->second;
}

json::object LiveHall::expect(const HttpResponse& r, unsigned status, const std::string& what) {
  if (r.status != status || !r.json || !r.json->is_object())
    throw std::runtime_error(what + ": expected " + std::to_string(status) + ", got " + r.describe());
  return r.json->as_object();
}

std::int64_t LiveHall::seq() {
  const auto o = expect(http_.get("/healthz"), 200, "GET /healthz");
  return o.at("seq").to_number<std::int64_t>();
}

json::object LiveHall::state(bool drop_now) {
  auto o = expect(http_.get("/api/state", display_token), 200, "GET /api/state");
  if (drop_now) o.erase("now");
  return o;
}

std::string LiveHall::advance(std::int64_t seconds) {
  const auto o = expect(
      http_.post_json("/api/admin/clock", json::value(json::object{{"advance_seconds", seconds}}), token("admin")), 200,
      "POST /api/admin/clock");
  return std::string(o.at("now").as_string());
}

json::object LiveHall::issue(const std::string& service, const std::string& tok, const std::string& priority) {
  json::object body{{"service", service}};
  if (!priority.empty()) body["priority"] = priority;
  const auto o = expect(http_.post_json("/api/tickets", json::value(body), tok), 201, "POST /api/tickets " + service);
  return o.at("ticket").as_object();
}

json::object LiveHall::staff_action(const std::string& s, const std::string& action, const json::object& body) {
  return expect(http_.post_json("/api/staff/" + s + "/" + action, json::value(body), token(s)), 200,
                "POST /api/staff/" + s + "/" + action);
}

json::object LiveHall::window_action(const std::string& s, const std::string& w, const std::string& action,
                                     const json::object& body) {
  return expect(http_.post_json("/api/windows/" + w + "/" + action, json::value(body), token(s)), 200,
                "POST /api/windows/" + w + "/" + action + " as " + s);
}

std::vector<json::object> LiveHall::events(std::int64_t since, int page) {
  std::vector<json::object> out;
  for (;;) {
    const std::string target = "/api/events?since=" + std::to_string(since) + "&limit=" + std::to_string(page);
    const auto o = expect(http_.get(target, token("sup1")), 200, "GET " + target);
    const auto& evs = o.at("events").as_array();
    for (const auto& e : evs) out.push_back(e.as_object());
    const auto next = o.at("next").to_number<std::int64_t>();
    if (evs.empty() || next == since) break;
    since = next;
  }
  return out;
}

}  // namespace hallq::test
