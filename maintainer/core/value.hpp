// Values and rows as cdc-maintainer holds them.
//
// A Value carries no type of its own: every column and every expression has a
// Type in the view's plan, and that type says how to read the Value.  This
// keeps rows small and makes equal values of one column compare equal with
// no type lookups on the hot path.
//
//   Postgres type                         Value alternative
//   NULL (any type)                       std::monostate
//   bool                                  bool
//   int2, int4, int8                      int64_t
//   date                                  int64_t, days since 2000-01-01
//                                         (INT32_MIN / INT32_MAX: -/+infinity)
//   timestamp, timestamptz                int64_t, microseconds since
//                                         2000-01-01 00:00 (UTC for tz);
//                                         INT64_MIN / INT64_MAX: -/+infinity
//   interval                              Interval (core/interval.hpp)
//   float4, float8                        double
//   numeric                               Numeric
//   text, varchar, bpchar, uuid, json,    std::string (UTF-8; uuid in its
//   jsonb, and every other type           canonical text form; others in
//                                         their Postgres text output form)
//   bytea                                 std::string of the raw bytes
#pragma once

#include <boost/multiprecision/cpp_int.hpp>

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace cdc {

using BigInt = boost::multiprecision::cpp_int;

// The Postgres types the maintainer knows by meaning.  Other covers every
// type it only carries along (in text form), such as arrays.
enum class Type : uint8_t {
    Bool,
    Int2,
    Int4,
    Int8,
    Float4,
    Float8,
    Numeric,
    Text,
    Varchar,
    Bpchar,
    Date,
    Timestamp,
    TimestampTz,
    Interval,
    Uuid,
    Bytea,
    Json,
    Jsonb,
    Other,
};

// A column's or expression's type as the plan states it.
struct TypeRef {
    Type type = Type::Other;
    std::string name;     // Postgres' typname, e.g. "int4", "_text"
    int32_t typmod = -1;  // e.g. numeric(10,2), varchar(20); -1 if none
};

// Type from a Postgres typname ("int4", "timestamptz", ...); Other if unknown.
Type type_from_name(const std::string& name);

// Exact decimal: value = unscaled / 10^scale.  scale is Postgres' display
// scale (dscale), kept so 1.50 prints as 1.50; equality and ordering are by
// value (1.5 == 1.50), as in Postgres.
struct Numeric {
    enum class Kind : uint8_t { Finite, NaN, PositiveInfinity, NegativeInfinity };
    Kind kind = Kind::Finite;
    BigInt unscaled = 0;
    int32_t scale = 0;
};

int compare_numeric(const struct Numeric& a, const struct Numeric& b);  // <0, 0, >0; NaN largest
inline bool operator==(const Numeric& a, const Numeric& b) { return compare_numeric(a, b) == 0; }

// An interval's three fields, as Postgres' Interval struct holds them.
// Equality and order are by interval_span (core/interval.hpp), not by field:
// operator== here is identity of form, as for the variant's other members.
struct Interval {
    int64_t time = 0;  // microseconds
    int32_t day = 0;
    int32_t month = 0;
    friend bool operator==(const Interval&, const Interval&) = default;
};

using Value = std::variant<std::monostate, bool, int64_t, double, Numeric, std::string, Interval>;
using Row = std::vector<Value>;

inline bool is_null(const Value& value) { return std::holds_alternative<std::monostate>(value); }

// Equality and hashing with Postgres' equality semantics for values of one
// type: numeric by value, float -0 equal to 0 and NaN equal to NaN, interval
// by its span ('1 month' = '30 days').
bool values_equal(const Value& a, const Value& b);
size_t hash_value(const Value& value);

struct RowHash {
    size_t operator()(const Row& row) const;
};
struct RowEqual {
    bool operator()(const Row& a, const Row& b) const;
};

// Values that print the same: equal and of the same form (numeric 1.5 and
// 1.50 are equal, not identical; nor are float8 0 and -0).  Identical values
// are equal, so RowHash serves identical rows too.
bool values_identical(const Value& a, const Value& b);
struct RowIdentical {
    bool operator()(const Row& a, const Row& b) const;
};
// Among equal values of different forms, a fixed order: numeric by scale
// (1.5 before 1.50), float 0 before -0; false for identical values.
bool form_before(const Value& a, const Value& b);
struct RowFormBefore {
    bool operator()(const Row& a, const Row& b) const;
};

// Numeric helpers used across the maintainer.
Numeric parse_numeric(const std::string& text);           // Postgres numeric_in syntax
std::string numeric_to_string(const Numeric& value);       // Postgres numeric_out

}  // namespace cdc
