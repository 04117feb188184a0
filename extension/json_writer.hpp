/*
 * A small streaming JSON writer over a StringInfo, for plans.  It tracks
 * where commas go so callers write keys and values in order; strings are
 * escaped by Postgres' own escape_json.
 */
#ifndef CDC_STREAM_JSON_WRITER_HPP
#define CDC_STREAM_JSON_WRITER_HPP

#define JSON_WRITER_MAX_DEPTH 512

struct JsonWriter
{
	StringInfoData buf;
	int			depth;
	bool		need_comma[JSON_WRITER_MAX_DEPTH];
	bool		after_key;
};

void		json_init(JsonWriter *w);
void		json_begin_object(JsonWriter *w);
void		json_end_object(JsonWriter *w);
void		json_begin_array(JsonWriter *w);
void		json_end_array(JsonWriter *w);
void		json_key(JsonWriter *w, const char *key);
void		json_string(JsonWriter *w, const char *value);
void		json_int(JsonWriter *w, int64 value);
void		json_bool(JsonWriter *w, bool value);
void		json_null(JsonWriter *w);

/* key and value in one call, the common case */
void		json_key_string(JsonWriter *w, const char *key, const char *value);
void		json_key_int(JsonWriter *w, const char *key, int64 value);

#endif							/* CDC_STREAM_JSON_WRITER_HPP */
