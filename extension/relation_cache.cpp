/*
 * Per-connection cache of TrackedRelation entries (relation_cache.hpp).
 */
extern "C" {
#include "postgres.h"

#include "access/htup_details.h"
#include "access/sysattr.h"
#include "catalog/pg_type_d.h"
#include "executor/tuptable.h"
#include "fmgr.h"
#include "nodes/bitmapset.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/relcache.h"
}

#include "cdc_stream/wire.h"
#include "plugin_options.hpp"
#include "relation_cache.hpp"

static HTAB *tracked_relations = NULL;
static MemoryContext cache_context = NULL;
static bool invalidation_callback_registered = false;
static int	next_relnum = 0;

/*
 * Relcache callback: forget what we built for relid (or for everything when
 * relid is InvalidOid).  Runs during invalidation processing, so it only
 * flips flags; the rebuild happens in relation_cache_get.
 */
static void
invalidate_tracked_relation(Datum arg, Oid relid)
{
	HASH_SEQ_STATUS scan;
	TrackedRelation *entry;

	if (tracked_relations == NULL)
		return;
	if (OidIsValid(relid))
	{
		entry = (TrackedRelation *) hash_search(tracked_relations, &relid, HASH_FIND, NULL);
		if (entry != NULL)
			entry->valid = false;
		return;
	}
	hash_seq_init(&scan, tracked_relations);
	while ((entry = (TrackedRelation *) hash_seq_search(&scan)) != NULL)
		entry->valid = false;
}

void
relation_cache_create(void)
{
	HASHCTL		hash_options;

	cache_context = AllocSetContextCreate(CacheMemoryContext, "cdc_stream relation cache",
										  ALLOCSET_DEFAULT_SIZES);
	hash_options.keysize = sizeof(Oid);
	hash_options.entrysize = sizeof(TrackedRelation);
	hash_options.hcxt = cache_context;
	tracked_relations = hash_create("cdc_stream tracked relations", 64, &hash_options,
									HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	next_relnum = 0;
	if (!invalidation_callback_registered)
	{
		CacheRegisterRelcacheCallback(invalidate_tracked_relation, (Datum) 0);
		invalidation_callback_registered = true;
	}
}

void
relation_cache_number(TrackedRelation *entry)
{
	if (entry->relnum < 0)
		entry->relnum = next_relnum++;
}

void
relation_cache_destroy(void)
{
	tracked_relations = NULL;
	if (cache_context != NULL)
		MemoryContextDelete(cache_context);
	cache_context = NULL;
}

/* The wire codec for values of type type_oid (domains use their base type). */
static char
codec_for_type(Oid type_oid, bool *use_output_function)
{
	*use_output_function = false;
	switch (getBaseType(type_oid))
	{
		case INT2OID:
		case INT4OID:
		case INT8OID:
			return CDC_CODEC_INT;
		case FLOAT4OID:
			return CDC_CODEC_FLOAT4;
		case FLOAT8OID:
			return CDC_CODEC_FLOAT8;
		case BOOLOID:
			return CDC_CODEC_BOOL;
		case NUMERICOID:
			return CDC_CODEC_NUMERIC;
		case DATEOID:
			return CDC_CODEC_DATE;
		case TIMESTAMPOID:
			return CDC_CODEC_TIMESTAMP;
		case TIMESTAMPTZOID:
			return CDC_CODEC_TIMESTAMPTZ;
		case INTERVALOID:
			return CDC_CODEC_INTERVAL;
		case UUIDOID:
			return CDC_CODEC_UUID;
		case BYTEAOID:
			return CDC_CODEC_BYTES;
		case TEXTOID:
		case VARCHAROID:
		case BPCHAROID:
			return CDC_CODEC_TEXT;
		default:
			*use_output_function = true;
			return CDC_CODEC_TEXT;
	}
}

/*
 * The entry of the filter's column list that asks for att: by attribute
 * number for #attnum entries, by name for the others; NULL if none.
 */
static const FilterColumn *
requested_column(const TableFilter *filter, Form_pg_attribute att)
{
	ListCell   *lc;

	foreach(lc, filter->columns)
	{
		const FilterColumn *column = (const FilterColumn *) lfirst(lc);

		if (column->attnum != InvalidAttrNumber ? column->attnum == att->attnum :
			strcmp(column->name, NameStr(att->attname)) == 0)
			return column;
	}
	return NULL;
}

/* Every column the tables option names must exist: a typo is an error. */
static void
check_requested_columns_exist(Relation rel, const TableFilter *filter)
{
	TupleDesc	desc = RelationGetDescr(rel);
	ListCell   *lc;

	if (filter == NULL)
		return;
	foreach(lc, filter->columns)
	{
		const FilterColumn *column = (const FilterColumn *) lfirst(lc);
		bool		found = false;

		for (int i = 0; i < desc->natts && !found; i++)
		{
			Form_pg_attribute att = TupleDescAttr(desc, i);

			if (!att->attisdropped && requested_column(filter, att) == column)
				found = true;
		}
		if (found)
			continue;
		if (column->attnum != InvalidAttrNumber)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("attribute number %d named in cdc_stream option \"tables\" does not exist in table \"%s.%s\"",
							(int) column->attnum, get_namespace_name(RelationGetNamespace(rel)),
							RelationGetRelationName(rel)),
					 errdetail("The table has no such column, or it was dropped.")));
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("column \"%s\" named in cdc_stream option \"tables\" does not exist in table \"%s.%s\"",
						column->name, get_namespace_name(RelationGetNamespace(rel)), RelationGetRelationName(rel))));
	}
}

