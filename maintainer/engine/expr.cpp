#include "engine/expr_internal.hpp"

#include "plan/json_fields.hpp"
#include "plan/plan_reader.hpp"

#include <boost/container/small_vector.hpp>

#include <utility>

namespace cdc::engine {
namespace {

using nlohmann::json;
using plan::array_field;
using plan::child_path;
using plan::field;
using plan::index_path;
using plan::PlanError;

std::vector<ExprPtr> compile_list(const json& list, const std::string& path, const Collation& collation) {
    std::vector<ExprPtr> result;
    for (size_t i = 0; i < list.size(); ++i) {
        result.push_back(compile_expr(list[i], index_path(path, i), collation));
    }
    return result;
}

class ColumnExpr : public Expr {
   public:
    ColumnExpr(TypeRef type, size_t index) : Expr(std::move(type)), index_(index) {}
    Value eval(const Row& row) const override { return row.at(index_); }

   private:
    size_t index_;
};

class ConstExpr : public Expr {
   public:
    ConstExpr(TypeRef type, Value value) : Expr(std::move(type)), value_(std::move(value)) {}
    Value eval(const Row&) const override { return value_; }

   private:
    Value value_;
};

class FuncExpr : public Expr {
   public:
    FuncExpr(TypeRef type, std::vector<ExprPtr> args, Function function)
        : Expr(std::move(type)), args_(std::move(args)), function_(std::move(function)) {}
    Value eval(const Row& row) const override {
        // every argument is evaluated, as in Postgres, so an error in a later
        // one is raised even when an earlier one is NULL
        boost::container::small_vector<Value, 3> values;
        bool any_null = false;
        for (const ExprPtr& arg : args_) {
            values.push_back(arg->eval(row));
            any_null |= is_null(values.back());
        }
        if (any_null && function_.strict) return Value{};
        return function_.apply(std::span<const Value>(values.data(), values.size()));
    }

   private:
    std::vector<ExprPtr> args_;
    Function function_;
};

class CastExpr : public Expr {
   public:
    CastExpr(TypeRef type, ExprPtr arg, Conversion conversion)
        : Expr(std::move(type)), arg_(std::move(arg)), conversion_(std::move(conversion)) {}
    Value eval(const Row& row) const override {
        Value value = arg_->eval(row);
        return is_null(value) ? value : conversion_(value);
    }

   private:
    ExprPtr arg_;
    Conversion conversion_;
};

// AND (stop_on = false) and OR (stop_on = true): the first argument equal to
// stop_on decides; otherwise NULL if any argument was NULL.
class LogicExpr : public Expr {
   public:
    LogicExpr(TypeRef type, std::vector<ExprPtr> args, bool stop_on)
        : Expr(std::move(type)), args_(std::move(args)), stop_on_(stop_on) {}
    Value eval(const Row& row) const override {
        bool saw_null = false;
        for (const ExprPtr& arg : args_) {
            Value value = arg->eval(row);
            if (is_null(value)) saw_null = true;
            else if (std::get<bool>(value) == stop_on_) return stop_on_;
        }
        return saw_null ? Value{} : Value{!stop_on_};
    }

   private:
    std::vector<ExprPtr> args_;
    bool stop_on_;
};

class NotExpr : public Expr {
   public:
    NotExpr(TypeRef type, ExprPtr arg) : Expr(std::move(type)), arg_(std::move(arg)) {}
    Value eval(const Row& row) const override {
        Value value = arg_->eval(row);
        return is_null(value) ? value : Value{!std::get<bool>(value)};
    }

   private:
    ExprPtr arg_;
};

// IS [NOT] NULL and the boolean tests: a fixed answer for NULL, true and false.
class TestExpr : public Expr {
   public:
    struct Answers {
        bool if_null, if_true, if_false;
    };
    TestExpr(TypeRef type, ExprPtr arg, Answers answers)
        : Expr(std::move(type)), arg_(std::move(arg)), answers_(answers) {}
    Value eval(const Row& row) const override {
        Value value = arg_->eval(row);
        if (is_null(value)) return answers_.if_null;
        // IS [NOT] NULL on a non-boolean: any non-NULL value is "true" here
        const bool* flag = std::get_if<bool>(&value);
        return flag == nullptr || *flag ? answers_.if_true : answers_.if_false;
    }

