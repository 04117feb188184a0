/*
 * Which functions, operators, casts and aggregates a view may use: exactly
 * those cdc-maintainer evaluates with Postgres' semantics, recorded by what
 * they compute (docs/plan-format.md, "Functions" and "Casts").
 *
 * Operators are recognised by their symbol and the families of their operand
 * types (so int4 + int8 and int2 + int2 are both "add"); functions and casts
 * by the C function that implements them (pg_proc.prosrc).  Everything must
 * be a built-in, immutable, internal function of pg_catalog.
 */
extern "C" {
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_aggregate.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_database.h"
#include "catalog/pg_language.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_operator.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "nodes/nodeFuncs.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"
#include "utils/syscache.h"
}

#include "planner.hpp"

/* Operand type families: operators apply within one family. */
enum TypeFamily
{
	FAMILY_OTHER,
	FAMILY_INT,
	FAMILY_FLOAT,
	FAMILY_NUMERIC,
	FAMILY_TEXT,
	FAMILY_BPCHAR,
	FAMILY_BOOL,
	FAMILY_DATE,
	FAMILY_TIMESTAMP,
	FAMILY_TIMESTAMPTZ,
	FAMILY_INTERVAL,
	FAMILY_UUID,
	FAMILY_BYTEA
};

static TypeFamily
type_family(Oid type)
{
	if (!OidIsValid(type))
		return FAMILY_OTHER;
	switch (getBaseType(type))
	{
		case INT2OID:
		case INT4OID:
		case INT8OID:
			return FAMILY_INT;
		case FLOAT4OID:
		case FLOAT8OID:
			return FAMILY_FLOAT;
		case NUMERICOID:
			return FAMILY_NUMERIC;
		case TEXTOID:
		case VARCHAROID:
			return FAMILY_TEXT;
		case BPCHAROID:
			return FAMILY_BPCHAR;
		case BOOLOID:
			return FAMILY_BOOL;
		case DATEOID:
			return FAMILY_DATE;
		case TIMESTAMPOID:
			return FAMILY_TIMESTAMP;
		case TIMESTAMPTZOID:
			return FAMILY_TIMESTAMPTZ;
		case INTERVALOID:
			return FAMILY_INTERVAL;
		case UUIDOID:
			return FAMILY_UUID;
		case BYTEAOID:
			return FAMILY_BYTEA;
		default:
			return FAMILY_OTHER;
	}
}

static bool
is_number_family(TypeFamily family)
{
	return family == FAMILY_INT || family == FAMILY_FLOAT || family == FAMILY_NUMERIC;
}

static bool
is_text_family(TypeFamily family)
{
	return family == FAMILY_TEXT || family == FAMILY_BPCHAR;
}

struct NameMapping
{
	const char *from;
	const char *to;
};

static const NameMapping comparison_operators[] = {
	{"=", "eq"}, {"<>", "ne"}, {"<", "lt"}, {"<=", "le"}, {">", "gt"}, {">=", "ge"},
};
static const NameMapping arithmetic_operators[] = {
	{"+", "add"}, {"-", "sub"}, {"*", "mul"}, {"/", "div"}, {"%", "mod"},
};
static const NameMapping like_operators[] = {
	{"~~", "like"}, {"!~~", "not_like"}, {"~~*", "ilike"}, {"!~~*", "not_ilike"},
};

/* Functions by the C function implementing them. */
static const NameMapping functions[] = {
	{"textcat", "textcat"}, {"text_concat", "concat"},
	{"upper", "upper"}, {"lower", "lower"},
	{"textlen", "length"}, {"bpcharlen", "length"},
	{"text_substr", "substr"}, {"text_substr_no_len", "substr"},
	{"btrim", "btrim"}, {"btrim1", "btrim"}, {"ltrim", "ltrim"}, {"ltrim1", "ltrim"},
	{"rtrim", "rtrim"}, {"rtrim1", "rtrim"},
	{"textlike", "like"}, {"textnlike", "not_like"}, {"texticlike", "ilike"}, {"texticnlike", "not_ilike"},
	{"int2abs", "abs"}, {"int4abs", "abs"}, {"int8abs", "abs"}, {"numeric_abs", "abs"},
	{"float4abs", "abs"}, {"float8abs", "abs"},
};

