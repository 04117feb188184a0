/*
 * Date, time and interval operators and functions a view may use, by the C
 * function implementing them (pg_proc.prosrc): the arithmetic of date,
 * timestamp and interval, comparisons across date, timestamp and
 * timestamptz, date_trunc, extract/date_part, age and make_date.
 *
 * Some read the TimeZone setting (they are stable, not immutable): the
 * timestamptz arithmetic, comparisons and casts of timestamptz with date and
 * timestamp, and date_trunc, extract and age of a timestamptz.  A view
 * fixes the time zone it was added in; cdc-maintainer evaluates them only
 * for a zone with one UTC offset for all time (UTC, Etc/GMT-2, '+02'),
 * written on each such expression as "utc_offset" (docs/plan-format.md).
 * AT TIME ZONE names its own zone: a constant one with a fixed offset is a
 * cast at that offset.
 */
extern "C" {
#include "postgres.h"

#include "nodes/primnodes.h"
#include "parser/scansup.h"
#include "pgtime.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
}

#include "planner.hpp"

struct DatetimeFunction
{
	const char *prosrc;
	const char *fn;
	bool		reads_time_zone;
};

static const DatetimeFunction datetime_functions[] = {
	{"date_pli", "add", false}, {"date_mii", "sub", false}, {"date_mi", "sub", false},
	{"date_pl_interval", "add", false}, {"date_mi_interval", "sub", false},
	{"timestamp_pl_interval", "add", false}, {"timestamp_mi_interval", "sub", false},
	{"timestamptz_pl_interval", "add", true}, {"timestamptz_mi_interval", "sub", true},
	{"timestamp_mi", "sub", false},
	{"interval_pl", "add", false}, {"interval_mi", "sub", false}, {"interval_um", "neg", false},
	{"interval_mul", "mul", false}, {"mul_d_interval", "mul", false}, {"interval_div", "div", false},
	{"timestamp_trunc", "date_trunc", false}, {"timestamptz_trunc", "date_trunc", true},
	{"extract_date", "extract", false}, {"extract_timestamp", "extract", false},
	{"extract_timestamptz", "extract", true}, {"extract_interval", "extract", false},
	{"timestamp_part", "date_part", false}, {"timestamptz_part", "date_part", true},
	{"interval_part", "date_part", false},
	{"timestamp_age", "age", false}, {"timestamptz_age", "age", true},
	{"make_date", "make_date", false},
	{"timestamp_zone", "at_time_zone", false}, {"timestamptz_zone", "at_time_zone", false},
	{"timestamp_to_char", "to_char", false}, {"timestamptz_to_char", "to_char", true},
	{"date_timestamp", "cast", false}, {"timestamp_date", "cast", false},
	{"timestamptz_date", "cast", true}, {"date_timestamptz", "cast", true},
	{"timestamp_timestamptz", "cast", true}, {"timestamptz_timestamp", "cast", true},
};

/* The comparison operators across types: date_lt_timestamp, timestamptz_ge_date, ... */
struct CrossComparison
{
	const char *left;
	const char *right;
	bool		reads_time_zone;
};

static const CrossComparison cross_comparisons[] = {
	{"date", "timestamp", false}, {"timestamp", "date", false},
	{"date", "timestamptz", true}, {"timestamptz", "date", true},
	{"timestamp", "timestamptz", true}, {"timestamptz", "timestamp", true},
};

static const char *const comparison_names[] = {"eq", "ne", "lt", "le", "gt", "ge"};

/* "lt" for prosrc "<left>_lt_<right>" of a cross-type comparison, else NULL. */
static const char *
cross_comparison(const char *prosrc, bool *reads_time_zone)
{
	for (size_t i = 0; i < lengthof(cross_comparisons); i++)
		for (size_t j = 0; j < lengthof(comparison_names); j++)
		{
			char		name[64];

			snprintf(name, sizeof(name), "%s_%s_%s", cross_comparisons[i].left, comparison_names[j],
					 cross_comparisons[i].right);
			if (strcmp(name, prosrc) == 0)
			{
				*reads_time_zone = cross_comparisons[i].reads_time_zone;
				return comparison_names[j];
			}
		}
	return NULL;
}

