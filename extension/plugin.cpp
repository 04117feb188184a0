/*
 * The cdc_stream logical decoding output plugin.
 *
 * Decodes committed transactions into compact messages (include/cdc_stream/
 * wire.h): BEGIN and COMMIT around the changes of tracked tables, a RELATION
 * message before a relation's first row on the connection and again after
 * it changed, and INSERT, UPDATE, DELETE and TRUNCATE carrying only the sent
 * columns.  Transactions that touch no tracked table produce nothing.
 *
 * In binary format version 2 a plugin write carries one or more messages:
 * the messages of a transaction collect in a buffer, written when it holds
 * write_size bytes (checked at the end of a change callback) and at COMMIT,
 * so a write never spans two transactions and COMMIT is always the last
 * message of its write.  Every callback writes at most once, as its last
 * write.  Text and version 1 write each message as it is made.
 *
 * Every callback runs through cdc_guard (guard.hpp), and every change is
 * decoded in a memory context reset after it, as pgoutput does.
 */
extern "C" {
#include "postgres.h"

#include "fmgr.h"
#include "replication/logical.h"
#include "replication/origin.h"
#include "replication/output_plugin.h"
#include "replication/reorderbuffer.h"
#include "utils/memutils.h"
#include "utils/rel.h"

PG_MODULE_MAGIC;

void		_PG_output_plugin_init(OutputPluginCallbacks *callbacks);
}

#include "cdc_stream/wire.h"
#include "guard.hpp"
#include "messages.hpp"
#include "plugin_options.hpp"
#include "relation_cache.hpp"

struct PluginState
{
	PluginOptions options;
	const MessageFormat *format;
	MemoryContext change_context;	/* reset after every callback */
	bool		begin_sent;		/* BEGIN of the current transaction is out */
	bool		batching;		/* several messages a write (write_size > 0) */
	StringInfoData pending;		/* batching: messages not yet written, in
								 * ctx->context; only whole messages */
};

static PluginState *
plugin_state(LogicalDecodingContext *ctx)
{
	return (PluginState *) ctx->output_plugin_private;
}

/*
 * Lets the walsender confirm progress through stretches of changes we do not
 * send, so the slot can advance and the client's keepalives stay answered
 * (as pgoutput's update_replication_progress, every 100 changes).
 */
static void
report_progress(LogicalDecodingContext *ctx, bool skipped_transaction)
{
	static int	changes_since_report = 0;

	if (ctx->end_xact || ++changes_since_report >= 100)
	{
		OutputPluginUpdateProgress(ctx, skipped_transaction);
		changes_since_report = 0;
	}
}

/*
 * Where the next message goes: the pending messages when batching, else
 * ctx->out, prepared for a write of its own.  finish_message() ends it.
 */
static StringInfo
start_message(LogicalDecodingContext *ctx, bool last_write)
{
	PluginState *state = plugin_state(ctx);

	if (state->batching)
		return &state->pending;
	OutputPluginPrepareWrite(ctx, last_write);
	return ctx->out;
}

static void
finish_message(LogicalDecodingContext *ctx, bool last_write)
{
	if (!plugin_state(ctx)->batching)
		OutputPluginWrite(ctx, last_write);
}

/*
 * Batching: writes the pending messages as one write once they reach
 * write_size, or whatever is pending with at_commit.  Called at the end of a
 * callback, so this is the callback's last write.  A buffer that one huge
 * message grew is given back, so memory stays bounded by write_size between
 * transactions' large values.
 */
static void
write_pending(LogicalDecodingContext *ctx, bool at_commit)
{
	PluginState *state = plugin_state(ctx);
	StringInfo	pending = &state->pending;

	if (!state->batching || pending->len == 0 ||
		(!at_commit && pending->len < state->options.write_size))
		return;
	OutputPluginPrepareWrite(ctx, true);
	appendBinaryStringInfo(ctx->out, pending->data, pending->len);
	OutputPluginWrite(ctx, true);
	if (pending->maxlen > 2 * state->options.write_size + 1024)
	{
		pfree(pending->data);
		pending->data = (char *) MemoryContextAlloc(ctx->context, state->options.write_size + 1024);
		pending->maxlen = state->options.write_size + 1024;
	}
	resetStringInfo(pending);
}

