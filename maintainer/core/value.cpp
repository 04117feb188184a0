#include "core/value.hpp"

#include "core/interval.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <tuple>
#include <unordered_map>

namespace cdc {

Type type_from_name(const std::string& name) {
    static const std::unordered_map<std::string, Type> types = {
        {"bool", Type::Bool},           {"int2", Type::Int2},       {"int4", Type::Int4},
        {"int8", Type::Int8},           {"float4", Type::Float4},   {"float8", Type::Float8},
        {"numeric", Type::Numeric},     {"text", Type::Text},       {"varchar", Type::Varchar},
        {"bpchar", Type::Bpchar},       {"date", Type::Date},       {"timestamp", Type::Timestamp},
        {"interval", Type::Interval},
        {"timestamptz", Type::TimestampTz}, {"uuid", Type::Uuid},   {"bytea", Type::Bytea},
        {"json", Type::Json},           {"jsonb", Type::Jsonb},
    };
    auto found = types.find(name);
    return found == types.end() ? Type::Other : found->second;
}

namespace {

BigInt power_of_ten(int32_t exponent) {
    BigInt result = 1;
    for (int32_t i = 0; i < exponent; ++i) result *= 10;
    return result;
}

// value with trailing fractional zeros removed, so equal numbers look alike
Numeric normalised(const Numeric& value) {
    Numeric result = value;
    if (result.kind != Numeric::Kind::Finite) return result;
    while (result.scale > 0 && result.unscaled % 10 == 0) {
        result.unscaled /= 10;
        --result.scale;
    }
    return result;
}

int kind_rank(Numeric::Kind kind) {
    switch (kind) {
        case Numeric::Kind::NegativeInfinity: return 0;
        case Numeric::Kind::Finite: return 1;
        case Numeric::Kind::PositiveInfinity: return 2;
        case Numeric::Kind::NaN: return 3;
    }
    return 1;
}

size_t combine(size_t seed, size_t hash) {
    return seed ^ (hash + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

}  // namespace

int compare_numeric(const Numeric& a, const Numeric& b) {
    if (a.kind != Numeric::Kind::Finite || b.kind != Numeric::Kind::Finite) {
        return kind_rank(a.kind) - kind_rank(b.kind);
    }
    int32_t scale = std::max(a.scale, b.scale);
    BigInt left = a.unscaled * power_of_ten(scale - a.scale);
    BigInt right = b.unscaled * power_of_ten(scale - b.scale);
    return left < right ? -1 : (left > right ? 1 : 0);
}

bool values_equal(const Value& a, const Value& b) {
    if (a.index() != b.index()) return false;
    if (auto* x = std::get_if<double>(&a)) {
        double y = std::get<double>(b);
        return (std::isnan(*x) && std::isnan(y)) || *x == y;
    }
    if (auto* x = std::get_if<Numeric>(&a)) return compare_numeric(*x, std::get<Numeric>(b)) == 0;
    if (auto* x = std::get_if<Interval>(&a)) return compare_interval(*x, std::get<Interval>(b)) == 0;
    return a == b;
}

size_t hash_value(const Value& value) {
    switch (value.index()) {
        case 0: return 0x6e756c6cULL;
        case 1: return std::hash<bool>()(std::get<bool>(value));
        case 2: return std::hash<int64_t>()(std::get<int64_t>(value));
        case 3: {
            double x = std::get<double>(value);
            if (std::isnan(x)) return 0x4e614eULL;
            return std::hash<double>()(x == 0.0 ? 0.0 : x);
        }
        case 4: {
            Numeric n = normalised(std::get<Numeric>(value));
            size_t seed = std::hash<int>()(static_cast<int>(n.kind));
            seed = combine(seed, std::hash<std::string>()(n.unscaled.str()));
            return combine(seed, std::hash<int32_t>()(n.scale));
        }
        case 5: return std::hash<std::string>()(std::get<std::string>(value));
        default: return hash_interval(std::get<Interval>(value));
    }
}

size_t RowHash::operator()(const Row& row) const {
    size_t seed = row.size();
    for (const Value& value : row) seed = combine(seed, hash_value(value));
    return seed;
}

namespace {

// Rows of one length whose values match pairwise.
template <typename Match>
bool rows_match(const Row& a, const Row& b, Match match) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), match);
}

}  // namespace

bool RowEqual::operator()(const Row& a, const Row& b) const { return rows_match(a, b, values_equal); }

