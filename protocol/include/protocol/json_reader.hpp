// Path-tracking readers over Boost.JSON values: every error names the JSON path it is about.
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hallq::proto {

/// Thrown by the readers; `path` is like "windows[3].b".
struct JsonFieldError {
  std::string path;
  std::string problem;
};

/// A view of one JSON value together with its path from the document root.
class Node {
 public:
  Node(const boost::json::value* v, std::string path) : v_(v), path_(std::move(path)) {}

  const std::string& path() const noexcept { return path_; }
  bool present() const noexcept { return v_ != nullptr && !v_->is_null(); }
  const boost::json::value& value() const { return *v_; }

  Node operator[](std::string_view key) const;  // member; absent when missing (requires object)
  Node at(std::size_t i) const;                 // array element

  const boost::json::object& object() const;
  const boost::json::array& array() const;
  std::string str() const;                              // required non-empty string
  std::string str_or(std::string_view fallback) const;  // optional string
  std::int64_t integer() const;                         // required integer
  std::int64_t integer_or(std::int64_t fallback) const;
  double number() const;  // integer or double
  bool boolean() const;
  std::vector<std::string> str_list() const;  // array of non-empty strings

  [[noreturn]] void fail(std::string problem) const;
  /// Rejects members other than the listed ones (typos in a config must not pass silently).
  void only(std::initializer_list<std::string_view> keys) const;

 private:
  const boost::json::value* v_;
  std::string path_;
};

}  // namespace hallq::proto
