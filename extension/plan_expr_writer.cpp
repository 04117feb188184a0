/*
 * Writes expressions of a plan as JSON (docs/plan-format.md, "Expressions"):
 * translates Postgres expression nodes to the plan's expression kinds, each
 * against the layout of the row it is evaluated on, and refuses any
 * expression the maintainer cannot evaluate.
 */
extern "C" {
#include "postgres.h"

#include "access/table.h"
#include "catalog/pg_type.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"
#include "utils/rel.h"
}

#include "json_writer.hpp"
#include "plan_internal.hpp"

/* What an expression's column references and CASE placeholders mean. */
struct ExprScope
{
	List	   *layout;
	Node	   *case_value;		/* the CASE x WHEN operand, for CaseTestExpr */
};

static void write_expr(JsonWriter *w, Node *node, const ExprScope *scope);

void
write_type(JsonWriter *w, Oid type, int32 typmod)
{
	json_key_string(w, "type", plan_type_name(type));
	if (typmod >= 0)
		json_key_int(w, "typmod", typmod);
}

static void
write_expr_list(JsonWriter *w, const char *key, List *exprs, const ExprScope *scope)
{
	ListCell   *lc;

	json_key(w, key);
	json_begin_array(w);
	foreach(lc, exprs)
		write_expr(w, (Node *) lfirst(lc), scope);
	json_end_array(w);
}

/* {"kind": kind, "type": ..., ...: the caller writes the rest and closes */
static void
begin_expr(JsonWriter *w, const char *kind, Node *node)
{
	json_begin_object(w);
	json_key_string(w, "kind", kind);
	write_type(w, exprType(node), exprTypmod(node));
}

static void
write_const(JsonWriter *w, Oid type, int32 typmod, Datum value, bool isnull)
{
	json_begin_object(w);
	json_key_string(w, "kind", "const");
	write_type(w, type, typmod);
	json_key(w, "value");
	if (isnull)
		json_null(w);
	else
	{
		check_constant_type(type);
		json_string(w, canonical_constant(type, value));
	}
	json_end_object(w);
}

/* Functions that read TimeZone are evaluated at the view's fixed UTC offset. */
static void
write_utc_offset(JsonWriter *w, Oid funcid)
{
	if (OidIsValid(funcid) && function_reads_time_zone(funcid))
		json_key_int(w, "utc_offset", view_utc_offset(format_procedure(funcid)));
}

static void
write_func(JsonWriter *w, Node *node, const char *fn, Oid funcid, List *args, const ExprScope *scope)
{
	begin_expr(w, "func", node);
	json_key_string(w, "fn", fn);
	json_key_string(w, "pg", get_func_name(funcid));
	write_utc_offset(w, funcid);
	write_expr_list(w, "args", args, scope);
	json_end_object(w);
}

/* A cast by a function (funcid) or through text (InvalidOid). */
static void
write_cast(JsonWriter *w, Node *node, Oid funcid, Node *arg, const ExprScope *scope)
{
	begin_expr(w, "cast", node);
	write_utc_offset(w, funcid);
	json_key(w, "arg");
	write_expr(w, arg, scope);
	json_end_object(w);
}

static bool
is_ordering(const char *fn)
{
	return strcmp(fn, "lt") == 0 || strcmp(fn, "le") == 0 || strcmp(fn, "gt") == 0 || strcmp(fn, "ge") == 0;
}

static bool
is_text_type(Oid type)
{
	Oid			base = getBaseType(type);

	return base == TEXTOID || base == VARCHAROID || base == BPCHAROID;
}

static void
write_operator(JsonWriter *w, OpExpr *op, const ExprScope *scope)
{
	const char *fn = describe_operator(op->opno, op->args);

	if (is_ordering(fn) && is_text_type(exprType((Node *) linitial(op->args))))
		check_text_ordering_allowed(op->inputcollid, "ordering comparison of text");
	write_func(w, (Node *) op, fn, op->opfuncid, op->args, scope);
}

/*
 * x AT TIME ZONE zone: for a timestamp, the instant of that local time in
 * zone; for a timestamptz, its local time there.  That is the cast between
 * them at zone's offset; a NULL zone gives NULL.
 */
static void
write_at_time_zone(JsonWriter *w, FuncExpr *func, const ExprScope *scope)
{
	Node	   *zone = (Node *) linitial(func->args);

	if (IsA(zone, Const) && ((Const *) zone)->constisnull)
	{
		write_const(w, func->funcresulttype, -1, (Datum) 0, true);
		return;
	}
	begin_expr(w, "cast", (Node *) func);
	json_key_int(w, "utc_offset", fixed_zone_offset(zone));
	json_key(w, "arg");
	write_expr(w, (Node *) lsecond(func->args), scope);
	json_end_object(w);
}

