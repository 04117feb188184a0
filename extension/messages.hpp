/*
 * The messages the output plugin sends, independent of how they are
 * rendered.  plugin.cpp decides what to send; a MessageFormat renders it,
 * either as the binary wire format (wire_writer.cpp, the format cdc-maintainer
 * reads) or as readable text (text_writer.cpp, for regression tests).
 */
#ifndef CDC_STREAM_MESSAGES_HPP
#define CDC_STREAM_MESSAGES_HPP

struct TrackedRelation;
struct SentColumn;

/* One tuple reduced to the columns the relation's entry sends. */
struct TupleValues
{
	uint8	   *status;			/* CdcWireColumnStatus per sent column */
	Datum	   *values;			/* meaningful where status is VALUE */
	bool		all_values;		/* every status is VALUE */
};

/* A row change, as sent: relation, old tuple (maybe none) and new tuple. */
struct RowChange
{
	char		tag;			/* CDC_MSG_INSERT, _UPDATE or _DELETE */
	Relation	relation;
	const TrackedRelation *entry;
	char		old_kind;		/* CdcWireOldKind */
	TupleValues old_tuple;		/* when old_kind is not NONE */
	TupleValues new_tuple;		/* for INSERT and UPDATE */
};

struct MessageFormat
{
	void		(*begin) (StringInfo out, ReorderBufferTXN *txn);
	void		(*commit) (StringInfo out, ReorderBufferTXN *txn, XLogRecPtr commit_lsn);
	void		(*relation) (StringInfo out, Relation relation, const TrackedRelation *entry);
	void		(*row) (StringInfo out, const RowChange *change);
	void		(*truncate) (StringInfo out, int nrelations, Relation *relations,
							 TrackedRelation *const *entries, uint8 flags);
};

/* The binary wire format of proto_version (CDC_WIRE_VERSION_MIN..MAX). */
const MessageFormat *binary_message_format(int proto_version);
extern const MessageFormat text_message_format;

/*
 * Deforms tuple up to the last sent column and keeps the sent columns, in
 * the entry's scratch arrays for which (TUPLE_NEW or TUPLE_OLD): result is
 * valid until the next tuple of the entry goes to the same arrays.  With
 * key_only, columns outside the replica identity are ABSENT.  In decoded
 * changes an out-of-line value is one the change left alone
 * (UNCHANGED_TOAST); in a table scan it is a value like any other
 * (external_unchanged false).
 */
void		extract_tuple_values(const TrackedRelation *entry, HeapTuple tuple, bool key_only,
								 bool external_unchanged, int which, TupleValues *result);

/* The text of a TEXT-codec value in UTF-8, and its length. */
const char *text_value_utf8(const SentColumn *column, Datum value, int *length);

#endif							/* CDC_STREAM_MESSAGES_HPP */
