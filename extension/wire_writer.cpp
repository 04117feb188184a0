/*
 * Writes the binary wire format defined in include/cdc_stream/wire.h.
 * The reader is maintainer/source/wire_reader.cpp; keep the two in step and
 * docs/wire-format.md with them.
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
#include "utils/numeric.h"
#include "utils/rel.h"
#include "utils/timestamp.h"
#include "utils/uuid.h"
}

#include "cdc_stream/wire.h"
#include "messages.hpp"
#include "relation_cache.hpp"

static void
put_uvarint(StringInfo out, uint64 value)
{
	enlargeStringInfo(out, 10);
	while (value >= 0x80)
	{
		out->data[out->len++] = (char) (value | 0x80);
		value >>= 7;
	}
	out->data[out->len++] = (char) value;
	out->data[out->len] = '\0';
}

static void
put_svarint(StringInfo out, int64 value)
{
	put_uvarint(out, ((uint64) value << 1) ^ (uint64) (value >> 63));
}

static void
put_str(StringInfo out, const char *bytes, int length)
{
	put_uvarint(out, (uint64) length);
	appendBinaryStringInfo(out, bytes, length);
}

/*
 * A non-negative integer as little-endian 32-bit limbs, for the numeric
 * codec's magnitude.  Only multiply-add and exact division by small factors
 * are needed.
 */
struct Magnitude
{
	uint32	   *limbs;
	int			count;
};

static void
magnitude_multiply_add(Magnitude *m, uint32 factor, uint32 addend)
{
	uint64		carry = addend;

	for (int i = 0; i < m->count; i++)
	{
		uint64		product = (uint64) m->limbs[i] * factor + carry;

		m->limbs[i] = (uint32) product;
		carry = product >> 32;
	}
	if (carry != 0)
		m->limbs[m->count++] = (uint32) carry;
}

static void
magnitude_divide_exact(Magnitude *m, uint32 divisor)
{
	uint64		remainder = 0;

	for (int i = m->count - 1; i >= 0; i--)
	{
		uint64		current = (remainder << 32) | m->limbs[i];

		m->limbs[i] = (uint32) (current / divisor);
		remainder = current % divisor;
	}
	Assert(remainder == 0);
	while (m->count > 0 && m->limbs[m->count - 1] == 0)
		m->count--;
}

static void
put_magnitude(StringInfo out, const Magnitude *m)
{
	int			nbytes = m->count * 4;

	/* big-endian, without leading zero bytes */
	while (nbytes > 0 && ((m->limbs[(nbytes - 1) / 4] >> (((nbytes - 1) % 4) * 8)) & 0xFF) == 0)
		nbytes--;
	put_uvarint(out, (uint64) nbytes);
	for (int i = nbytes - 1; i >= 0; i--)
		appendStringInfoCharMacro(out, (char) ((m->limbs[i / 4] >> ((i % 4) * 8)) & 0xFF));
}

/*
 * numeric: read its binary send form (base-10000 digits, weight, sign,
 * dscale) and write dscale, sign and the unscaled integer |value| * 10^dscale.
 */
static void
put_numeric(StringInfo out, Datum value)
{
	bytea	   *sent = DatumGetByteaPP(DirectFunctionCall1(numeric_send, value));
	StringInfoData in = {VARDATA_ANY(sent), (int) VARSIZE_ANY_EXHDR(sent), 0, 0};
	int			ndigits = (int16) pq_getmsgint(&in, 2);
	int			weight = (int16) pq_getmsgint(&in, 2);
	int			sign = pq_getmsgint(&in, 2);
	int			dscale = pq_getmsgint(&in, 2);
	int			kind;
	Magnitude	magnitude;
	int			exponent10;

	switch (sign)
	{
		case 0x4000:
			kind = CDC_NUMERIC_NEGATIVE;
			break;
		case 0xC000:
			kind = CDC_NUMERIC_NAN;
			break;
		case 0xD000:
			kind = CDC_NUMERIC_PINF;
			break;
		case 0xF000:
			kind = CDC_NUMERIC_NINF;
			break;
		default:
			kind = CDC_NUMERIC_POSITIVE;
	}
	put_uvarint(out, ((uint64) dscale << CDC_NUMERIC_KIND_BITS) | kind);
	if (kind != CDC_NUMERIC_POSITIVE && kind != CDC_NUMERIC_NEGATIVE)
		return;

	/* |value| * 10^dscale = digits as one integer * 10^exponent10 */
	exponent10 = 4 * (weight - ndigits + 1) + dscale;
	/* a 32-bit limb holds more than 9 decimal digits */
	magnitude.limbs = (uint32 *) palloc0(sizeof(uint32) * ((4 * ndigits + Max(exponent10, 0)) / 9 + 2));
	magnitude.count = 0;
	for (int i = 0; i < ndigits; i++)
		magnitude_multiply_add(&magnitude, 10000, pq_getmsgint(&in, 2));
	for (; exponent10 > 0; exponent10 -= Min(exponent10, 9))
	{
		static const uint32 powers[] = {1, 10, 100, 1000, 10000, 100000, 1000000,
		10000000, 100000000, 1000000000};

		magnitude_multiply_add(&magnitude, powers[Min(exponent10, 9)], 0);
	}
	for (; exponent10 < 0; exponent10++)
		magnitude_divide_exact(&magnitude, 10);
	put_magnitude(out, &magnitude);
}

