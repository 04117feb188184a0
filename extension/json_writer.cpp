/*
 * JSON writer for plans (json_writer.hpp).
 */
extern "C" {
#include "postgres.h"

#include "lib/stringinfo.h"
#include "utils/json.h"
}

#include "json_writer.hpp"

/* Writes the comma a value needs, unless it directly follows its key. */
static void
before_value(JsonWriter *w)
{
	if (w->after_key)
	{
		w->after_key = false;
		return;
	}
	if (w->need_comma[w->depth])
		appendStringInfoChar(&w->buf, ',');
	w->need_comma[w->depth] = true;
}

static void
open_container(JsonWriter *w, char bracket)
{
	before_value(w);
	if (w->depth + 1 >= JSON_WRITER_MAX_DEPTH)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("view plan is nested too deeply")));
	appendStringInfoChar(&w->buf, bracket);
	w->need_comma[++w->depth] = false;
}

static void
close_container(JsonWriter *w, char bracket)
{
	Assert(w->depth > 0);
	w->depth--;
	appendStringInfoChar(&w->buf, bracket);
}

void
json_init(JsonWriter *w)
{
	initStringInfo(&w->buf);
	w->depth = 0;
	w->need_comma[0] = false;
	w->after_key = false;
}

void
json_begin_object(JsonWriter *w)
{
	open_container(w, '{');
}

void
json_end_object(JsonWriter *w)
{
	close_container(w, '}');
}

void
json_begin_array(JsonWriter *w)
{
	open_container(w, '[');
}

void
json_end_array(JsonWriter *w)
{
	close_container(w, ']');
}

void
json_key(JsonWriter *w, const char *key)
{
	before_value(w);
	escape_json(&w->buf, key);
	appendStringInfoChar(&w->buf, ':');
	w->after_key = true;
}

void
json_string(JsonWriter *w, const char *value)
{
	before_value(w);
	escape_json(&w->buf, value);
}

void
json_int(JsonWriter *w, int64 value)
{
	before_value(w);
	appendStringInfo(&w->buf, INT64_FORMAT, value);
}

void
json_bool(JsonWriter *w, bool value)
{
	before_value(w);
	appendStringInfoString(&w->buf, value ? "true" : "false");
}

void
json_null(JsonWriter *w)
{
	before_value(w);
	appendStringInfoString(&w->buf, "null");
}

void
json_key_string(JsonWriter *w, const char *key, const char *value)
{
	json_key(w, key);
	json_string(w, value);
}

void
json_key_int(JsonWriter *w, const char *key, int64 value)
{
	json_key(w, key);
	json_int(w, value);
}
