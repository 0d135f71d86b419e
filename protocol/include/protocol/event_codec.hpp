// Event ⇄ JSON, the wire and storage form of API.md "Events": {seq, at, type, actor, ...data}.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>

#include "domain/event.hpp"

namespace hallq::proto {

/// Encodes only the fields the event sets. Times become ISO 8601 in the hall's offset.
boost::json::object encode_event(const domain::Event& e, domain::UtcOffset offset);
std::string serialize_event(const domain::Event& e, domain::UtcOffset offset);

/// Decodes what encode_event wrote. Returns nullopt (and fills *error) on anything malformed.
std::optional<domain::Event> decode_event(const boost::json::object& o, domain::UtcOffset offset, std::string* error = nullptr);

}  // namespace hallq::proto