static void
send_begin_once(LogicalDecodingContext *ctx, ReorderBufferTXN *txn)
{
	PluginState *state = plugin_state(ctx);

	if (state->begin_sent)
		return;
	state->format->begin(start_message(ctx, false), txn);
	finish_message(ctx, false);
	state->begin_sent = true;
}

static void
send_relation_once(LogicalDecodingContext *ctx, Relation relation, TrackedRelation *entry)
{
	if (entry->schema_sent)
		return;
	relation_cache_number(entry);
	plugin_state(ctx)->format->relation(start_message(ctx, false), relation, entry);
	finish_message(ctx, false);
	entry->schema_sent = true;
}

/* Fills change's old tuple from the decoded old tuple, if there is one. */
static void
set_old_tuple(RowChange *change, ReorderBufferTupleBuf *old_tuple)
{
	bool		key_only = change->entry->replica_identity != CDC_IDENTITY_FULL;

	if (old_tuple == NULL)
	{
		change->old_kind = CDC_OLD_NONE;
		return;
	}
	change->old_kind = key_only ? CDC_OLD_KEY : CDC_OLD_FULL;
	extract_tuple_values(change->entry, &old_tuple->tuple, key_only, true, TUPLE_OLD,
						 &change->old_tuple);
}

/* Builds the RowChange for a decoded change; false if there is nothing to send. */
static bool
describe_change(ReorderBufferChange *decoded, RowChange *change)
{
	ReorderBufferTupleBuf *new_tuple = decoded->data.tp.newtuple;

	switch (decoded->action)
	{
		case REORDER_BUFFER_CHANGE_INSERT:
			change->tag = CDC_MSG_INSERT;
			break;
		case REORDER_BUFFER_CHANGE_UPDATE:
			change->tag = CDC_MSG_UPDATE;
			break;
		case REORDER_BUFFER_CHANGE_DELETE:
			change->tag = CDC_MSG_DELETE;
			break;
		default:
			return false;
	}
	if (change->tag != CDC_MSG_DELETE)
	{
		if (new_tuple == NULL)
			return false;
		extract_tuple_values(change->entry, &new_tuple->tuple, false, true, TUPLE_NEW,
							 &change->new_tuple);
	}
	if (change->tag != CDC_MSG_INSERT)
		set_old_tuple(change, decoded->data.tp.oldtuple);
	return true;
}

static void
decode_change(LogicalDecodingContext *ctx, ReorderBufferTXN *txn, Relation relation,
			  ReorderBufferChange *decoded)
{
	PluginState *state = plugin_state(ctx);
	RowChange	change;

	change.relation = relation;
	change.entry = relation_cache_get(relation, &state->options);
	if (!change.entry->included || !describe_change(decoded, &change))
	{
		report_progress(ctx, !state->begin_sent);
		return;
	}
	send_begin_once(ctx, txn);
	send_relation_once(ctx, relation, const_cast<TrackedRelation *>(change.entry));
	state->format->row(start_message(ctx, true), &change);
	finish_message(ctx, true);
	write_pending(ctx, false);
}

static void
decode_truncate(LogicalDecodingContext *ctx, ReorderBufferTXN *txn, int nrelations,
				Relation relations[], ReorderBufferChange *decoded)
{
	PluginState *state = plugin_state(ctx);
	Relation   *sent = (Relation *) palloc(sizeof(Relation) * nrelations);
	TrackedRelation **sent_entries = (TrackedRelation **) palloc(sizeof(TrackedRelation *) * nrelations);
	int			nsent = 0;
	uint8		flags = 0;

	for (int i = 0; i < nrelations; i++)
	{
		TrackedRelation *entry = relation_cache_get(relations[i], &state->options);

		if (!entry->included)
			continue;
		send_begin_once(ctx, txn);
		send_relation_once(ctx, relations[i], entry);
		sent[nsent] = relations[i];
		sent_entries[nsent++] = entry;
	}
	if (nsent == 0)
	{
		report_progress(ctx, !state->begin_sent);
		return;
	}
	if (decoded->data.truncate.cascade)
		flags |= CDC_TRUNCATE_CASCADE;
	if (decoded->data.truncate.restart_seqs)
		flags |= CDC_TRUNCATE_RESTART_IDENTITY;
	state->format->truncate(start_message(ctx, true), nsent, sent, sent_entries, flags);
	finish_message(ctx, true);
	write_pending(ctx, false);
}