static void
put_fixed_be(StringInfo out, uint64 bits, int nbytes)
{
	for (int shift = (nbytes - 1) * 8; shift >= 0; shift -= 8)
		appendStringInfoCharMacro(out, (char) ((bits >> shift) & 0xFF));
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

static void
put_value(StringInfo out, const SentColumn *column, Datum value)
{
	switch (column->codec)
	{
		case CDC_CODEC_INT:
			put_svarint(out, int_value(column, value));
			break;
		case CDC_CODEC_FLOAT4:
			{
				float4		f = DatumGetFloat4(value);
				uint32		bits;

				memcpy(&bits, &f, sizeof(bits));
				put_fixed_be(out, bits, 4);
			}
			break;
		case CDC_CODEC_FLOAT8:
			{
				float8		f = DatumGetFloat8(value);
				uint64		bits;

				memcpy(&bits, &f, sizeof(bits));
				put_fixed_be(out, bits, 8);
			}
			break;
		case CDC_CODEC_BOOL:
			appendStringInfoCharMacro(out, DatumGetBool(value) ? 1 : 0);
			break;
		case CDC_CODEC_NUMERIC:
			put_numeric(out, value);
			break;
		case CDC_CODEC_DATE:
			put_svarint(out, DatumGetDateADT(value));
			break;
		case CDC_CODEC_TIMESTAMP:
		case CDC_CODEC_TIMESTAMPTZ:
			put_svarint(out, DatumGetTimestamp(value));
			break;
		case CDC_CODEC_UUID:
			appendBinaryStringInfo(out, (const char *) DatumGetUUIDP(value)->data, CDC_UUID_BYTES);
			break;
		case CDC_CODEC_BYTES:
			{
				bytea	   *bytes = DatumGetByteaPP(value);

				put_str(out, VARDATA_ANY(bytes), VARSIZE_ANY_EXHDR(bytes));
			}
			break;
		default:
			{
				int			length;
				const char *text = text_value_utf8(column, value, &length);

				put_str(out, text, length);
			}
	}
}

static void
put_tuple(StringInfo out, const TrackedRelation *entry, const TupleValues *tuple)
{
	int			bitmap_bytes = (entry->ncolumns + CDC_STATUS_PER_BYTE - 1) / CDC_STATUS_PER_BYTE;
	int			bitmap_start;

	enlargeStringInfo(out, bitmap_bytes);
	bitmap_start = out->len;
	memset(out->data + bitmap_start, 0, bitmap_bytes);
	out->len += bitmap_bytes;
	for (int i = 0; i < entry->ncolumns; i++)
		out->data[bitmap_start + i / CDC_STATUS_PER_BYTE] |=
			(char) (tuple->status[i] << ((i % CDC_STATUS_PER_BYTE) * CDC_STATUS_BITS));
	for (int i = 0; i < entry->ncolumns; i++)
		if (tuple->status[i] == CDC_STATUS_VALUE)
			put_value(out, &entry->columns[i], tuple->values[i]);
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
write_relation(StringInfo out, Relation relation, const TrackedRelation *entry)
{
	const char *schema = get_namespace_name(RelationGetNamespace(relation));
	const char *name = RelationGetRelationName(relation);
	TupleDesc	desc = RelationGetDescr(relation);

	pq_sendbyte(out, CDC_MSG_RELATION);
	pq_sendint32(out, RelationGetRelid(relation));
	put_str(out, schema, strlen(schema));
	put_str(out, name, strlen(name));
	pq_sendbyte(out, entry->replica_identity);
	put_uvarint(out, entry->ncolumns);
	for (int i = 0; i < entry->ncolumns; i++)
	{
		const SentColumn *column = &entry->columns[i];
		Form_pg_attribute att = TupleDescAttr(desc, column->attnum - 1);

		pq_sendbyte(out, column->identity ? CDC_COLUMN_IDENTITY : 0);
		put_str(out, NameStr(att->attname), strlen(NameStr(att->attname)));
		pq_sendint32(out, att->atttypid);
		pq_sendint32(out, (uint32) att->atttypmod);
		pq_sendbyte(out, column->codec);
	}
}

static void
write_row(StringInfo out, const RowChange *change)
{
	pq_sendbyte(out, change->tag);
	pq_sendint32(out, RelationGetRelid(change->relation));
	if (change->tag != CDC_MSG_INSERT)
	{
		pq_sendbyte(out, change->old_kind);
		if (change->old_kind != CDC_OLD_NONE)
			put_tuple(out, change->entry, &change->old_tuple);
	}
	if (change->tag != CDC_MSG_DELETE)
		put_tuple(out, change->entry, &change->new_tuple);
}

static void
write_truncate(StringInfo out, int nrelations, Relation *relations, uint8 flags)
{
	pq_sendbyte(out, CDC_MSG_TRUNCATE);
	pq_sendbyte(out, flags);
	put_uvarint(out, nrelations);
	for (int i = 0; i < nrelations; i++)
		pq_sendint32(out, RelationGetRelid(relations[i]));
}

const MessageFormat binary_message_format = {
	write_begin, write_commit, write_relation, write_row, write_truncate
};
