-- The seed's three dbt models as cdc_stream views (issue 3).
SELECT cdc_stream.add_view('user_policies', $$
    SELECT p.id AS codpol, u.id AS codsog, u.surname, u.name, p.policy_details
    FROM source.users u JOIN source.policies p ON u.id = p.user_id $$, topic => NULL);
SELECT cdc_stream.add_view('usernames_policies', $$
    SELECT codsog, concat(name, surname) AS username, codpol, policy_details FROM user_policies $$);
SELECT cdc_stream.add_view('usernames_grouping', $$
    SELECT codsog, count(*) AS nb_policies FROM user_policies GROUP BY codsog $$);
