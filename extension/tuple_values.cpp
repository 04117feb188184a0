/*
 * From a decoded heap tuple to the values the plugin sends (messages.hpp),
 * shared by the binary and the text rendering so both send the same thing.
 */
extern "C" {
#include "postgres.h"

#include "access/htup_details.h"
#include "executor/tuptable.h"
#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "replication/reorderbuffer.h"
#include "utils/rel.h"
}

#include "cdc_stream/wire.h"
#include "messages.hpp"
#include "relation_cache.hpp"

void
extract_tuple_values(const TrackedRelation *entry, HeapTuple tuple, bool key_only,
					 bool external_unchanged, int which, TupleValues *result)
{
	TupleTableSlot *slot = entry->deform_slot;

	result->status = entry->tuple_status[which];
	result->values = entry->tuple_values[which];
	result->all_values = true;
	ExecStoreHeapTuple(tuple, slot, false);
	slot_getsomeattrs(slot, entry->last_attnum);
	for (int i = 0; i < entry->ncolumns; i++)
	{
		const SentColumn *column = &entry->columns[i];
		int			index = column->attnum - 1;
		Datum		value = slot->tts_values[index];
		uint8		status;

		if (key_only && !column->identity)
			status = CDC_STATUS_ABSENT;
		else if (slot->tts_isnull[index])
			status = CDC_STATUS_NULL;
		else if (external_unchanged && column->attlen == -1 &&
				 VARATT_IS_EXTERNAL_ONDISK(DatumGetPointer(value)))
			status = CDC_STATUS_UNCHANGED_TOAST;
		else
			status = CDC_STATUS_VALUE;
		result->values[i] = value;
		result->status[i] = status;
		result->all_values &= status == CDC_STATUS_VALUE;
	}
	ExecClearTuple(slot);
}

const char *
text_value_utf8(const SentColumn *column, Datum value, int *length)
{
	const char *text;
	char	   *converted;

	if (column->use_output_function)
	{
		text = OutputFunctionCall(const_cast<FmgrInfo *>(&column->output_function), value);
		*length = strlen(text);
	}
	else
	{
		struct varlena *detoasted = PG_DETOAST_DATUM_PACKED(value);

		text = VARDATA_ANY(detoasted);
		*length = VARSIZE_ANY_EXHDR(detoasted);
	}
	if (GetDatabaseEncoding() == PG_UTF8)
		return text;
	converted = pg_server_to_any(text, *length, PG_UTF8);
	if (converted != text)
		*length = strlen(converted);
	return converted;
}