   private:
    ExprPtr arg_;
    Answers answers_;
};

class CoalesceExpr : public Expr {
   public:
    CoalesceExpr(TypeRef type, std::vector<ExprPtr> args) : Expr(std::move(type)), args_(std::move(args)) {}
    Value eval(const Row& row) const override {
        for (const ExprPtr& arg : args_) {
            Value value = arg->eval(row);
            if (!is_null(value)) return value;
        }
        return Value{};
    }

   private:
    std::vector<ExprPtr> args_;
};

class NullIfExpr : public Expr {
   public:
    NullIfExpr(TypeRef type, ExprPtr first, ExprPtr second, const Collation& collation)
        : Expr(std::move(type)), first_(std::move(first)), second_(std::move(second)), collation_(collation) {}
    Value eval(const Row& row) const override {
        Value first = first_->eval(row);
        Value second = second_->eval(row);
        if (!is_null(first) && !is_null(second) && compare_values(first, second, first_->type(), collation_) == 0) return Value{};
        return first;
    }

   private:
    ExprPtr first_, second_;
    const Collation& collation_;
};

class CaseExpr : public Expr {
   public:
    using When = std::pair<ExprPtr, ExprPtr>;
    CaseExpr(TypeRef type, std::vector<When> whens, ExprPtr otherwise)
        : Expr(std::move(type)), whens_(std::move(whens)), otherwise_(std::move(otherwise)) {}
    Value eval(const Row& row) const override {
        for (const When& when : whens_) {
            Value condition = when.first->eval(row);
            if (!is_null(condition) && std::get<bool>(condition)) return when.second->eval(row);
        }
        return otherwise_ ? otherwise_->eval(row) : Value{};
    }