/* Casts by the C function implementing them (see also CoerceViaIO). */
static const char *const cast_functions[] = {
	"int48", "int84", "i2toi4", "i4toi2", "int28", "int82",
	"int2_numeric", "int4_numeric", "int8_numeric", "numeric_int2", "numeric_int4", "numeric_int8",
	"numeric", "i2tod", "i4tod", "i8tod", "i2tof", "i4tof", "i8tof",
	"dtoi2", "dtoi4", "dtoi8", "ftoi2", "ftoi4", "ftoi8", "ftod", "dtof",
	"float4_numeric", "float8_numeric", "numeric_float4", "numeric_float8",
	"bool_int4", "int4_bool", "booltext", "varchar", "bpchar",
};

static const char *
lookup_name(const NameMapping *mappings, size_t count, const char *name)
{
	for (size_t i = 0; i < count; i++)
		if (strcmp(mappings[i].from, name) == 0)
			return mappings[i].to;
	return NULL;
}

static bool
is_cast_function(const char *prosrc)
{
	for (size_t i = 0; i < lengthof(cast_functions); i++)
		if (strcmp(cast_functions[i], prosrc) == 0)
			return true;
	return false;
}

/* prosrc of a built-in internal function of pg_catalog, or NULL. */
static char *
builtin_function_source(Oid funcid, char *volatility)
{
	HeapTuple	tuple = SearchSysCache1(PROCOID, ObjectIdGetDatum(funcid));
	Form_pg_proc proc;
	char	   *source = NULL;

	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "cache lookup failed for function %u", funcid);
	proc = (Form_pg_proc) GETSTRUCT(tuple);
	*volatility = proc->provolatile;
	if (proc->prolang == INTERNALlanguageId && proc->pronamespace == PG_CATALOG_NAMESPACE &&
		!proc->proretset)
	{
		bool		isnull;
		Datum		prosrc = SysCacheGetAttr(PROCOID, tuple, Anum_pg_proc_prosrc, &isnull);

		if (!isnull)
			source = TextDatumGetCString(prosrc);
	}
	ReleaseSysCache(tuple);
	return source;
}

/*
 * concat() is stable because some types print differently under different
 * settings (DateStyle, TimeZone, extra_float_digits); for these types the
 * text form is fixed, so the result is too.
 */
static bool
has_fixed_text_form(Oid type)
{
	if (type == UNKNOWNOID)		/* a string literal: printed as written */
		return true;
	switch (type_family(type))
	{
		case FAMILY_INT:
		case FAMILY_NUMERIC:
		case FAMILY_TEXT:
		case FAMILY_BPCHAR:
		case FAMILY_BOOL:
		case FAMILY_UUID:
			return true;
		default:
			return false;
	}
}

static void
check_concat_arguments(List *args)
{
	ListCell   *lc;

	foreach(lc, args)
	{
		Oid			type = exprType((Node *) lfirst(lc));

		if (!has_fixed_text_form(type))
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("concat() of a %s value is not supported by cdc_stream", format_type_be(type)),
					 errdetail("Its text form depends on session settings."),
					 errhint("Format the value explicitly, e.g. with a cast of its parts to text.")));
	}
}

/* An operator by symbol and operand families; NULL if not supported. */
static const char *
describe_operator_function(const char *symbol, List *args)
{
	TypeFamily	left = type_family(exprType((Node *) linitial(args)));
	TypeFamily	right = list_length(args) > 1 ? type_family(exprType((Node *) lsecond(args))) : left;
	const char *fn;

	if (list_length(args) == 1)
	{
		if (is_number_family(left) && strcmp(symbol, "-") == 0)
			return "neg";
		if (is_number_family(left) && strcmp(symbol, "@") == 0)
			return "abs";
		return NULL;
	}
	if ((fn = lookup_name(comparison_operators, lengthof(comparison_operators), symbol)) != NULL)
		return left == right && left != FAMILY_OTHER ? fn : NULL;
	if ((fn = lookup_name(arithmetic_operators, lengthof(arithmetic_operators), symbol)) != NULL)
		return left == right && is_number_family(left) &&
			!(left == FAMILY_FLOAT && strcmp(fn, "mod") == 0) ? fn : NULL;
	if ((fn = lookup_name(like_operators, lengthof(like_operators), symbol)) != NULL)
		return is_text_family(left) && right == FAMILY_TEXT ? fn : NULL;
	if (strcmp(symbol, "||") == 0 && left == FAMILY_TEXT && right == FAMILY_TEXT)
		return "textcat";
	return NULL;
}

