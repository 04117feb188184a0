#include "core/row_codec.hpp"

#include "core/interval.hpp"

#include <cmath>
#include <cstring>
#include <iterator>
#include <limits>
#include <stdexcept>

namespace cdc {
namespace {

enum Tag : uint8_t {
    Null,
    False,
    True,
    Integer,       // zigzag varint
    Float,         // 8 bytes, little-endian
    SmallNumeric,  // zigzag varint unscaled, zigzag varint scale
    BigNumeric,    // sign byte, zigzag varint scale, varint length, magnitude (big-endian)
    NaNNumeric,
    PositiveInfinity,
    NegativeInfinity,
    Text,          // varint length, bytes
    IntervalValue, // zigzag varints: microseconds, days, months
};

void append_varint(std::string& out, uint64_t value) {
    while (value >= 0x80) {
        out.push_back(static_cast<char>(value | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}

void append_signed(std::string& out, int64_t value) {
    append_varint(out, (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63));
}

[[noreturn]] void malformed() { throw std::invalid_argument("malformed encoded row"); }

uint64_t read_varint(std::string_view bytes, size_t& at) {
    uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (at >= bytes.size()) malformed();
        auto byte = static_cast<uint8_t>(bytes[at++]);
        value |= static_cast<uint64_t>(byte & 0x7f) << shift;
        if ((byte & 0x80) == 0) return value;
    }
    malformed();
}

int64_t read_signed(std::string_view bytes, size_t& at) {
    uint64_t zigzag = read_varint(bytes, at);
    return static_cast<int64_t>(zigzag >> 1) ^ -static_cast<int64_t>(zigzag & 1);
}

std::string_view read_bytes(std::string_view bytes, size_t& at) {
    uint64_t length = read_varint(bytes, at);
    if (length > bytes.size() - at) malformed();
    std::string_view result = bytes.substr(at, length);
    at += length;
    return result;
}

void append_float(std::string& out, double value) {
    if (std::isnan(value)) value = std::numeric_limits<double>::quiet_NaN();  // NaNs are one value
    char raw[sizeof value];
    std::memcpy(raw, &value, sizeof value);
    out.push_back(Float);
    out.append(raw, sizeof raw);
}

void append_numeric(std::string& out, const Numeric& value) {
    switch (value.kind) {
        case Numeric::Kind::NaN: out.push_back(NaNNumeric); return;
        case Numeric::Kind::PositiveInfinity: out.push_back(PositiveInfinity); return;
        case Numeric::Kind::NegativeInfinity: out.push_back(NegativeInfinity); return;
        case Numeric::Kind::Finite: break;
    }
    if (value.unscaled >= std::numeric_limits<int64_t>::min() && value.unscaled <= std::numeric_limits<int64_t>::max()) {
        out.push_back(SmallNumeric);
        append_signed(out, value.unscaled.convert_to<int64_t>());
        append_signed(out, value.scale);
        return;
    }
    std::string magnitude;
    BigInt absolute = abs(value.unscaled);
    boost::multiprecision::export_bits(absolute, std::back_inserter(magnitude), 8);
    out.push_back(BigNumeric);
    out.push_back(value.unscaled < 0 ? 1 : 0);
    append_signed(out, value.scale);
    append_varint(out, magnitude.size());
    out += magnitude;
}

// The value with trailing fractional zeros removed: one form per value.
Numeric canonical_numeric(const Numeric& value) {
    Numeric result = value;
    if (result.kind != Numeric::Kind::Finite) return result;
    if (result.unscaled == 0) {
        result.scale = 0;
        return result;
    }
    while (result.scale > 0 && result.unscaled % 10 == 0) {
        result.unscaled /= 10;
        --result.scale;
    }
    return result;
}

Numeric read_big_numeric(std::string_view bytes, size_t& at) {
    if (at >= bytes.size()) malformed();
    bool negative = bytes[at++] != 0;
    Numeric value;
    value.scale = static_cast<int32_t>(read_signed(bytes, at));
    std::string_view magnitude = read_bytes(bytes, at);
    const auto* digits = reinterpret_cast<const unsigned char*>(magnitude.data());  // no sign extension
    boost::multiprecision::import_bits(value.unscaled, digits, digits + magnitude.size(), 8);
    if (negative) value.unscaled = -value.unscaled;
    return value;
}

}  // namespace

void append_value(std::string& out, const Value& value) {
    switch (value.index()) {
        case 0: out.push_back(Null); return;
        case 1: out.push_back(std::get<bool>(value) ? True : False); return;
        case 2:
            out.push_back(Integer);
            append_signed(out, std::get<int64_t>(value));
            return;
        case 3: append_float(out, std::get<double>(value)); return;
        case 4: append_numeric(out, std::get<Numeric>(value)); return;
        case 5:
            out.push_back(Text);
            append_varint(out, std::get<std::string>(value).size());
            out += std::get<std::string>(value);
            return;
        default: {
            const Interval& interval = std::get<Interval>(value);
            out.push_back(IntervalValue);
            append_signed(out, interval.time);
            append_signed(out, interval.day);
            append_signed(out, interval.month);
        }
    }
}

void append_key_value(std::string& out, const Value& value) {
    if (const auto* x = std::get_if<double>(&value)) return append_float(out, *x == 0.0 ? 0.0 : *x);
    if (const auto* x = std::get_if<Numeric>(&value)) return append_numeric(out, canonical_numeric(*x));
    if (const auto* x = std::get_if<Interval>(&value)) return append_value(out, canonical_interval(*x));
    append_value(out, value);
}

std::string encode_row(const Row& row) {
    std::string out;
    for (const Value& value : row) append_value(out, value);
    return out;
}

std::string encode_key(const Row& row) {
    std::string out;
    for (const Value& value : row) append_key_value(out, value);
    return out;
}

Value decode_value(std::string_view bytes, size_t& at) {
    if (at >= bytes.size()) malformed();
    switch (static_cast<uint8_t>(bytes[at++])) {
        case Null: return {};
        case False: return false;
        case True: return true;
        case Integer: return read_signed(bytes, at);
        case Float: {
            if (bytes.size() - at < sizeof(double)) malformed();
            double value;
            std::memcpy(&value, bytes.data() + at, sizeof value);
            at += sizeof value;
            return value;
        }
        case SmallNumeric: {
            Numeric value;
            value.unscaled = read_signed(bytes, at);
            value.scale = static_cast<int32_t>(read_signed(bytes, at));
            return value;
        }
        case BigNumeric: return read_big_numeric(bytes, at);
        case NaNNumeric: return Numeric{Numeric::Kind::NaN, 0, 0};
        case PositiveInfinity: return Numeric{Numeric::Kind::PositiveInfinity, 0, 0};
        case NegativeInfinity: return Numeric{Numeric::Kind::NegativeInfinity, 0, 0};
        case Text: return std::string(read_bytes(bytes, at));
        case IntervalValue: {
            Interval interval;
            interval.time = read_signed(bytes, at);
            interval.day = static_cast<int32_t>(read_signed(bytes, at));
            interval.month = static_cast<int32_t>(read_signed(bytes, at));
            return interval;
        }
        default: malformed();
    }
}

Row decode_row(std::string_view bytes) {
    Row row;
    for (size_t at = 0; at < bytes.size();) row.push_back(decode_value(bytes, at));
    return row;
}

}  // namespace cdc
