/*
 * FROM and WHERE of one query level: scans of tables, subqueries and CTEs
 * (planned recursively by plan_select), joins and filters.
 *
 * FROM items are joined left to right.  Inner joins (of the FROM list or
 * JOIN ... ON) take equalities between their two sides as join keys and
 * push conditions on one side below the join as filters; outer joins keep
 * every non-key condition as the join's residual, where it belongs.
 * Subquery conditions (plan_sublink.cpp) become semi and anti joins.
 */
extern "C" {
#include "postgres.h"

#include "access/table.h"
#include "catalog/pg_class.h"
#include "catalog/pg_inherits.h"
#include "catalog/pg_type.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parse_coerce.h"
#include "parser/parsetree.h"
#include "tcop/tcopprot.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/relcache.h"
}

#include <utility>

#include "plan_internal.hpp"

static PlanNode *plan_from_item(Node *item, QueryLevel *level);

PlanNode *
make_node(PlanOp op)
{
	PlanNode   *node = (PlanNode *) palloc0(sizeof(PlanNode));

	node->op = op;
	return node;
}

LayoutColumn *
make_column(Index varno, AttrNumber varattno, Node *expr, Oid type, int32 typmod, const char *name)
{
	LayoutColumn *column = (LayoutColumn *) palloc0(sizeof(LayoutColumn));

	column->varno = varno;
	column->varattno = varattno;
	column->expr = expr;
	column->type = type;
	column->typmod = typmod;
	column->name = name;
	return column;
}

int
layout_find(List *layout, Node *node)
{
	int			index = 0;
	ListCell   *lc;

	foreach(lc, layout)
	{
		LayoutColumn *column = (LayoutColumn *) lfirst(lc);

		if (IsA(node, Var))
		{
			Var		   *var = (Var *) node;

			if (var->varlevelsup == 0 && column->varno == (Index) var->varno && column->varattno == var->varattno)
				return index;
		}
		else if (column->expr != NULL && equal(column->expr, node))
			return index;
		index++;
	}
	return -1;
}

static void
check_scannable(Relation rel)
{
	/* temporary schemas have session-specific names: leave them out */
	const char *name = rel->rd_rel->relpersistence == RELPERSISTENCE_TEMP ?
		quote_identifier(RelationGetRelationName(rel)) :
		quote_qualified_identifier(get_namespace_name(RelationGetNamespace(rel)), RelationGetRelationName(rel));

	if (rel->rd_rel->relkind == RELKIND_PARTITIONED_TABLE)
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						errmsg("partitioned table %s is not supported by cdc_stream", name),
						errhint("Name its partitions instead.")));
	if (rel->rd_rel->relkind != RELKIND_RELATION)
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						errmsg("%s is not a table: cdc_stream views read ordinary tables (and views of them)", name)));
	if (rel->rd_rel->relpersistence == RELPERSISTENCE_TEMP)
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						errmsg("temporary table %s is not supported by cdc_stream", name),
						errdetail("Changes of temporary tables are not decoded.")));
	if (rel->rd_rel->relpersistence == RELPERSISTENCE_UNLOGGED)
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						errmsg("unlogged table %s is not supported by cdc_stream", name),
						errdetail("Changes of unlogged tables are not written to the WAL.")));
	if (rel->rd_rel->relrowsecurity)
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						errmsg("table %s has row-level security, which cdc_stream cannot apply", name)));
	if (rel->rd_rel->relreplident == REPLICA_IDENTITY_NOTHING)
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						errmsg("table %s has REPLICA IDENTITY NOTHING", name),
						errdetail("cdc-maintainer must know which row an UPDATE or DELETE changed."),
						errhint("ALTER TABLE %s REPLICA IDENTITY DEFAULT; (with a primary key) or REPLICA IDENTITY FULL;", name)));
	if (rel->rd_rel->relreplident == REPLICA_IDENTITY_DEFAULT && !OidIsValid(RelationGetReplicaIndex(rel)))
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						errmsg("table %s has no primary key and its replica identity is not FULL", name),
						errdetail("cdc-maintainer must know which row an UPDATE or DELETE changed."),
						errhint("ALTER TABLE %s REPLICA IDENTITY FULL; or add a primary key.", name)));
}

