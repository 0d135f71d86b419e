// Loads and validates a hall config file (API.md "Hall config").
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "domain/hall_config.hpp"

namespace hallq::proto {

/// A config that cannot be used. what() is one line: "FILE: JSON.PATH: problem".
class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string file, std::string path, std::string problem);
  const std::string& file() const noexcept { return file_; }
  const std::string& path() const noexcept { return path_; }
  const std::string& problem() const noexcept { return problem_; }

 private:
  std::string file_, path_, problem_;
};

/// Reads, parses and validates. Throws ConfigError naming the first problem found.
domain::HallConfig load_config_file(const std::string& file);

/// Whether staff PINs must be present: a client loading the server's public view (GET /api/hall)
/// has none.
enum class Secrets { required, absent };

/// Same, from text already read; `file` is only used in messages.
domain::HallConfig load_config_text(std::string_view text, const std::string& file, Secrets secrets = Secrets::required);

/// The config as clients may see it (GET /api/hall): the same JSON without PINs and devices.
/// `text` must be a config that loads.
std::string public_config_json(std::string_view text);

}  // namespace hallq::proto