/* Fills info for a function call (funcid) or an operator's function. */
bool
describe_function(Oid funcid, Oid result_type, List *args, FunctionInfo *info)
{
	char		volatility;
	char	   *source = builtin_function_source(funcid, &volatility);

	info->pg_name = get_func_name(funcid);
	info->is_cast = false;
	info->reads_time_zone = false;
	info->fn = NULL;
	if (source == NULL)
		return false;
	if ((info->fn = describe_datetime_function(source, &info->reads_time_zone)) != NULL)
	{
		/*
		 * The stable ones are stable only by TimeZone, which the view fixes,
		 * and to_char also by the locale of TM patterns, which the writer
		 * refuses (check_to_char_pattern).
		 */
		info->is_cast = strcmp(info->fn, "cast") == 0;
		return info->reads_time_zone || volatility == PROVOLATILE_IMMUTABLE || strcmp(info->fn, "to_char") == 0;
	}
	if (is_cast_function(source))
	{
		info->fn = "cast";
		info->is_cast = true;
		return volatility == PROVOLATILE_IMMUTABLE;
	}
	info->fn = lookup_name(functions, lengthof(functions), source);
	if (info->fn != NULL && strcmp(info->fn, "concat") == 0)
	{
		check_concat_arguments(args);
		return true;
	}
	return info->fn != NULL && volatility == PROVOLATILE_IMMUTABLE;
}

/* A date/time operator's fn, by its function (its operands may differ in type), or NULL. */
static const char *
datetime_operator(Oid funcid, List *args)
{
	char		volatility;
	char	   *source = builtin_function_source(funcid, &volatility);
	bool		reads_time_zone;
	FunctionInfo info;

	if (source == NULL || describe_datetime_function(source, &reads_time_zone) == NULL)
		return NULL;
	return describe_function(funcid, InvalidOid, args, &info) ? info.fn : NULL;
}

static void
refuse_function(Oid funcid, const char *kind)
{
	char		volatility = func_volatile(funcid);
	const char *name = format_procedure(funcid);

	if (volatility != PROVOLATILE_IMMUTABLE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s %s is not supported by cdc_stream: it is %s", kind, name,
						volatility == PROVOLATILE_VOLATILE ? "volatile" : "stable"),
				 errdetail("A view maintained incrementally must give the same result whenever it is computed."),
				 errhint("Compute the value when writing the row and store it in a column.")));
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("%s %s is not supported by cdc_stream", kind, name),
			 errdetail("cdc-maintainer evaluates only the functions listed in docs/plan-format.md.")));
}

/* ereports unless the function (of an operator, when kind says so) is supported. */
void
check_function_supported(Oid funcid, Oid result_type, List *args, const char *kind)
{
	FunctionInfo info;

	if (!describe_function(funcid, result_type, args, &info))
		refuse_function(funcid, kind);
}

/* The operator's fn name (docs/plan-format.md), checking it is supported. */
const char *
describe_operator(Oid opno, List *args)
{
	HeapTuple	tuple = SearchSysCache1(OPEROID, ObjectIdGetDatum(opno));
	Form_pg_operator oper;
	const char *fn = NULL;
	char	   *symbol;
	Oid			code;

	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "cache lookup failed for operator %u", opno);
	oper = (Form_pg_operator) GETSTRUCT(tuple);
	symbol = pstrdup(NameStr(oper->oprname));
	code = oper->oprcode;
	if (oper->oprnamespace == PG_CATALOG_NAMESPACE && (fn = datetime_operator(code, args)) == NULL &&
		func_volatile(code) == PROVOLATILE_IMMUTABLE)
		fn = describe_operator_function(symbol, args);
	ReleaseSysCache(tuple);
	if (fn == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("operator %s is not supported by cdc_stream", format_operator(opno)),
				 errdetail("cdc-maintainer evaluates only the operators listed in docs/plan-format.md."),
				 errhint("Cast the operands to a common supported type.")));
	return fn;
}

