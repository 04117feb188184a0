// Scalar expressions of a plan (docs/plan-format.md, "Expressions"),
// compiled once from the plan's JSON and evaluated per row with Postgres'
// semantics: three-valued logic, integer overflow and division by zero
// reported as Postgres reports them, exact numeric, text compared with the
// database's collation.
#pragma once

#include "core/value.hpp"
#include "engine/collation.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <stdexcept>
#include <string>

namespace cdc::engine {

// A run-time failure of an expression, with Postgres' message
// ("division by zero", "integer out of range", ...).  The view it belongs
// to goes to the error state; other views keep going.
class EvaluationError : public std::runtime_error {
   public:
    using std::runtime_error::runtime_error;
};

class Expr {
   public:
    virtual ~Expr() = default;
    virtual Value eval(const Row& row) const = 0;
    const TypeRef& type() const { return type_; }

   protected:
    explicit Expr(TypeRef type) : type_(std::move(type)) {}
    TypeRef type_;
};

using ExprPtr = std::unique_ptr<const Expr>;

// Field access with path errors: plan/json_fields.hpp; types: plan::read_type
// in plan/plan_reader.hpp (use those, do not write twins).
// Compiles an expression object of the plan; throws plan::PlanError naming
// path (e.g. "root.predicate.args[1]") for anything malformed or unknown.
// The collation must outlive the expression.
ExprPtr compile_expr(const nlohmann::json& node, const std::string& path, const Collation& collation);

// Postgres' ordering of two non-NULL values of one type (<0, 0, >0), as
// min(), max() and the comparison operators see it.
int compare_values(const Value& a, const Value& b, const TypeRef& type, const Collation& collation);

// Postgres' text output of a non-NULL value (what ::text and concat() print).
std::string text_form(const Value& value, const TypeRef& type);

}  // namespace cdc::engine
