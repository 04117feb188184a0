/*
 * The SQL API: cdc_stream.add_view, explain_view and drop_view
 * (cdc_stream--0.1.sql declares them).
 *
 * add_view plans the query (planner.hpp) as the calling user, creates an
 * ordinary Postgres view of the same name (so psql can query it, later views
 * can build on it, and Postgres' dependency tracking protects its tables),
 * and records view and plan in cdc_stream.views.  Any error rolls all of it
 * back with the transaction.
 */
extern "C" {
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_class.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/view.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"
#include "utils/syscache.h"

PG_FUNCTION_INFO_V1(cdc_stream_add_view);
PG_FUNCTION_INFO_V1(cdc_stream_explain_view);
PG_FUNCTION_INFO_V1(cdc_stream_drop_view);
}

#include "guard.hpp"
#include "planner.hpp"

/* What add_view was asked for, checked. */
struct ViewRequest
{
	RangeVar   *name;			/* schema-qualified */
	const char *query_text;
	const char *topic;			/* NULL: no Kafka output */
	ArrayType  *key;			/* NULL: derived from the query */
	const char *envelope;
	Jsonb	   *options;
	bool		allow_cross_join;	/* option allow_cross_join */
};

static void pg_attribute_noreturn()
invalid_argument(const char *message, const char *hint)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s", message),
			 hint ? errhint("%s", hint) : 0));
}

/* The view's name, qualified with its schema as CREATE VIEW would. */
static RangeVar *
resolve_view_name(const char *name)
{
	RangeVar   *relation = makeRangeVarFromNameList(stringToQualifiedNameList(name));
	Oid			namespace_oid = RangeVarGetCreationNamespace(relation);

	relation->schemaname = get_namespace_name(namespace_oid);
	if (isAnyTempNamespace(namespace_oid))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_SCHEMA_DEFINITION),
				 errmsg("cannot add a cdc_stream view in temporary schema \"%s\"", relation->schemaname),
				 errdetail("A temporary view disappears at the end of its session, while the maintainer keeps streaming it."),
				 errhint("Create the view in a permanent schema.")));
	if (OidIsValid(get_relname_relid(relation->relname, namespace_oid)))
		ereport(ERROR,
				(errcode(ERRCODE_DUPLICATE_OBJECT),
				 errmsg("relation \"%s\" already exists",
						quote_qualified_identifier(relation->schemaname, relation->relname))));
	return relation;
}

/* Kafka's own rule for topic names (kafka.common.internals.Topic). */
static void
check_topic_name(const char *topic)
{
	size_t		length = strlen(topic);

	if (length == 0 || length > 249 || strcmp(topic, ".") == 0 || strcmp(topic, "..") == 0)
		invalid_argument(psprintf("\"%s\" is not a valid Kafka topic name", topic),
						 "Topic names have 1 to 249 characters and are not \".\" or \"..\".");
	for (size_t i = 0; i < length; i++)
	{
		char		c = topic[i];

		if (!(isalnum((unsigned char) c) || c == '.' || c == '_' || c == '-') || IS_HIGHBIT_SET(c))
			invalid_argument(psprintf("\"%s\" is not a valid Kafka topic name", topic),
							 "Topic names may contain only ASCII letters, digits, '.', '_' and '-'.");
	}
	if (strcmp(topic, "cdc_stream.progress") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_RESERVED_NAME),
				 errmsg("Kafka topic \"%s\" is reserved for cdc-maintainer's progress", topic),
				 errhint("Give the view another topic with topic => '...'.")));
	if (strncmp(topic, "__", 2) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_RESERVED_NAME),
				 errmsg("Kafka topic \"%s\" is reserved: names starting with \"__\" are Kafka's internal topics", topic),
				 errhint("Give the view another topic with topic => '...'.")));
}

static void
check_envelope(const char *envelope)
{
	if (strcmp(envelope, "row") != 0 && strcmp(envelope, "debezium") != 0 && strcmp(envelope, "upsert") != 0)
		invalid_argument(psprintf("unknown envelope \"%s\"", envelope),
						 "Envelopes are \"row\", \"debezium\" and \"upsert\".");
}

static bool
partitions_valid(const JsonbValue *value)
{
	char	   *text;
	char	   *end;
	long		partitions;

	if (value->type != jbvNumeric)
		return false;
	text = DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(value->val.numeric)));
	partitions = strtol(text, &end, 10);
	return *end == '\0' && partitions >= 1 && partitions <= 10000;
}

/*
 * options: a JSON object; known keys: partitions (1 to 10000) and
 * allow_cross_join (a boolean, returned).
 */
