/*
 * Writes the binary wire format defined in include/cdc_stream/wire.h, in
 * every version the plugin supports (CDC_WIRE_VERSION_MIN..MAX).
 * The reader is maintainer/source/wire_reader.cpp; keep the two in step and
 * docs/wire-format.md with them.
 *
 * Tuples are the hot path: put_tuple measures the tuple first (detoasting
 * and converting the variable-length values once, into the relation's
 * scratch arrays), grows the buffer once, then writes every value with the
 * raw writers of wire_bytes.hpp.
 */
extern "C" {
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type_d.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "replication/reorderbuffer.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/timestamp.h"
#include "utils/uuid.h"
}

#include "cdc_stream/wire.h"
#include "messages.hpp"
#include "relation_cache.hpp"
#include "wire_bytes.hpp"
#include "wire_numeric.hpp"

static void
put_uvarint(StringInfo out, uint64 value)
{
	if (out->maxlen - out->len <= CDC_MAX_VARINT_BYTES)
		enlargeStringInfo(out, CDC_MAX_VARINT_BYTES);
	out->len = raw_uvarint(out->data + out->len, value) - out->data;
	out->data[out->len] = '\0';
}

static void
put_str(StringInfo out, const char *bytes, int length)
{
	put_uvarint(out, (uint64) length);
	appendBinaryStringInfo(out, bytes, length);
}

static int64
int_value(const SentColumn *column, Datum value)
{
	switch (column->attlen)
	{
		case 2:
			return DatumGetInt16(value);
		case 4:
			return DatumGetInt32(value);
		default:
			return DatumGetInt64(value);
	}
}

/*
 * First pass over a value: the most bytes it takes.  Variable-length values
 * are detoasted (or converted to text) here, once: their bytes and length
 * go to *bytes and *length for the second pass.
 */
static int
value_bound(const SentColumn *column, Datum value, const char **bytes, int *length)
{
	switch (column->codec)
	{
		case CDC_CODEC_INT:
		case CDC_CODEC_DATE:
		case CDC_CODEC_TIMESTAMP:
		case CDC_CODEC_TIMESTAMPTZ:
			return CDC_MAX_VARINT_BYTES;
		case CDC_CODEC_FLOAT4:
			return 4;
		case CDC_CODEC_FLOAT8:
			return 8;
		case CDC_CODEC_BOOL:
			return 1;
		case CDC_CODEC_INTERVAL:
			return 3 * CDC_MAX_VARINT_BYTES;
		case CDC_CODEC_UUID:
			return CDC_UUID_BYTES;
		case CDC_CODEC_NUMERIC:
			{
				struct varlena *numeric = PG_DETOAST_DATUM_PACKED(value);
				NumericParts parts;

				numeric_parts(numeric, &parts);
				*bytes = (const char *) numeric;
				return numeric_wire_bound(&parts);
			}
		case CDC_CODEC_BYTES:
			{
				struct varlena *raw = PG_DETOAST_DATUM_PACKED(value);

				*bytes = VARDATA_ANY(raw);
				*length = VARSIZE_ANY_EXHDR(raw);
			}
			return CDC_MAX_VARINT_BYTES + *length;
		default:
			*bytes = text_value_utf8(column, value, length);
			return CDC_MAX_VARINT_BYTES + *length;
	}
}

