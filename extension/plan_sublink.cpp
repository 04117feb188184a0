/*
 * Subqueries as conditions: EXISTS, IN, NOT EXISTS and NOT IN (SELECT ...)
 * standing alone, or under AND, in WHERE or in an inner join's ON become
 * semi and anti joins (docs/plan-format.md), decorrelated the way
 * Postgres' pull_up_sublinks reasons:
 *
 * - the subquery's WHERE may correlate it with the outer query only by
 *   equalities outer_expr = inner_expr (under AND); those become the join's
 *   key pairs, the rest of its WHERE stays a filter inside it, and the
 *   inner expressions become extra outputs of the subquery;
 * - x IN (SELECT y ...) adds the pair (x, y), (a, b) IN (SELECT c, d ...)
 *   one pair per column; EXISTS (...) adds none;
 * - a correlated subquery must not aggregate, DISTINCT or UNION: its
 *   correlation would then change which rows it groups, not only which it
 *   keeps.  An uncorrelated subquery may be anything plan_select accepts;
 *   EXISTS drops a positive LIMIT, which cannot change whether a row exists.
 *
 * Everything else about subqueries is refused by name: under OR, NOT or
 * inside another expression, scalar subqueries, ANY/ALL with an operator
 * other than =, other correlations, and NOT IN with several columns.
 */
extern "C" {
#include "postgres.h"

#include "access/sysattr.h"
#include "catalog/pg_type.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "rewrite/rewriteManip.h"
#include "utils/lsyscache.h"
}

#include <utility>

#include "plan_internal.hpp"

static const char *const supported_hint =
	"EXISTS, NOT EXISTS, IN and NOT IN (SELECT ...) are supported as conditions of WHERE or of an inner "
	"join's ON, alone or under AND.";

/* The subquery construct, for people. */
static const char *
sublink_name(SubLink *sublink)
{
	switch (sublink->subLinkType)
	{
		case EXISTS_SUBLINK:
			return "EXISTS (SELECT ...)";
		case ANY_SUBLINK:
			return "IN and ANY (SELECT ...)";
		case ALL_SUBLINK:
			return "ALL (SELECT ...)";
		case EXPR_SUBLINK:
			return "scalar subqueries";
		case ARRAY_SUBLINK:
			return "ARRAY (SELECT ...)";
		default:
			return "row comparisons with a subquery";
	}
}

static bool
first_sublink_walker(Node *node, SubLink **found)
{
	if (node == NULL)
		return false;
	if (IsA(node, SubLink))
	{
		*found = (SubLink *) node;
		return true;
	}
	return expression_tree_walker(node, TREE_WALKER(first_sublink_walker), found);
}

void
refuse_sublinks(Node *node, const char *place)
{
	SubLink    *sublink = NULL;

	if (!first_sublink_walker(node, &sublink))
		return;
	switch (sublink->subLinkType)
	{
		case EXISTS_SUBLINK:
		case ANY_SUBLINK:
			refuse(psprintf("%s %s", sublink_name(sublink), place), supported_hint);
		case EXPR_SUBLINK:
			refuse("scalar subqueries", "Scalar subqueries are not supported yet: join the subquery in FROM.");
		default:
			refuse(sublink_name(sublink), supported_hint);
	}
}

/* The paramids of the PARAM_SUBLINK Params in node, as used_columns members. */
static bool
param_ids_walker(Node *node, Bitmapset **used)
{
	if (node == NULL)
		return false;
	if (IsA(node, Param) && ((Param *) node)->paramkind == PARAM_SUBLINK)
		*used = bms_add_member(*used, ((Param *) node)->paramid - FirstLowInvalidHeapAttributeNumber);
	return expression_tree_walker(node, TREE_WALKER(param_ids_walker), used);
}

static bool
has_sublink_param(Node *node)
{
	Bitmapset  *used = NULL;

	param_ids_walker(node, &used);
	return !bms_is_empty(used);
}