static PlanNode *
plan_scan(Index rtindex, RangeTblEntry *rte, QueryLevel *level)
{
	PlanNode   *node = make_node(PLAN_SCAN);
	Relation	rel = table_open(rte->relid, AccessShareLock);
	TupleDesc	desc = RelationGetDescr(rel);
	int			member = -1;

	check_scannable(rel);
	if (rte->tablesample != NULL)
		refuse("TABLESAMPLE", NULL);
	if (rte->inh && has_subclass(rte->relid))
		refuse("tables with inheritance children", "Use FROM ONLY, or name the children.");
	node->relid = rte->relid;
	node->relids = bms_make_singleton(rtindex);
	while ((member = bms_next_member(level->used_columns[rtindex], member)) >= 0)
	{
		AttrNumber	attnum = member + FirstLowInvalidHeapAttributeNumber;
		Form_pg_attribute att = TupleDescAttr(desc, attnum - 1);

		check_supported_type(att->atttypid, NameStr(att->attname));
		node->scan_attnums = lappend_int(node->scan_attnums, attnum);
		node->output = lappend(node->output,
							   make_column(rtindex, attnum, NULL, att->atttypid, att->atttypmod,
										   pstrdup(NameStr(att->attname))));
	}
	table_close(rel, AccessShareLock);
	return node;
}

/* A planned subquery's output, seen from its parent as columns of rtindex. */
PlanNode *
relabel_output(PlanNode *node, Index rtindex)
{
	List	   *relabelled = NIL;
	int			attno = 0;
	ListCell   *lc;

	foreach(lc, node->output)
	{
		LayoutColumn *column = (LayoutColumn *) lfirst(lc);

		relabelled = lappend(relabelled, make_column(rtindex, ++attno, NULL, column->type,
													 column->typmod, column->name));
	}
	node->output = relabelled;
	node->relids = bms_make_singleton(rtindex);
	return node;
}

/*
 * Outputs of a subquery that its parent does not read become NULL, so the
 * subquery's scans do not ask for the columns behind them.  Not for
 * DISTINCT and UNION subqueries, whose rows depend on every column, nor for
 * outputs the subquery groups or sorts by.
 */
Query *
prune_unused_outputs(Query *subquery, Bitmapset *used)
{
	ListCell   *lc;

	if (subquery->distinctClause != NIL || subquery->setOperations != NULL)
		return subquery;
	foreach(lc, subquery->targetList)
	{
		TargetEntry *entry = lfirst_node(TargetEntry, lc);
		Node	   *expr = (Node *) entry->expr;

		if (!entry->resjunk && entry->ressortgroupref == 0 &&
			!bms_is_member(entry->resno - FirstLowInvalidHeapAttributeNumber, used))
			entry->expr = (Expr *) makeNullConst(exprType(expr), exprTypmod(expr), exprCollation(expr));
	}
	return subquery;
}

/*
 * Whether subquery is the rewriter's expansion of a cdc_stream view: its
 * first range table entry is then the view itself ("old", not in FROM,
 * where Postgres 15 checks the view's privileges).
 */
static bool
expands_cdc_stream_view(Query *subquery)
{
	RangeTblEntry *old;
	Oid			types[1] = {OIDOID};
	Datum		values[1];
	bool		found;

	if (subquery->rtable == NIL)
		return false;
	old = linitial_node(RangeTblEntry, subquery->rtable);
	if (old->rtekind != RTE_RELATION || old->relkind != RELKIND_VIEW || old->inFromCl)
		return false;
	values[0] = ObjectIdGetDatum(old->relid);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "cdc_stream: SPI_connect failed");
	if (SPI_execute_with_args("SELECT 1 FROM cdc_stream.views WHERE view_oid = $1", 1, types, values, NULL,
							  true, 1) != SPI_OK_SELECT)
		elog(ERROR, "cdc_stream: reading cdc_stream.views failed");
	found = SPI_processed > 0;
	SPI_finish();
	return found;
}

/*
 * A subquery is planned with only the outputs its parent reads, except a
 * cdc_stream view's: planned whole, its plan is the view's own, which
 * cdc-maintainer then runs once for the view and every view over it.
 */
static Query *
subquery_to_plan(Query *subquery, Bitmapset *used)
{
	if (expands_cdc_stream_view(subquery))
		return subquery;
	return prune_unused_outputs(subquery, used);
}

static CommonTableExpr *
find_cte(RangeTblEntry *rte, QueryLevel *level, QueryLevel **owner)
{
	ListCell   *lc;

	for (Index up = 0; up < rte->ctelevelsup; up++)
		level = level->parent;
	*owner = level;
	foreach(lc, level->query->cteList)
	{
		CommonTableExpr *cte = lfirst_node(CommonTableExpr, lc);

		if (strcmp(cte->ctename, rte->ctename) == 0)
			return cte;
	}
	elog(ERROR, "CTE \"%s\" not found", rte->ctename);
}

