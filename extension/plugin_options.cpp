/*
 * Parsing and checking of the output plugin's options (plugin_options.hpp).
 * Modelled on pgoutput's parse_output_parameters: every option is checked
 * once, duplicates and unknown names are refused with a message naming them.
 */
extern "C" {
#include "postgres.h"

#include "commands/defrem.h"
#include "lib/stringinfo.h"
#include "nodes/pg_list.h"
#include "parser/scansup.h"
#include "utils/builtins.h"
}

#include "cdc_stream/wire.h"
#include "plugin_options.hpp"

/* A cursor over the text of the tables option. */
struct TablesScanner
{
	const char *text;
	const char *pos;
};

static void pg_attribute_noreturn()
tables_syntax_error(const TablesScanner *scanner, const char *expected)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid value for cdc_stream option \"tables\": expected %s at character %d",
					expected, (int) (scanner->pos - scanner->text) + 1),
			 errdetail("The value was: %s", scanner->text),
			 errhint("Write a comma-separated list of schema.table names or relation OIDs, each optionally followed by (column, ...); a column is a name or #attnum AS name.")));
}

static void
skip_spaces(TablesScanner *scanner)
{
	while (scanner_isspace(*scanner->pos))
		scanner->pos++;
}

static bool
accept_char(TablesScanner *scanner, char c)
{
	skip_spaces(scanner);
	if (*scanner->pos != c)
		return false;
	scanner->pos++;
	return true;
}

/* An SQL identifier: "quoted" as written, unquoted folded to lower case. */
static char *
scan_identifier(TablesScanner *scanner, const char *what)
{
	skip_spaces(scanner);
	if (*scanner->pos == '"')
	{
		StringInfoData ident;

		initStringInfo(&ident);
		for (scanner->pos++;; scanner->pos++)
		{
			if (*scanner->pos == '\0')
				tables_syntax_error(scanner, "a closing double quote");
			if (*scanner->pos == '"')
			{
				if (scanner->pos[1] != '"')
					break;
				scanner->pos++;
			}
			appendStringInfoChar(&ident, *scanner->pos);
		}
		scanner->pos++;
		if (ident.len == 0)
			tables_syntax_error(scanner, what);
		return ident.data;
	}

	const char *start = scanner->pos;

	while (*scanner->pos && (IS_HIGHBIT_SET(*scanner->pos) || isalnum((unsigned char) *scanner->pos) ||
							 *scanner->pos == '_' || *scanner->pos == '$'))
		scanner->pos++;
	if (scanner->pos == start)
		tables_syntax_error(scanner, what);
	return downcase_identifier(start, scanner->pos - start, false, true);
}

/* An attribute number after '#': a positive decimal int16. */
static AttrNumber
scan_attnum(TablesScanner *scanner)
{
	const char *start = scanner->pos;
	char	   *end;
	long		value;

	if (!isdigit((unsigned char) *start))
		tables_syntax_error(scanner, "an attribute number after \"#\"");
	errno = 0;
	value = strtol(start, &end, 10);
	if (errno != 0 || value < 1 || value > PG_INT16_MAX)
		tables_syntax_error(scanner, "an attribute number from 1 to 32767 after \"#\"");
	scanner->pos = end;
	return (AttrNumber) value;
}

/* The keyword AS (any case), followed by something that is not a letter. */
static bool
accept_as(TablesScanner *scanner)
{
	skip_spaces(scanner);
	if (pg_strncasecmp(scanner->pos, "as", 2) != 0 ||
		isalnum((unsigned char) scanner->pos[2]) || scanner->pos[2] == '_')
		return false;
	scanner->pos += 2;
	return true;
}