/* Refuses a key pair the semi and anti joins cannot compare exactly. */
static void
check_key_pair(OpExpr *equality, Node *outer, Node *inner)
{
	describe_operator(equality->opno, equality->args);	/* refuses unsupported operand types */
	if (!keys_compare_alike(exprType(outer), exprType(inner)))
		refuse("subquery conditions comparing values of different date/time types",
			   "Cast one side to the other's type.");
	if (getBaseType(exprType(outer)) == BPCHAROID || getBaseType(exprType(inner)) == BPCHAROID)
		refuse("character(n) compared with a subquery",
			   "Its equality ignores trailing spaces; compare rtrim(x)::text or cast to text.");
	check_key_type(exprType(outer), "subquery conditions");
	check_key_type(exprType(inner), "subquery conditions");
}

/*
 * x = y of x IN (SELECT y ...): the outer halves (x) and the halves over
 * the subquery's outputs (y, written with PARAM_SUBLINK Params).
 */
static void
split_in_comparison(SubLink *sublink, List **outer_keys, List **param_keys)
{
	ListCell   *lc;

	foreach(lc, make_ands_implicit((Expr *) sublink->testexpr))
	{
		OpExpr	   *op = (OpExpr *) lfirst(lc);
		Node	   *outer,
				   *inner;

		if (!IsA(op, OpExpr) || list_length(op->args) != 2 || !is_equality_operator(op->opno))
			refuse("ANY and ALL (SELECT ...) with an operator other than =",
				   "IN (SELECT ...) and = ANY (SELECT ...) are supported.");
		outer = (Node *) linitial(op->args);
		inner = (Node *) lsecond(op->args);
		if (has_sublink_param(outer))
			std::swap(outer, inner);
		if (has_sublink_param(outer) || !has_sublink_param(inner) || contain_vars_of_level(inner, 0) ||
			checkExprHasSubLink(outer))
			refuse("this IN (SELECT ...) comparison", supported_hint);
		check_key_pair(op, outer, inner);
		*outer_keys = lappend(*outer_keys, outer);
		*param_keys = lappend(*param_keys, inner);
	}
}

/*
 * Takes the correlation out of the subquery's WHERE: each conjunct that
 * reads the outer query must be outer_expr = inner_expr.  Appends the
 * outer halves (moved to the outer level) and the inner halves.
 */
static void
take_correlation(Query *subquery, List **outer_keys, List **inner_keys)
{
	List	   *kept = NIL;
	ListCell   *lc;

	foreach(lc, make_ands_implicit((Expr *) subquery->jointree->quals))
	{
		OpExpr	   *op = (OpExpr *) lfirst(lc);
		Node	   *outer,
				   *inner;

		if (!contain_vars_of_level((Node *) op, 1))
		{
			kept = lappend(kept, op);
			continue;
		}
		if (checkExprHasSubLink((Node *) op))
			refuse("nested subqueries correlated with a query two or more levels up",
				   "Correlate a nested subquery only with the query right around it.");
		if (!IsA(op, OpExpr) || list_length(op->args) != 2 || !is_equality_operator(op->opno))
			refuse("subqueries correlated by a condition other than an equality",
				   "Correlate with inner_column = outer_column under AND in the subquery's WHERE.");
		outer = (Node *) copyObjectImpl(linitial(op->args));
		inner = (Node *) lsecond(op->args);
		if (contain_vars_of_level(outer, 0))
			std::swap(outer, inner);
		if (contain_vars_of_level(outer, 0) || contain_vars_of_level(inner, 1))
			refuse("subqueries correlated by an equality that mixes outer and inner columns on one side",
				   "Correlate with inner_column = outer_column under AND in the subquery's WHERE.");
		check_key_pair(op, outer, inner);
		IncrementVarSublevelsUp(outer, -1, 1);
		*outer_keys = lappend(*outer_keys, outer);
		*inner_keys = lappend(*inner_keys, inner);
	}
	subquery->jointree->quals = kept != NIL ? (Node *) make_ands_explicit(kept) : NULL;
}

