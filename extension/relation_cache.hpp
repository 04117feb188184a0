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
	int16		attlen;			/* the type's length: picks int2/4/8 */
	char		codec;			/* CdcWireCodec */
	bool		identity;		/* part of the replica identity */
	bool		use_output_function;	/* TEXT codec through typoutput */
	FmgrInfo	output_function;
};

struct TrackedRelation
{
	Oid			relid;			/* hash key, must be first */
	bool		valid;			/* false once the relcache invalidated it */
	bool		included;		/* passes the tables option */
	bool		schema_sent;	/* RELATION sent since the last rebuild */
	char		replica_identity;	/* CdcWireReplicaIdentity */
	int			ncolumns;
	SentColumn *columns;		/* ncolumns entries, in attribute order */
	MemoryContext context;		/* owns columns */
};

void		relation_cache_create(void);
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