static bool
check_options(Jsonb *options)
{
	JsonbIterator *it = JsonbIteratorInit(&options->root);
	JsonbValue	value;
	JsonbIteratorToken token;
	int			depth = 0;
	bool		allow_cross_join = false;

	if (!JB_ROOT_IS_OBJECT(options) || JB_ROOT_IS_SCALAR(options))
		invalid_argument("options must be a JSON object", NULL);
	while ((token = JsonbIteratorNext(&it, &value, true)) != WJB_DONE)
	{
		char	   *key;

		if (token == WJB_BEGIN_OBJECT || token == WJB_END_OBJECT)
		{
			depth += token == WJB_BEGIN_OBJECT ? 1 : -1;
			continue;
		}
		if (token != WJB_KEY || depth != 1)
			continue;
		key = pnstrdup(value.val.string.val, value.val.string.len);
		token = JsonbIteratorNext(&it, &value, true);
		if (strcmp(key, "partitions") == 0)
		{
			if (!partitions_valid(&value))
				invalid_argument("option \"partitions\" must be an integer from 1 to 10000", NULL);
		}
		else if (strcmp(key, "allow_cross_join") == 0)
		{
			if (value.type != jbvBool)
				invalid_argument("option \"allow_cross_join\" must be true or false", NULL);
			allow_cross_join = value.val.boolean;
		}
		else
			invalid_argument(psprintf("unknown option \"%s\"", key),
							 "The options are \"partitions\" and \"allow_cross_join\".");
	}
	return allow_cross_join;
}

/*
 * A join without an equality between its two sides is kept as a cross
 * product: its state grows with the product of its inputs, so any add_view
 * user could exhaust cdc-maintainer's memory.  Only on request.
 */
static void
refuse_cross_joins(const PlanNode *node)
{
	ListCell   *lc;

	if (node == NULL)
		return;
	if (node->op == PLAN_JOIN && node->left_keys == NIL)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a join of the view has no equality condition between its two sides"),
				 errdetail("cdc-maintainer would keep the cross product of the two sides."),
				 errhint("Join on an equality between the two sides, or pass options => '{\"allow_cross_join\": true}' to add_view.")));
	refuse_cross_joins(node->input);
	refuse_cross_joins(node->right);
	foreach(lc, node->inputs)
		refuse_cross_joins((const PlanNode *) lfirst(lc));
}

/* The declared key: column names of the view, each once. */
static void
apply_declared_key(ViewPlan *plan, ArrayType *key)
{
	Datum	   *names;
	bool	   *nulls;
	int			count;

	if (ARR_NDIM(key) > 1)
		invalid_argument(psprintf("a declared key must be a one-dimensional array of column names, not %d-dimensional",
								  ARR_NDIM(key)),
						 "Write key => ARRAY['column', ...].");
	if (array_contains_nulls(key))
		invalid_argument("a declared key must not contain NULL", "Write key => ARRAY['column', ...].");
	deconstruct_array(key, TEXTOID, -1, false, TYPALIGN_INT, &names, &nulls, &count);
	if (count == 0)
		invalid_argument("a declared key must name at least one column", NULL);
	plan->key_columns = NIL;
	for (int i = 0; i < count; i++)
	{
		char	   *name = nulls[i] ? NULL : TextDatumGetCString(names[i]);
		int			position = 0;
		int			found = -1;
		ListCell   *lc;

		foreach(lc, plan->column_names)
		{
			if (name != NULL && strcmp((char *) lfirst(lc), name) == 0)
				found = position;
			position++;
		}
		if (found < 0)
			invalid_argument(psprintf("key column \"%s\" is not a column of the view", name ? name : "NULL"),
							 NULL);
		if (list_member_int(plan->key_columns, found))
			invalid_argument(psprintf("key column \"%s\" is listed twice", name), NULL);
		plan->key_columns = lappend_int(plan->key_columns, found);
	}
	plan->has_key = true;
}

static ViewPlan *
plan_request(const ViewRequest *request, RawStmt **statement)
{
	Query	   *query;
	ViewPlan   *plan;

	*statement = parse_view_query(request->query_text);
	query = analyze_view_query(*statement, request->query_text);
	check_view_permissions(query);
	plan = plan_view_query(query);
	if (!request->allow_cross_join)
		refuse_cross_joins(plan->root);
	if (request->key != NULL)
		apply_declared_key(plan, request->key);
	if (strcmp(request->envelope, "upsert") == 0 && !plan->has_key)
		invalid_argument("the upsert envelope needs a key",
						 "Declare one with key => ARRAY['column', ...], or group the view.");
	return plan;
}