/*
 * EXISTS does not depend on how many rows its subquery returns beyond the
 * first, so a positive (or NULL) constant LIMIT without OFFSET goes, as
 * Postgres' simplify_EXISTS_query drops it.  Other LIMITs stay, refused.
 */
static void
drop_exists_limit(Query *subquery)
{
	Node	   *limit;

	if (subquery->limitCount == NULL || subquery->limitOffset != NULL)
		return;
	limit = eval_const_expressions(NULL, subquery->limitCount);
	if (!IsA(limit, Const) || (!((Const *) limit)->constisnull && DatumGetInt64(((Const *) limit)->constvalue) <= 0))
		return;
	subquery->limitCount = NULL;
	subquery->limitOption = LIMIT_OPTION_DEFAULT;
}

static bool
is_aggregating(Query *query)
{
	return query->hasAggs || query->groupClause != NIL || query->havingQual != NULL ||
		query->distinctClause != NIL || query->setOperations != NULL;
}

/* The position among the subquery's outputs of target entry resno. */
static int
output_position(Query *subquery, AttrNumber resno)
{
	int			position = 0;
	ListCell   *lc;

	foreach(lc, subquery->targetList)
	{
		TargetEntry *entry = lfirst_node(TargetEntry, lc);

		if (entry->resno == resno)
			return position;
		if (!entry->resjunk)
			position++;
	}
	elog(ERROR, "cdc_stream planner: subquery output %d not found", resno);
}

struct OutputRef
{
	Query	   *subquery;
	Index		varno;
};

/* A PARAM_SUBLINK Param becomes the subquery output it stands for. */
static Node *
param_to_output_mutator(Node *node, OutputRef *ref)
{
	if (node == NULL)
		return NULL;
	if (IsA(node, Param) && ((Param *) node)->paramkind == PARAM_SUBLINK)
	{
		Param	   *param = (Param *) node;

		return (Node *) makeVar(ref->varno, output_position(ref->subquery, param->paramid) + 1,
								param->paramtype, param->paramtypmod, param->paramcollid, 0);
	}
	return expression_tree_mutator(node, (Node *(*) ()) (void (*) (void)) param_to_output_mutator, ref);
}

/* Appends expr to the subquery's outputs; returns it as a column of them. */
static Node *
add_output(Query *subquery, Index varno, Node *expr)
{
	TargetEntry *entry = makeTargetEntry((Expr *) expr, list_length(subquery->targetList) + 1,
										 pstrdup("?column?"), false);

	subquery->targetList = lappend(subquery->targetList, entry);
	return (Node *) makeVar(varno, output_position(subquery, entry->resno) + 1, exprType(expr),
							exprTypmod(expr), exprCollation(expr), 0);
}

/*
 * The subquery's outputs: its own where it aggregates (it is uncorrelated
 * then); otherwise only those IN compares (EXISTS compares none), so its
 * scans read no other column.  The correlation's inner halves are added
 * after them.
 */
static void
shape_outputs(Query *subquery, SubLink *sublink, List *param_keys)
{
	Bitmapset  *used = NULL;

	if (is_aggregating(subquery))
		return;
	if (sublink->subLinkType == EXISTS_SUBLINK)
	{
		subquery->targetList = NIL;
		return;
	}
	param_ids_walker((Node *) param_keys, &used);
	prune_unused_outputs(subquery, used);
}

/*
 * condition as a semi or anti join, or NULL when it is no EXISTS, IN, NOT
 * EXISTS or NOT IN (SELECT ...) condition.  Refuses the shapes it cannot
 * decorrelate exactly.
 */
