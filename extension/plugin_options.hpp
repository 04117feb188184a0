/*
 * Options of the cdc_stream output plugin, as passed to START_REPLICATION
 * or pg_logical_slot_get_changes():
 *
 *   proto_version  wire format version, CDC_WIRE_VERSION_MIN..MAX (default MAX)
 *   format         binary (default) | text (the same messages, readable)
 *   tables         schema.table[(column, ...)], ...  tables to send and, per
 *                  table, the columns; a table may also be named by its
 *                  OID (16384(column, ...)), and a column by its attribute
 *                  number and the name to send it under (#3 AS "name"),
 *                  both of which survive renames; without the option every
 *                  table is sent with every column
 *   origin         any (default) | none: skip changes that carry a
 *                  replication origin (so a writer using one, such as the
 *                  maintainer, never sees its own writes)
 *   write_size     bytes of messages one plugin write collects (binary
 *                  format version 2 only; default CDC_DEFAULT_WRITE_SIZE):
 *                  a transaction's messages are packed into a write until it
 *                  holds at least this many bytes, and COMMIT ends a write.
 *                  0: one message per write, as text and version 1 always do
 *
 * Unknown and duplicated options are errors.
 */
#ifndef CDC_STREAM_PLUGIN_OPTIONS_HPP
#define CDC_STREAM_PLUGIN_OPTIONS_HPP

#define CDC_DEFAULT_WRITE_SIZE 65536
#define CDC_MAX_WRITE_SIZE (16 * 1024 * 1024)

/* One column of an entry of the tables option. */
struct FilterColumn
{
	AttrNumber	attnum;			/* when given as #attnum, else
								 * InvalidAttrNumber (matched by name) */
	char	   *name;			/* the column's name, or the AS name of a
								 * #attnum: the name it is sent under */
};

/* One entry of the tables option. */
struct TableFilter
{
	Oid			relid;			/* when named by OID, else InvalidOid */
	char	   *schema;
	char	   *name;
	List	   *columns;		/* of FilterColumn *; NIL means every column */
};

struct PluginOptions
{
	int			proto_version;
	bool		text_format;
	bool		skip_origin_changes;
	int			write_size;		/* 0: one message per write */
	bool		filter_tables;	/* false: every table, every column */
	List	   *tables;			/* of TableFilter * */
};

/* Parses ctx->output_plugin_options; ereports on bad input. */
void		parse_plugin_options(List *options, PluginOptions *result);

/* The entry of the tables option naming relid or schema.name, or NULL. */
TableFilter *find_table_filter(const PluginOptions *options, Oid relid,
							   const char *schema, const char *name);

#endif							/* CDC_STREAM_PLUGIN_OPTIONS_HPP */
