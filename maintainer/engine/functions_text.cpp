// Text functions: || concat() upper() lower() length() substr() the trims
// and [NOT] [I]LIKE, counting characters (UTF-8 code points), not bytes.
#include "engine/expr_internal.hpp"
#include "engine/utf8.hpp"

#include "plan/json_fields.hpp"

#include <algorithm>
#include <limits>
#include <optional>

namespace cdc::engine {
namespace {

const std::string& text_arg(std::span<const Value> args, size_t index) { return std::get<std::string>(args[index]); }

// text_substring: characters [start, start + count), 1-based, clipped to
// the string; start may be below 1, a negative count is an error.
std::string substring(const std::string& text, int64_t start, std::optional<int64_t> count) {
    if (count && *count < 0) throw EvaluationError("negative substring length not allowed");
    int64_t first = std::max<int64_t>(start, 1);
    int64_t end = count ? start + *count : std::numeric_limits<int64_t>::max();  // exclusive, in characters
    size_t pos = 0;
    for (int64_t index = 1; index < first && pos < text.size(); ++index) pos += utf8_char_length(text, pos);
    size_t stop = pos;
    for (int64_t index = first; index < end && stop < text.size(); ++index) stop += utf8_char_length(text, stop);
    return text.substr(pos, stop - pos);
}

enum class Trim { Both, Leading, Trailing };

std::string trimmed(const std::string& text, const std::string& characters, Trim side) {
    std::u32string chars = utf8_decode(text), set = utf8_decode(characters);
    auto in_set = [&](char32_t c) { return set.find(c) != std::u32string::npos; };
    size_t begin = 0, end = chars.size();
    if (side != Trim::Trailing) {
        while (begin < end && in_set(chars[begin])) ++begin;
    }
    if (side != Trim::Leading) {
        while (end > begin && in_set(chars[end - 1])) --end;
    }
    return utf8_encode(std::u32string_view(chars).substr(begin, end - begin));
}

// LIKE with % (any characters), _ (one character) and \ escaping the next.
struct LikeToken {
    enum Kind { Literal, One, Any, DanglingEscape } kind;
    char32_t literal = 0;
};

std::vector<LikeToken> like_tokens(const std::u32string& pattern) {
    std::vector<LikeToken> tokens;
    for (size_t i = 0; i < pattern.size(); ++i) {
        char32_t c = pattern[i];
        if (c == U'%') tokens.push_back({LikeToken::Any});
        else if (c == U'_') tokens.push_back({LikeToken::One});
        else if (c != U'\\') tokens.push_back({LikeToken::Literal, c});
        else if (i + 1 < pattern.size()) tokens.push_back({LikeToken::Literal, pattern[++i]});
        else tokens.push_back({LikeToken::DanglingEscape});
    }
    return tokens;
}

// Greedy matching that backtracks to the last %: linear in practice.  As
// in Postgres, a trailing lone \ is an error only if matching reaches it.
bool like_match(const std::u32string& text, const std::vector<LikeToken>& pattern) {
    size_t t = 0, p = 0, star = SIZE_MAX, star_text = 0;
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p].kind == LikeToken::DanglingEscape) {
            throw EvaluationError("LIKE pattern must not end with escape character");
        }
        if (p < pattern.size() && pattern[p].kind == LikeToken::Any) {
            star = p++;
            star_text = t;
        } else if (p < pattern.size() &&
                   (pattern[p].kind == LikeToken::One || pattern[p].literal == text[t])) {
            ++p;
            ++t;
        } else if (star != SIZE_MAX) {
            p = star + 1;
            t = ++star_text;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p].kind == LikeToken::Any) ++p;
    return p == pattern.size();
}

Function like_function(bool negated, bool insensitive, const Collation& collation) {
    return {[negated, insensitive, &collation](std::span<const Value> args) {
        const std::string &text = text_arg(args, 0), &pattern = text_arg(args, 1);
        // ILIKE lowers both sides with the database's ctype, as Postgres does for UTF-8
        bool matched = insensitive
                           ? like_match(utf8_decode(collation.lower(text)), like_tokens(utf8_decode(collation.lower(pattern))))
                           : like_match(utf8_decode(text), like_tokens(utf8_decode(pattern)));
        return Value{matched != negated};
    }};
}

