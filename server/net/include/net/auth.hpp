// Who is calling: staff logins (Argon2id PIN hashes, opaque bearer tokens stored as digests)
// and configured devices. libsodium does all the cryptography.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include <boost/asio/thread_pool.hpp>

#include "domain/hall_config.hpp"
#include "store/event_store.hpp"

namespace hallq::server {

struct Principal {
  enum class Kind { staff, device };
  Kind kind = Kind::staff;
  std::string id;
  std::string name;
  std::string role;  // staff role or device role (API.md)

  bool is(std::string_view r) const { return role == r; }
  /// Center roles that supervise the hall (alerts, windows, inspections, events).
  bool supervises() const { return role == "supervisor" || role == "deputy_head" || role == "admin"; }
  bool is_staff() const { return kind == Kind::staff; }
};

/// Initializes libsodium once; throws if it cannot.
void init_crypto();
/// 32 random bytes as URL-safe base64: tokens and ticket ids that cannot be guessed.
std::string random_token(std::size_t bytes = 32);
/// BLAKE2b-256 of a high-entropy secret, hex. Tokens are stored only as this digest.
std::string token_digest(std::string_view token);
/// Argon2id (libsodium's crypto_pwhash_str) with the OWASP minimum cost (t=2, m=19 MiB).
std::string hash_pin(std::string_view pin);
bool verify_pin(const std::string& hash, std::string_view pin);

/// Principals by token. Lives on the io thread; slow hashing runs on its own threads.
class Auth {
 public:
  Auth(std::shared_ptr<const domain::HallConfig> cfg, store::EventStore& store, std::chrono::seconds session_ttl);
  ~Auth();

  /// Stores the device-token digests and brings the stored PIN hashes in line with the config
  /// (verifying each, re-hashing changed ones) on all cores. Call once before serving.
  /// `config_digest` identifies the config text: when the database already holds hashes made
  /// for the same config, they are trusted without re-verifying (start-up stays fast).
  void start(const std::string& config_digest);

  /// The principal behind a bearer token, or nullopt.
  std::optional<Principal> authenticate(std::string_view token, std::int64_t now_unix);

  enum class LoginResult { ok, bad_credentials, rate_limited };
  /// Verifies off the io thread; `done` is called on the verifying thread with the result and,
  /// when ok, the new token (the caller records the session via record_session on its thread).
  void verify_login(const std::string& staff_id, const std::string& pin,
                    std::function<void(LoginResult, std::string token)> done);
  /// Records the token's digest (io thread).
  void record_session(const std::string& token, const std::string& staff_id, std::int64_t now_unix);

  /// Failed logins per staff id within the window → rate_limited (brute force of short PINs).
  bool login_allowed(const std::string& staff_id, std::int64_t now_unix);
  void login_failed(const std::string& staff_id, std::int64_t now_unix);

 private:
  std::shared_ptr<const domain::HallConfig> cfg_;
  store::EventStore& store_;
  std::chrono::seconds ttl_;
  std::unordered_map<std::string, Principal> devices_;  // digest → device
  struct CachedSession {
    Principal who;
    std::int64_t expires = 0;
  };
  std::unordered_map<std::string, CachedSession> sessions_;  // digest → staff (cache of the table)
  std::map<std::string, std::deque<std::int64_t>> failures_;

  std::map<std::string, std::string> pin_hashes_;       // staff id → Argon2id string; read-only after start()
  std::unique_ptr<boost::asio::thread_pool> verifier_;  // one slow hash at a time
};

}  // namespace hallq::server
