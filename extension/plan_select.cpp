/*
 * One query level at a time, from a Query (parsed, analyzed and rewritten by
 * Postgres, so referenced views are already expanded into subqueries) to a
 * PlanNode tree: FROM and WHERE (plan_from.cpp), then aggregation and
 * HAVING, then the target list as a projection, then DISTINCT; or, for
 * UNION, its branches.
 *
 * Expressions stay Postgres nodes; each PlanNode records the layout they
 * refer to, and plan_writer.cpp translates them when writing JSON.
 */
extern "C" {
#include "postgres.h"

#include "access/sysattr.h"
#include "executor/executor.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parse_coerce.h"
#include "parser/parsetree.h"
#include "tcop/tcopprot.h"
#include "utils/lsyscache.h"
}

#include "plan_internal.hpp"

void
refuse(const char *construct, const char *hint)
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("cdc_stream does not support %s", construct),
			 hint ? errhint("%s", hint) : 0));
}

/*
 * Errors in the view's query point into the query text, not into the
 * statement that called add_view, as for the body of an SQL function.
 */
static void
view_query_error_context(void *query_text)
{
	int			position = geterrposition();

	if (position > 0)
	{
		errposition(0);
		internalerrposition(position);
		internalerrquery((const char *) query_text);
	}
	errcontext("query of a cdc_stream view");
}

RawStmt *
parse_view_query(const char *query_text)
{
	ErrorContextCallback context = {error_context_stack, view_query_error_context, (void *) query_text};
	List	   *statements;
	RawStmt    *statement;

	error_context_stack = &context;
	statements = pg_parse_query(query_text);
	error_context_stack = context.previous;

	if (list_length(statements) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the query of a view must be exactly one SELECT statement, not %d statements",
						list_length(statements))));
	statement = linitial_node(RawStmt, statements);
	if (!IsA(statement->stmt, SelectStmt) || ((SelectStmt *) statement->stmt)->intoClause != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the query of a view must be a SELECT statement")));
	return statement;
}

