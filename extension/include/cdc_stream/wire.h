/*
 * cdc_stream wire format: the one definition of the binary messages the
 * output plugin writes (extension/wire_writer.cpp) and cdc-maintainer reads
 * (maintainer/source/wire_reader.cpp).  docs/wire-format.md documents it byte
 * by byte; expected/wire_binary.out holds golden bytes both halves are tested
 * against.
 *
 * This header is shared by a Postgres backend module and a plain C++ program,
 * so it includes nothing: no Postgres headers, no standard headers.
 *
 * Encodings used below:
 *   u8, u32, u64, i64   fixed width, big-endian (network order, as pgoutput)
 *   uvarint             unsigned LEB128: 7 bits a byte, low group first,
 *                       high bit set on every byte but the last
 *   svarint             zigzag-encoded signed value as uvarint
 *                       ((n << 1) ^ (n >> 63))
 *   str                 uvarint byte length, then that many bytes, no NUL
 *
 * A message's first byte is its tag.  In version 2 a plugin write (one
 * XLogData payload, one row of pg_logical_slot_get_binary_changes) carries
 * one or more whole messages back to back, never parts of one, and never
 * messages of two transactions: COMMIT is the last message of its write.
 * Nothing separates or counts them: a reader decodes one message after the
 * other until the write ends, which it can because every message is
 * self-delimiting once the RELATION messages before it are known (fixed
 * widths, varints, length-prefixed strings, and tuples whose columns and
 * codecs RELATION gave).  In version 1 every write is exactly one message.
 */
#ifndef CDC_STREAM_WIRE_H
#define CDC_STREAM_WIRE_H

/*
 * Versions of this format the plugin can write (option proto_version).
 * Version 2 differs from version 1 in three places only, marked "v2" below:
 * RELATION carries a relation number, rows carry that number and two
 * "all values" flags instead of the OID, and TRUNCATE lists relation
 * numbers instead of OIDs.  Everything else is the same in both.
 */
#define CDC_WIRE_VERSION_MIN 1
#define CDC_WIRE_VERSION_MAX 2

/*
 * Message tags.
 *
 * BEGIN     'B' u32 xid, u64 final_lsn, i64 commit_time
 *           (commit_time: microseconds since 2000-01-01 00:00 UTC)
 * COMMIT    'C' u64 commit_lsn, u64 end_lsn, i64 commit_time
 * RELATION  'R' u32 relid, [v2: uvarint relnum], str schema, str name,
 *           u8 replica_identity, uvarint ncolumns, then per column:
 *           u8 column_flags, str name, u32 type_oid, i32 typmod (as u32),
 *           u8 codec
 *           Columns are the ones the plugin sends for this relation, in
 *           attribute order; tuples of this relation have exactly these.
 * INSERT    v1: 'I' u32 relid, tuple new
 *           v2: 'I' uvarint row_head, tuple new
 * UPDATE    v1: 'U' u32 relid, u8 old_kind, [tuple old unless old_kind is
 *           NONE], tuple new
 *           v2: 'U' uvarint row_head, u8 old_kind, [tuple old], tuple new
 * DELETE    v1: 'D' u32 relid, u8 old_kind, [tuple old unless NONE]
 *           v2: 'D' uvarint row_head, u8 old_kind, [tuple old]
 * TRUNCATE  v1: 'T' u8 truncate_flags, uvarint nrelations, u32 relid each
 *           v2: 'T' u8 truncate_flags, uvarint nrelations, uvarint relnum
 *           each
 *
 * A RELATION message precedes the first row of a relation on a connection,
 * and is sent again before the next row after the relation changed.
 *
 * v2 relnum: a number the plugin gives each relation it describes on a
 * connection: 0 for the first, 1 for the next, and so on.  A relation keeps
 * its number for the whole connection, also when RELATION is sent again
 * after a change.  Rows and TRUNCATE name relations by this number.
 *
 * v2 row_head: relnum << CDC_ROW_FLAG_BITS | CdcWireRowFlag bits.
 */
enum CdcWireTag
{
	CDC_MSG_BEGIN = 'B',
	CDC_MSG_COMMIT = 'C',
	CDC_MSG_RELATION = 'R',
	CDC_MSG_INSERT = 'I',
	CDC_MSG_UPDATE = 'U',
	CDC_MSG_DELETE = 'D',
	CDC_MSG_TRUNCATE = 'T'
};

/* RELATION: u8 replica_identity, Postgres' relreplident letters. */
enum CdcWireReplicaIdentity
{
	CDC_IDENTITY_DEFAULT = 'd',
	CDC_IDENTITY_FULL = 'f',
	CDC_IDENTITY_NOTHING = 'n',
	CDC_IDENTITY_INDEX = 'i'
};