/*
 * No other view may use the topic, nor a topic Kafka would confuse with it:
 * Kafka's metric names replace '.' by '_', so it refuses a topic that
 * equals an existing one after that replacement (a_b beside a.b).
 */
static void
check_topic_unused(const char *topic)
{
	Oid			types[1] = {TEXTOID};
	Datum		values[1] = {CStringGetTextDatum(topic)};
	bool		isnull;

	if (SPI_execute_with_args("SELECT topic, quote_ident(view_schema) || '.' || quote_ident(view_name) "
							  "FROM cdc_stream.views "
							  "WHERE translate(topic, '.', '_') = translate($1, '.', '_') "
							  "ORDER BY topic = $1 DESC LIMIT 1", 1, types, values, NULL,
							  true, 1) != SPI_OK_SELECT)
		elog(ERROR, "cdc_stream: could not read cdc_stream.views");
	if (SPI_processed == 0)
		return;
	{
		char	   *other_topic = TextDatumGetCString(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
		char	   *other_view = TextDatumGetCString(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));

		if (strcmp(other_topic, topic) == 0)
			ereport(ERROR,
					(errcode(ERRCODE_DUPLICATE_OBJECT),
					 errmsg("Kafka topic \"%s\" is already used by cdc_stream view %s", topic, other_view)));
		ereport(ERROR,
				(errcode(ERRCODE_DUPLICATE_OBJECT),
				 errmsg("Kafka topic \"%s\" collides with topic \"%s\" of cdc_stream view %s", topic,
						other_topic, other_view),
				 errdetail("Kafka treats '.' and '_' in topic names as the same and refuses such a pair."),
				 errhint("Give the view another topic with topic => '...'.")));
	}
}

static Oid
create_postgres_view(const ViewRequest *request, RawStmt *statement)
{
	ViewStmt   *stmt = makeNode(ViewStmt);
	ObjectAddress address;

	stmt->view = request->name;
	stmt->query = (Node *) copyObjectImpl(statement->stmt);
	stmt->replace = false;
	stmt->withCheckOption = NO_CHECK_OPTION;
	address = DefineView(stmt, request->query_text, statement->stmt_location, statement->stmt_len);
	CommandCounterIncrement();
	return address.objectId;
}

static Oid
catalog_owner(void)
{
	Oid			relid = get_relname_relid("views", get_namespace_oid("cdc_stream", false));
	HeapTuple	tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	Oid			owner;

	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "cdc_stream: catalog table cdc_stream.views is missing");
	owner = ((Form_pg_class) GETSTRUCT(tuple))->relowner;
	ReleaseSysCache(tuple);
	return owner;
}

/* Inserts the catalog row as the catalog's owner: callers need no rights on it. */
static int64
record_view(const ViewRequest *request, Oid view_oid, const char *plan_json)
{
	Oid			owner = catalog_owner();
	Oid			saved_user;
	int			saved_context;
	Oid			types[9] = {NAMEOID, NAMEOID, OIDOID, TEXTOID, TEXTOID, TEXTARRAYOID, TEXTOID, JSONBOID, JSONBOID};
	Datum		values[9];
	char		nulls[9] = {' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' '};
	bool		isnull;
	int64		id;

	values[0] = DirectFunctionCall1(namein, CStringGetDatum(request->name->schemaname));
	values[1] = DirectFunctionCall1(namein, CStringGetDatum(request->name->relname));
	values[2] = ObjectIdGetDatum(view_oid);
	values[3] = CStringGetTextDatum(request->query_text);
	values[4] = request->topic ? CStringGetTextDatum(request->topic) : (Datum) 0;
	nulls[4] = request->topic ? ' ' : 'n';
	values[5] = request->key ? PointerGetDatum(request->key) : (Datum) 0;
	nulls[5] = request->key ? ' ' : 'n';
	values[6] = CStringGetTextDatum(request->envelope);
	values[7] = JsonbPGetDatum(request->options);
	values[8] = DirectFunctionCall1(jsonb_in, CStringGetDatum(plan_json));

	GetUserIdAndSecContext(&saved_user, &saved_context);
	SetUserIdAndSecContext(owner, saved_context | SECURITY_LOCAL_USERID_CHANGE);
	if (SPI_execute_with_args("INSERT INTO cdc_stream.views "
							  "(view_schema, view_name, view_oid, query, topic, key, envelope, options, plan, created_lsn) "
							  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, pg_catalog.pg_current_wal_insert_lsn()) "
							  "RETURNING id", 9, types, values, nulls, false, 1) != SPI_OK_INSERT_RETURNING)
		elog(ERROR, "cdc_stream: could not insert into cdc_stream.views");
	id = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	SetUserIdAndSecContext(saved_user, saved_context);
	return id;
}