static void
write_function(JsonWriter *w, FuncExpr *func, const ExprScope *scope)
{
	FunctionInfo info;

	check_function_supported(func->funcid, func->funcresulttype, func->args, "function");
	describe_function(func->funcid, func->funcresulttype, func->args, &info);
	if (strcmp(info.fn, "to_char") == 0)
		check_to_char_pattern((Node *) lsecond(func->args));
	if (strcmp(info.fn, "at_time_zone") == 0)
		write_at_time_zone(w, func, scope);
	else if (info.is_cast)
		write_cast(w, (Node *) func, func->funcid, (Node *) linitial(func->args), scope);
	else
		write_func(w, (Node *) func, info.fn, func->funcid, func->args, scope);
}

/*
 * Casts through text (CoerceViaIO): allowed where the text forms do not
 * depend on session settings (DateStyle, TimeZone, extra_float_digits).
 */
static void
write_io_cast(JsonWriter *w, CoerceViaIO *cast, const ExprScope *scope)
{
	Oid			from = getBaseType(exprType((Node *) cast->arg));
	Oid			to = getBaseType(cast->resulttype);
	bool		from_fixed = from == INT2OID || from == INT4OID || from == INT8OID || from == NUMERICOID ||
		is_text_type(from) || from == UUIDOID || get_typtype(from) == TYPTYPE_ENUM;
	bool		to_parsable = to == INT2OID || to == INT4OID || to == INT8OID || to == NUMERICOID ||
		to == FLOAT4OID || to == FLOAT8OID || to == BOOLOID || to == UUIDOID;

	if (!((is_text_type(to) && from_fixed) || (is_text_type(from) && to_parsable)))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("cdc_stream does not support the cast from %s to %s",
						format_type_be(from), format_type_be(to)),
				 errdetail("The result would depend on session settings, or cdc-maintainer cannot compute it.")));
	write_cast(w, (Node *) cast, InvalidOid, (Node *) cast->arg, scope);
}

/* x op ANY (array) as or(x op e1, x op e2, ...); x op ALL (...) as and(...) */
static void
write_array_comparison(JsonWriter *w, ScalarArrayOpExpr *op, const ExprScope *scope)
{
	Node	   *left = (Node *) linitial(op->args);
	Node	   *array = (Node *) lsecond(op->args);
	List	   *elements = NIL;
	ListCell   *lc;

	if (IsA(array, ArrayExpr) && !((ArrayExpr *) array)->multidims)
		elements = ((ArrayExpr *) array)->elements;
	else if (IsA(array, Const) && !((Const *) array)->constisnull)
	{
		Const	   *constant = (Const *) array;
		Oid			element_type = get_element_type(constant->consttype);
		int16		typlen;
		bool		typbyval;
		char		typalign;
		Datum	   *values;
		bool	   *nulls;
		int			count;

		get_typlenbyvalalign(element_type, &typlen, &typbyval, &typalign);
		deconstruct_array(DatumGetArrayTypeP(constant->constvalue), element_type, typlen, typbyval,
						  typalign, &values, &nulls, &count);
		for (int i = 0; i < count; i++)
			elements = lappend(elements, makeConst(element_type, -1, constant->constcollid, typlen,
												   values[i], nulls[i], typbyval));
	}
	else
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("cdc_stream supports IN, ANY and ALL only with a list of values")));
	if (elements == NIL)
	{
		write_const(w, BOOLOID, -1, BoolGetDatum(!op->useOr), false);
		return;
	}
	json_begin_object(w);
	json_key_string(w, "kind", op->useOr ? "or" : "and");
	json_key_string(w, "type", "bool");
	json_key(w, "args");
	json_begin_array(w);
	foreach(lc, elements)
	{
		OpExpr	   *comparison = makeNode(OpExpr);

		comparison->opno = op->opno;
		comparison->opfuncid = op->opfuncid;
		comparison->opresulttype = BOOLOID;
		comparison->inputcollid = op->inputcollid;
		comparison->args = list_make2(left, lfirst(lc));
		write_operator(w, comparison, scope);
	}
	json_end_array(w);
	json_end_object(w);
}

static void
write_case(JsonWriter *w, CaseExpr *expr, const ExprScope *scope)
{
	ExprScope	inner = {scope->layout, expr->arg != NULL ? (Node *) expr->arg : scope->case_value};
	ListCell   *lc;

	begin_expr(w, "case", (Node *) expr);
	json_key(w, "whens");
	json_begin_array(w);
	foreach(lc, expr->args)
	{
		CaseWhen   *when = lfirst_node(CaseWhen, lc);

		json_begin_array(w);
		write_expr(w, (Node *) when->expr, &inner);
		write_expr(w, (Node *) when->result, scope);
		json_end_array(w);
	}
	json_end_array(w);
	json_key(w, "else");
	write_expr(w, (Node *) expr->defresult, scope);
	json_end_object(w);
}

static void
write_bool_expr(JsonWriter *w, BoolExpr *expr, const ExprScope *scope)
{
	if (expr->boolop == NOT_EXPR)
	{
		begin_expr(w, "not", (Node *) expr);
		json_key(w, "arg");
		write_expr(w, (Node *) linitial(expr->args), scope);
		json_end_object(w);
		return;
	}
	begin_expr(w, expr->boolop == AND_EXPR ? "and" : "or", (Node *) expr);
	write_expr_list(w, "args", expr->args, scope);
	json_end_object(w);
}

