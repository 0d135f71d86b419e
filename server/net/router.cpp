// Dispatch by the route table: the gates of the path's group, then its route, its permission,
// and its handler. The order is API.md's: 405 for a known path's wrong method, then 401 without
// a token, 404 for an unknown window or staff member, 403 for the wrong caller.
#include "net/router.hpp"

#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include "call.hpp"
#include "net/routes.hpp"

namespace hallq::server {

namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

// Refuses (401, 404, 403) a caller `p` does not admit; true when the request may go on.
bool admit(Services& svc, Call& c, const Permission& p, std::string_view what, Known known) {
  if (p.token && !p.loopback && !c.who) {
    c.fail(401, "unauthenticated", "send Authorization: Bearer TOKEN (from POST /api/login or the device config)");
    return false;
  }
  if (known == Known::window && !svc.cfg->find_window(c.param("w"))) {
    c.fail(404, "unknown_window", "no window " + c.param("w"));
    return false;
  }
  if (known == Known::staff && !svc.cfg->find_staff(c.param("s"))) {
    c.fail(404, "unknown_staff", "no staff member " + c.param("s"));
    return false;
  }
  std::string self;
  if (p.self == Permission::Self::path) self = c.param("s");
  if (p.self == Permission::Self::body) {
    const auto named = c.str("staff", true, 64);
    if (!named) return false;
    self = *named;
  }
  if (judge(p, c.who, c.loopback, self) == Verdict::allowed) return true;
  if (p.loopback) c.fail(403, "forbidden", "only callers on this host may " + std::string(what));
  else
    c.fail(403, "forbidden",
           c.who->id + " (" + c.who->role + ") may not " + std::string(what) + (self.empty() ? "" : " for " + self));
  return false;
}

std::string use(const std::vector<Verb>& methods) {
  std::string out = "use ";
  for (std::size_t i = 0; i < methods.size(); ++i) out += (i ? " or " : "") + std::string(http::to_string(methods[i]));
  return out;
}

void dispatch(Services& svc, Call& c) {
  const auto segments = path_segments(c.path);
  const auto method = c.req.method();
  const Gate* otherwise = nullptr;
  for (const auto& g : gates()) {
    if (!match(g.pattern, segments, &c.params)) continue;
    if ((g.only == Verb::unknown || g.only == method) && !admit(svc, c, g.permission, g.what, g.known)) return;
    if (g.otherwise != Verb::unknown) otherwise = &g;
  }
  std::vector<Verb> other_methods;
  bool wrong_method_404 = false;
  for (const auto& r : routes()) {
    PathParams params;
    if (!match(r.pattern, segments, &params)) continue;
    if (r.method != Verb::unknown && r.method != method) {
      other_methods.push_back(r.method);
      wrong_method_404 = wrong_method_404 || r.wrong_method_404;
      continue;
    }
    if (!r.handler) return c.not_found();  // /ws without an upgrade
    c.params = std::move(params);
    if (!admit(svc, c, r.permission, r.what, r.known)) return;
    return r.handler(svc, c);
  }
  if (!other_methods.empty() && !wrong_method_404) return c.fail(405, "method_not_allowed", use(other_methods));
  if (other_methods.empty() && otherwise && method != otherwise->otherwise)
    return c.fail(405, "method_not_allowed", use({otherwise->otherwise}));
  c.not_found();
}

}  // namespace

Router::Router(Hall& hall, Auth& auth, Hub& hub, store::EventStore& store, std::shared_ptr<const domain::HallConfig> cfg,
               const Limits& limits)
    : hall_(hall),
      hub_(hub),
      auth_(auth),
      readers_(std::make_unique<store::ReadPool>(store.path(), limits.reader_threads, limits.max_queued_reads)),
      services_(std::make_unique<Services>(Services{hall, auth, hub, store, *readers_, std::move(cfg), limits, metrics_})) {}

Router::~Router() { readers_->stop(); }

std::optional<Principal> Router::authenticate(std::string_view token) { return auth_.authenticate(token, unix_now()); }

void Router::handle(Request req, bool from_loopback, Send send) {
  ++metrics_.requests;
  auto c = std::make_shared<Call>();
  c->loopback = from_loopback;
  // Count errors on the way out.
  c->send = [this, send = std::move(send)](Response res) {
    const auto code = res.result_int();
    if (code >= 500) ++metrics_.errors_5xx;
    else if (code >= 400)
      ++metrics_.errors_4xx;
    send(std::move(res));
  };
  c->req = std::move(req);
  const std::string_view target = c->req.target();
  c->path = std::string(target.substr(0, target.find('?')));
  c->query = parse_query(target);
  const auto auth = c->req[http::field::authorization];
  if (auth.size() > 7 && (auth.substr(0, 7) == "Bearer " || auth.substr(0, 7) == "bearer "))
    c->who = authenticate(auth.substr(7));
  if (c->req.method() == http::verb::post || c->req.method() == http::verb::put) {
    const std::string& text = c->req.body();
    if (!text.empty()) {
      boost::system::error_code ec;
      json::value v = json::parse(text, ec);
      if (ec) return c->fail(400, "bad_request", "body is not valid JSON: " + ec.message());
      if (!v.is_object()) return c->fail(400, "bad_request", "body must be a JSON object");
      c->body = std::move(v.get_object());
    }
  }
  // Asynchronous answers copy `send`; the Call itself ends with this function.
  dispatch(*services_, *c);
}

}  // namespace hallq::server