static SublinkJoin *
decorrelate(Node *condition, QueryLevel *level)
{
	bool		negated = is_notclause(condition);
	SubLink    *sublink = (SubLink *) (negated ? (Node *) get_notclausearg(condition) : condition);
	SublinkJoin *join;
	Query	   *subquery;
	List	   *param_keys = NIL;
	List	   *inner_keys = NIL;
	OutputRef	ref;
	ListCell   *lc;

	if (!IsA(sublink, SubLink) ||
		(sublink->subLinkType != EXISTS_SUBLINK && sublink->subLinkType != ANY_SUBLINK))
		return NULL;
	join = (SublinkJoin *) palloc0(sizeof(SublinkJoin));
	join->op = negated ? PLAN_ANTI_JOIN : PLAN_SEMI_JOIN;
	subquery = (Query *) copyObjectImpl(sublink->subselect);
	if (sublink->subLinkType == EXISTS_SUBLINK)
		drop_exists_limit(subquery);
	take_correlation(subquery, &join->outer_keys, &inner_keys);
	if (join->outer_keys != NIL && is_aggregating(subquery))
		refuse("correlated subqueries with GROUP BY, aggregates, DISTINCT or set operations",
			   "Group the subquery in FROM and join it, or correlate outside the aggregate.");
	if (contain_vars_of_level((Node *) subquery, 1))
		refuse("subqueries that read the outer query outside equalities in their WHERE",
			   "Correlate with inner_column = outer_column under AND in the subquery's WHERE.");
	if (sublink->subLinkType == ANY_SUBLINK)
		split_in_comparison(sublink, &join->outer_keys, &param_keys);
	if (negated && list_length(param_keys) > 1)
		refuse("NOT IN with several columns", "Write NOT EXISTS with one equality per column, if NULLs need not be considered.");
	join->not_in = negated && param_keys != NIL;

	ref.subquery = subquery;
	ref.varno = list_length(level->query->rtable) + 1;	/* no entry of the outer level */
	shape_outputs(subquery, sublink, param_keys);
	foreach(lc, inner_keys)
		join->inner_keys = lappend(join->inner_keys, add_output(subquery, ref.varno, (Node *) lfirst(lc)));
	foreach(lc, param_keys)
		join->inner_keys = lappend(join->inner_keys, param_to_output_mutator((Node *) lfirst(lc), &ref));
	join->subquery = relabel_output(plan_select(subquery, level), ref.varno);
	join->relids = expression_varnos((Node *) join->outer_keys);
	return join;
}

List *
take_sublink_conditions(List **conditions, QueryLevel *level)
{
	List	   *joins = NIL;
	List	   *kept = NIL;
	ListCell   *lc;

	foreach(lc, *conditions)
	{
		Node	   *condition = (Node *) lfirst(lc);
		SublinkJoin *join = decorrelate(condition, level);

		if (join != NULL)
			joins = lappend(joins, join);
		else
		{
			refuse_sublinks(condition, "under OR, NOT or inside another expression");
			kept = lappend(kept, condition);
		}
	}
	*conditions = kept;
	return joins;
}

static PlanNode *
apply_sublink_join(PlanNode *outer, SublinkJoin *join)
{
	PlanNode   *node = make_node(join->op);

	node->input = outer;
	node->right = join->subquery;
	node->left_keys = join->outer_keys;
	node->right_keys = join->inner_keys;
	node->not_in = join->not_in;
	node->output = outer->output;
	node->input_layout = outer->output;
	node->relids = outer->relids;
	return node;
}

PlanNode *
apply_sublink_joins(PlanNode *outer, List *joins)
{
	ListCell   *lc;

	foreach(lc, joins)
		outer = apply_sublink_join(outer, (SublinkJoin *) lfirst(lc));
	return outer;
}

List *
place_sublink_joins(List *items, List *joins)
{
	List	   *unplaced = NIL;
	ListCell   *lc;

	foreach(lc, joins)
	{
		SublinkJoin *join = (SublinkJoin *) lfirst(lc);
		ListCell   *item;
		bool		placed = false;

		foreach(item, items)
		{
			PlanNode   *input = (PlanNode *) lfirst(item);

			if (!bms_is_empty(join->relids) && bms_is_subset(join->relids, input->relids))
			{
				lfirst(item) = apply_sublink_join(input, join);
				placed = true;
				break;
			}
		}
		if (!placed)
			unplaced = lappend(unplaced, join);
	}
	return unplaced;
}