static PlanNode *
plan_range_table_entry(Index rtindex, QueryLevel *level)
{
	RangeTblEntry *rte = rt_fetch(rtindex, level->query->rtable);
	CommonTableExpr *cte;
	QueryLevel *owner;

	if (rte->lateral)
		refuse("LATERAL subqueries", NULL);
	switch (rte->rtekind)
	{
		case RTE_RELATION:
			return plan_scan(rtindex, rte, level);
		case RTE_SUBQUERY:
			return relabel_output(plan_select(subquery_to_plan(rte->subquery, level->used_columns[rtindex]),
											  level), rtindex);
		case RTE_CTE:
			cte = find_cte(rte, level, &owner);
			if (cte->cterecursive)
				refuse("recursive CTEs", NULL);
			if (!IsA(cte->ctequery, Query) || ((Query *) cte->ctequery)->commandType != CMD_SELECT)
				refuse("data-modifying statements in WITH", NULL);
			else
				return relabel_output(plan_select(prune_unused_outputs((Query *) copyObjectImpl(cte->ctequery),
																	   level->used_columns[rtindex]),
												  owner), rtindex);
		case RTE_FUNCTION:
			refuse("functions in FROM", NULL);
		case RTE_VALUES:
			refuse("VALUES lists in FROM", "Put the rows in a table.");
		case RTE_TABLEFUNC:
			refuse("table functions in FROM", NULL);
		default:
			refuse("this kind of FROM item", NULL);
	}
}

/* Range table indexes of the columns node reads, at this query level. */
static bool
varnos_walker(Node *node, Relids *relids)
{
	if (node == NULL)
		return false;
	if (IsA(node, Var) && ((Var *) node)->varlevelsup == 0)
	{
		*relids = bms_add_member(*relids, ((Var *) node)->varno);
		return false;
	}
	return expression_tree_walker(node, TREE_WALKER(varnos_walker), relids);
}

Relids
expression_varnos(Node *node)
{
	Relids		relids = NULL;

	varnos_walker(node, &relids);
	return relids;
}

PlanNode *
add_filter(PlanNode *input, List *conditions)
{
	PlanNode   *node;

	if (conditions == NIL)
		return input;
	node = make_node(PLAN_FILTER);
	node->input = input;
	node->input_layout = input->output;
	node->output = input->output;
	node->relids = input->relids;
	node->predicate = (Node *) make_ands_explicit(conditions);
	return node;
}

/*
 * If condition is left_expr = right_expr with each side on one input, adds
 * the pair to the join's keys.  bpchar is left to the residual: its equality
 * ignores trailing spaces, the maintainer's hash keys would not.
 */
static bool
add_join_key(PlanNode *join, Node *condition)
{
	OpExpr	   *op = (OpExpr *) condition;
	Node	   *a,
			   *b;
	Relids		a_relids,
				b_relids;

	if (!IsA(condition, OpExpr) || list_length(op->args) != 2 || !is_equality_operator(op->opno))
		return false;
	a = (Node *) linitial(op->args);
	b = (Node *) lsecond(op->args);
	if (getBaseType(exprType(a)) == BPCHAROID)
		return false;
	a_relids = expression_varnos(a);
	b_relids = expression_varnos(b);
	if (bms_is_empty(a_relids) || bms_is_empty(b_relids))
		return false;
	if (!bms_is_subset(a_relids, join->input->relids) || !bms_is_subset(b_relids, join->right->relids))
	{
		if (!bms_is_subset(b_relids, join->input->relids) || !bms_is_subset(a_relids, join->right->relids))
			return false;
		std::swap(a, b);
	}
	describe_operator(op->opno, op->args);	/* refuses unsupported operand types */
	if (!keys_compare_alike(exprType(a), exprType(b)))
		return false;			/* date = timestamp: a residual condition */
	check_key_type(exprType(a), "join conditions");
	join->left_keys = lappend(join->left_keys, a);
	join->right_keys = lappend(join->right_keys, b);
	return true;
}

static PlanNode *
make_join(JoinType type, PlanNode *left, PlanNode *right, List *conditions)
{
	PlanNode   *join = make_node(PLAN_JOIN);
	List	   *residual = NIL;
	ListCell   *lc;

	join->join_type = type;
	join->input = left;
	join->right = right;
	join->output = list_concat_copy(left->output, right->output);
	join->input_layout = join->output;
	join->relids = bms_union(left->relids, right->relids);
	foreach(lc, conditions)
	{
		if (!add_join_key(join, (Node *) lfirst(lc)))
			residual = lappend(residual, lfirst(lc));
	}
	join->residual = residual != NIL ? (Node *) make_ands_explicit(residual) : NULL;
	return join;
}

/*
 * Splits conditions: those on one of items' inputs become filters of that
 * input (for inner joins only, where this is sound); the rest are returned.
 */
