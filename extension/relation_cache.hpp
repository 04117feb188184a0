/*
 * What the output plugin knows about each relation it has seen on this
 * decoding connection: whether it is sent at all, which columns are sent and
 * how each is encoded, and whether its RELATION message has gone out since
 * the relation last changed.  Like pgoutput's RelationSyncCache, entries are
 * invalidated by a relcache callback and rebuilt on next use; the rebuild
 * clears schema_sent, which makes the plugin send RELATION again.
 */
#ifndef CDC_STREAM_RELATION_CACHE_HPP
#define CDC_STREAM_RELATION_CACHE_HPP

struct PluginOptions;

struct SentColumn
{
	AttrNumber	attnum;
	const char *name;			/* sent under: the column's name, or the AS
								 * name the tables option gave its attnum */
	int16		attlen;			/* the type's length: picks int2/4/8 */
	char		codec;			/* CdcWireCodec */
	bool		identity;		/* part of the replica identity */
	bool		use_output_function;	/* TEXT codec through typoutput */
	FmgrInfo	output_function;
};

/* Index of the new and the old tuple in TrackedRelation's scratch arrays. */
enum TupleSlotIndex
{
	TUPLE_NEW = 0,
	TUPLE_OLD = 1
};

struct TrackedRelation
{
	Oid			relid;			/* hash key, must be first */
	bool		valid;			/* false once the relcache invalidated it */
	bool		included;		/* passes the tables option */
	bool		schema_sent;	/* RELATION sent since the last rebuild */
	int			relnum;			/* wire v2 relation number, -1 until the
								 * first RELATION; kept across rebuilds */
	char		replica_identity;	/* CdcWireReplicaIdentity */
	int			ncolumns;
	SentColumn *columns;		/* ncolumns entries, in attribute order */
	AttrNumber	last_attnum;	/* the highest attnum sent: deform up to it */

	/*
	 * Scratch space every change of the relation reuses, so decoding a row
	 * allocates nothing: a slot over a copy of the tuple descriptor (with
	 * its defaults for columns added later) that deforms tuples, the
	 * statuses and values of the new and the old tuple per sent column, and
	 * the bytes of variable-length values between the binary writer's two
	 * passes.
	 */
	struct TupleTableSlot *deform_slot;
	uint8	   *tuple_status[2];	/* by TupleSlotIndex */
	Datum	   *tuple_values[2];
	const char **value_bytes;
	int		   *value_lengths;

	MemoryContext context;		/* owns everything above */
};

void		relation_cache_create(void);

/* Gives entry the connection's next relation number unless it has one. */
void		relation_cache_number(TrackedRelation *entry);
void		relation_cache_destroy(void);

/* The valid entry of rel, built on first use or after invalidation. */
TrackedRelation *relation_cache_get(Relation rel, const PluginOptions *options);

/*
 * (Re)builds entry for rel: sent if filtering is off or filter names it,
 * with filter's columns plus the replica identity.  entry->context must be
 * a memory context the entry may own.
 */
struct TableFilter;
void		build_tracked_relation(TrackedRelation *entry, Relation rel, bool filtering,
								   const TableFilter *filter);

#endif							/* CDC_STREAM_RELATION_CACHE_HPP */