/* Runs body in the per-change memory context, under the C++ guard. */
template <typename Body>
static void
in_change_context(LogicalDecodingContext *ctx, const char *where, Body body)
{
	PluginState *state = plugin_state(ctx);
	MemoryContext caller_context = MemoryContextSwitchTo(state->change_context);

	cdc_guard(where, body);
	MemoryContextSwitchTo(caller_context);
	MemoryContextReset(state->change_context);
}

extern "C" {

static void
cdc_startup(LogicalDecodingContext *ctx, OutputPluginOptions *plugin_options, bool is_init)
{
	cdc_guard("startup", [&] {
		PluginState *state = (PluginState *) MemoryContextAllocZero(ctx->context, sizeof(PluginState));
		MemoryContext caller_context = MemoryContextSwitchTo(ctx->context);

		parse_plugin_options(ctx->output_plugin_options, &state->options);
		MemoryContextSwitchTo(caller_context);
		state->format = state->options.text_format ? &text_message_format :
			binary_message_format(state->options.proto_version);
		state->change_context = AllocSetContextCreate(ctx->context, "cdc_stream change",
													  ALLOCSET_DEFAULT_SIZES);
		state->batching = state->options.write_size > 0;
		if (state->batching)
		{
			state->pending.data = (char *) MemoryContextAlloc(ctx->context,
															  state->options.write_size + 1024);
			state->pending.maxlen = state->options.write_size + 1024;
			resetStringInfo(&state->pending);
		}
		plugin_options->output_type = state->options.text_format ?
			OUTPUT_PLUGIN_TEXTUAL_OUTPUT : OUTPUT_PLUGIN_BINARY_OUTPUT;
		plugin_options->receive_rewrites = false;
		relation_cache_create();
		ctx->output_plugin_private = state;
	});
}

static void
cdc_shutdown(LogicalDecodingContext *ctx)
{
	cdc_guard("shutdown", [] { relation_cache_destroy(); });
}

static void
cdc_begin(LogicalDecodingContext *ctx, ReorderBufferTXN *txn)
{
	PluginState *state = plugin_state(ctx);

	state->begin_sent = false;
	if (state->batching)
		resetStringInfo(&state->pending);	/* empty unless a decode failed */
}

static void
cdc_commit(LogicalDecodingContext *ctx, ReorderBufferTXN *txn, XLogRecPtr commit_lsn)
{
	PluginState *state = plugin_state(ctx);

	in_change_context(ctx, "commit", [&] {
		report_progress(ctx, !state->begin_sent);
		if (!state->begin_sent)
			return;
		state->format->commit(start_message(ctx, true), txn, commit_lsn);
		finish_message(ctx, true);
		write_pending(ctx, true);
	});
}

static void
cdc_change(LogicalDecodingContext *ctx, ReorderBufferTXN *txn, Relation relation,
		   ReorderBufferChange *change)
{
	in_change_context(ctx, "change", [&] { decode_change(ctx, txn, relation, change); });
}

static void
cdc_truncate(LogicalDecodingContext *ctx, ReorderBufferTXN *txn, int nrelations,
			 Relation relations[], ReorderBufferChange *change)
{
	in_change_context(ctx, "truncate",
					  [&] { decode_truncate(ctx, txn, nrelations, relations, change); });
}

static bool
cdc_filter_by_origin(LogicalDecodingContext *ctx, RepOriginId origin_id)
{
	return plugin_state(ctx)->options.skip_origin_changes && origin_id != InvalidRepOriginId;
}

void
_PG_output_plugin_init(OutputPluginCallbacks *callbacks)
{
	callbacks->startup_cb = cdc_startup;
	callbacks->begin_cb = cdc_begin;
	callbacks->change_cb = cdc_change;
	callbacks->truncate_cb = cdc_truncate;
	callbacks->commit_cb = cdc_commit;
	callbacks->filter_by_origin_cb = cdc_filter_by_origin;
	callbacks->shutdown_cb = cdc_shutdown;
}

}								/* extern "C" */
