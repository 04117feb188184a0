/*
 * Text rendering of the plugin's messages (format 'text'): the same
 * messages as the binary format, with the same columns and statuses, one
 * line each, for pg_regress expected files and for people.  Volatile fields
 * (xid, LSNs, times, relation OIDs) are left out so output is repeatable.
 */
extern "C" {
#include "postgres.h"

#include "access/htup_details.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "replication/reorderbuffer.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
}

#include "cdc_stream/wire.h"
#include "messages.hpp"
#include "relation_cache.hpp"

static const char *
identity_name(char identity)
{
	switch (identity)
	{
		case CDC_IDENTITY_DEFAULT:
			return "default";
		case CDC_IDENTITY_FULL:
			return "full";
		case CDC_IDENTITY_NOTHING:
			return "nothing";
		default:
			return "index";
	}
}

static const char *
codec_name(char codec)
{
	switch (codec)
	{
		case CDC_CODEC_INT:
			return "int";
		case CDC_CODEC_FLOAT4:
			return "float4";
		case CDC_CODEC_FLOAT8:
			return "float8";
		case CDC_CODEC_BOOL:
			return "bool";
		case CDC_CODEC_NUMERIC:
			return "numeric";
		case CDC_CODEC_DATE:
			return "date";
		case CDC_CODEC_TIMESTAMP:
			return "timestamp";
		case CDC_CODEC_TIMESTAMPTZ:
			return "timestamptz";
		case CDC_CODEC_INTERVAL:
			return "interval";
		case CDC_CODEC_UUID:
			return "uuid";
		case CDC_CODEC_BYTES:
			return "bytes";
		default:
			return "text";
	}
}

static void
append_qualified_name(StringInfo out, Relation relation)
{
	appendStringInfoString(out,
						   quote_qualified_identifier(get_namespace_name(RelationGetNamespace(relation)),
													  RelationGetRelationName(relation)));
}

/* Numbers and booleans bare, everything else as an SQL literal. */
static void
append_value(StringInfo out, const SentColumn *column, Oid type_oid, Datum value)
{
	Oid			output_oid;
	bool		is_varlena;
	char	   *text;

	getTypeOutputInfo(type_oid, &output_oid, &is_varlena);
	text = OidOutputFunctionCall(output_oid, value);
	switch (column->codec)
	{
		case CDC_CODEC_INT:
		case CDC_CODEC_FLOAT4:
		case CDC_CODEC_FLOAT8:
		case CDC_CODEC_NUMERIC:
		case CDC_CODEC_BOOL:
			appendStringInfoString(out, text);
			break;
		default:
			appendStringInfoString(out, quote_literal_cstr(text));
	}
}

static void
append_tuple(StringInfo out, Relation relation, const TrackedRelation *entry,
			 const TupleValues *tuple)
{
	TupleDesc	desc = RelationGetDescr(relation);
	bool		first = true;

	for (int i = 0; i < entry->ncolumns; i++)
	{
		const SentColumn *column = &entry->columns[i];
		Form_pg_attribute att = TupleDescAttr(desc, column->attnum - 1);

		if (tuple->status[i] == CDC_STATUS_ABSENT)
			continue;
		appendStringInfo(out, "%s%s=", first ? "" : " ", quote_identifier(column->name));
		first = false;
		if (tuple->status[i] == CDC_STATUS_NULL)
			appendStringInfoString(out, "null");
		else if (tuple->status[i] == CDC_STATUS_UNCHANGED_TOAST)
			appendStringInfoString(out, "unchanged-toast");
		else
			append_value(out, column, att->atttypid, tuple->values[i]);
	}
}

static void
write_begin(StringInfo out, ReorderBufferTXN *txn)
{
	appendStringInfoString(out, "BEGIN");
}

static void
write_commit(StringInfo out, ReorderBufferTXN *txn, XLogRecPtr commit_lsn)
{
	appendStringInfoString(out, "COMMIT");
}

static void
write_relation(StringInfo out, Relation relation, const TrackedRelation *entry)
{
	TupleDesc	desc = RelationGetDescr(relation);

	appendStringInfoString(out, "RELATION ");
	append_qualified_name(out, relation);
	appendStringInfo(out, " identity=%s:", identity_name(entry->replica_identity));
	for (int i = 0; i < entry->ncolumns; i++)
	{
		const SentColumn *column = &entry->columns[i];
		Form_pg_attribute att = TupleDescAttr(desc, column->attnum - 1);

		appendStringInfo(out, "%s %s %s codec=%s%s", i == 0 ? "" : ",",
						 quote_identifier(column->name),
						 format_type_with_typemod(att->atttypid, att->atttypmod),
						 codec_name(column->codec), column->identity ? " identity" : "");
	}
}

static void
write_row(StringInfo out, const RowChange *change)
{
	appendStringInfoString(out, change->tag == CDC_MSG_INSERT ? "INSERT " :
						   change->tag == CDC_MSG_UPDATE ? "UPDATE " : "DELETE ");
	append_qualified_name(out, change->relation);
	appendStringInfoChar(out, ':');
	if (change->tag != CDC_MSG_INSERT)
	{
		if (change->old_kind == CDC_OLD_FULL)
			appendStringInfoString(out, " old: ");
		else if (change->old_kind == CDC_OLD_KEY)
			appendStringInfoString(out, " old-key: ");
		else if (change->tag == CDC_MSG_DELETE)
			appendStringInfoString(out, " (no old row)");
		if (change->old_kind != CDC_OLD_NONE)
			append_tuple(out, change->relation, change->entry, &change->old_tuple);
	}
	if (change->tag == CDC_MSG_UPDATE)
		appendStringInfoString(out, " new:");
	if (change->tag != CDC_MSG_DELETE)
	{
		appendStringInfoChar(out, ' ');
		append_tuple(out, change->relation, change->entry, &change->new_tuple);
	}
}

static void
write_truncate(StringInfo out, int nrelations, Relation *relations,
			   TrackedRelation *const *entries, uint8 flags)
{
	appendStringInfoString(out, "TRUNCATE");
	if (flags & CDC_TRUNCATE_CASCADE)
		appendStringInfoString(out, " cascade");
	if (flags & CDC_TRUNCATE_RESTART_IDENTITY)
		appendStringInfoString(out, " restart-identity");
	appendStringInfoChar(out, ':');
	for (int i = 0; i < nrelations; i++)
	{
		appendStringInfoString(out, i == 0 ? " " : ", ");
		append_qualified_name(out, relations[i]);
	}
}

const MessageFormat text_message_format = {
	write_begin, write_commit, write_relation, write_row, write_truncate
};
