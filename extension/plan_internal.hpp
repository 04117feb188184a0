/*
 * Shared between the planner's files (plan_from.cpp, plan_select.cpp);
 * not part of the planner's interface (planner.hpp).
 */
#ifndef CDC_STREAM_PLAN_INTERNAL_HPP
#define CDC_STREAM_PLAN_INTERNAL_HPP

#include "planner.hpp"

/* One query level being planned, and the levels around it (for CTEs). */
struct QueryLevel
{
	Query	   *query;
	QueryLevel *parent;
	Bitmapset **used_columns;	/* per rtindex: attnum - FirstLowInvalidHeapAttributeNumber */
};

/* ereports ERRCODE_FEATURE_NOT_SUPPORTED: "<construct> is/are not supported" */
void		refuse(const char *construct, const char *hint) pg_attribute_noreturn();

PlanNode   *plan_select(Query *query, QueryLevel *parent);
PlanNode   *plan_from_where(QueryLevel *level);

PlanNode   *make_node(PlanOp op);
LayoutColumn *make_column(Index varno, AttrNumber varattno, Node *expr, Oid type, int32 typmod,
						  const char *name);
PlanNode   *relabel_output(PlanNode *node, Index rtindex);
PlanNode   *add_filter(PlanNode *input, List *conditions);

/* plan_collations.cpp: refuses text compared under a nondeterministic collation */
void		check_deterministic_collations(Query *query);

/* plan_expr_writer.cpp */
struct JsonWriter;
void		write_type(JsonWriter *w, Oid type, int32 typmod);
void		write_expression(JsonWriter *w, Node *node, List *layout);

#endif							/* CDC_STREAM_PLAN_INTERNAL_HPP */