   private:
    std::vector<When> whens_;
    ExprPtr otherwise_;
};

ExprPtr compile_const(const json& node, TypeRef type, const std::string& path) {
    const json& value = field(node, "value", path);
    if (value.is_null()) return std::make_unique<ConstExpr>(std::move(type), Value{});
    if (!value.is_string()) throw PlanError(child_path(path, "value"), "expected a string or null");
    try {
        Value parsed = parse_input(value.get<std::string>(), type);
        return std::make_unique<ConstExpr>(std::move(type), std::move(parsed));
    } catch (const EvaluationError& error) {
        throw PlanError(child_path(path, "value"), error.what());
    }
}

// "utc_offset" of a node that reads TimeZone: seconds east of UTC.
std::optional<int64_t> utc_offset(const json& node, const std::string& path) {
    auto found = node.find("utc_offset");
    if (found == node.end()) return std::nullopt;
    if (!found->is_number_integer()) throw PlanError(child_path(path, "utc_offset"), "expected seconds east of UTC");
    return found->get<int64_t>();
}

ExprPtr compile_func(const json& node, TypeRef type, const std::string& path, const Collation& collation) {
    std::string fn = plan::string_field(node, "fn", path);
    std::vector<ExprPtr> args = compile_list(array_field(node, "args", path), child_path(path, "args"), collation);
    std::vector<TypeRef> arg_types;
    for (const ExprPtr& arg : args) arg_types.push_back(arg->type());
    FunctionCall call{fn, arg_types, type, collation, path, utc_offset(node, path)};
    // datetime arithmetic first: it answers only for date, time and interval operands
    for (auto family : {datetime_arithmetic_function, arithmetic_function, comparison_function, text_function,
                        datetime_function, to_char_function}) {
        Function function = family(call);
        if (function.apply) return std::make_unique<FuncExpr>(std::move(type), std::move(args), std::move(function));
    }
    throw PlanError(child_path(path, "fn"), "unknown function \"" + fn + "\"");
}

ExprPtr compile_case(const json& node, TypeRef type, const std::string& path, const Collation& collation) {
    const json& whens = array_field(node, "whens", path);
    std::vector<CaseExpr::When> compiled;
    for (size_t i = 0; i < whens.size(); ++i) {
        std::string when_path = index_path(child_path(path, "whens"), i);
        if (!whens[i].is_array() || whens[i].size() != 2) throw PlanError(when_path, "expected [condition, result]");
        compiled.emplace_back(compile_expr(whens[i][0], index_path(when_path, 0), collation),
                              compile_expr(whens[i][1], index_path(when_path, 1), collation));
    }
    auto otherwise = node.find("else");
    ExprPtr otherwise_expr;
    if (otherwise != node.end() && !otherwise->is_null()) {
        otherwise_expr = compile_expr(*otherwise, child_path(path, "else"), collation);
    }
    return std::make_unique<CaseExpr>(std::move(type), std::move(compiled), std::move(otherwise_expr));
}

// Answers (NULL, true, false) of the IS tests.
const std::pair<const char*, TestExpr::Answers> test_kinds[] = {
    {"is_null", {true, false, false}},      {"is_not_null", {false, true, true}},
    {"is_true", {false, true, false}},      {"is_not_true", {true, false, true}},
    {"is_false", {false, false, true}},     {"is_not_false", {true, true, false}},
    {"is_unknown", {true, false, false}},   {"is_not_unknown", {false, true, true}},
};

ExprPtr compile_args_kind(const std::string& kind, const json& node, TypeRef type, const std::string& path,
                          const Collation& collation) {
    std::vector<ExprPtr> args = compile_list(array_field(node, "args", path), child_path(path, "args"), collation);
    size_t minimum = kind == "coalesce" ? 1 : 2;
    if (args.size() < minimum || (kind == "nullif" && args.size() != 2)) {
        throw PlanError(child_path(path, "args"), "wrong number of arguments for " + kind);
    }
    if (kind == "and" || kind == "or") return std::make_unique<LogicExpr>(std::move(type), std::move(args), kind == "or");
    if (kind == "coalesce") return std::make_unique<CoalesceExpr>(std::move(type), std::move(args));
    return std::make_unique<NullIfExpr>(std::move(type), std::move(args[0]), std::move(args[1]), collation);
}

ExprPtr compile_arg_kind(const std::string& kind, const json& node, TypeRef type, const std::string& path,
                         const Collation& collation) {
    const TestExpr::Answers* answers = nullptr;
    for (const auto& [name, test_answers] : test_kinds) {
        if (kind == name) answers = &test_answers;
    }
    if (answers == nullptr && kind != "not" && kind != "cast") {
        throw PlanError(child_path(path, "kind"), "unknown expression kind \"" + kind + "\"");
    }
    ExprPtr arg = compile_expr(field(node, "arg", path), child_path(path, "arg"), collation);
    if (answers != nullptr) return std::make_unique<TestExpr>(std::move(type), std::move(arg), *answers);
    if (kind == "not") return std::make_unique<NotExpr>(std::move(type), std::move(arg));
    Conversion conversion = cast_conversion(arg->type(), type, path, utc_offset(node, path));
    return std::make_unique<CastExpr>(std::move(type), std::move(arg), std::move(conversion));
}

size_t column_index(const json& node, const std::string& path) {
    const json& index = field(node, "index", path);
    if (!index.is_number_unsigned()) throw PlanError(child_path(path, "index"), "expected a column index");
    return index.get<size_t>();
}

}  // namespace

void require_arg_count(const FunctionCall& call, size_t min, size_t max) {
    size_t count = call.arg_types.size();
    if (count < min || count > max) {
        throw PlanError(child_path(call.path, "args"), "wrong number of arguments for " + call.fn + ": " + std::to_string(count));
    }
}

ExprPtr compile_expr(const json& node, const std::string& path, const Collation& collation) {
    TypeRef type = plan::read_type(node, path);
    std::string kind = plan::string_field(node, "kind", path);
    if (kind == "column") return std::make_unique<ColumnExpr>(std::move(type), column_index(node, path));
    if (kind == "const") return compile_const(node, std::move(type), path);
    if (kind == "func") return compile_func(node, std::move(type), path, collation);
    if (kind == "case") return compile_case(node, std::move(type), path, collation);
    if (kind == "and" || kind == "or" || kind == "coalesce" || kind == "nullif") {
        return compile_args_kind(kind, node, std::move(type), path, collation);
    }
    return compile_arg_kind(kind, node, std::move(type), path, collation);
}

}  // namespace cdc::engine