/* Second pass: writes the value at out, which has room; returns the end. */
static char *
put_value(char *out, const SentColumn *column, Datum value, const char *bytes, int length)
{
	switch (column->codec)
	{
		case CDC_CODEC_INT:
			return raw_svarint(out, int_value(column, value));
		case CDC_CODEC_FLOAT4:
			{
				float4		f = DatumGetFloat4(value);
				uint32		bits;

				memcpy(&bits, &f, sizeof(bits));
				return raw_fixed_be(out, bits, 4);
			}
		case CDC_CODEC_FLOAT8:
			{
				float8		f = DatumGetFloat8(value);
				uint64		bits;

				memcpy(&bits, &f, sizeof(bits));
				return raw_fixed_be(out, bits, 8);
			}
		case CDC_CODEC_BOOL:
			*out = DatumGetBool(value) ? 1 : 0;
			return out + 1;
		case CDC_CODEC_NUMERIC:
			{
				NumericParts parts;

				numeric_parts((const struct varlena *) bytes, &parts);
				return numeric_put(out, &parts);
			}
		case CDC_CODEC_DATE:
			return raw_svarint(out, DatumGetDateADT(value));
		case CDC_CODEC_TIMESTAMP:
		case CDC_CODEC_TIMESTAMPTZ:
			return raw_svarint(out, DatumGetTimestamp(value));
		case CDC_CODEC_INTERVAL:
			{
				Interval   *interval = DatumGetIntervalP(value);

				out = raw_svarint(out, interval->time);
				out = raw_svarint(out, interval->day);
				return raw_svarint(out, interval->month);
			}
		case CDC_CODEC_UUID:
			memcpy(out, DatumGetUUIDP(value)->data, CDC_UUID_BYTES);
			return out + CDC_UUID_BYTES;
		default:
			/* BYTES and TEXT: str */
			out = raw_uvarint(out, (uint64) length);
			memcpy(out, bytes, length);
			return out + length;
	}
}

/* A tuple: the status bitmap (unless with_bitmap is false), then the values. */
static void
put_tuple(StringInfo out, const TrackedRelation *entry, const TupleValues *tuple, bool with_bitmap)
{
	int			bitmap_bytes = with_bitmap ?
		(entry->ncolumns + CDC_STATUS_PER_BYTE - 1) / CDC_STATUS_PER_BYTE : 0;
	int			bound = bitmap_bytes;
	char	   *end;

	for (int i = 0; i < entry->ncolumns; i++)
		if (tuple->status[i] == CDC_STATUS_VALUE)
			bound += value_bound(&entry->columns[i], tuple->values[i],
								 &entry->value_bytes[i], &entry->value_lengths[i]);
	enlargeStringInfo(out, bound);
	end = out->data + out->len;
	if (with_bitmap)
	{
		memset(end, 0, bitmap_bytes);
		for (int i = 0; i < entry->ncolumns; i++)
			end[i / CDC_STATUS_PER_BYTE] |=
				(char) (tuple->status[i] << ((i % CDC_STATUS_PER_BYTE) * CDC_STATUS_BITS));
		end += bitmap_bytes;
	}
	for (int i = 0; i < entry->ncolumns; i++)
		if (tuple->status[i] == CDC_STATUS_VALUE)
			end = put_value(end, &entry->columns[i], tuple->values[i],
							entry->value_bytes[i], entry->value_lengths[i]);
	out->len = end - out->data;
	out->data[out->len] = '\0';
}

static void
write_begin(StringInfo out, ReorderBufferTXN *txn)
{
	pq_sendbyte(out, CDC_MSG_BEGIN);
	pq_sendint32(out, txn->xid);
	pq_sendint64(out, txn->final_lsn);
	pq_sendint64(out, txn->xact_time.commit_time);
}

static void
write_commit(StringInfo out, ReorderBufferTXN *txn, XLogRecPtr commit_lsn)
{
	pq_sendbyte(out, CDC_MSG_COMMIT);
	pq_sendint64(out, commit_lsn);
	pq_sendint64(out, txn->end_lsn);
	pq_sendint64(out, txn->xact_time.commit_time);
}

static void
write_relation(StringInfo out, Relation relation, const TrackedRelation *entry, int version)
{
	const char *schema = get_namespace_name(RelationGetNamespace(relation));
	const char *name = RelationGetRelationName(relation);
	TupleDesc	desc = RelationGetDescr(relation);

	pq_sendbyte(out, CDC_MSG_RELATION);
	pq_sendint32(out, RelationGetRelid(relation));
	if (version >= 2)
	{
		Assert(entry->relnum >= 0);
		put_uvarint(out, (uint64) entry->relnum);
	}
	put_str(out, schema, strlen(schema));
	put_str(out, name, strlen(name));
	pq_sendbyte(out, entry->replica_identity);
	put_uvarint(out, entry->ncolumns);
	for (int i = 0; i < entry->ncolumns; i++)
	{
		const SentColumn *column = &entry->columns[i];
		Form_pg_attribute att = TupleDescAttr(desc, column->attnum - 1);

		pq_sendbyte(out, column->identity ? CDC_COLUMN_IDENTITY : 0);
		put_str(out, column->name, strlen(column->name));
		pq_sendint32(out, att->atttypid);
		pq_sendint32(out, (uint32) att->atttypmod);
		pq_sendbyte(out, column->codec);
	}
}

