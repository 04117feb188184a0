#include "engine/collation.hpp"

#include "engine/utf8.hpp"

#include <cstring>
#include <cwctype>
#include <stdexcept>

namespace cdc::engine {
namespace {

bool is_c_locale(const std::string& name) { return name == "C" || name == "POSIX"; }

locale_t open_locale(int category_mask, const std::string& name) {
    locale_t locale = newlocale(category_mask, name.c_str(), nullptr);
    if (locale == nullptr) throw std::runtime_error("locale \"" + name + "\" is not installed on this host");
    return locale;
}

int compare_bytes(std::string_view a, std::string_view b) {
    int result = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
    if (result != 0) return result;
    return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

}  // namespace

Collation::Collation(const std::string& collate, const std::string& ctype) : bytewise_(is_c_locale(collate)) {
    if (!bytewise_) collate_ = open_locale(LC_COLLATE_MASK, collate);
    if (!is_c_locale(ctype)) {
        try {
            ctype_ = open_locale(LC_CTYPE_MASK, ctype);
        } catch (...) {
            if (collate_ != nullptr) freelocale(collate_);
            throw;
        }
    }
}

Collation::~Collation() {
    if (collate_ != nullptr) freelocale(collate_);
    if (ctype_ != nullptr) freelocale(ctype_);
}

int Collation::compare(std::string_view a, std::string_view b) const {
    if (bytewise_) return compare_bytes(a, b);
    if (a == b) return 0;
    // strcoll needs NUL-terminated strings; a deterministic collation breaks
    // ties between different strings by their bytes, as varstr_cmp does
    std::string left(a), right(b);
    int result = strcoll_l(left.c_str(), right.c_str(), collate_);
    return result != 0 ? result : compare_bytes(a, b);
}

// With a C ctype Postgres maps ASCII letters only; otherwise each character
// goes through towupper/towlower of the database's ctype.
namespace {

std::string map_case(std::string_view text, locale_t ctype, bool to_upper) {
    if (ctype == nullptr) {
        std::string result(text);
        for (char& c : result) {
            if (to_upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
            if (!to_upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        }
        return result;
    }
    std::u32string characters = utf8_decode(text);
    for (char32_t& c : characters) {
        auto wide = static_cast<wint_t>(c);
        c = static_cast<char32_t>(to_upper ? towupper_l(wide, ctype) : towlower_l(wide, ctype));
    }
    return utf8_encode(characters);
}

}  // namespace

std::string Collation::upper(std::string_view text) const { return map_case(text, ctype_, true); }
std::string Collation::lower(std::string_view text) const { return map_case(text, ctype_, false); }

}  // namespace cdc::engine
