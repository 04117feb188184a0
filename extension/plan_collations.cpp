/*
 * Refuses views that compare text under a nondeterministic collation.
 *
 * cdc-maintainer compares, groups and joins text byte by byte.  Under a
 * deterministic collation that is Postgres' equality too (strings that
 * collate equal are identical), but under a nondeterministic one ('A' and
 * 'a' equal in a case-insensitive ICU collation) Postgres' GROUP BY,
 * DISTINCT, UNION, joins and comparisons would merge or match rows that
 * cdc-maintainer keeps apart.  Rather than give different rows, add_view
 * refuses every expression whose input collation is nondeterministic, and
 * every grouping, DISTINCT and UNION column collated so.  Passing such a
 * column through unchanged is fine: its bytes are its value.
 */
extern "C" {
#include "postgres.h"

#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"
}

#include "plan_internal.hpp"

static void
refuse_nondeterministic(Oid collation, const char *what)
{
	if (!OidIsValid(collation) || get_collation_isdeterministic(collation))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("%s under the nondeterministic collation \"%s\" is not supported by cdc_stream",
					what, get_collation_name(collation)),
			 errdetail("cdc-maintainer compares text byte by byte, where this collation treats different strings as equal."),
			 errhint("Apply a deterministic collation, e.g. COLLATE \"C\", or normalize the text, e.g. lower(x).")));
}

/* The construct that compares under node's input collation, for people. */
static const char *
comparison_name(Node *node)
{
	switch (nodeTag(node))
	{
		case T_OpExpr:
		case T_DistinctExpr:
		case T_NullIfExpr:
			return psprintf("operator %s", get_opname(((OpExpr *) node)->opno));
		case T_ScalarArrayOpExpr:
			return psprintf("operator %s", get_opname(((ScalarArrayOpExpr *) node)->opno));
		case T_FuncExpr:
			return psprintf("function %s", format_procedure(((FuncExpr *) node)->funcid));
		case T_Aggref:
			return psprintf("aggregate %s", format_procedure(((Aggref *) node)->aggfnoid));
		default:
			return "a comparison";
	}
}

static bool
collation_walker(Node *node, void *context)
{
	if (node == NULL)
		return false;
	if (IsA(node, Query))
	{
		check_deterministic_collations((Query *) node);
		return false;
	}
	if (OidIsValid(exprInputCollation(node)))
		refuse_nondeterministic(exprInputCollation(node), comparison_name(node));
	return expression_tree_walker(node, TREE_WALKER(collation_walker), context);
}

/* GROUP BY and DISTINCT compare their columns for equality. */
static void
check_clause_collations(List *clause, List *target_list, const char *what)
{
	ListCell   *lc;

	foreach(lc, clause)
	{
		TargetEntry *entry = get_sortgroupclause_tle(lfirst_node(SortGroupClause, lc), target_list);

		refuse_nondeterministic(exprCollation((Node *) entry->expr), what);
	}
}

/* UNION, INTERSECT and EXCEPT without ALL compare whole rows. */
static void
check_set_operation_collations(Node *node)
{
	SetOperationStmt *operation;
	ListCell   *lc;

	if (node == NULL || !IsA(node, SetOperationStmt))
		return;
	operation = (SetOperationStmt *) node;
	if (!operation->all)
	{
		foreach(lc, operation->colCollations)
			refuse_nondeterministic(lfirst_oid(lc), "UNION");
	}
	check_set_operation_collations(operation->larg);
	check_set_operation_collations(operation->rarg);
}

void
check_deterministic_collations(Query *query)
{
	check_clause_collations(query->groupClause, query->targetList, "GROUP BY");
	check_clause_collations(query->distinctClause, query->targetList, "DISTINCT");
	check_set_operation_collations(query->setOperations);
	query_tree_walker(query, TREE_WALKER(collation_walker), NULL, 0);
}