static ViewRequest
read_add_view_arguments(FunctionCallInfo fcinfo)
{
	ViewRequest request;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		invalid_argument("a view needs a name and a query", NULL);
	if (PG_ARGISNULL(4))
		invalid_argument("envelope must not be NULL", "Envelopes are \"row\", \"debezium\" and \"upsert\".");
	request.name = resolve_view_name(text_to_cstring(PG_GETARG_TEXT_PP(0)));
	request.query_text = text_to_cstring(PG_GETARG_TEXT_PP(1));
	request.topic = PG_ARGISNULL(2) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(2));
	if (request.topic != NULL && request.topic[0] == '\0')
		request.topic = request.name->relname;
	request.key = PG_ARGISNULL(3) ? NULL : PG_GETARG_ARRAYTYPE_P(3);
	request.envelope = text_to_cstring(PG_GETARG_TEXT_PP(4));
	request.options = PG_ARGISNULL(5) ? NULL : PG_GETARG_JSONB_P(5);
	if (request.options == NULL)
		request.options = DatumGetJsonbP(DirectFunctionCall1(jsonb_in, CStringGetDatum("{}")));
	if (request.topic != NULL)
		check_topic_name(request.topic);
	check_envelope(request.envelope);
	request.allow_cross_join = check_options(request.options);
	if (request.topic == NULL && strcmp(request.envelope, "row") != 0)
		invalid_argument("an envelope needs a topic", "Leave envelope at its default for a view without a topic.");
	return request;
}

extern "C" Datum
cdc_stream_add_view(PG_FUNCTION_ARGS)
{
	return cdc_guard("add_view", [&] {
		ViewRequest request = read_add_view_arguments(fcinfo);
		RawStmt    *statement;
		ViewPlan   *plan = plan_request(&request, &statement);
		char	   *plan_json = write_plan_json(plan);
		Oid			view_oid;
		int64		id;

		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "cdc_stream: SPI_connect failed");
		if (request.topic != NULL)
			check_topic_unused(request.topic);
		view_oid = create_postgres_view(&request, statement);
		id = record_view(&request, view_oid, plan_json);
		SPI_finish();
		return Int64GetDatum(id);
	});
}

extern "C" Datum
cdc_stream_explain_view(PG_FUNCTION_ARGS)
{
	return cdc_guard("explain_view", [&] {
		const char *query_text = text_to_cstring(PG_GETARG_TEXT_PP(0));
		RawStmt    *statement = parse_view_query(query_text);
		Query	   *query = analyze_view_query(statement, query_text);

		check_view_permissions(query);
		return DirectFunctionCall1(jsonb_in, CStringGetDatum(write_plan_json(plan_view_query(query))));
	});
}

/*
 * Drops the Postgres view with DROP VIEW, as its owner would; the extension's
 * sql_drop event trigger then removes the catalog rows of every view dropped
 * (several, with cascade).
 */
extern "C" Datum
cdc_stream_drop_view(PG_FUNCTION_ARGS)
{
	return cdc_guard("drop_view", [&] {
		const char *name = text_to_cstring(PG_GETARG_TEXT_PP(0));
		bool		cascade = PG_GETARG_BOOL(1);
		RangeVar   *relation = makeRangeVarFromNameList(stringToQualifiedNameList(name));
		Oid			view_oid = RangeVarGetRelid(relation, NoLock, true);
		Oid			types[1] = {OIDOID};
		Datum		values[1] = {ObjectIdGetDatum(view_oid)};

		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "cdc_stream: SPI_connect failed");
		if (SPI_execute_with_args("SELECT 1 FROM cdc_stream.views WHERE view_oid = $1", 1, types, values,
								  NULL, true, 1) != SPI_OK_SELECT)
			elog(ERROR, "cdc_stream: could not read cdc_stream.views");
		if (!OidIsValid(view_oid) || SPI_processed == 0)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_OBJECT),
					 errmsg("\"%s\" is not a view defined with cdc_stream.add_view", name)));
		if (SPI_execute(psprintf("DROP VIEW %s%s",
								 quote_qualified_identifier(get_namespace_name(get_rel_namespace(view_oid)),
															get_rel_name(view_oid)),
								 cascade ? " CASCADE" : ""), false, 0) != SPI_OK_UTILITY)
			elog(ERROR, "cdc_stream: DROP VIEW failed");
		SPI_finish();
		PG_RETURN_VOID();
	});
}
