// Beast HTTP/1.1 client: async operations driven by a private io_context so every step has a
// deadline (beast::tcp_stream timeouts only apply to asynchronous operations).
#include "client/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <stdexcept>

namespace hallq::client {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;

const json::value& HttpResponse::j() const {
  if (!json) throw std::runtime_error("response is not JSON: " + describe());
  return *json;
}

std::string HttpResponse::error_code() const {
  if (!json || !json->is_object()) return {};
  const auto* e = json->as_object().if_contains("error");
  if (!e || !e->is_object()) return {};
  const auto* c = e->as_object().if_contains("code");
  return c && c->is_string() ? std::string(c->as_string()) : std::string();
}

std::string HttpResponse::describe() const {
  std::string b = body.size() > 600 ? body.substr(0, 600) + "…" : body;
  return std::to_string(status) + " " + b;
}

struct HttpClient::Impl {
  asio::io_context ioc{1};
  std::string host;
  unsigned short port;
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
  std::chrono::milliseconds timeout{std::chrono::seconds(30)};
  std::size_t opened = 0;
  bool used = false;  // the current connection has carried a request already

  Impl(std::string h, unsigned short p) : host(std::move(h)), port(p) {}

  void run() {
    ioc.restart();
    ioc.run();
  }

  void drop() {
    if (stream) {
      beast::error_code ignored;
      stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
      stream->socket().close(ignored);
      stream.reset();
    }
    buffer.clear();
    used = false;
  }

  beast::error_code connect() {
    drop();
    stream.emplace(ioc);
    beast::error_code ec;
    const tcp::endpoint ep(asio::ip::make_address(host), port);
    stream->expires_after(timeout);
    stream->async_connect(ep, [&](beast::error_code e) { ec = e; });
    run();
    if (ec) {
      stream.reset();
      return ec;
    }
    ++opened;
    stream->socket().set_option(tcp::no_delay(true), ec);
    return {};
  }

  // One exchange on the current connection. `nothing_read` tells whether the failure happened
  // before any byte of an answer (a stale keep-alive connection: safe to retry).
  HttpResponse exchange(http::request<http::string_body>& req, bool& nothing_read) {
    HttpResponse out;
    beast::error_code wec, rec;
    stream->expires_after(timeout);
    http::async_write(*stream, req, [&](beast::error_code e, std::size_t) { wec = e; });
    run();
    // Even when the write failed (the server answered early, e.g. 413, and closed), read what
    // it sent.
    http::response_parser<http::string_body> parser;
    parser.body_limit(256u << 20);
    parser.header_limit(1u << 20);
    std::size_t got = 0;
    if (stream->socket().is_open()) {
      stream->expires_after(timeout);
      http::async_read(*stream, buffer, parser, [&](beast::error_code e, std::size_t n) {
        rec = e;
        got = n;
      });
      run();
    } else {
      rec = wec ? wec : asio::error::not_connected;
    }
    used = true;
    if (rec || !parser.is_done()) {
      nothing_read = got == 0 && !parser.is_header_done();
      out.status = 0;
      out.body = "transport error: " + (wec ? "write: " + wec.message() + "; " : std::string()) + "read: " + rec.message();
      drop();
      return out;
    }
    auto res = parser.release();
    out.status = res.result_int();
    out.body = std::move(res.body());
    out.content_type = std::string(res[http::field::content_type]);
    out.keep_alive = res.keep_alive();
    if (!out.body.empty()) {
      beast::error_code jec;
      auto v = json::parse(out.body, jec);
      if (!jec) out.json = std::move(v);
    }
    if (!out.keep_alive || wec) drop();
    return out;
  }

  HttpResponse request(std::string_view method, std::string_view target, std::string_view body, std::string_view token) {
    http::request<http::string_body> req;
    req.version(11);
    const auto verb = http::string_to_verb(method);
    if (verb == http::verb::unknown) req.method_string(method);
    else
      req.method(verb);
    req.target(target);
    req.set(http::field::host, host + ":" + std::to_string(port));
    req.set(http::field::user_agent, "hallq-integration-tests");
    if (!token.empty()) req.set(http::field::authorization, "Bearer " + std::string(token));
    if (!body.empty()) {
      req.set(http::field::content_type, "application/json");
      req.body() = std::string(body);
    }
    req.keep_alive(true);
    req.prepare_payload();
    for (int attempt = 0; attempt < 2; ++attempt) {
      const bool reused = stream.has_value() && used;
      if (!stream) {
        if (const auto ec = connect()) {
          HttpResponse out;
          out.body = "transport error: connect: " + ec.message();
          return out;
        }
      }
      bool nothing_read = false;
      HttpResponse out = exchange(req, nothing_read);
      if (out.status != 0 || !(reused && nothing_read)) return out;
      // The server had closed the idle connection: retry once on a fresh one.
    }
    HttpResponse out;
    out.body = "transport error: connection closed twice";
    return out;
  }
};

HttpClient::HttpClient(unsigned short port, std::string host) : impl_(std::make_unique<Impl>(std::move(host), port)) {}
HttpClient::~HttpClient() = default;
HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;

HttpResponse HttpClient::request(std::string_view method, std::string_view target, std::string_view body,
                                 std::string_view token) {
  return impl_->request(method, target, body, token);
}

HttpResponse HttpClient::post_json(std::string_view target, const json::value& body, std::string_view token) {
  return impl_->request("POST", target, json::serialize(body), token);
}

std::string HttpClient::login(std::string_view staff_id, std::string_view pin) {
  const auto r = post_json("/api/login", json::value(json::object{{"staff_id", staff_id}, {"pin", pin}}));
  if (r.status != 200 || !r.json || !r.json->is_object() || !r.json->as_object().contains("token"))
    throw std::runtime_error("login " + std::string(staff_id) + " failed: " + r.describe());
  return std::string(r.json->as_object().at("token").as_string());
}

void HttpClient::set_timeout(std::chrono::milliseconds t) { impl_->timeout = t; }
void HttpClient::disconnect() { impl_->drop(); }
std::size_t HttpClient::connections_opened() const { return impl_->opened; }
unsigned short HttpClient::port() const { return impl_->port; }

}  // namespace hallq::client