Function concat_function(const std::vector<TypeRef>& arg_types) {
    return {[arg_types](std::span<const Value> args) {
                std::string result;
                for (size_t i = 0; i < args.size(); ++i) {
                    if (!is_null(args[i])) result += text_form(args[i], arg_types[i]);
                }
                return Value{std::move(result)};
            },
            false};
}

Function trim_function(Trim side) {
    return {[side](std::span<const Value> args) {
        return Value{trimmed(text_arg(args, 0), args.size() > 1 ? text_arg(args, 1) : " ", side)};
    }};
}

Function length_function(bool padded) {
    return {[padded](std::span<const Value> args) {
        std::string_view text = text_arg(args, 0);
        if (padded) text = text.substr(0, text.find_last_not_of(' ') + 1);  // bpcharlen ignores the padding
        return Value{static_cast<int64_t>(utf8_count(text))};
    }};
}

Function substr_function() {
    return {[](std::span<const Value> args) {
        std::optional<int64_t> count;
        if (args.size() > 2) count = std::get<int64_t>(args[2]);
        return Value{substring(text_arg(args, 0), std::get<int64_t>(args[1]), count)};
    }};
}

// The function for fn, its argument count already checked.
Function text_function_for(const FunctionCall& call) {
    const std::string& fn = call.fn;
    const Collation& collation = call.collation;
    if (fn == "textcat") return {[](std::span<const Value> args) { return Value{text_arg(args, 0) + text_arg(args, 1)}; }};
    if (fn == "concat") return concat_function(call.arg_types);
    if (fn == "upper") return {[&collation](std::span<const Value> args) { return Value{collation.upper(text_arg(args, 0))}; }};
    if (fn == "lower") return {[&collation](std::span<const Value> args) { return Value{collation.lower(text_arg(args, 0))}; }};
    if (fn == "length") return length_function(call.arg_types[0].type == Type::Bpchar);
    if (fn == "substr") return substr_function();
    if (fn == "btrim") return trim_function(Trim::Both);
    if (fn == "ltrim") return trim_function(Trim::Leading);
    if (fn == "rtrim") return trim_function(Trim::Trailing);
    bool negated = fn.starts_with("not_");
    return like_function(negated, fn.ends_with("ilike"), collation);
}

struct TextSignature {
    const char* fn;
    size_t min_args, max_args;
};

const TextSignature text_signatures[] = {
    {"textcat", 2, 2}, {"concat", 0, SIZE_MAX}, {"upper", 1, 1},    {"lower", 1, 1},
    {"length", 1, 1},  {"substr", 2, 3},        {"btrim", 1, 2},    {"ltrim", 1, 2},
    {"rtrim", 1, 2},   {"like", 2, 2},          {"not_like", 2, 2}, {"ilike", 2, 2},
    {"not_ilike", 2, 2},
};

void require_types(const FunctionCall& call) {
    if (call.fn == "concat") return;
    for (size_t i = 0; i < call.arg_types.size(); ++i) {
        bool integer_arg = call.fn == "substr" && i > 0;
        Type type = call.arg_types[i].type;
        if (integer_arg ? !is_integer_type(type) : !is_text_type(type)) {
            throw plan::PlanError(plan::index_path(plan::child_path(call.path, "args"), i),
                                  call.fn + " does not take " + call.arg_types[i].name);
        }
    }
}

}  // namespace

Function text_function(const FunctionCall& call) {
    for (const TextSignature& signature : text_signatures) {
        if (call.fn != signature.fn) continue;
        require_arg_count(call, signature.min_args, signature.max_args);
        require_types(call);
        return text_function_for(call);
    }
    return {};
}

}  // namespace cdc::engine
