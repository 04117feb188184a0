-- Who may define views, and reading rights checked as Postgres checks them.
SET client_min_messages = warning;
CREATE EXTENSION cdc_stream;
CREATE TABLE secrets (id int PRIMARY KEY, owner text, secret text);
CREATE TABLE open_data (id int PRIMARY KEY, label text);
CREATE ROLE cdc_analyst;
CREATE ROLE cdc_stranger;
GRANT SELECT ON open_data TO cdc_analyst;
GRANT SELECT (id, owner) ON secrets TO cdc_analyst;
GRANT CREATE ON SCHEMA public TO cdc_analyst, cdc_stranger;
-- a view owned by the administrator, exposing what the analyst may see
CREATE VIEW secret_owners AS SELECT id, owner FROM secrets;
GRANT SELECT ON secret_owners TO cdc_analyst;

-- add_view and drop_view are not for PUBLIC
SET ROLE cdc_stranger;
SELECT cdc_stream.add_view('stranger_view', 'SELECT id FROM open_data');
SELECT cdc_stream.drop_view('anything');
-- explain_view is, and checks the caller's rights
SELECT cdc_stream.explain_view('SELECT id FROM open_data');
SELECT view_name FROM cdc_stream.views;
RESET ROLE;

GRANT EXECUTE ON FUNCTION cdc_stream.add_view(text, text, text, text[], text, jsonb) TO cdc_analyst;
GRANT EXECUTE ON FUNCTION cdc_stream.drop_view(text, boolean) TO cdc_analyst;
SET ROLE cdc_analyst;
-- column privileges: allowed columns pass, others do not
SELECT cdc_stream.add_view('owners', 'SELECT id, owner FROM secrets');
SELECT cdc_stream.add_view('leak', 'SELECT id, secret FROM secrets');
SELECT cdc_stream.add_view('leak', 'SELECT owner, count(*) FROM secrets WHERE secret LIKE ''a%'' GROUP BY owner');
-- through a view, its owner's rights apply to its tables, as in Postgres
SELECT cdc_stream.add_view('owners_via_view', 'SELECT id, owner FROM secret_owners');
SELECT cdc_stream.add_view('labels', 'SELECT id, label FROM open_data');
-- the analyst needs no rights on the catalog to add views, and owns them
SELECT view_name, pg_get_userbyid(c.relowner) AS owner
  FROM cdc_stream.views v JOIN pg_class c ON c.oid = v.view_oid ORDER BY v.id;
SELECT cdc_stream.drop_view('labels');
RESET ROLE;
-- only a view's owner may drop it
SELECT cdc_stream.add_view('admin_view', 'SELECT id FROM open_data');
SET ROLE cdc_analyst;
SELECT cdc_stream.drop_view('admin_view');
RESET ROLE;
SELECT view_name FROM cdc_stream.views ORDER BY id;

DROP EXTENSION cdc_stream;
DROP VIEW owners, owners_via_view, admin_view, secret_owners;
DROP TABLE secrets, open_data;
REVOKE CREATE ON SCHEMA public FROM cdc_analyst, cdc_stranger;
DROP ROLE cdc_analyst;
DROP ROLE cdc_stranger;