static List *
push_down_conditions(List **items, List *conditions)
{
	List	   *remaining = NIL;
	ListCell   *lc;

	foreach(lc, conditions)
	{
		Node	   *condition = (Node *) lfirst(lc);
		Relids		relids = expression_varnos(condition);
		bool		placed = false;
		ListCell   *item;

		foreach(item, *items)
		{
			PlanNode   *input = (PlanNode *) lfirst(item);

			if (!bms_is_empty(relids) && bms_is_subset(relids, input->relids))
			{
				lfirst(item) = add_filter(input, list_make1(condition));
				placed = true;
				break;
			}
		}
		if (!placed)
			remaining = lappend(remaining, condition);
	}
	return remaining;
}

/* Conditions that can be evaluated once all of relids are joined. */
static List *
take_conditions_within(List **conditions, Relids relids)
{
	List	   *taken = NIL;
	List	   *kept = NIL;
	ListCell   *lc;

	foreach(lc, *conditions)
	{
		Relids		needed = expression_varnos((Node *) lfirst(lc));

		if (!bms_is_empty(needed) && bms_is_subset(needed, relids))
			taken = lappend(taken, lfirst(lc));
		else
			kept = lappend(kept, lfirst(lc));
	}
	*conditions = kept;
	return taken;
}

/*
 * A subquery condition in an outer join's ON that reads only the nullable
 * side filters that side before the join: rows it rejects match nothing,
 * as rows failing any other condition on them.  On the preserved side it
 * would decide padding, which a semi join cannot express.
 */
static PlanNode *
plan_outer_join(JoinType type, PlanNode *left, PlanNode *right, List *conditions, QueryLevel *level)
{
	PlanNode  **nullable = type == JOIN_LEFT ? &right : &left;
	List	   *sublinks;
	ListCell   *lc;

	if (type == JOIN_FULL)
	{
		refuse_sublinks((Node *) conditions, "in the ON clause of a full join");
		return make_join(type, left, right, conditions);
	}
	sublinks = take_sublink_conditions(&conditions, level);
	foreach(lc, sublinks)
	{
		if (!bms_is_subset(((SublinkJoin *) lfirst(lc))->relids, (*nullable)->relids))
			refuse("subquery conditions in the ON clause of an outer join that read its preserved side", NULL);
	}
	*nullable = apply_sublink_joins(*nullable, sublinks);
	return make_join(type, left, right, conditions);
}

static PlanNode *
plan_join_expr(JoinExpr *join, QueryLevel *level)
{
	PlanNode   *left = plan_from_item(join->larg, level);
	PlanNode   *right = plan_from_item(join->rarg, level);
	List	   *conditions = make_ands_implicit((Expr *) join->quals);

	switch (join->jointype)
	{
		case JOIN_INNER:
			{
				List	   *sublinks = take_sublink_conditions(&conditions, level);
				List	   *sides = list_make2(left, right);

				conditions = push_down_conditions(&sides, conditions);
				sublinks = place_sublink_joins(sides, sublinks);
				return apply_sublink_joins(make_join(JOIN_INNER, (PlanNode *) linitial(sides),
													 (PlanNode *) lsecond(sides), conditions),
										   sublinks);
			}
		case JOIN_LEFT:
		case JOIN_RIGHT:
		case JOIN_FULL:
			return plan_outer_join(join->jointype, left, right, conditions, level);
		default:
			refuse("this kind of join", NULL);
	}
}

static PlanNode *
plan_from_item(Node *item, QueryLevel *level)
{
	if (IsA(item, RangeTblRef))
		return plan_range_table_entry(((RangeTblRef *) item)->rtindex, level);
	if (IsA(item, JoinExpr))
		return plan_join_expr((JoinExpr *) item, level);
	refuse("this kind of FROM item", NULL);
}

/*
 * FROM and WHERE: items joined left to right, WHERE as keys and filters,
 * its subquery conditions as semi and anti joins of the first item that
 * holds what they read, else of the joined items.
 */
PlanNode *
plan_from_where(QueryLevel *level)
{
	FromExpr   *from = level->query->jointree;
	List	   *items = NIL;
	List	   *conditions = make_ands_implicit((Expr *) from->quals);
	List	   *sublinks = take_sublink_conditions(&conditions, level);
	PlanNode   *joined;
	ListCell   *lc;

	foreach(lc, from->fromlist)
		items = lappend(items, plan_from_item((Node *) lfirst(lc), level));
	conditions = push_down_conditions(&items, conditions);
	sublinks = place_sublink_joins(items, sublinks);
	joined = (PlanNode *) linitial(items);
	for_each_from(lc, items, 1)
	{
		PlanNode   *next = (PlanNode *) lfirst(lc);
		List	   *on = take_conditions_within(&conditions, bms_union(joined->relids, next->relids));

		joined = make_join(JOIN_INNER, joined, next, on);
	}
	return apply_sublink_joins(add_filter(joined, conditions), sublinks);
}
