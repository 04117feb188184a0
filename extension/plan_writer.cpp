/*
 * Writes a planned view as JSON (docs/plan-format.md): the view's columns,
 * key and source tables, and the operator tree.  Expressions are written by
 * plan_expr_writer.cpp against each node's input layout.
 */
extern "C" {
#include "postgres.h"

#include "access/sysattr.h"
#include "access/table.h"
#include "catalog/pg_class.h"
#include "nodes/nodeFuncs.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
}

#include "json_writer.hpp"
#include "plan_internal.hpp"

/* One source table: the union of the columns every scan of it reads. */
struct SourceTable
{
	Oid			relid;
	Bitmapset  *attnums;
};

static void write_node(JsonWriter *w, const PlanNode *node);

static void
write_columns(JsonWriter *w, List *layout, List *names)
{
	ListCell   *lc;
	ListCell   *name = list_head(names);

	json_key(w, "columns");
	json_begin_array(w);
	foreach(lc, layout)
	{
		LayoutColumn *column = (LayoutColumn *) lfirst(lc);
		const char *column_name = name != NULL ? (const char *) lfirst(name) : column->name;

		json_begin_object(w);
		if (column_name != NULL)
			json_key_string(w, "name", column_name);
		write_type(w, column->type, column->typmod);
		json_end_object(w);
		if (name != NULL)
			name = lnext(names, name);
	}
	json_end_array(w);
}

static void
write_child(JsonWriter *w, const char *key, const PlanNode *node)
{
	json_key(w, key);
	write_node(w, node);
}

static void
write_expressions(JsonWriter *w, const char *key, List *exprs, List *layout)
{
	ListCell   *lc;

	json_key(w, key);
	json_begin_array(w);
	foreach(lc, exprs)
		write_expression(w, (Node *) lfirst(lc), layout);
	json_end_array(w);
}

static void
write_scan(JsonWriter *w, const PlanNode *node)
{
	json_key_int(w, "relid", node->relid);
	json_key_string(w, "schema", get_namespace_name(get_rel_namespace(node->relid)));
	json_key_string(w, "table", get_rel_name(node->relid));
}

static void
write_key_pair(JsonWriter *w, Node *left, Node *right, const PlanNode *node)
{
	json_begin_array(w);
	write_expression(w, left, node->input->output);
	write_expression(w, right, node->right->output);
	json_end_array(w);
}

static const char *
join_kind(JoinType type)
{
	switch (type)
	{
		case JOIN_LEFT:
			return "left";
		case JOIN_RIGHT:
			return "right";
		case JOIN_FULL:
			return "full";
		default:
			return "inner";
	}
}

static void
write_join(JsonWriter *w, const PlanNode *node)
{
	ListCell   *left_key,
			   *right_key;

	json_key_string(w, "kind", join_kind(node->join_type));
	write_child(w, "left", node->input);
	write_child(w, "right", node->right);
	json_key(w, "on");
	json_begin_array(w);
	forboth(left_key, node->left_keys, right_key, node->right_keys)
		write_key_pair(w, (Node *) lfirst(left_key), (Node *) lfirst(right_key), node);
	json_end_array(w);
	json_key(w, "residual");
	if (node->residual != NULL)
		write_expression(w, node->residual, node->input_layout);
	else
		json_null(w);
}

/* semi_join, anti_join: the left rows kept, the subquery on the right. */
static void
write_sublink_join(JsonWriter *w, const PlanNode *node)
{
	int			pairs = list_length(node->left_keys) - (node->not_in ? 1 : 0);
	ListCell   *left_key,
			   *right_key;

	write_child(w, "left", node->input);
	write_child(w, "right", node->right);
	json_key(w, "on");
	json_begin_array(w);
	forboth(left_key, node->left_keys, right_key, node->right_keys)
	{
		if (foreach_current_index(left_key) < pairs)
			write_key_pair(w, (Node *) lfirst(left_key), (Node *) lfirst(right_key), node);
	}
	json_end_array(w);
	if (node->op != PLAN_ANTI_JOIN)
		return;
	json_key(w, "not_in");
	if (node->not_in)
		write_key_pair(w, (Node *) llast(node->left_keys), (Node *) llast(node->right_keys), node);
	else
		json_null(w);
}

static void
write_aggregate(JsonWriter *w, const PlanNode *node)
{
	ListCell   *lc;

	write_child(w, "input", node->input);
	write_expressions(w, "group_by", node->group_exprs, node->input_layout);
	json_key(w, "aggregates");
	json_begin_array(w);
	foreach(lc, node->aggregates)
	{
		Aggref	   *aggref = (Aggref *) lfirst(lc);

		json_begin_object(w);
		json_key_string(w, "fn", describe_aggregate(aggref));
		if (!aggref->aggstar)
		{
			json_key(w, "arg");
			write_expression(w, (Node *) linitial_node(TargetEntry, aggref->args)->expr, node->input_layout);
		}
		json_key(w, "distinct");
		json_bool(w, aggref->aggdistinct != NIL);
		json_key(w, "filter");
		if (aggref->aggfilter != NULL)
			write_expression(w, (Node *) aggref->aggfilter, node->input_layout);
		else
			json_null(w);
		write_type(w, aggref->aggtype, -1);
		json_end_object(w);
	}
	json_end_array(w);
}

