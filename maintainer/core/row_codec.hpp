// Rows as compact bytes, for the state operators keep (DESIGN.md section 4):
// one contiguous string per row instead of a vector of variants with heap
// objects for numerics.  Values are self-delimiting (a tag byte, then a
// varint, 8 bytes or a length and bytes), so encoded rows concatenate
// unambiguously: a key's bytes followed by a row's bytes can be split again
// and scanned by the key's prefix.
//
// Two encodings of one row:
//   encode_row    each value as it is: byte-equal exactly when RowIdentical
//                 (numeric 1.5 and 1.50 differ, float 0 and -0 differ)
//   encode_key    each value in the canonical form of its Postgres equality
//                 class: byte-equal exactly when RowEqual (1.5 = 1.50,
//                 0 = -0, NaN = NaN), for join keys, groups and DISTINCT
// decode_row reads either back (a key decodes to the canonical forms).
#pragma once

#include "core/value.hpp"

#include <string>
#include <string_view>

namespace cdc {

std::string encode_row(const Row& row);
std::string encode_key(const Row& row);
void append_value(std::string& out, const Value& value);  // as encode_row does
void append_key_value(std::string& out, const Value& value);  // as encode_key does

// Throws std::invalid_argument on bytes no encoder wrote.
Row decode_row(std::string_view bytes);
// Decodes one value at bytes[at], advancing at.
Value decode_value(std::string_view bytes, size_t& at);

}  // namespace cdc
