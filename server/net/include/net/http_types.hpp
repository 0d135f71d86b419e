// HTTP request/response types shared by the listener and the router (Beast stays in net/).
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <functional>
#include <map>
#include <string>

namespace hallq::server {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;
using Send = std::function<void(Response)>;

/// The query of a request target ("/ws?token=a&since=3"), percent-decoded.
std::map<std::string, std::string> parse_query(std::string_view target);

/// {"error": {"code", "message"}} with the given status (API.md "Conventions").
Response error_response(unsigned status, const std::string& code, const std::string& message, unsigned version = 11,
                        bool keep_alive = true);
Response json_response(unsigned status, std::string body, unsigned version = 11, bool keep_alive = true);

}  // namespace hallq::server