/* column, or #attnum AS name */
static FilterColumn *
scan_column(TablesScanner *scanner)
{
	FilterColumn *column = (FilterColumn *) palloc0(sizeof(FilterColumn));

	column->attnum = InvalidAttrNumber;
	if (accept_char(scanner, '#'))
	{
		column->attnum = scan_attnum(scanner);
		if (!accept_as(scanner))
			tables_syntax_error(scanner, "AS and the name to send the column under");
		column->name = scan_identifier(scanner, "a column name after AS");
	}
	else
		column->name = scan_identifier(scanner, "a column name or #attnum AS name");
	return column;
}

static List *
scan_column_list(TablesScanner *scanner)
{
	List	   *columns = NIL;

	do
	{
		FilterColumn *column = scan_column(scanner);
		ListCell   *lc;

		foreach(lc, columns)
		{
			FilterColumn *seen = (FilterColumn *) lfirst(lc);

			if (strcmp(seen->name, column->name) == 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("column \"%s\" is listed twice in cdc_stream option \"tables\"", column->name)));
			if (column->attnum != InvalidAttrNumber && seen->attnum == column->attnum)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("attribute number %d is listed twice in cdc_stream option \"tables\"",
								(int) column->attnum)));
		}
		columns = lappend(columns, column);
	} while (accept_char(scanner, ','));
	if (!accept_char(scanner, ')'))
		tables_syntax_error(scanner, "\",\" or \")\"");
	return columns;
}

/* A relation OID: digits not followed by a dot. */
static bool
scan_relid(TablesScanner *scanner, Oid *relid)
{
	const char *start;
	char	   *end;
	unsigned long value;

	skip_spaces(scanner);
	start = scanner->pos;
	if (!isdigit((unsigned char) *start))
		return false;
	errno = 0;
	value = strtoul(start, &end, 10);
	while (scanner_isspace(*end))
		end++;
	if (errno != 0 || value == 0 || value > PG_UINT32_MAX || *end == '.')
		return false;
	*relid = (Oid) value;
	scanner->pos = end;
	return true;
}

static TableFilter *
scan_table_filter(TablesScanner *scanner)
{
	TableFilter *filter = (TableFilter *) palloc0(sizeof(TableFilter));

	if (scan_relid(scanner, &filter->relid))
	{
		filter->schema = psprintf("%u", filter->relid);
		filter->name = filter->schema;
	}
	else
	{
		filter->schema = scan_identifier(scanner, "a schema-qualified table name or a relation OID");
		if (!accept_char(scanner, '.'))
			tables_syntax_error(scanner, "\".\" and a table name (names must be schema-qualified)");
		filter->name = scan_identifier(scanner, "a table name");
	}
	if (accept_char(scanner, '('))
		filter->columns = scan_column_list(scanner);
	return filter;
}

static List *
parse_tables(const char *text)
{
	TablesScanner scanner = {text, text};
	List	   *tables = NIL;

	skip_spaces(&scanner);
	if (*scanner.pos == '\0')
		return NIL;
	do
	{
		TableFilter *filter = scan_table_filter(&scanner);
		ListCell   *lc;

		foreach(lc, tables)
		{
			TableFilter *seen = (TableFilter *) lfirst(lc);

			if (seen->relid == filter->relid &&
				strcmp(seen->schema, filter->schema) == 0 && strcmp(seen->name, filter->name) == 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("table \"%s%s%s\" is listed twice in cdc_stream option \"tables\"",
								filter->schema, OidIsValid(filter->relid) ? "" : ".",
								OidIsValid(filter->relid) ? "" : filter->name)));
		}
		tables = lappend(tables, filter);
	} while (accept_char(&scanner, ','));
	skip_spaces(&scanner);
	if (*scanner.pos != '\0')
		tables_syntax_error(&scanner, "\",\" or the end of the list");
	return tables;
}

/* value as a whole decimal integer into *result; false if it is not one */
static bool
parse_integer(const char *value, long *result)
{
	char	   *end;

	errno = 0;
	*result = strtol(value, &end, 10);
	return errno == 0 && end != value && *end == '\0';
}

