/*
 * The view planner: from a query analyzed and rewritten by Postgres to the
 * plan cdc-maintainer runs (docs/plan-format.md).
 *
 *   plan_select.cpp     Query tree -> PlanNode tree, one query level at a
 *                       time: GROUP BY, HAVING, projection, DISTINCT, UNION
 *   plan_from.cpp       FROM and WHERE: scans, subqueries, CTEs, joins
 *   plan_sublink.cpp    EXISTS, IN, NOT EXISTS, NOT IN (SELECT ...) as
 *                       semi and anti joins
 *   plan_functions.cpp  which functions, operators, casts and aggregates the
 *                       maintainer evaluates, by what they compute
 *   plan_types.cpp      types: names, key safety, canonical constants
 *   plan_writer.cpp     PlanNode tree -> JSON, expressions included
 *
 * Everything the maintainer cannot evaluate exactly is refused here with
 * ERRCODE_FEATURE_NOT_SUPPORTED and a message naming the construct.
 */
#ifndef CDC_STREAM_PLANNER_HPP
#define CDC_STREAM_PLANNER_HPP

extern "C" {
#include "nodes/bitmapset.h"
#include "nodes/pathnodes.h"
#include "nodes/parsenodes.h"
#include "nodes/pg_list.h"
}

/* Postgres declares tree walkers as bool (*)(): cast ours for C++. */
#define TREE_WALKER(fn) ((bool (*) ()) (void (*) (void)) (fn))

/*
 * One output column of a plan node, and how expressions above refer to it:
 * either as a Var (varno, varattno) of a range table entry, or by being
 * equal() to expr (a GROUP BY expression or an Aggref).
 */
struct LayoutColumn
{
	Index		varno;			/* 0 when matched by expr */
	AttrNumber	varattno;
	Node	   *expr;
	Oid			type;
	int32		typmod;
	const char *name;			/* column name, or NULL */
};

enum PlanOp
{
	PLAN_SCAN,
	PLAN_FILTER,
	PLAN_PROJECT,
	PLAN_JOIN,
	PLAN_AGGREGATE,
	PLAN_DISTINCT,
	PLAN_UNION,
	PLAN_SEMI_JOIN,
	PLAN_ANTI_JOIN
};

struct PlanNode
{
	PlanOp		op;
	List	   *output;			/* LayoutColumn *, the node's output row */
	Relids		relids;			/* range table entries whose columns it carries */
	PlanNode   *input;			/* filter, project, aggregate, distinct; join: left */
	PlanNode   *right;			/* join; semi and anti join: the subquery */
	List	   *inputs;			/* union: PlanNode * */
	List	   *input_layout;	/* what the node's expressions refer to */

	/* scan */
	Oid			relid;
	List	   *scan_attnums;	/* int, in output order */

	Node	   *predicate;		/* filter */
	List	   *exprs;			/* project */

	/* join; semi and anti join (no residual) */
	JoinType	join_type;
	List	   *left_keys;		/* Node *, on the left row */
	List	   *right_keys;		/* Node *, on the right row */
	Node	   *residual;		/* on the concatenated row, or NULL */
	bool		not_in;			/* anti join: the last key pair is NOT IN's */

	/* aggregate */
	List	   *group_exprs;	/* Node * */
	List	   *aggregates;		/* Aggref * */

	bool		union_all;		/* union */
};

/* A planned view: the operator tree and the view's output columns. */
struct ViewPlan
{
	PlanNode   *root;
	List	   *column_names;	/* char *, from the target list */
	List	   *key_columns;	/* int indexes into the output, or NIL */
	bool		has_key;
};

/* plan_select.cpp */
RawStmt    *parse_view_query(const char *query_text);
Query	   *analyze_view_query(RawStmt *statement, const char *query_text);
void		check_view_permissions(Query *query);
ViewPlan   *plan_view_query(Query *query);

/* plan_from.cpp: the index of node in layout (a Var by identity, else by equal()), or -1 */
int			layout_find(List *layout, Node *node);

/* plan_writer.cpp */
char	   *write_plan_json(const ViewPlan *plan);

/* plan_types.cpp */
void		check_supported_type(Oid type, const char *context);
void		check_key_type(Oid type, const char *context);
const char *plan_type_name(Oid type);
char	   *canonical_constant(Oid type, Datum value);
/* ereports for a constant of a type cdc-maintainer cannot hold exactly */
void		check_constant_type(Oid type);

/* plan_functions.cpp */
struct FunctionInfo
{
	const char *fn;				/* what it computes: "add", "cast", ... */
	const char *pg_name;		/* the Postgres function, for people */
	bool		is_cast;
	bool		reads_time_zone;	/* evaluated in the view's time zone */
};

bool		describe_function(Oid funcid, Oid result_type, List *args, FunctionInfo *info);
void		check_function_supported(Oid funcid, Oid result_type, List *args, const char *kind);
const char *describe_aggregate(Aggref *aggref);
const char *describe_operator(Oid opno, List *args);
bool		is_equality_operator(Oid opno);
bool		function_reads_time_zone(Oid funcid);
bool		keys_compare_alike(Oid left_type, Oid right_type);

/* plan_datetime.cpp */
const char *describe_datetime_function(const char *prosrc, bool *reads_time_zone);
long		view_utc_offset(const char *what);
long		fixed_zone_offset(Node *zone);
void		check_to_char_pattern(Node *pattern);
const char *view_time_zone_name(void);
void		check_text_ordering_allowed(Oid collation, const char *what);

#endif							/* CDC_STREAM_PLANNER_HPP */