static void
write_relation_v1(StringInfo out, Relation relation, const TrackedRelation *entry)
{
	write_relation(out, relation, entry, 1);
}

static void
write_relation_v2(StringInfo out, Relation relation, const TrackedRelation *entry)
{
	write_relation(out, relation, entry, 2);
}

/* v1: u32 relid, and every tuple with its bitmap. */
static void
write_row_v1(StringInfo out, const RowChange *change)
{
	pq_sendbyte(out, change->tag);
	pq_sendint32(out, RelationGetRelid(change->relation));
	if (change->tag != CDC_MSG_INSERT)
	{
		pq_sendbyte(out, change->old_kind);
		if (change->old_kind != CDC_OLD_NONE)
			put_tuple(out, change->entry, &change->old_tuple, true);
	}
	if (change->tag != CDC_MSG_DELETE)
		put_tuple(out, change->entry, &change->new_tuple, true);
}

/* v2: row_head, and no bitmap for a tuple whose every column has a value. */
static void
write_row_v2(StringInfo out, const RowChange *change)
{
	bool		has_old = change->tag != CDC_MSG_INSERT && change->old_kind != CDC_OLD_NONE;
	bool		has_new = change->tag != CDC_MSG_DELETE;
	bool		old_all_values = has_old && change->old_tuple.all_values;
	bool		new_all_values = has_new && change->new_tuple.all_values;
	uint64		head = (uint64) change->entry->relnum << CDC_ROW_FLAG_BITS;

	Assert(change->entry->relnum >= 0);
	if (new_all_values)
		head |= CDC_ROW_NEW_ALL_VALUES;
	if (old_all_values)
		head |= CDC_ROW_OLD_ALL_VALUES;
	pq_sendbyte(out, change->tag);
	put_uvarint(out, head);
	if (change->tag != CDC_MSG_INSERT)
		pq_sendbyte(out, change->old_kind);
	if (has_old)
		put_tuple(out, change->entry, &change->old_tuple, !old_all_values);
	if (has_new)
		put_tuple(out, change->entry, &change->new_tuple, !new_all_values);
}

static void
write_truncate_v1(StringInfo out, int nrelations, Relation *relations,
				  TrackedRelation *const *entries, uint8 flags)
{
	pq_sendbyte(out, CDC_MSG_TRUNCATE);
	pq_sendbyte(out, flags);
	put_uvarint(out, nrelations);
	for (int i = 0; i < nrelations; i++)
		pq_sendint32(out, RelationGetRelid(relations[i]));
}

static void
write_truncate_v2(StringInfo out, int nrelations, Relation *relations,
				  TrackedRelation *const *entries, uint8 flags)
{
	pq_sendbyte(out, CDC_MSG_TRUNCATE);
	pq_sendbyte(out, flags);
	put_uvarint(out, nrelations);
	for (int i = 0; i < nrelations; i++)
	{
		Assert(entries[i]->relnum >= 0);
		put_uvarint(out, (uint64) entries[i]->relnum);
	}
}

static const MessageFormat binary_formats[] = {
	{write_begin, write_commit, write_relation_v1, write_row_v1, write_truncate_v1},
	{write_begin, write_commit, write_relation_v2, write_row_v2, write_truncate_v2},
};

StaticAssertDecl(lengthof(binary_formats) == CDC_WIRE_VERSION_MAX - CDC_WIRE_VERSION_MIN + 1,
				 "one binary format per wire version");

const MessageFormat *
binary_message_format(int proto_version)
{
	Assert(proto_version >= CDC_WIRE_VERSION_MIN && proto_version <= CDC_WIRE_VERSION_MAX);
	return &binary_formats[proto_version - CDC_WIRE_VERSION_MIN];
}