const char *
describe_datetime_function(const char *prosrc, bool *reads_time_zone)
{
	for (size_t i = 0; i < lengthof(datetime_functions); i++)
		if (strcmp(datetime_functions[i].prosrc, prosrc) == 0)
		{
			*reads_time_zone = datetime_functions[i].reads_time_zone;
			return datetime_functions[i].fn;
		}
	return cross_comparison(prosrc, reads_time_zone);
}

/*
 * The session's TimeZone as seconds east of UTC, when the zone has that one
 * offset for all time; refuses the expression (what) otherwise.
 */
long
view_utc_offset(const char *what)
{
	long		offset;

	if (!pg_get_timezone_offset(session_timezone, &offset))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s is not supported by cdc_stream in time zone \"%s\"", what,
						pg_get_timezone_name(session_timezone)),
				 errdetail("Its result depends on the TimeZone setting; cdc-maintainer evaluates it only "
						   "in a time zone with a fixed UTC offset."),
				 errhint("SET TimeZone = 'UTC' (or a fixed offset such as '+02') before add_view: "
						 "the view keeps the time zone it was added in.")));
	return offset;
}

/*
 * The offset (seconds east of UTC) of AT TIME ZONE's zone, resolved as
 * timestamp_zone does (a fixed abbreviation such as EST, else a zone name);
 * refused unless the zone is a constant with one offset for all time.
 */
long
fixed_zone_offset(Node *zone)
{
	char	   *name;
	int			type;
	int			abbreviation_offset;
	pg_tz	   *tz;
	long		offset;

	if (!IsA(zone, Const))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("AT TIME ZONE is supported by cdc_stream only with a constant zone")));
	name = TextDatumGetCString(((Const *) zone)->constvalue);
	type = DecodeTimezoneAbbrev(0, downcase_truncate_identifier(name, strlen(name), false),
								&abbreviation_offset, &tz);
	if (type == TZ || type == DTZ)
		return abbreviation_offset;
	if (type != DYNTZ)
	{
		tz = pg_tzset(name);
		if (tz == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("time zone \"%s\" not recognized", name)));
		if (pg_get_timezone_offset(tz, &offset))
			return offset;
	}
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("AT TIME ZONE '%s' is not supported by cdc_stream", name),
			 errdetail("cdc-maintainer evaluates AT TIME ZONE only for a zone with a fixed UTC offset."),
			 errhint("Use a zone with one offset, such as 'UTC', 'Etc/GMT-2' or 'EST'.")));
	pg_unreachable();
}

/*
 * to_char's pattern must be a constant of the numeric fields cdc-maintainer
 * formats (engine/functions_to_char.cpp), so no locale is read (TM), and
 * no other keyword of Postgres' could be matched differently.
 */
void
check_to_char_pattern(Node *pattern)
{
	static const char *const fields[] = {"YYYY", "IYYY", "HH24", "DDD", "MM", "DD", "MI", "SS", "MS", "US",
	"IW", "Q"};
	const char *written;

	if (!IsA(pattern, Const))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("to_char is supported by cdc_stream only with a constant pattern")));
	if (((Const *) pattern)->constisnull)
		return;
	written = TextDatumGetCString(((Const *) pattern)->constvalue);
	for (const char *at = written; *at != '\0';)
	{
		size_t		matched = 0;

		for (size_t i = 0; i < lengthof(fields) && matched == 0; i++)
			if (strncmp(at, fields[i], strlen(fields[i])) == 0 && strncmp(at, "SSSS", 4) != 0)
				matched = strlen(fields[i]);
		if (matched == 0 && (isdigit((unsigned char) *at) || strchr(" -/:.,;", *at) != NULL))
			matched = 1;
		if (matched == 0)
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("to_char pattern \"%s\" is not supported by cdc_stream", written),
					 errdetail("cdc-maintainer formats the fields YYYY, MM, DD, HH24, MI, SS, MS, US, Q, DDD, IW "
							   "and IYYY, separated by digits, spaces and - / : . , ;"),
					 errhint("Names of months and days (Mon, Day, TM) and FM, TH and quoted text are not supported.")));
		at += matched;
	}
}

const char *
view_time_zone_name(void)
{
	return pg_get_timezone_name(session_timezone);
}