bool values_identical(const Value& a, const Value& b) {
    if (a.index() != b.index()) return false;
    if (const auto* x = std::get_if<double>(&a)) {
        double y = std::get<double>(b);
        return std::isnan(*x) ? std::isnan(y) : *x == y && std::signbit(*x) == std::signbit(y);
    }
    if (const auto* x = std::get_if<Numeric>(&a)) {
        const Numeric& y = std::get<Numeric>(b);
        return x->kind == y.kind && x->scale == y.scale && x->unscaled == y.unscaled;
    }
    return a == b;
}

bool RowIdentical::operator()(const Row& a, const Row& b) const { return rows_match(a, b, values_identical); }

bool form_before(const Value& a, const Value& b) {
    if (const auto* x = std::get_if<Numeric>(&a); x != nullptr && b.index() == a.index()) {
        return x->scale < std::get<Numeric>(b).scale;
    }
    if (const auto* x = std::get_if<double>(&a); x != nullptr && b.index() == a.index()) {
        return !std::signbit(*x) && std::signbit(std::get<double>(b));
    }
    if (const auto* x = std::get_if<Interval>(&a); x != nullptr && b.index() == a.index()) {
        const Interval& y = std::get<Interval>(b);
        return std::tie(x->month, x->day, x->time) < std::tie(y.month, y.day, y.time);
    }
    return false;
}

bool RowFormBefore::operator()(const Row& a, const Row& b) const {
    for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
        if (form_before(a[i], b[i])) return true;
        if (form_before(b[i], a[i])) return false;
    }
    return false;
}

Numeric parse_numeric(const std::string& text) {
    size_t begin = text.find_first_not_of(" \t\n\r\f\v");
    size_t end = text.find_last_not_of(" \t\n\r\f\v");
    if (begin == std::string::npos) throw std::invalid_argument("invalid numeric: \"" + text + "\"");
    std::string body = text.substr(begin, end - begin + 1);
    Numeric result;
    auto lower = [](std::string s) {
        for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    };
    std::string word = lower(body);
    if (word == "nan") return Numeric{Numeric::Kind::NaN, 0, 0};
    if (word == "infinity" || word == "+infinity" || word == "inf" || word == "+inf") {
        return Numeric{Numeric::Kind::PositiveInfinity, 0, 0};
    }
    if (word == "-infinity" || word == "-inf") return Numeric{Numeric::Kind::NegativeInfinity, 0, 0};

    size_t pos = 0;
    bool negative = false;
    if (body[pos] == '+' || body[pos] == '-') negative = body[pos++] == '-';
    std::string digits;
    int32_t fraction_digits = 0;
    bool seen_point = false;
    for (; pos < body.size(); ++pos) {
        char c = body[pos];
        if (c >= '0' && c <= '9') {
            digits += c;
            if (seen_point) ++fraction_digits;
        } else if (c == '.' && !seen_point) {
            seen_point = true;
        } else {
            break;
        }
    }
    if (digits.empty()) throw std::invalid_argument("invalid numeric: \"" + text + "\"");
    int64_t exponent = 0;
    if (pos < body.size() && (body[pos] == 'e' || body[pos] == 'E')) {
        size_t used = 0;
        exponent = std::stoll(body.substr(pos + 1), &used);
        pos += 1 + used;
    }
    if (pos != body.size()) throw std::invalid_argument("invalid numeric: \"" + text + "\"");
    // cpp_int reads a leading 0 as octal
    size_t first_nonzero = digits.find_first_not_of('0');
    result.unscaled = first_nonzero == std::string::npos ? BigInt(0) : BigInt(digits.substr(first_nonzero));
    int64_t scale = fraction_digits - exponent;
    if (scale < 0) {
        result.unscaled *= power_of_ten(static_cast<int32_t>(-scale));
        scale = 0;
    }
    result.scale = static_cast<int32_t>(scale);
    if (negative) result.unscaled = -result.unscaled;
    return result;
}

std::string numeric_to_string(const Numeric& value) {
    switch (value.kind) {
        case Numeric::Kind::NaN: return "NaN";
        case Numeric::Kind::PositiveInfinity: return "Infinity";
        case Numeric::Kind::NegativeInfinity: return "-Infinity";
        case Numeric::Kind::Finite: break;
    }
    bool negative = value.unscaled < 0;
    std::string digits = (negative ? BigInt(-value.unscaled) : value.unscaled).str();
    if (value.scale > 0) {
        if (digits.size() <= static_cast<size_t>(value.scale)) {
            digits.insert(0, static_cast<size_t>(value.scale) + 1 - digits.size(), '0');
        }
        digits.insert(digits.size() - static_cast<size_t>(value.scale), ".");
    }
    return negative ? "-" + digits : digits;
}

}  // namespace cdc