static int
parse_proto_version(const char *option, const char *value)
{
	long		version;

	if (!parse_integer(value, &version))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for cdc_stream option \"%s\": \"%s\" is not an integer",
						option, value)));
	if (version < CDC_WIRE_VERSION_MIN || version > CDC_WIRE_VERSION_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("cdc_stream protocol version %ld is not supported", version),
				 errdetail("This server supports versions %d to %d.",
						   CDC_WIRE_VERSION_MIN, CDC_WIRE_VERSION_MAX)));
	return (int) version;
}

static int
parse_write_size(const char *option, const char *value)
{
	long		size;

	if (!parse_integer(value, &size) || size < 0 || size > CDC_MAX_WRITE_SIZE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for cdc_stream option \"%s\": \"%s\"", option, value),
				 errhint("Give a number of bytes from 0 (one message per write) to %d.",
						 CDC_MAX_WRITE_SIZE)));
	return (int) size;
}

/* Returns which of the allowed words value is; ereports if none. */
static int
parse_choice(const char *option, const char *value, const char *const *choices, int nchoices)
{
	for (int i = 0; i < nchoices; i++)
		if (pg_strcasecmp(value, choices[i]) == 0)
			return i;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid value for cdc_stream option \"%s\": \"%s\"", option, value),
			 errhint("Valid values are \"%s\" and \"%s\".", choices[0], choices[1])));
	pg_unreachable();
}

static const char *const format_choices[] = {"binary", "text"};
static const char *const origin_choices[] = {"any", "none"};

static void
apply_option(PluginOptions *result, const char *name, const char *value)
{
	if (strcmp(name, "proto_version") == 0)
		result->proto_version = parse_proto_version(name, value);
	else if (strcmp(name, "format") == 0)
		result->text_format = parse_choice(name, value, format_choices, 2) == 1;
	else if (strcmp(name, "origin") == 0)
		result->skip_origin_changes = parse_choice(name, value, origin_choices, 2) == 1;
	else if (strcmp(name, "write_size") == 0)
		result->write_size = parse_write_size(name, value);
	else if (strcmp(name, "tables") == 0)
	{
		result->filter_tables = true;
		result->tables = parse_tables(value);
	}
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unrecognized cdc_stream option \"%s\"", name),
				 errhint("Valid options are proto_version, format, tables, origin and write_size.")));
}

void
parse_plugin_options(List *options, PluginOptions *result)
{
	List	   *seen = NIL;
	ListCell   *lc;

	memset(result, 0, sizeof(*result));
	result->proto_version = CDC_WIRE_VERSION_MAX;
	result->write_size = CDC_DEFAULT_WRITE_SIZE;

	foreach(lc, options)
	{
		DefElem    *option = lfirst_node(DefElem, lc);

		if (list_member(seen, makeString(option->defname)))
			ereport(ERROR,
					(errcode(ERRCODE_SYNTAX_ERROR),
					 errmsg("conflicting or redundant cdc_stream option \"%s\"", option->defname)));
		seen = lappend(seen, makeString(option->defname));
		if (option->arg == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cdc_stream option \"%s\" needs a value", option->defname)));
		apply_option(result, option->defname, strVal(option->arg));
	}
	/* text and version 1 send one message per write */
	if (result->text_format || result->proto_version < 2)
	{
		if (list_member(seen, makeString(pstrdup("write_size"))) && result->write_size != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cdc_stream option \"write_size\" applies only to format binary with proto_version 2 or later"),
					 errhint("Leave it out, or give 0: this format sends one message per write.")));
		result->write_size = 0;
	}
}

TableFilter *
find_table_filter(const PluginOptions *options, Oid relid, const char *schema, const char *name)
{
	ListCell   *lc;

	foreach(lc, options->tables)
	{
		TableFilter *filter = (TableFilter *) lfirst(lc);

		if (OidIsValid(filter->relid) ? filter->relid == relid :
			strcmp(filter->schema, schema) == 0 && strcmp(filter->name, name) == 0)
			return filter;
	}
	return NULL;
}
