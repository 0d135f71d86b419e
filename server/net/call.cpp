// The request context: answers, field checks, and commands through the hall.
#include "call.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>

namespace hallq::server {

namespace http = boost::beast::http;
namespace json = boost::json;

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

const std::string& Call::param(std::string_view name) const {
  static const std::string none;
  const auto it = params.find(name);
  return it == params.end() ? none : it->second;
}

std::string Call::q(const std::string& key) const {
  const auto it = query.find(key);
  return it == query.end() ? std::string() : it->second;
}

void Call::reply(unsigned status, const json::value& v) {
  if (done) return;
  done = true;
  send(json_response(status, json::serialize(v), req.version(), req.keep_alive()));
}

void Call::reply_raw(unsigned status, std::string body_text, const char* content_type) {
  if (done) return;
  done = true;
  Response res{static_cast<http::status>(status), req.version()};
  res.set(http::field::content_type, content_type);
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body_text);
  res.prepare_payload();
  send(std::move(res));
}

void Call::reply_when_durable(Hall& hall, std::string text) {
  done = true;
  hall.when_durable([text = std::move(text), s = send, version = req.version(), keep = req.keep_alive()](bool ok) mutable {
    if (ok) s(json_response(200, std::move(text), version, keep));
    else
      s(error_response(503, "storage_unavailable", "storage failed; try again", version, keep));
  });
}

void Call::reply_from_reader(Services& svc, std::function<Response(store::Db&)> work) {
  if (done) return;
  auto& io = svc.hall.io();
  const bool queued = svc.readers.submit([&io, s = send, work = std::move(work)](store::Db& db) {
    auto res = std::make_shared<Response>(work(db));
    boost::asio::post(io, [s, res] { s(std::move(*res)); });
  });
  done = true;
  if (queued) return;
  auto res = error_response(429, "rate_limited", "too many reports and event pages are being read; try again in a second",
                            req.version(), req.keep_alive());
  res.set(http::field::retry_after, "1");
  send(std::move(res));
}

void Call::fail(unsigned status, const std::string& code, const std::string& message) {
  if (done) return;
  done = true;
  send(error_response(status, code, message, req.version(), req.keep_alive()));
}

std::optional<std::string> Call::str(const char* key, bool required, std::size_t max_len) {
  const auto* v = body.if_contains(key);
  if (!v || v->is_null()) {
    if (required) fail(422, "invalid", std::string(key) + " is required");
    return required ? std::nullopt : std::optional<std::string>(std::string());
  }
  if (!v->is_string()) {
    fail(400, "bad_request", std::string(key) + " must be a string");
    return std::nullopt;
  }
  std::string s(v->get_string());
  if (required && s.empty()) {
    fail(422, "invalid", std::string(key) + " must not be empty");
    return std::nullopt;
  }
  if (s.size() > max_len) {
    fail(422, "invalid", std::string(key) + " is longer than " + std::to_string(max_len) + " bytes");
    return std::nullopt;
  }
  return s;
}

std::optional<std::int64_t> Call::integer(const char* key, bool required) {
  const auto* v = body.if_contains(key);
  if (!v || v->is_null()) {
    if (required) fail(422, "invalid", std::string(key) + " is required");
    return required ? std::nullopt : std::optional<std::int64_t>(0);
  }
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64() && v->get_uint64() < (1ull << 62)) return static_cast<std::int64_t>(v->get_uint64());
  fail(400, "bad_request", std::string(key) + " must be an integer");
  return std::nullopt;
}

std::optional<bool> Call::boolean(const char* key) {
  const auto* v = body.if_contains(key);
  if (!v || v->is_null()) {
    fail(422, "invalid", std::string(key) + " is required");
    return std::nullopt;
  }
  if (!v->is_bool()) {
    fail(400, "bad_request", std::string(key) + " must be true or false");
    return std::nullopt;
  }
  return v->get_bool();
}

std::optional<std::vector<std::string>> Call::str_list(const char* key) {
  std::vector<std::string> out;
  const auto* v = body.if_contains(key);
  if (!v || v->is_null()) return out;
  if (!v->is_array()) {
    fail(400, "bad_request", std::string(key) + " must be an array of strings");
    return std::nullopt;
  }
  for (const auto& x : v->get_array()) {
    if (!x.is_string() || x.get_string().empty() || x.get_string().size() > 200) {
      fail(400, "bad_request", std::string(key) + " must be an array of non-empty strings");
      return std::nullopt;
    }
    out.emplace_back(x.get_string());
  }
  if (out.size() > 50) {
    fail(422, "invalid", std::string(key) + " lists too many items");
    return std::nullopt;
  }
  return out;
}

namespace {

unsigned status_of(core::Rejected::Kind k) {
  switch (k) {
    case core::Rejected::Kind::invalid: return 422;
    case core::Rejected::Kind::not_found: return 404;
    case core::Rejected::Kind::forbidden: return 403;
    case core::Rejected::Kind::conflict: return 409;
  }
  return 409;
}

}  // namespace

void command(Services& svc, Call& c, core::CommandBody body, unsigned ok_status, Render render) {
  auto send = c.send;
  const auto version = c.req.version();
  const bool keep_alive = c.req.keep_alive();
  c.done = true;
  svc.hall.execute(
      core::Command{c.who ? c.who->id : "anonymous", std::move(body)}, std::move(render),
      [send, version, keep_alive, ok_status](const CommandOutcome& out, const std::string& rendered) {
        switch (out.status) {
          case CommandOutcome::Status::ok: return send(json_response(ok_status, rendered, version, keep_alive));
          case CommandOutcome::Status::rejected:
            return send(error_response(status_of(out.rejected.kind), core::refusal_name(out.rejected.code), out.rejected.message,
                                       version, keep_alive));
          case CommandOutcome::Status::storage_failed:
            return send(error_response(503, "storage_unavailable", "the event could not be stored; nothing changed, try again",
                                       version, keep_alive));
        }
      });
}

}  // namespace hallq::server
