/*
 * From a decoded heap tuple to the values the plugin sends (messages.hpp),
 * shared by the binary and the text rendering so both send the same thing.
 */
extern "C" {
#include "postgres.h"

#include "access/htup_details.h"
#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "replication/reorderbuffer.h"
#include "utils/rel.h"
}

#include "cdc_stream/wire.h"
#include "messages.hpp"
#include "relation_cache.hpp"

void
extract_tuple_values(Relation relation, const TrackedRelation *entry,
					 HeapTuple tuple, bool key_only, bool external_unchanged,
					 TupleValues *result)
{
	TupleDesc	desc = RelationGetDescr(relation);
	Datum	   *all_values = (Datum *) palloc(sizeof(Datum) * desc->natts);
	bool	   *all_nulls = (bool *) palloc(sizeof(bool) * desc->natts);

	heap_deform_tuple(tuple, desc, all_values, all_nulls);
	result->status = (uint8 *) palloc(sizeof(uint8) * Max(entry->ncolumns, 1));
	result->values = (Datum *) palloc(sizeof(Datum) * Max(entry->ncolumns, 1));
	for (int i = 0; i < entry->ncolumns; i++)
	{
		const SentColumn *column = &entry->columns[i];
		int			index = column->attnum - 1;
		Datum		value = all_values[index];

		result->values[i] = value;
		if (key_only && !column->identity)
			result->status[i] = CDC_STATUS_ABSENT;
		else if (all_nulls[index])
			result->status[i] = CDC_STATUS_NULL;
		else if (external_unchanged && TupleDescAttr(desc, index)->attlen == -1 &&
				 VARATT_IS_EXTERNAL_ONDISK(DatumGetPointer(value)))
			result->status[i] = CDC_STATUS_UNCHANGED_TOAST;
		else
			result->status[i] = CDC_STATUS_VALUE;
	}
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
