// Which columns the maintainer holds and asks the output plugin for: by
// attribute number where the plan records it, so renaming a column a view
// reads changes nothing (issue 16, item 1).
#include "daemon/state.hpp"

#include "plan/plan_error.hpp"
#include "plan/plan_reader.hpp"
#include "source/catalog.hpp"

#include <gtest/gtest.h>

namespace cdc::daemon {
namespace {

const char* plan_with_sources = R"({"version": 1, "key": null,
  "columns": [{"name": "name", "type": "text"}],
  "sources": [{"relid": 7, "schema": "s", "table": "t", "identity": "default",
               "columns": ["id", "na\"me"], "attnums": [1, 3]}],
  "root": {"op": "scan", "relid": 7, "schema": "s", "table": "t", "columns": [{"name": "na\"me", "type": "text"}]}})";

std::string plan_error(const std::string& text) {
    try {
        plan::read_plan(text);
    } catch (const plan::PlanError& error) {
        return error.what();
    }
    return "";
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    return text.replace(text.find(from), from.size(), to);
}

TEST(State, HeldColumnsAreAttributeNumbers) {
    plan::Plan plan = plan::read_plan(plan_with_sources);
    ASSERT_EQ(plan.sources.size(), 1u);
    EXPECT_EQ(plan.sources[0].attnums, (std::vector<int32_t>{1, 3}));
    EXPECT_EQ(plan.sources[0].held_column(0), "#1");
    EXPECT_EQ(plan.sources[0].held_column(1), "#3");
}

TEST(State, PlansWithoutAttnumsHoldColumnsByName) {
    plan::Plan plan = plan::read_plan(replaced(plan_with_sources, R"(, "attnums": [1, 3])", ""));
    EXPECT_TRUE(plan.sources[0].attnums.empty());
    EXPECT_EQ(plan.sources[0].held_column(1), "na\"me");
}

TEST(State, BadAttnumsNameTheField) {
    EXPECT_EQ(plan_error(replaced(plan_with_sources, "[1, 3]", "[1]")),
              "sources[0].attnums: expected an array of attribute numbers, one per column");
    EXPECT_EQ(plan_error(replaced(plan_with_sources, "[1, 3]", "[1, 0]")),
              "sources[0].attnums[1]: expected an attribute number");
    EXPECT_EQ(plan_error(replaced(plan_with_sources, "[1, 3]", R"([1, "3"])")),
              "sources[0].attnums[1]: expected an attribute number");
}

TEST(State, TablesOptionAsksByAttnumUnderTheHeldName) {
    std::map<uint32_t, std::vector<std::string>> needed = {{7, {"#1", "#3"}}, {9, {"na\"me"}}};
    EXPECT_EQ(tables_option(needed), "7(#1 AS \"#1\", #3 AS \"#3\"), 9(\"na\"\"me\"), " +
                                         source::catalog_tables_option_entry());
}

}  // namespace
}  // namespace cdc::daemon
