/*
 * cdc_stream.snapshot_rows(relation, columns): a table's rows in the wire
 * format (a RELATION message, then one INSERT per row), read with the
 * caller's snapshot.  cdc-maintainer calls it inside a transaction that has
 * imported a replication slot's exported snapshot, so the initial content
 * of its views matches the replication stream exactly, and decodes the
 * rows with the same reader as the stream: one encoder, one decoder.
 */
extern "C" {
#include "postgres.h"

#include "access/relscan.h"
#include "access/table.h"
#include "access/tableam.h"
#include "catalog/pg_type.h"
#include "executor/executor.h"
#include "executor/tuptable.h"
#include "fmgr.h"
#include "funcapi.h"
#include "replication/reorderbuffer.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/rls.h"
#include "utils/snapmgr.h"

PG_FUNCTION_INFO_V1(cdc_stream_snapshot_rows);
}

#include "cdc_stream/wire.h"
#include "guard.hpp"
#include "messages.hpp"
#include "plugin_options.hpp"
#include "relation_cache.hpp"

struct SnapshotScan
{
	Relation	relation;
	TableScanDesc scan;
	TupleTableSlot *slot;
	TrackedRelation entry;
	bool		relation_sent;
	bool		ended;
};

static List *
column_names(ArrayType *columns)
{
	Datum	   *names;
	bool	   *nulls;
	int			count;
	List	   *result = NIL;

	deconstruct_array(columns, TEXTOID, -1, false, TYPALIGN_INT, &names, &nulls, &count);
	for (int i = 0; i < count; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("column names must not be NULL")));
		FilterColumn *column = (FilterColumn *) palloc0(sizeof(FilterColumn));

		column->attnum = InvalidAttrNumber;
		column->name = TextDatumGetCString(names[i]);
		result = lappend(result, column);
	}
	return result;
}

/* The caller must be able to read every column sent. */
static void
check_read_permission(const SnapshotScan *state)
{
	Oid			relid = RelationGetRelid(state->relation);

	if (pg_class_aclcheck(relid, GetUserId(), ACL_SELECT) != ACLCHECK_OK)
	{
		for (int i = 0; i < state->entry.ncolumns; i++)
			if (pg_attribute_aclcheck(relid, state->entry.columns[i].attnum, GetUserId(), ACL_SELECT) != ACLCHECK_OK)
				aclcheck_error(ACLCHECK_NO_PRIV, OBJECT_TABLE, RelationGetRelationName(state->relation));
	}
	/* a view's content must be complete: refuse rather than filter rows */
	if (check_enable_rls(relid, InvalidOid, false) == RLS_ENABLED)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("row-level security applies to table \"%s.%s\" for role \"%s\"",
						get_namespace_name(RelationGetNamespace(state->relation)),
						RelationGetRelationName(state->relation), GetUserNameFromId(GetUserId(), false)),
				 errdetail("cdc_stream.snapshot_rows reads every row of a table; under a policy it would return only some."),
				 errhint("Run cdc-maintainer as the table's owner, a superuser or a role with BYPASSRLS.")));
}

static void
end_snapshot_scan(Datum arg)
{
	SnapshotScan *state = (SnapshotScan *) DatumGetPointer(arg);

	if (state->ended)
		return;
	state->ended = true;
	ExecDropSingleTupleTableSlot(state->slot);
	table_endscan(state->scan);
	table_close(state->relation, AccessShareLock);
}

static SnapshotScan *
start_snapshot_scan(FunctionCallInfo fcinfo)
{
	SnapshotScan *state = (SnapshotScan *) palloc0(sizeof(SnapshotScan));
	TableFilter filter;

	state->relation = table_open(PG_GETARG_OID(0), AccessShareLock);
	if (state->relation->rd_rel->relkind != RELKIND_RELATION)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("\"%s\" is not a table", RelationGetRelationName(state->relation))));
	filter.relid = RelationGetRelid(state->relation);
	filter.schema = get_namespace_name(RelationGetNamespace(state->relation));
	filter.name = RelationGetRelationName(state->relation);
	filter.columns = column_names(PG_GETARG_ARRAYTYPE_P(1));
	state->entry.relid = RelationGetRelid(state->relation);
	state->entry.relnum = 0;	/* the one relation of this stream */
	state->entry.context = AllocSetContextCreate(CurrentMemoryContext, "cdc_stream snapshot relation",
												 ALLOCSET_SMALL_SIZES);
	build_tracked_relation(&state->entry, state->relation, true, &filter);
	check_read_permission(state);
	state->scan = table_beginscan(state->relation, GetActiveSnapshot(), 0, NULL);
	state->slot = table_slot_create(state->relation, NULL);
	RegisterExprContextCallback(((ReturnSetInfo *) fcinfo->resultinfo)->econtext, end_snapshot_scan,
								PointerGetDatum(state));
	return state;
}

static bytea *
to_bytea(StringInfo message)
{
	bytea	   *result = (bytea *) palloc(VARHDRSZ + message->len);

	SET_VARSIZE(result, VARHDRSZ + message->len);
	memcpy(VARDATA(result), message->data, message->len);
	return result;
}

/* The next message: RELATION first, then one INSERT per row; NULL at the end. */
static bytea *
next_snapshot_message(SnapshotScan *state)
{
	StringInfoData message;
	RowChange	change;
	bool		should_free;

	initStringInfo(&message);
	if (!state->relation_sent)
	{
		binary_message_format(CDC_WIRE_VERSION_MAX)->relation(&message, state->relation, &state->entry);
		state->relation_sent = true;
		return to_bytea(&message);
	}
	if (!table_scan_getnextslot(state->scan, ForwardScanDirection, state->slot))
		return NULL;
	change.tag = CDC_MSG_INSERT;
	change.relation = state->relation;
	change.entry = &state->entry;
	change.old_kind = CDC_OLD_NONE;
	extract_tuple_values(&state->entry, ExecFetchSlotHeapTuple(state->slot, false, &should_free),
						 false, false, TUPLE_NEW, &change.new_tuple);
	binary_message_format(CDC_WIRE_VERSION_MAX)->row(&message, &change);
	return to_bytea(&message);
}

extern "C" Datum
cdc_stream_snapshot_rows(PG_FUNCTION_ARGS)
{
	return cdc_guard("snapshot_rows", [&]() -> Datum {
		FuncCallContext *call;
		SnapshotScan *state;
		bytea	   *message;

		if (SRF_IS_FIRSTCALL())
		{
			MemoryContext caller_context;

			call = SRF_FIRSTCALL_INIT();
			caller_context = MemoryContextSwitchTo(call->multi_call_memory_ctx);
			call->user_fctx = start_snapshot_scan(fcinfo);
			MemoryContextSwitchTo(caller_context);
		}
		call = SRF_PERCALL_SETUP();
		state = (SnapshotScan *) call->user_fctx;
		message = next_snapshot_message(state);
		if (message != NULL)
			SRF_RETURN_NEXT(call, PointerGetDatum(message));
		end_snapshot_scan(PointerGetDatum(state));
		SRF_RETURN_DONE(call);
	});
}
