/*
 * Constant folding by Postgres itself: eval_const_expressions over one query
 * level's expressions, so that immutable subexpressions over constants
 * (date '1998-12-01' - interval '90' day, 2 * 3, lower('AB')) reach the plan
 * as the constants Postgres computes, and cdc-maintainer evaluates only what
 * depends on rows.
 *
 * The select list is folded entry by entry, keeping each TargetEntry (and so
 * its ressortgroupref): GROUP BY, DISTINCT and the view's key find their
 * expressions as before.  Expressions that contain a grouped expression are
 * folded by the same deterministic rules, bottom-up, so the grouped part
 * still matches it by equal().  Subqueries (of FROM, WITH and sublinks) are
 * left alone here: plan_select folds each when it plans it.
 *
 * eval_const_expressions also inlines SQL functions.  That is wanted for
 * pg_catalog's own (integer + date is SELECT $2 + $1), not for a user's: the
 * view would keep a body the user may later replace, so those are refused
 * first, as add_view refused them before folding.
 */
extern "C" {
#include "postgres.h"

#include "catalog/pg_namespace.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "utils/lsyscache.h"
}

#include "plan_internal.hpp"

static bool
refuse_user_functions_walker(Node *node, void *context)
{
	if (node == NULL)
		return false;
	if (IsA(node, FuncExpr) && get_func_namespace(((FuncExpr *) node)->funcid) != PG_CATALOG_NAMESPACE)
		check_function_supported(((FuncExpr *) node)->funcid, exprType(node), ((FuncExpr *) node)->args,
								 "function");
	if (IsA(node, OpExpr) && get_func_namespace(get_opcode(((OpExpr *) node)->opno)) != PG_CATALOG_NAMESPACE)
		describe_operator(((OpExpr *) node)->opno, ((OpExpr *) node)->args);
	return expression_tree_walker(node, TREE_WALKER(refuse_user_functions_walker), context);
}

void
fold_constants(Query *query)
{
	refuse_user_functions_walker((Node *) query->targetList, NULL);
	refuse_user_functions_walker((Node *) query->jointree, NULL);
	refuse_user_functions_walker(query->havingQual, NULL);

	ListCell   *lc;

	foreach(lc, query->targetList)
	{
		TargetEntry *entry = lfirst_node(TargetEntry, lc);

		entry->expr = (Expr *) eval_const_expressions(NULL, (Node *) entry->expr);
	}
	/* the FROM list's join conditions and the WHERE clause */
	query->jointree = (FromExpr *) eval_const_expressions(NULL, (Node *) query->jointree);
	query->havingQual = eval_const_expressions(NULL, query->havingQual);
}