static const char *
op_name(PlanOp op)
{
	static const char *const names[] = {"scan", "filter", "project", "join", "aggregate", "distinct", "union",
	"semi_join", "anti_join"};

	return names[op];
}

static void
write_node(JsonWriter *w, const PlanNode *node)
{
	ListCell   *lc;

	json_begin_object(w);
	json_key_string(w, "op", op_name(node->op));
	write_columns(w, node->output, NIL);
	switch (node->op)
	{
		case PLAN_SCAN:
			write_scan(w, node);
			break;
		case PLAN_FILTER:
			write_child(w, "input", node->input);
			json_key(w, "predicate");
			write_expression(w, node->predicate, node->input_layout);
			break;
		case PLAN_PROJECT:
			write_child(w, "input", node->input);
			write_expressions(w, "exprs", node->exprs, node->input_layout);
			break;
		case PLAN_JOIN:
			write_join(w, node);
			break;
		case PLAN_AGGREGATE:
			write_aggregate(w, node);
			break;
		case PLAN_SEMI_JOIN:
		case PLAN_ANTI_JOIN:
			write_sublink_join(w, node);
			break;
		case PLAN_DISTINCT:
			write_child(w, "input", node->input);
			break;
		case PLAN_UNION:
			json_key(w, "all");
			json_bool(w, node->union_all);
			json_key(w, "inputs");
			json_begin_array(w);
			foreach(lc, node->inputs)
				write_node(w, (PlanNode *) lfirst(lc));
			json_end_array(w);
			break;
	}
	json_end_object(w);
}

static List *
collect_sources(const PlanNode *node, List *sources)
{
	ListCell   *lc;

	if (node == NULL)
		return sources;
	if (node->op == PLAN_SCAN)
	{
		SourceTable *found = NULL;

		foreach(lc, sources)
			if (((SourceTable *) lfirst(lc))->relid == node->relid)
				found = (SourceTable *) lfirst(lc);
		if (found == NULL)
		{
			found = (SourceTable *) palloc0(sizeof(SourceTable));
			found->relid = node->relid;
			sources = lappend(sources, found);
		}
		foreach(lc, node->scan_attnums)
			found->attnums = bms_add_member(found->attnums, lfirst_int(lc));
	}
	sources = collect_sources(node->input, sources);
	sources = collect_sources(node->right, sources);
	foreach(lc, node->inputs)
		sources = collect_sources((PlanNode *) lfirst(lc), sources);
	return sources;
}

static const char *
identity_name(char identity)
{
	switch (identity)
	{
		case REPLICA_IDENTITY_FULL:
			return "full";
		case REPLICA_IDENTITY_INDEX:
			return "index";
		default:
			return "default";
	}
}

static void
write_sources(JsonWriter *w, const PlanNode *root)
{
	ListCell   *lc;

	json_key(w, "sources");
	json_begin_array(w);
	foreach(lc, collect_sources(root, NIL))
	{
		SourceTable *source = (SourceTable *) lfirst(lc);
		Relation	rel = table_open(source->relid, AccessShareLock);
		int			attnum = -1;

		json_begin_object(w);
		json_key_int(w, "relid", source->relid);
		json_key_string(w, "schema", get_namespace_name(RelationGetNamespace(rel)));
		json_key_string(w, "table", RelationGetRelationName(rel));
		json_key_string(w, "identity", identity_name(rel->rd_rel->relreplident));
		json_key(w, "columns");
		json_begin_array(w);
		while ((attnum = bms_next_member(source->attnums, attnum)) >= 0)
			json_string(w, NameStr(TupleDescAttr(RelationGetDescr(rel), attnum - 1)->attname));
		json_end_array(w);
		json_key(w, "attnums");
		json_begin_array(w);
		attnum = -1;
		while ((attnum = bms_next_member(source->attnums, attnum)) >= 0)
			json_int(w, attnum);
		json_end_array(w);
		json_end_object(w);
		table_close(rel, AccessShareLock);
	}
	json_end_array(w);
}

char *
write_plan_json(const ViewPlan *plan)
{
	JsonWriter	w;
	ListCell   *lc;

	json_init(&w);
	json_begin_object(&w);
	json_key_int(&w, "version", 1);
	write_columns(&w, plan->root->output, plan->column_names);
	json_key(&w, "key");
	if (plan->has_key)
	{
		json_begin_array(&w);
		foreach(lc, plan->key_columns)
			json_int(&w, lfirst_int(lc));
		json_end_array(&w);
	}
	else
		json_null(&w);
	write_sources(&w, plan->root);
	/* the zone of expressions that read TimeZone ("utc_offset" on each) */
	json_key_string(&w, "time_zone", view_time_zone_name());
	write_child(&w, "root", plan->root);
	json_end_object(&w);
	return w.buf.data;
}
