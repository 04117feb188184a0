#include "engine/utf8.hpp"

namespace cdc::engine {

size_t utf8_char_length(std::string_view text, size_t pos) {
    auto lead = static_cast<unsigned char>(text[pos]);
    size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xe ? 3 : (lead >> 3) == 0x1e ? 4 : 1;
    if (pos + length > text.size()) return 1;
    for (size_t i = 1; i < length; ++i) {
        if ((static_cast<unsigned char>(text[pos + i]) & 0xc0) != 0x80) return 1;
    }
    return length;
}

size_t utf8_count(std::string_view text) {
    size_t count = 0;
    for (size_t pos = 0; pos < text.size(); pos += utf8_char_length(text, pos)) ++count;
    return count;
}

std::u32string utf8_decode(std::string_view text) {
    static const unsigned char lead_mask[] = {0, 0x7f, 0x1f, 0x0f, 0x07};
    std::u32string result;
    for (size_t pos = 0; pos < text.size();) {
        size_t length = utf8_char_length(text, pos);
        char32_t code = static_cast<unsigned char>(text[pos]) & (length == 1 ? 0xff : lead_mask[length]);
        for (size_t i = 1; i < length; ++i) code = (code << 6) | (static_cast<unsigned char>(text[pos + i]) & 0x3f);
        result += code;
        pos += length;
    }
    return result;
}

std::string utf8_encode(std::u32string_view text) {
    std::string result;
    for (char32_t code : text) {
        if (code < 0x80) {
            result += static_cast<char>(code);
        } else if (code < 0x800) {
            result += static_cast<char>(0xc0 | (code >> 6));
            result += static_cast<char>(0x80 | (code & 0x3f));
        } else if (code < 0x10000) {
            result += static_cast<char>(0xe0 | (code >> 12));
            result += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
            result += static_cast<char>(0x80 | (code & 0x3f));
        } else {
            result += static_cast<char>(0xf0 | (code >> 18));
            result += static_cast<char>(0x80 | ((code >> 12) & 0x3f));
            result += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
            result += static_cast<char>(0x80 | (code & 0x3f));
        }
    }
    return result;
}

}  // namespace cdc::engine
