// Authentication with libsodium: Argon2id PIN hashes, BLAKE2b token digests, random tokens.
#include "net/auth.hpp"

#include <sodium.h>

#include <boost/asio/post.hpp>

#include <algorithm>
#include <future>
#include <stdexcept>
#include <thread>

namespace hallq::server {

namespace {

constexpr unsigned long long pin_opslimit = 2;   // OWASP minimum for Argon2id
constexpr std::size_t pin_memlimit = 19u << 20;  // 19 MiB
constexpr std::int64_t failure_window_seconds = 300;
constexpr std::size_t failures_allowed = 5;

}  // namespace

void init_crypto() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialize");
}

std::string random_token(std::size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::string token_digest(std::string_view token) {
  unsigned char h[crypto_generichash_BYTES];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr, 0);
  char hex[crypto_generichash_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  return hex;
}

std::string hash_pin(std::string_view pin) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, pin.data(), pin.size(), pin_opslimit, pin_memlimit) != 0)
    throw std::runtime_error("out of memory while hashing a PIN");
  return out;
}

bool verify_pin(const std::string& hash, std::string_view pin) {
  return crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

Auth::Auth(std::shared_ptr<const domain::HallConfig> cfg, store::EventStore& store, std::chrono::seconds ttl)
    : cfg_(std::move(cfg)), store_(store), ttl_(ttl), verifier_(std::make_unique<boost::asio::thread_pool>(1)) {}

Auth::~Auth() { verifier_->join(); }

void Auth::start(const std::string& config_digest) {
  for (const auto& d : cfg_->devices) {
    const std::string digest = token_digest(d.token);
    devices_.emplace(digest, Principal{Principal::Kind::device, d.id, d.id, domain::to_string(d.role)});
    store_.put_secret("device", d.id, digest);
  }
  std::vector<std::pair<std::string, std::optional<std::string>>> work;
  for (const auto& s : cfg_->staff) work.emplace_back(s.id, store_.secret("pin", s.id));
  // Same config as last time and every hash present: nothing can have changed.
  const bool all_hashed = std::all_of(work.begin(), work.end(), [](const auto& w) { return w.second.has_value(); });
  if (all_hashed && store_.meta("pins_config_digest") == config_digest) {
    for (auto& [id, hash] : work) pin_hashes_[id] = *hash;
    return;
  }
  // Verify stored hashes against the config's PINs, re-hashing only what changed, on all cores.
  std::vector<std::string> result(work.size());
  std::vector<bool> changed(work.size(), false);
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::future<void>> jobs;
  for (unsigned t = 0; t < threads; ++t) {
    jobs.push_back(std::async(std::launch::async, [&, t] {
      for (std::size_t i = t; i < work.size(); i += threads) {
        const auto& pin = cfg_->staff[i].pin;
        if (work[i].second && verify_pin(*work[i].second, pin)) {
          result[i] = *work[i].second;
        } else {
          result[i] = hash_pin(pin);
          changed[i] = true;
        }
      }
    }));
  }
  for (auto& j : jobs) j.get();
  for (std::size_t i = 0; i < work.size(); ++i) {
    if (changed[i]) store_.put_secret("pin", work[i].first, result[i]);
    pin_hashes_[work[i].first] = result[i];
  }
  store_.put_meta("pins_config_digest", config_digest);
}

std::optional<Principal> Auth::authenticate(std::string_view token, std::int64_t now_unix) {
  if (token.empty() || token.size() > 256) return std::nullopt;
  const std::string digest = token_digest(token);
  if (const auto d = devices_.find(digest); d != devices_.end()) return d->second;
  if (const auto s = sessions_.find(digest); s != sessions_.end()) {
    if (s->second.expires >= now_unix) return s->second.who;
    sessions_.erase(s);
    return std::nullopt;
  }
  const auto row = store_.session(digest);
  if (!row || row->expires < now_unix) return std::nullopt;
  const auto* staff = cfg_->find_staff(row->staff);
  if (!staff) return std::nullopt;  // removed from the config since
  Principal p{Principal::Kind::staff, staff->id, staff->name, domain::to_string(staff->role)};
  sessions_.emplace(digest, CachedSession{p, row->expires});
  return p;
}

void Auth::verify_login(const std::string& staff_id, const std::string& pin, std::function<void(LoginResult, std::string)> done) {
  const auto it = pin_hashes_.find(staff_id);
  // Unknown staff still pay for a hash so timing does not reveal which ids exist.
  const std::string hash = it != pin_hashes_.end() ? it->second : std::string();
  boost::asio::post(*verifier_, [hash, pin, done = std::move(done)] {
    const bool ok = hash.empty() ? (static_cast<void>(hash_pin(pin)), false) : verify_pin(hash, pin);
    done(ok ? LoginResult::ok : LoginResult::bad_credentials, ok ? random_token() : std::string());
  });
}

void Auth::record_session(const std::string& token, const std::string& staff_id, std::int64_t now_unix) {
  const auto* staff = cfg_->find_staff(staff_id);
  if (!staff) return;
  const std::string digest = token_digest(token);
  store_.put_session(digest, store::LoginSession{staff_id, domain::to_string(staff->role), now_unix + ttl_.count()});
  sessions_.emplace(digest,
                    CachedSession{Principal{Principal::Kind::staff, staff->id, staff->name, domain::to_string(staff->role)},
                                  now_unix + ttl_.count()});
}

bool Auth::login_allowed(const std::string& staff_id, std::int64_t now_unix) {
  auto& f = failures_[staff_id];
  while (!f.empty() && f.front() < now_unix - failure_window_seconds) f.pop_front();
  return f.size() < failures_allowed;
}

void Auth::login_failed(const std::string& staff_id, std::int64_t now_unix) { failures_[staff_id].push_back(now_unix); }

}  // namespace hallq::server
