/*
 * Types in plans: their names, which may be keys, and constants in the
 * canonical text form docs/plan-format.md defines.
 */
extern "C" {
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "common/shortest_dec.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"
}

#include "planner.hpp"

const char *
plan_type_name(Oid type)
{
	Oid			base = getBaseType(type);
	HeapTuple	tuple = SearchSysCache1(TYPEOID, ObjectIdGetDatum(base));
	char	   *name;

	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "cache lookup failed for type %u", base);
	name = pstrdup(NameStr(((Form_pg_type) GETSTRUCT(tuple))->typname));
	ReleaseSysCache(tuple);
	return name;
}

/* Values of any type but composites and pseudo-types can be carried along. */
void
check_supported_type(Oid type, const char *context)
{
	char		typtype = get_typtype(getBaseType(type));

	if (typtype == TYPTYPE_COMPOSITE || typtype == TYPTYPE_PSEUDO || type == RECORDOID)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("cdc_stream views cannot carry values of type %s (%s)",
						format_type_be(type), context),
				 errhint("Select the composite's fields one by one.")));
}

/*
 * Keys (GROUP BY, DISTINCT, UNION, join keys) are compared by the maintainer
 * with its own equality.  For these types that equality is Postgres'; for
 * others (jsonb: 1.0 = 1.00, interval: '1 day' = '24 hours', ...) comparing
 * text forms would differ, so they are refused.
 */
void
check_key_type(Oid type, const char *context)
{
	switch (getBaseType(type))
	{
		case BOOLOID:
		case INT2OID:
		case INT4OID:
		case INT8OID:
		case FLOAT4OID:
		case FLOAT8OID:
		case NUMERICOID:
		case TEXTOID:
		case VARCHAROID:
		case BPCHAROID:
		case DATEOID:
		case TIMESTAMPOID:
		case TIMESTAMPTZOID:
		case INTERVALOID:
		case UUIDOID:
		case BYTEAOID:
			return;
		default:
			if (get_typtype(getBaseType(type)) == TYPTYPE_ENUM)
				return;
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("values of type %s cannot be used in %s by cdc_stream",
							format_type_be(type), context),
					 errdetail("cdc-maintainer cannot compare %s values exactly as Postgres does.",
							   format_type_be(type)),
					 errhint("Cast the value to text if comparing its text form is what you mean.")));
	}
}

/*
 * Scalars of these types have a canonical form here (canonical_constant);
 * inside an array or a range they print with their output function, which
 * reads extra_float_digits, DateStyle, TimeZone, IntervalStyle or
 * bytea_output; money always reads lc_monetary.
 */
static bool
prints_by_settings(Oid type)
{
	switch (type)
	{
		case FLOAT4OID:
		case FLOAT8OID:
		case DATEOID:
		case TIMESTAMPOID:
		case TIMESTAMPTZOID:
		case INTERVALOID:
		case BYTEAOID:
		case MONEYOID:
			return true;
		default:
			return false;
	}
}

/*
 * A constant, folded by Postgres or written in the view, must have a value
 * cdc-maintainer holds exactly: a type it knows, or one it carries in a text
 * form that no session setting changes.
 */
void
check_constant_type(Oid type)
{
	Oid			base = getBaseType(type);
	char		typtype = get_typtype(base);
	Oid			element = get_element_type(base);
	Oid			inner = OidIsValid(element) ? getBaseType(element) : InvalidOid;

	if (base == UNKNOWNOID)
		return;					/* a string literal (of concat()): its text as written */
	if (typtype == TYPTYPE_RANGE)
		inner = getBaseType(get_range_subtype(base));
	else if (typtype == TYPTYPE_MULTIRANGE)
		inner = getBaseType(get_range_subtype(get_multirange_range(base)));
	if (typtype == TYPTYPE_COMPOSITE || typtype == TYPTYPE_PSEUDO || base == MONEYOID ||
		(OidIsValid(inner) && (prints_by_settings(inner) || get_typtype(inner) == TYPTYPE_COMPOSITE)))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("a constant of type %s is not supported by cdc_stream", format_type_be(type)),
				 errdetail("cdc-maintainer has no exact representation of %s values.", format_type_be(type)),
				 errhint("Compute the value in a column of the table, or use a supported type.")));
}

static char *
canonical_float(double value, bool single)
{
	char	   *text = (char *) palloc(32);

	if (single)
		float_to_shortest_decimal_buf((float) value, text);
	else
		double_to_shortest_decimal_buf(value, text);
	return text;
}

static char *
canonical_timestamp(Timestamp value, bool with_zone)
{
	struct pg_tm tm;
	fsec_t		fsec;
	char		text[MAXDATELEN + 1];

	if (TIMESTAMP_IS_NOBEGIN(value))
		return pstrdup("-infinity");
	if (TIMESTAMP_IS_NOEND(value))
		return pstrdup("infinity");
	/* no time zone given: the fields of the UTC instant */
	if (timestamp2tm(value, NULL, &tm, &fsec, NULL, NULL) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range")));
	EncodeDateTime(&tm, fsec, false, 0, NULL, USE_ISO_DATES, text);
	if (!with_zone)
		return pstrdup(text);
	/* "YYYY-MM-DD HH:MM:SS+00", keeping a trailing " BC" last */
	if (tm.tm_year <= 0)
	{
		text[strlen(text) - 3] = '\0';
		return psprintf("%s+00 BC", text);
	}
	return psprintf("%s+00", text);
}

static char *
canonical_date(DateADT value)
{
	struct pg_tm tm;
	char		text[MAXDATELEN + 1];

	if (DATE_IS_NOBEGIN(value))
		return pstrdup("-infinity");
	if (DATE_IS_NOEND(value))
		return pstrdup("infinity");
	j2date(value + POSTGRES_EPOCH_JDATE, &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
	EncodeDateOnly(&tm, USE_ISO_DATES, text);
	return pstrdup(text);
}

/* ISO 8601 as IntervalStyle iso_8601 prints it: "P1Y2M3DT4H5M6.5S" */
static char *
canonical_interval(Interval *value)
{
	struct pg_itm itm;
	char		text[MAXDATELEN + 1];

	interval2itm(*value, &itm);
	EncodeInterval(&itm, INTSTYLE_ISO_8601, text);
	return pstrdup(text);
}

/* The constant as docs/plan-format.md writes it, whatever the session's settings. */
char *
canonical_constant(Oid type, Datum value)
{
	Oid			output_function;
	bool		is_varlena;

	switch (getBaseType(type))
	{
		case BOOLOID:
			return pstrdup(DatumGetBool(value) ? "true" : "false");
		case FLOAT4OID:
			return canonical_float(DatumGetFloat4(value), true);
		case FLOAT8OID:
			return canonical_float(DatumGetFloat8(value), false);
		case DATEOID:
			return canonical_date(DatumGetDateADT(value));
		case TIMESTAMPOID:
			return canonical_timestamp(DatumGetTimestamp(value), false);
		case TIMESTAMPTZOID:
			return canonical_timestamp(DatumGetTimestampTz(value), true);
		case INTERVALOID:
			return canonical_interval(DatumGetIntervalP(value));
		default:
			getTypeOutputInfo(type, &output_function, &is_varlena);
			return OidOutputFunctionCall(output_function, value);
	}
}
