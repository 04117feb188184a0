-- snapshot_rows is not PUBLIC, checks SELECT, and refuses a caller under
-- row-level security rather than returning some rows only.
SET client_min_messages = warning;
CREATE EXTENSION cdc_stream;
CREATE TABLE guarded (id int PRIMARY KEY, owner text);
INSERT INTO guarded VALUES (1, 'a'), (2, 'b');
ALTER TABLE guarded ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON guarded USING (owner = 'a');
CREATE ROLE cdc_snap_user;
CREATE ROLE cdc_snap_bypass BYPASSRLS;
GRANT SELECT ON guarded TO cdc_snap_user, cdc_snap_bypass;
SET ROLE cdc_snap_user;
SELECT count(*) FROM cdc_stream.snapshot_rows('guarded', ARRAY['owner']);
RESET ROLE;
GRANT EXECUTE ON FUNCTION cdc_stream.snapshot_rows(regclass, text[]) TO cdc_snap_user, cdc_snap_bypass;
SET ROLE cdc_snap_user;
SELECT count(*) FROM cdc_stream.snapshot_rows('guarded', ARRAY['owner']);
RESET ROLE;
SET ROLE cdc_snap_bypass;
SELECT count(*) FROM cdc_stream.snapshot_rows('guarded', ARRAY['owner']);
RESET ROLE;
-- the owner (here the superuser) reads all: a RELATION and two rows
SELECT count(*) FROM cdc_stream.snapshot_rows('guarded', ARRAY['owner']);
DROP TABLE guarded;
DROP EXTENSION cdc_stream;
DROP ROLE cdc_snap_user, cdc_snap_bypass;