static const char *
boolean_test_kind(BoolTestType test)
{
	switch (test)
	{
		case IS_TRUE:
			return "is_true";
		case IS_NOT_TRUE:
			return "is_not_true";
		case IS_FALSE:
			return "is_false";
		case IS_NOT_FALSE:
			return "is_not_false";
		case IS_UNKNOWN:
			return "is_unknown";
		default:
			return "is_not_unknown";
	}
}

/* An expression with a single argument: {"kind": kind, "arg": arg}. */
static void
write_unary(JsonWriter *w, const char *kind, Node *node, Node *arg, const ExprScope *scope)
{
	begin_expr(w, kind, node);
	json_key(w, "arg");
	write_expr(w, arg, scope);
	json_end_object(w);
}

static void pg_attribute_noreturn()
refuse_expression(Node *node)
{
	switch (nodeTag(node))
	{
		case T_SQLValueFunction:
			refuse("CURRENT_DATE, CURRENT_TIMESTAMP, CURRENT_USER and similar values",
				   "A view maintained incrementally must give the same result whenever it is computed.");
		case T_MinMaxExpr:
			refuse("GREATEST and LEAST", "Write a CASE expression.");
		case T_DistinctExpr:
			refuse("IS DISTINCT FROM", "Write the comparison with IS NULL tests.");
		case T_CoerceToDomain:
			refuse("casts to domains", "Cast to the domain's base type.");
		case T_NextValueExpr:
			refuse("sequence functions", NULL);
		case T_Param:
			refuse("parameters", NULL);
		case T_RowExpr:
		case T_RowCompareExpr:
			refuse("row constructors and row comparisons", NULL);
		case T_ArrayExpr:
		case T_SubscriptingRef:
			refuse("array constructors and subscripts", NULL);
		default:
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("cdc_stream does not support this kind of expression (node %d)",
							(int) nodeTag(node))));
	}
}

static void
write_expr(JsonWriter *w, Node *node, const ExprScope *scope)
{
	int			column = layout_find(scope->layout, node);

	if (column >= 0)
	{
		begin_expr(w, "column", node);
		json_key_int(w, "index", column);
		json_end_object(w);
		return;
	}
	switch (nodeTag(node))
	{
		case T_Var:
			elog(ERROR, "cdc_stream planner: column %d of range table entry %d is not in scope",
				 ((Var *) node)->varattno, ((Var *) node)->varno);
			break;
		case T_Const:
			write_const(w, ((Const *) node)->consttype, ((Const *) node)->consttypmod,
						((Const *) node)->constvalue, ((Const *) node)->constisnull);
			return;
		case T_OpExpr:
			write_operator(w, (OpExpr *) node, scope);
			return;
		case T_FuncExpr:
			write_function(w, (FuncExpr *) node, scope);
			return;
		case T_ScalarArrayOpExpr:
			write_array_comparison(w, (ScalarArrayOpExpr *) node, scope);
			return;
		case T_RelabelType:
			write_expr(w, (Node *) ((RelabelType *) node)->arg, scope);
			return;
		case T_CollateExpr:
			/*
			 * Only ordering depends on the collation, and each ordering
			 * comparison checks its own input collation; equality is the
			 * bytes under every collation plan_collations.cpp lets through.
			 */
			write_expr(w, (Node *) ((CollateExpr *) node)->arg, scope);
			return;
		case T_CoerceViaIO:
			write_io_cast(w, (CoerceViaIO *) node, scope);
			return;
		case T_BoolExpr:
			write_bool_expr(w, (BoolExpr *) node, scope);
			return;
		case T_NullTest:
			if (((NullTest *) node)->argisrow)
				refuse("IS NULL on rows", NULL);
			write_unary(w, ((NullTest *) node)->nulltesttype == IS_NULL ? "is_null" : "is_not_null",
						node, (Node *) ((NullTest *) node)->arg, scope);
			return;
		case T_BooleanTest:
			write_unary(w, boolean_test_kind(((BooleanTest *) node)->booltesttype), node,
						(Node *) ((BooleanTest *) node)->arg, scope);
			return;
		case T_CoalesceExpr:
			begin_expr(w, "coalesce", node);
			write_expr_list(w, "args", ((CoalesceExpr *) node)->args, scope);
			json_end_object(w);
			return;
		case T_NullIfExpr:
			describe_operator(((NullIfExpr *) node)->opno, ((NullIfExpr *) node)->args);
			begin_expr(w, "nullif", node);
			write_expr_list(w, "args", ((NullIfExpr *) node)->args, scope);
			json_end_object(w);
			return;
		case T_CaseExpr:
			write_case(w, (CaseExpr *) node, scope);
			return;
		case T_CaseTestExpr:
			if (scope->case_value == NULL)
				elog(ERROR, "cdc_stream planner: CASE placeholder outside CASE");
			write_expr(w, scope->case_value, scope);
			return;
		case T_Aggref:
			refuse("aggregates outside the select list and HAVING", NULL);
		default:
			refuse_expression(node);
	}
}

void
write_expression(JsonWriter *w, Node *node, List *layout)
{
	ExprScope	scope = {layout, NULL};

	write_expr(w, node, &scope);
}
