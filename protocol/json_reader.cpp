// Path-tracking JSON readers.
#include "protocol/json_reader.hpp"

#include <algorithm>
#include <cmath>

namespace hallq::proto {

namespace json = boost::json;

[[noreturn]] void Node::fail(std::string problem) const { throw JsonFieldError{path_.empty() ? "$" : path_, std::move(problem)}; }

Node Node::operator[](std::string_view key) const {
  const auto& o = object();
  const auto it = o.find(key);
  std::string p = path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  return Node(it == o.end() ? nullptr : &it->value(), std::move(p));
}

Node Node::at(std::size_t i) const {
  const auto& a = array();
  return Node(i < a.size() ? &a[i] : nullptr, path_ + "[" + std::to_string(i) + "]");
}

const json::object& Node::object() const {
  if (!present()) fail("is required");
  if (!v_->is_object()) fail("must be an object");
  return v_->get_object();
}

const json::array& Node::array() const {
  if (!present()) fail("is required");
  if (!v_->is_array()) fail("must be an array");
  return v_->get_array();
}

std::string Node::str() const {
  if (!present()) fail("is required");
  if (!v_->is_string()) fail("must be a string");
  if (v_->get_string().empty()) fail("must not be empty");
  return std::string(v_->get_string());
}

std::string Node::str_or(std::string_view fallback) const {
  if (!present()) return std::string(fallback);
  if (!v_->is_string()) fail("must be a string");
  return std::string(v_->get_string());
}

std::int64_t Node::integer() const {
  if (!present()) fail("is required");
  if (v_->is_int64()) return v_->get_int64();
  if (v_->is_uint64() && v_->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return static_cast<std::int64_t>(v_->get_uint64());
  if (v_->is_double()) {
    const double d = v_->get_double();
    if (std::trunc(d) == d && std::fabs(d) < 9e15) return static_cast<std::int64_t>(d);
  }
  fail("must be an integer");
}

std::int64_t Node::integer_or(std::int64_t fallback) const { return present() ? integer() : fallback; }

double Node::number() const {
  if (!present()) fail("is required");
  if (v_->is_double()) return v_->get_double();
  if (v_->is_int64()) return static_cast<double>(v_->get_int64());
  if (v_->is_uint64()) return static_cast<double>(v_->get_uint64());
  fail("must be a number");
}

bool Node::boolean() const {
  if (!present()) fail("is required");
  if (!v_->is_bool()) fail("must be true or false");
  return v_->get_bool();
}

std::vector<std::string> Node::str_list() const {
  const auto& a = array();
  std::vector<std::string> out;
  out.reserve(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) out.push_back(at(i).str());
  return out;
}

void Node::only(std::initializer_list<std::string_view> keys) const {
  for (const auto& kv : object()) {
    if (std::find(keys.begin(), keys.end(), std::string_view(kv.key())) == keys.end())
      (*this)[kv.key()].fail("is not a known field");
  }
}

}  // namespace hallq::proto