/* Analyzes and rewrites a copy of statement (analysis may modify its input). */
Query *
analyze_view_query(RawStmt *statement, const char *query_text)
{
	ErrorContextCallback context = {error_context_stack, view_query_error_context, (void *) query_text};
	List	   *queries;
	Query	   *query;

	error_context_stack = &context;
	queries = pg_analyze_and_rewrite_fixedparams((RawStmt *) copyObjectImpl(statement), query_text,
												 NULL, 0, NULL);
	error_context_stack = context.previous;

	if (list_length(queries) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the query of a view must rewrite to exactly one query")));
	query = linitial_node(Query, queries);
	if (query->commandType != CMD_SELECT || query->utilityStmt != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the query of a view must be a SELECT statement")));
	return query;
}

/* Subqueries in expressions are checked as the query they are. */
static bool
sublink_permissions_walker(Node *node, void *context)
{
	if (node == NULL || IsA(node, Query))
		return false;
	if (IsA(node, SubLink))
		check_view_permissions((Query *) ((SubLink *) node)->subselect);
	return expression_tree_walker(node, TREE_WALKER(sublink_permissions_walker), context);
}

/*
 * Postgres' own permission check of every range table, as if the query ran
 * (subqueries in expressions too): the caller needs SELECT on the columns
 * it reads, and views referenced are checked as Postgres checks them (the
 * view as the caller, its tables as the view's owner).
 */
void
check_view_permissions(Query *query)
{
	ListCell   *lc;

	ExecCheckRTPerms(query->rtable, true);
	query_tree_walker(query, TREE_WALKER(sublink_permissions_walker), NULL,
					  QTW_IGNORE_RT_SUBQUERIES | QTW_IGNORE_CTE_SUBQUERIES);
	foreach(lc, query->rtable)
	{
		RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);

		if (rte->rtekind == RTE_SUBQUERY)
			check_view_permissions(rte->subquery);
	}
	foreach(lc, query->cteList)
	{
		CommonTableExpr *cte = lfirst_node(CommonTableExpr, lc);

		if (IsA(cte->ctequery, Query))
			check_view_permissions((Query *) cte->ctequery);
	}
}

static void
refuse_unsupported_query_features(Query *query)
{
	if (query->hasWindowFuncs)
		refuse("window functions", NULL);
	if (query->limitCount != NULL || query->limitOffset != NULL)
		refuse("LIMIT and OFFSET", "A view maintained incrementally is a set of rows; top-k is not supported yet.");
	if (query->hasTargetSRFs)
		refuse("set-returning functions", NULL);
	refuse_sublinks((Node *) query->targetList, "in the select list");
	refuse_sublinks(query->havingQual, "in HAVING");
	if (query->hasRecursive)
		refuse("recursive CTEs", NULL);
	if (query->hasModifyingCTE)
		refuse("data-modifying statements in WITH", NULL);
	if (query->hasForUpdate || query->rowMarks != NIL)
		refuse("FOR UPDATE and FOR SHARE", NULL);
	if (query->groupingSets != NIL)
		refuse("GROUPING SETS, ROLLUP and CUBE", NULL);
	if (query->hasDistinctOn)
		refuse("DISTINCT ON", NULL);
	if (query->jointree->fromlist == NIL && query->setOperations == NULL)
		refuse("views without a FROM clause", "A view needs at least one table to follow.");
}

/*
 * Var collection: which columns of which range table entries this level
 * reads, also from subqueries in its conditions (their correlation), where
 * this level's Vars are depth levels up.
 */
struct ColumnCollector
{
	QueryLevel *level;
	Index		depth;
};

static bool
collect_columns_walker(Node *node, ColumnCollector *collector)
{
	if (node == NULL)
		return false;
	if (IsA(node, Var) && ((Var *) node)->varlevelsup == collector->depth)
	{
		Var		   *var = (Var *) node;
		QueryLevel *level = collector->level;

		if (var->varattno < 0)
			refuse("system columns", "Select ordinary columns only.");
		if (var->varattno == 0)
			refuse("whole-row references", "Select the columns one by one.");
		level->used_columns[var->varno] = bms_add_member(level->used_columns[var->varno],
														 var->varattno - FirstLowInvalidHeapAttributeNumber);
		return false;
	}
	if (IsA(node, Query))
	{
		bool		found;

		collector->depth++;
		found = query_tree_walker((Query *) node, TREE_WALKER(collect_columns_walker), collector, 0);
		collector->depth--;
		return found;
	}
	return expression_tree_walker(node, TREE_WALKER(collect_columns_walker), collector);
}

static void
collect_used_columns(QueryLevel *level)
{
	Query	   *query = level->query;
	ColumnCollector collector = {level, 0};

	level->used_columns = (Bitmapset **) palloc0(sizeof(Bitmapset *) * (list_length(query->rtable) + 1));
	collect_columns_walker((Node *) query->targetList, &collector);
	collect_columns_walker((Node *) query->jointree, &collector);
	collect_columns_walker(query->havingQual, &collector);
}

/* Join aliases (j.x of a JOIN ... USING) become the base columns they stand for. */
static void
flatten_join_aliases(Query *query)
{
	query->targetList = (List *) flatten_join_alias_vars(query, (Node *) query->targetList);
	query->jointree = (FromExpr *) flatten_join_alias_vars(query, (Node *) query->jointree);
	query->havingQual = flatten_join_alias_vars(query, query->havingQual);
}

/* Is node one of group_exprs (a Var by identity, else by equal())? */
static bool
is_grouped(Node *node, List *group_exprs)
{
	ListCell   *lc;

	foreach(lc, group_exprs)
	{
		Node	   *group = (Node *) lfirst(lc);

		if (IsA(node, Var) && IsA(group, Var) ? ((Var *) node)->varno == ((Var *) group)->varno &&
			((Var *) node)->varattno == ((Var *) group)->varattno : equal(node, group))
			return true;
	}
	return false;
}

/*
 * Columns used outside aggregates that are not grouped: Postgres allows
 * them when they depend on a grouped primary key.  Grouping by them too
 * gives the same groups, and lets the maintainer carry them.
 */
static bool
ungrouped_vars_walker(Node *node, List **group_exprs)
{
	if (node == NULL || IsA(node, Aggref) || is_grouped(node, *group_exprs))
		return false;
	if (IsA(node, Var))
	{
		check_key_type(exprType(node), "GROUP BY");
		*group_exprs = lappend(*group_exprs, node);
		return false;
	}
	return expression_tree_walker(node, TREE_WALKER(ungrouped_vars_walker), group_exprs);
}

/* The Aggrefs of node, each once. */
static List *
collect_aggregates(Node *node, List *aggregates)
{
	List	   *found = pull_var_clause(node, PVC_INCLUDE_AGGREGATES | PVC_RECURSE_PLACEHOLDERS);
	ListCell   *lc;

	foreach(lc, found)
	{
		Aggref	   *aggref = (Aggref *) lfirst(lc);

		if (!IsA(aggref, Aggref))
			continue;
		describe_aggregate(aggref);
		if (aggref->aggdistinct != NIL)
			check_key_type(linitial_oid(aggref->aggargtypes), "DISTINCT aggregates");
		aggregates = list_append_unique(aggregates, aggref);
	}
	return aggregates;
}

static PlanNode *
plan_aggregate(Query *query, PlanNode *input)
{
	PlanNode   *node = make_node(PLAN_AGGREGATE);
	ListCell   *lc;

	node->input = input;
	node->input_layout = input->output;
	node->relids = input->relids;
	foreach(lc, query->groupClause)
	{
		Node	   *expr = (Node *) get_sortgroupclause_tle(lfirst_node(SortGroupClause, lc),
														   query->targetList)->expr;

		check_key_type(exprType(expr), "GROUP BY");
		if (!is_grouped(expr, node->group_exprs))
			node->group_exprs = lappend(node->group_exprs, expr);
	}
	if (node->group_exprs != NIL)
	{
		ungrouped_vars_walker((Node *) query->targetList, &node->group_exprs);
		ungrouped_vars_walker(query->havingQual, &node->group_exprs);
	}
	node->aggregates = collect_aggregates((Node *) query->targetList, NIL);
	node->aggregates = collect_aggregates(query->havingQual, node->aggregates);
	foreach(lc, node->group_exprs)
	{
		Node	   *expr = (Node *) lfirst(lc);
		Var		   *var = IsA(expr, Var) ? (Var *) expr : NULL;

		node->output = lappend(node->output,
							   make_column(var ? var->varno : 0, var ? var->varattno : 0, expr,
										   exprType(expr), exprTypmod(expr), NULL));
	}
	foreach(lc, node->aggregates)
	{
		Aggref	   *aggref = (Aggref *) lfirst(lc);

		node->output = lappend(node->output,
							   make_column(0, 0, (Node *) aggref, aggref->aggtype, -1, NULL));
	}
	return node;
}

static PlanNode *
plan_projection(Query *query, PlanNode *input)
{
	PlanNode   *node = make_node(PLAN_PROJECT);
	ListCell   *lc;

	node->input = input;
	node->input_layout = input->output;
	node->relids = input->relids;
	foreach(lc, query->targetList)
	{
		TargetEntry *entry = lfirst_node(TargetEntry, lc);

		if (entry->resjunk)
			continue;
		check_supported_type(exprType((Node *) entry->expr), entry->resname);
		node->exprs = lappend(node->exprs, entry->expr);
		node->output = lappend(node->output,
							   make_column(0, 0, NULL, exprType((Node *) entry->expr),
										   exprTypmod((Node *) entry->expr), entry->resname));
	}
	return node;
}

static PlanNode *
plan_distinct(PlanNode *input, const char *context)
{
	PlanNode   *node = make_node(PLAN_DISTINCT);
	ListCell   *lc;

	foreach(lc, input->output)
		check_key_type(((LayoutColumn *) lfirst(lc))->type, context);
	node->input = input;
	node->input_layout = input->output;
	node->output = input->output;
	node->relids = input->relids;
	return node;
}

/*
 * A branch of a UNION whose column types differ from the union's gets a
 * projection casting its columns, as Postgres' own planner adds.
 */
static PlanNode *
coerce_output(PlanNode *node, List *types, List *typmods)
{
	PlanNode   *project = make_node(PLAN_PROJECT);
	bool		changed = false;
	int			attno = 0;
	ListCell   *column,
			   *type,
			   *typmod;

	node = relabel_output(node, 1);
	project->input = node;
	project->input_layout = node->output;
	project->relids = node->relids;
	forthree(column, node->output, type, types, typmod, typmods)
	{
		LayoutColumn *from = (LayoutColumn *) lfirst(column);
		Node	   *expr = (Node *) makeVar(1, ++attno, from->type, from->typmod, InvalidOid, 0);

		if (from->type != lfirst_oid(type) || from->typmod != lfirst_int(typmod))
		{
			expr = coerce_to_target_type(NULL, expr, from->type, lfirst_oid(type), lfirst_int(typmod),
										 COERCION_IMPLICIT, COERCE_IMPLICIT_CAST, -1);
			if (expr == NULL)
				refuse("this UNION: its branches have column types without a cast between them", NULL);
			changed = true;
		}
		project->exprs = lappend(project->exprs, expr);
		project->output = lappend(project->output,
								  make_column(0, 0, NULL, lfirst_oid(type), lfirst_int(typmod), from->name));
	}
	return changed ? project : node;
}

static PlanNode *
plan_set_operation(Node *setop, QueryLevel *level)
{
	SetOperationStmt *op = (SetOperationStmt *) setop;
	PlanNode   *node;

	if (IsA(setop, RangeTblRef))
		return plan_select(rt_fetch(((RangeTblRef *) setop)->rtindex, level->query->rtable)->subquery, level);
	if (op->op != SETOP_UNION)
		refuse("INTERSECT and EXCEPT", NULL);
	node = make_node(PLAN_UNION);
	node->union_all = op->all;
	node->inputs = list_make2(coerce_output(plan_set_operation(op->larg, level), op->colTypes, op->colTypmods),
							  coerce_output(plan_set_operation(op->rarg, level), op->colTypes, op->colTypmods));
	node->output = ((PlanNode *) linitial(node->inputs))->output;
	node->relids = bms_union(((PlanNode *) linitial(node->inputs))->relids,
							 ((PlanNode *) lsecond(node->inputs))->relids);
	return op->all ? node : plan_distinct(node, "UNION");
}

/* The range table index the target list of a UNION query refers to. */
static Index
leftmost_branch(Node *setop)
{
	while (IsA(setop, SetOperationStmt))
		setop = ((SetOperationStmt *) setop)->larg;
	return ((RangeTblRef *) setop)->rtindex;
}

PlanNode *
plan_select(Query *query, QueryLevel *parent)
{
	QueryLevel	level = {query, parent, NULL};
	PlanNode   *node;

	refuse_unsupported_query_features(query);
	flatten_join_aliases(query);
	fold_constants(query);
	collect_used_columns(&level);
	if (query->setOperations != NULL)
		node = relabel_output(plan_set_operation(query->setOperations, &level),
							  leftmost_branch(query->setOperations));
	else
		node = plan_from_where(&level);
	if (query->hasAggs || query->groupClause != NIL || query->havingQual != NULL)
	{
		node = plan_aggregate(query, node);
		node = add_filter(node, make_ands_implicit((Expr *) query->havingQual));
	}
	node = plan_projection(query, node);
	if (query->distinctClause != NIL)
		node = plan_distinct(node, "SELECT DISTINCT");
	return node;
}

/*
 * The view's key: the grouped columns (when all are selected), every column
 * of a DISTINCT or UNION view, or no column at all for an aggregate without
 * GROUP BY (it has exactly one row).
 */
static void
derive_key(Query *query, ViewPlan *plan)
{
	int			ncolumns = list_length(plan->column_names);
	ListCell   *lc;

	plan->has_key = false;
	if (query->distinctClause != NIL ||
		(query->setOperations != NULL && !((SetOperationStmt *) query->setOperations)->all))
	{
		for (int i = 0; i < ncolumns; i++)
			plan->key_columns = lappend_int(plan->key_columns, i);
		plan->has_key = true;
		return;
	}
	if (query->groupClause == NIL)
	{
		plan->has_key = query->hasAggs;
		return;
	}
	foreach(lc, query->groupClause)
	{
		Index		ref = lfirst_node(SortGroupClause, lc)->tleSortGroupRef;
		int			position = 0;
		ListCell   *entry;
		bool		found = false;

		foreach(entry, query->targetList)
		{
			TargetEntry *tle = lfirst_node(TargetEntry, entry);

			if (tle->resjunk)
				continue;
			if (tle->ressortgroupref == ref)
			{
				plan->key_columns = list_append_unique_int(plan->key_columns, position);
				found = true;
				break;
			}
			position++;
		}
		if (!found)
		{
			plan->key_columns = NIL;
			return;
		}
	}
	plan->has_key = true;
}

ViewPlan *
plan_view_query(Query *query)
{
	ViewPlan   *plan = (ViewPlan *) palloc0(sizeof(ViewPlan));
	ListCell   *lc;

	foreach(lc, query->targetList)
	{
		TargetEntry *entry = lfirst_node(TargetEntry, lc);

		if (!entry->resjunk)
			plan->column_names = lappend(plan->column_names, entry->resname);
	}
	check_deterministic_collations(query);
	derive_key(query, plan);
	plan->root = plan_select(query, NULL);
	return plan;
}