static void
build_columns(TrackedRelation *entry, Relation rel, const TableFilter *filter)
{
	TupleDesc	desc = RelationGetDescr(rel);
	bool		full_identity = entry->replica_identity == CDC_IDENTITY_FULL;
	Bitmapset  *key_columns = full_identity ? NULL : RelationGetIdentityKeyBitmap(rel);

	entry->columns = (SentColumn *) MemoryContextAllocZero(entry->context,
														   sizeof(SentColumn) * Max(desc->natts, 1));
	entry->ncolumns = 0;
	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);
		bool		identity = full_identity ||
			bms_is_member(att->attnum - FirstLowInvalidHeapAttributeNumber, key_columns);
		const FilterColumn *requested = NULL;
		SentColumn *column;

		if (att->attisdropped)
			continue;
		if (filter != NULL && filter->columns != NIL)
		{
			requested = requested_column(filter, att);
			if (requested == NULL && !identity)
				continue;
		}
		column = &entry->columns[entry->ncolumns++];
		column->attnum = att->attnum;
		column->name = MemoryContextStrdup(entry->context,
										   requested != NULL ? requested->name : NameStr(att->attname));
		column->attlen = att->attlen;
		column->identity = identity;
		column->codec = codec_for_type(att->atttypid, &column->use_output_function);
		if (column->use_output_function)
		{
			Oid			output_oid;
			bool		is_varlena;

			getTypeOutputInfo(att->atttypid, &output_oid, &is_varlena);
			fmgr_info_cxt(output_oid, &column->output_function, entry->context);
		}
	}
	bms_free(key_columns);
}

/* The entry's scratch space (relation_cache.hpp), in entry->context. */
static void
build_scratch(TrackedRelation *entry, Relation rel)
{
	MemoryContext caller_context = MemoryContextSwitchTo(entry->context);
	int			n = Max(entry->ncolumns, 1);

	entry->last_attnum = 0;
	for (int i = 0; i < entry->ncolumns; i++)
		entry->last_attnum = Max(entry->last_attnum, entry->columns[i].attnum);
	entry->deform_slot = MakeSingleTupleTableSlot(CreateTupleDescCopyConstr(RelationGetDescr(rel)),
												  &TTSOpsHeapTuple);
	for (int which = TUPLE_NEW; which <= TUPLE_OLD; which++)
	{
		entry->tuple_status[which] = (uint8 *) palloc0(sizeof(uint8) * n);
		entry->tuple_values[which] = (Datum *) palloc0(sizeof(Datum) * n);
	}
	entry->value_bytes = (const char **) palloc0(sizeof(const char *) * n);
	entry->value_lengths = (int *) palloc0(sizeof(int) * n);
	MemoryContextSwitchTo(caller_context);
}

void
build_tracked_relation(TrackedRelation *entry, Relation rel, bool filtering, const TableFilter *filter)
{
	MemoryContextReset(entry->context);
	entry->schema_sent = false;
	entry->columns = NULL;
	entry->ncolumns = 0;
	entry->deform_slot = NULL;
	entry->replica_identity = rel->rd_rel->relreplident;
	entry->included = !filtering || filter != NULL;
	if (entry->included)
	{
		check_requested_columns_exist(rel, filter);
		build_columns(entry, rel, filter);
		build_scratch(entry, rel);
	}
	entry->valid = true;
}

static void
rebuild_entry(TrackedRelation *entry, Relation rel, const PluginOptions *options)
{
	const TableFilter *filter = NULL;

	if (entry->context == NULL)
		entry->context = AllocSetContextCreate(cache_context, "cdc_stream tracked relation",
											   ALLOCSET_SMALL_SIZES);
	if (options->filter_tables)
		filter = find_table_filter(options, RelationGetRelid(rel), get_namespace_name(RelationGetNamespace(rel)),
								   RelationGetRelationName(rel));
	build_tracked_relation(entry, rel, options->filter_tables, filter);
}

TrackedRelation *
relation_cache_get(Relation rel, const PluginOptions *options)
{
	Oid			relid = RelationGetRelid(rel);
	bool		found;
	TrackedRelation *entry;

	entry = (TrackedRelation *) hash_search(tracked_relations, &relid, HASH_ENTER, &found);
	if (!found)
	{
		entry->valid = false;
		entry->context = NULL;
		entry->relnum = -1;
	}
	if (!entry->valid)
		rebuild_entry(entry, rel, options);
	return entry;
}
