#include "engine/accumulator.hpp"

#include "engine/expr.hpp"
#include "engine/forms.hpp"
#include "engine/numeric_ops.hpp"

#include <map>
#include <optional>
#include <stdexcept>
#include <unordered_map>

namespace cdc::engine {
namespace {

bool is_integer(Type type) { return type == Type::Int2 || type == Type::Int4 || type == Type::Int8; }

class CountAccumulator : public Accumulator {
   public:
    explicit CountAccumulator(bool count_nulls) : count_nulls_(count_nulls) {}
    void add(const Value& value, int64_t weight) override {
        if (count_nulls_ || !is_null(value)) count_ += weight;
    }
    Value result() const override { return count_; }

   private:
    bool count_nulls_;
    int64_t count_ = 0;
};

// Exact sum of integers or numerics.  Postgres' numeric sum has the largest
// display scale of the values summed, so the scales present are counted to
// give the right scale after retractions.
class SumAccumulator : public Accumulator {
   public:
    SumAccumulator(bool integer_result, bool average) : integer_result_(integer_result), average_(average) {}

    void add(const Value& value, int64_t weight) override {
        if (is_null(value)) return;
        count_ += weight;
        if (const auto* integer = std::get_if<int64_t>(&value)) {
            integer_sum_ += BigInt(*integer) * weight;
            return;
        }
        const Numeric& number = std::get<Numeric>(value);
        switch (number.kind) {
            case Numeric::Kind::NaN: nans_ += weight; return;
            case Numeric::Kind::PositiveInfinity: positive_infinities_ += weight; return;
            case Numeric::Kind::NegativeInfinity: negative_infinities_ += weight; return;
            case Numeric::Kind::Finite: break;
        }
        numeric_sum_ = numeric_add(numeric_sum_, numeric_mul(number, numeric_from_int(weight)));
        if ((scales_[number.scale] += weight) == 0) scales_.erase(number.scale);
    }

    Value result() const override {
        if (count_ == 0) return std::monostate{};
        if (integer_result_) {
            if (integer_sum_ > INT64_MAX || integer_sum_ < INT64_MIN) throw EvaluationError("bigint out of range");
            return static_cast<int64_t>(integer_sum_);
        }
        Numeric sum = special_sum().value_or(exact_sum());
        if (!average_) return sum;
        return numeric_div(sum, numeric_from_int(count_));
    }

   private:
    std::optional<Numeric> special_sum() const {
        if (nans_ > 0 || (positive_infinities_ > 0 && negative_infinities_ > 0)) {
            return Numeric{Numeric::Kind::NaN, 0, 0};
        }
        if (positive_infinities_ > 0) return Numeric{Numeric::Kind::PositiveInfinity, 0, 0};
        if (negative_infinities_ > 0) return Numeric{Numeric::Kind::NegativeInfinity, 0, 0};
        return std::nullopt;
    }

    Numeric exact_sum() const {
        Numeric integers{Numeric::Kind::Finite, integer_sum_, 0};
        Numeric sum = numeric_add(numeric_sum_, integers);
        int32_t scale = scales_.empty() ? 0 : scales_.rbegin()->first;
        return numeric_round(sum, scale);  // exact: no value left has a larger scale
    }

    bool integer_result_;
    bool average_;
    int64_t count_ = 0;
    BigInt integer_sum_ = 0;
    Numeric numeric_sum_;
    std::map<int32_t, int64_t> scales_;
    int64_t nans_ = 0, positive_infinities_ = 0, negative_infinities_ = 0;
};

// Counts value, in its exact form, under its class of equal values.
template <typename Classes>
void add_form(Classes& classes, const Value& value, int64_t weight) {
    if (is_null(value)) return;
    auto found = classes.try_emplace(value).first;
    found->second.add(value, weight);
    if (found->second.empty()) classes.erase(found);
}

class ValueOrder {
   public:
    ValueOrder(const TypeRef& type, const Collation& collation) : type_(&type), collation_(&collation) {}
    bool operator()(const Value& a, const Value& b) const { return compare_values(a, b, *type_, *collation_) < 0; }

   private:
    const TypeRef* type_;
    const Collation* collation_;
};

class MinMaxAccumulator : public Accumulator {
   public:
    MinMaxAccumulator(bool max, TypeRef type, const Collation& collation)
        : max_(max), type_(std::move(type)), values_(ValueOrder(type_, collation)) {}

    void add(const Value& value, int64_t weight) override { add_form(values_, value, weight); }
    Value result() const override {
        if (values_.empty()) return std::monostate{};
        const auto& [value, forms] = max_ ? *values_.rbegin() : *values_.begin();
        return forms.shown(value);
    }

   private:
    bool max_;
    TypeRef type_;
    std::map<Value, ValueForms, ValueOrder> values_;  // each value's forms (forms.hpp)
};

struct ValueHash {
    size_t operator()(const Value& value) const { return hash_value(value); }
};
struct ValueEqual {
    bool operator()(const Value& a, const Value& b) const { return values_equal(a, b); }
};

// f(DISTINCT x): the distinct non-NULL values, fed once each to a fresh f
class DistinctAccumulator : public Accumulator {
   public:
    DistinctAccumulator(AggregateSpec spec, const Collation& collation)
        : spec_(std::move(spec)), collation_(collation) {
        spec_.distinct = false;
    }
    void add(const Value& value, int64_t weight) override { add_form(values_, value, weight); }
    Value result() const override {
        if (spec_.fn == "count") return static_cast<int64_t>(values_.size());  // the common case, in O(1)
        auto inner = make_accumulator(spec_, collation_);
        for (const auto& [value, forms] : values_) inner->add(forms.shown(value), 1);
        return inner->result();
    }

   private:
    AggregateSpec spec_;
    const Collation& collation_;
    std::unordered_map<Value, ValueForms, ValueHash, ValueEqual> values_;  // each value's forms (forms.hpp)
};

}  // namespace

std::unique_ptr<Accumulator> make_accumulator(const AggregateSpec& spec, const Collation& collation) {
    if (spec.distinct && spec.fn != "count_star") return std::make_unique<DistinctAccumulator>(spec, collation);
    if (spec.fn == "count_star" || spec.fn == "count") return std::make_unique<CountAccumulator>(spec.fn == "count_star");
    if (spec.fn == "min" || spec.fn == "max") {
        return std::make_unique<MinMaxAccumulator>(spec.fn == "max", spec.arg_type, collation);
    }
    bool exact_argument = is_integer(spec.arg_type.type) || spec.arg_type.type == Type::Numeric;
    if ((spec.fn == "sum" || spec.fn == "avg") && exact_argument) {
        bool integer_result = spec.fn == "sum" && spec.result_type.type == Type::Int8 && spec.arg_type.type != Type::Int8;
        return std::make_unique<SumAccumulator>(integer_result, spec.fn == "avg");
    }
    throw std::invalid_argument("aggregate " + spec.fn + "(" + spec.arg_type.name + ") is not supported");
}

}  // namespace cdc::engine
