#include "engine/numeric_ops.hpp"

#include "engine/expr.hpp"

#include <algorithm>

namespace cdc::engine {
namespace {

using Kind = Numeric::Kind;

constexpr int32_t min_significant_digits = 16;  // NUMERIC_MIN_SIG_DIGITS
constexpr int32_t max_display_scale = 1000;     // NUMERIC_MAX_DISPLAY_SCALE

BigInt power_of_ten(int32_t exponent) { return boost::multiprecision::pow(BigInt(10), static_cast<unsigned>(exponent)); }

Numeric special(Kind kind) { return Numeric{kind, 0, 0}; }
bool finite(const Numeric& value) { return value.kind == Kind::Finite; }

// -1, 0, +1; infinities count as their sign (NaN is handled before).
int sign_of(const Numeric& value) {
    if (value.kind == Kind::PositiveInfinity) return 1;
    if (value.kind == Kind::NegativeInfinity) return -1;
    return value.unscaled < 0 ? -1 : (value.unscaled > 0 ? 1 : 0);
}

Numeric infinity_with_sign(int sign) { return special(sign < 0 ? Kind::NegativeInfinity : Kind::PositiveInfinity); }

BigInt rescaled(const Numeric& value, int32_t scale) { return value.unscaled * power_of_ten(scale - value.scale); }

// numerator / denominator rounded half away from zero.
BigInt divide_rounded(const BigInt& numerator, const BigInt& denominator) {
    BigInt quotient = numerator / denominator;  // truncates toward zero
    BigInt remainder = numerator % denominator;
    if (2 * abs(remainder) >= abs(denominator)) quotient += (numerator < 0) == (denominator < 0) ? 1 : -1;
    return quotient;
}

// Postgres keeps numerics as base-10000 digits aligned on the decimal point;
// select_div_scale looks at the weight (position) and value of the first
// non-zero such digit of each operand.
struct BaseDigit {
    int32_t weight = 0;
    int32_t value = 0;
};

BaseDigit first_base_digit(const Numeric& number) {
    BigInt magnitude = abs(number.unscaled);
    if (magnitude == 0) return {};
    int32_t padded_scale = (number.scale + 3) / 4 * 4;
    magnitude *= power_of_ten(padded_scale - number.scale);
    int32_t count = 0;
    while (magnitude >= 10000) {
        magnitude /= 10000;
        ++count;
    }
    return {count - padded_scale / 4, magnitude.convert_to<int32_t>()};
}

int32_t select_div_scale(const Numeric& a, const Numeric& b) {
    BaseDigit first_a = first_base_digit(a), first_b = first_base_digit(b);
    int32_t quotient_weight = first_a.weight - first_b.weight;
    if (first_a.value <= first_b.value) --quotient_weight;
    int32_t scale = min_significant_digits - quotient_weight * 4;
    scale = std::max({scale, a.scale, b.scale, 0});
    return std::min(scale, max_display_scale);
}

// NaN and infinities of add (sub negates b first): NaN, or inf + -inf.
Numeric special_sum(const Numeric& a, const Numeric& b) {
    if (a.kind == Kind::NaN || b.kind == Kind::NaN) return special(Kind::NaN);
    if (!finite(a) && !finite(b) && a.kind != b.kind) return special(Kind::NaN);
    return finite(a) ? b : a;
}

}  // namespace

Numeric numeric_from_int(int64_t value) { return Numeric{Kind::Finite, BigInt(value), 0}; }

Numeric numeric_add(const Numeric& a, const Numeric& b) {
    if (!finite(a) || !finite(b)) return special_sum(a, b);
    int32_t scale = std::max(a.scale, b.scale);
    return Numeric{Kind::Finite, rescaled(a, scale) + rescaled(b, scale), scale};
}

Numeric numeric_neg(const Numeric& value) {
    switch (value.kind) {
        case Kind::PositiveInfinity: return special(Kind::NegativeInfinity);
        case Kind::NegativeInfinity: return special(Kind::PositiveInfinity);
        default: return Numeric{value.kind, -value.unscaled, value.scale};
    }
}

Numeric numeric_sub(const Numeric& a, const Numeric& b) { return numeric_add(a, numeric_neg(b)); }

Numeric numeric_mul(const Numeric& a, const Numeric& b) {
    if (a.kind == Kind::NaN || b.kind == Kind::NaN) return special(Kind::NaN);
    if (!finite(a) || !finite(b)) {
        int sign = sign_of(a) * sign_of(b);
        return sign == 0 ? special(Kind::NaN) : infinity_with_sign(sign);
    }
    return Numeric{Kind::Finite, a.unscaled * b.unscaled, a.scale + b.scale};
}

Numeric numeric_div(const Numeric& a, const Numeric& b) {
    if (a.kind == Kind::NaN || b.kind == Kind::NaN) return special(Kind::NaN);
    if (!finite(a)) {
        if (!finite(b)) return special(Kind::NaN);
        if (sign_of(b) == 0) throw EvaluationError("division by zero");
        return infinity_with_sign(sign_of(a) * sign_of(b));
    }
    if (!finite(b)) return numeric_from_int(0);
    if (b.unscaled == 0) throw EvaluationError("division by zero");
    int32_t scale = select_div_scale(a, b);
    // a/b at scale s is a.unscaled * 10^(s - a.scale + b.scale) / b.unscaled
    BigInt numerator = a.unscaled * power_of_ten(scale - a.scale + b.scale);
    return Numeric{Kind::Finite, divide_rounded(numerator, b.unscaled), scale};
}

Numeric numeric_mod(const Numeric& a, const Numeric& b) {
    if (a.kind == Kind::NaN || b.kind == Kind::NaN) return special(Kind::NaN);
    if (!finite(a)) {
        if (sign_of(b) == 0) throw EvaluationError("division by zero");
        return special(Kind::NaN);
    }
    if (!finite(b)) return a;
    if (b.unscaled == 0) throw EvaluationError("division by zero");
    int32_t scale = std::max(a.scale, b.scale);
    return Numeric{Kind::Finite, rescaled(a, scale) % rescaled(b, scale), scale};  // sign of the dividend
}

Numeric numeric_round(const Numeric& value, int32_t scale) {
    if (!finite(value)) return value;
    if (scale >= value.scale) return Numeric{Kind::Finite, rescaled(value, scale), scale};
    BigInt rounded = divide_rounded(value.unscaled, power_of_ten(value.scale - scale));
    if (scale >= 0) return Numeric{Kind::Finite, rounded, scale};
    // a negative scale rounds to tens, hundreds...; Postgres shows no decimals
    return Numeric{Kind::Finite, rounded * power_of_ten(-scale), 0};
}

}  // namespace cdc::engine
