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
Query	   *prune_unused_outputs(Query *subquery, Bitmapset *used);
Relids		expression_varnos(Node *node);

/*
 * plan_sublink.cpp: a condition EXISTS, IN, NOT EXISTS or NOT IN (SELECT
 * ...), decorrelated into a semi or anti join of the rows it filters.
 */
struct SublinkJoin
{
	PlanOp		op;				/* PLAN_SEMI_JOIN or PLAN_ANTI_JOIN */
	bool		not_in;			/* the last key pair is NOT IN's */
	PlanNode   *subquery;		/* the subquery's plan */
	List	   *outer_keys;		/* Node *, at the condition's query level */
	List	   *inner_keys;		/* Node *, on the subquery's output */
	Relids		relids;			/* range table entries the outer keys read */
};

/* Takes the subquery conditions out of conditions; refuses other subqueries in them. */
List	   *take_sublink_conditions(List **conditions, QueryLevel *level);

/* Applies each of joins to the first of items holding every column it reads; returns the others. */
List	   *place_sublink_joins(List *items, List *joins);
PlanNode   *apply_sublink_joins(PlanNode *outer, List *joins);

/* Refuses any subquery in node: "<construct> <place>". */
void		refuse_sublinks(Node *node, const char *place);

/* plan_fold.cpp: Postgres' constant folding of one query level's expressions */
void		fold_constants(Query *query);

/* plan_collations.cpp: refuses text compared under a nondeterministic collation */
void		check_deterministic_collations(Query *query);

/* plan_expr_writer.cpp */
struct JsonWriter;
void		write_type(JsonWriter *w, Oid type, int32 typmod);
void		write_expression(JsonWriter *w, Node *node, List *layout);

#endif							/* CDC_STREAM_PLAN_INTERNAL_HPP */
