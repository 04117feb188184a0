// UTF-8 as Postgres' text functions see it: one character per code point.
// Text from Postgres is valid UTF-8; a stray byte counts as one character.
#pragma once

#include <string>
#include <string_view>

namespace cdc::engine {

// Bytes of the character starting at text[pos] (1 at the end or on a stray byte).
size_t utf8_char_length(std::string_view text, size_t pos);
size_t utf8_count(std::string_view text);
std::u32string utf8_decode(std::string_view text);
std::string utf8_encode(std::u32string_view text);

}  // namespace cdc::engine