bool
function_reads_time_zone(Oid funcid)
{
	FunctionInfo info;

	return describe_function(funcid, InvalidOid, NIL, &info) && info.reads_time_zone;
}

/*
 * Whether keys of these types are equal exactly when cdc-maintainer's values
 * are (join and subquery keys compare values, not through the operator):
 * not for date = timestamp, whose values count days and microseconds.
 */
bool
keys_compare_alike(Oid left_type, Oid right_type)
{
	return type_family(left_type) == type_family(right_type);
}

bool
is_equality_operator(Oid opno)
{
	HeapTuple	tuple = SearchSysCache1(OPEROID, ObjectIdGetDatum(opno));
	bool		result;

	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "cache lookup failed for operator %u", opno);
	result = strcmp(NameStr(((Form_pg_operator) GETSTRUCT(tuple))->oprname), "=") == 0;
	ReleaseSysCache(tuple);
	return result;
}

/*
 * Text ordering uses the database's collation in cdc-maintainer (libc
 * strcoll with the same locale name).  Other collations, and ICU, it cannot
 * reproduce.
 */
void
check_text_ordering_allowed(Oid collation, const char *what)
{
	HeapTuple	tuple;
	char		provider;

	if (collation != InvalidOid && collation != DEFAULT_COLLATION_OID)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s with collation \"%s\" is not supported by cdc_stream", what,
						get_collation_name(collation)),
				 errhint("Use the database's default collation.")));
	tuple = SearchSysCache1(DATABASEOID, ObjectIdGetDatum(MyDatabaseId));
	provider = ((Form_pg_database) GETSTRUCT(tuple))->datlocprovider;
	ReleaseSysCache(tuple);
	if (provider != COLLPROVIDER_LIBC)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s is not supported by cdc_stream in a database with an ICU default collation", what)));
}

/* The aggregate's fn name (docs/plan-format.md), checking it is supported. */
const char *
describe_aggregate(Aggref *aggref)
{
	const char *name = get_func_name(aggref->aggfnoid);
	Oid			arg_type = aggref->aggargtypes != NIL ? linitial_oid(aggref->aggargtypes) : InvalidOid;
	TypeFamily	family = type_family(arg_type);
	const char *what = format_procedure(aggref->aggfnoid);

	if (get_func_namespace(aggref->aggfnoid) != PG_CATALOG_NAMESPACE || aggref->aggkind != AGGKIND_NORMAL)
		name = "";
	if (strcmp(name, "count") == 0)
		return aggref->aggstar ? "count_star" : "count";
	if ((strcmp(name, "sum") == 0 || strcmp(name, "avg") == 0) &&
		(family == FAMILY_INT || family == FAMILY_NUMERIC))
		return name;
	if ((strcmp(name, "min") == 0 || strcmp(name, "max") == 0) && family != FAMILY_OTHER &&
		family != FAMILY_BOOL && family != FAMILY_BYTEA)
	{
		if (is_text_family(family))
			check_text_ordering_allowed(aggref->inputcollid, what);
		return name;
	}
	if ((strcmp(name, "sum") == 0 || strcmp(name, "avg") == 0) && family == FAMILY_FLOAT)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("aggregate %s is not supported by cdc_stream", what),
				 errdetail("An incrementally maintained sum of floating-point values cannot reproduce Postgres' rounding."),
				 errhint("Cast the argument to numeric.")));
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("aggregate %s is not supported by cdc_stream", what),
			 errhint("Supported aggregates: count, sum, avg (integers and numeric), min, max.")));
	pg_unreachable();
}