/* RELATION: u8 column_flags. */
enum CdcWireColumnFlag
{
	CDC_COLUMN_IDENTITY = 0x01	/* part of the replica identity key */
};

/*
 * UPDATE and DELETE: u8 old_kind, what the old tuple holds.
 *   FULL  every sent column (REPLICA IDENTITY FULL)
 *   KEY   the identity columns only; the others are ABSENT.  UPDATE carries
 *         it only when the key changed (else the key is in the new tuple).
 *   NONE  no old tuple follows
 */
enum CdcWireOldKind
{
	CDC_OLD_FULL = 'O',
	CDC_OLD_KEY = 'K',
	CDC_OLD_NONE = 'N'
};

/*
 * v2 row_head flags.  ALL_VALUES: every column of that tuple has a value
 * (status VALUE), and the tuple is written without its status bitmap.
 */
enum CdcWireRowFlag
{
	CDC_ROW_NEW_ALL_VALUES = 0x01,	/* the new tuple (INSERT, UPDATE) */
	CDC_ROW_OLD_ALL_VALUES = 0x02	/* the old tuple (UPDATE, DELETE) */
};

#define CDC_ROW_FLAG_BITS 2

/* TRUNCATE: u8 truncate_flags. */
enum CdcWireTruncateFlag
{
	CDC_TRUNCATE_CASCADE = 0x01,
	CDC_TRUNCATE_RESTART_IDENTITY = 0x02
};

/*
 * Tuple: a status bitmap, then the values.  (v2: a tuple whose ALL_VALUES
 * flag is set in row_head has no bitmap, only the values.)
 *
 * The bitmap has 2 bits per column of the relation, (ncolumns + 3) / 4
 * bytes; column i's status is (bitmap[i / 4] >> ((i % 4) * 2)) & 3.
 * Then, in column order, one value for every column whose status is
 * VALUE, encoded by the column's codec.
 */
enum CdcWireColumnStatus
{
	CDC_STATUS_VALUE = 0,
	CDC_STATUS_NULL = 1,
	CDC_STATUS_UNCHANGED_TOAST = 2, /* stored out of line and not changed */
	CDC_STATUS_ABSENT = 3			/* not part of this tuple (KEY tuples) */
};

#define CDC_STATUS_BITS 2
#define CDC_STATUS_MASK 3
#define CDC_STATUS_PER_BYTE 4

/*
 * Value codecs, named per column in RELATION.
 *
 * INT        svarint                           int2, int4, int8
 * FLOAT4     4 bytes, IEEE 754, big-endian     float4
 * FLOAT8     8 bytes, IEEE 754, big-endian     float8
 * BOOL       u8 0 or 1                         bool
 * NUMERIC    uvarint head = dscale << 3 | kind (CdcWireNumericKind); for
 *            POSITIVE and NEGATIVE: str magnitude, the absolute value times
 *            10^dscale as a big-endian unsigned integer (zero: no bytes)
 * DATE       svarint days since 2000-01-01; int32 min/max mean -/+infinity
 * TIMESTAMP  svarint microseconds since 2000-01-01 00:00 (no time zone);
 *            int64 min/max mean -/+infinity
 * TIMESTAMPTZ same, the instant in UTC
 * INTERVAL   svarint microseconds, svarint days, svarint months: Postgres'
 *            three fields as it keeps them (not normalised)
 * UUID       16 bytes
 * BYTES      str raw bytes                     bytea
 * TEXT       str UTF-8 text: the value of text, varchar and bpchar, and the
 *            type's output function for every other type
 */
enum CdcWireCodec
{
	CDC_CODEC_INT = 'i',
	CDC_CODEC_FLOAT4 = 'f',
	CDC_CODEC_FLOAT8 = 'd',
	CDC_CODEC_BOOL = 'b',
	CDC_CODEC_NUMERIC = 'n',
	CDC_CODEC_DATE = 'D',
	CDC_CODEC_TIMESTAMP = 'T',
	CDC_CODEC_TIMESTAMPTZ = 'Z',
	CDC_CODEC_INTERVAL = 'V',
	CDC_CODEC_UUID = 'u',
	CDC_CODEC_BYTES = 'y',
	CDC_CODEC_TEXT = 't'
};

enum CdcWireNumericKind
{
	CDC_NUMERIC_POSITIVE = 0,	/* zero included */
	CDC_NUMERIC_NEGATIVE = 1,
	CDC_NUMERIC_NAN = 2,
	CDC_NUMERIC_PINF = 3,
	CDC_NUMERIC_NINF = 4
};

#define CDC_NUMERIC_KIND_BITS 3
#define CDC_NUMERIC_KIND_MASK 7

#define CDC_UUID_BYTES 16

#endif							/* CDC_STREAM_WIRE_H */
