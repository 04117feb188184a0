// Values as JSON, by the rule docs/json-values.md states for every type:
// integers as numbers, numeric as a string (no digit lost), floats as
// numbers (NaN and infinities as strings), text as strings, dates and
// timestamps as ISO 8601 strings, json/jsonb nested as JSON, arrays as JSON
// arrays, bytea as base64, NULL as null, anything else as its text form.
#pragma once

#include "core/value.hpp"

#include <string>
#include <string_view>

namespace cdc::sink {

void append_json_string(std::string& out, std::string_view text);
void append_json_value(std::string& out, const Value& value, const TypeRef& type);

// ISO 8601 forms used above (exposed for tests and headers).
std::string iso_date(int64_t days_since_2000);
std::string iso_timestamp(int64_t microseconds_since_2000, bool utc);
std::string base64(std::string_view bytes);

}  // namespace cdc::sink
