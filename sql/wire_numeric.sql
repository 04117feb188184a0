-- The binary NUMERIC codec, written straight from numeric's stored digits
-- (extension/wire_numeric.cpp), against Postgres' own text output of the
-- same values: thousands of random numerics of every size and scale, both
-- stored forms (short and long header), values past 64 bits, compressed and
-- out-of-line values, and the special values.  A reference decoder in SQL
-- turns each INSERT message's value back into text: head = dscale << 3 |
-- kind, then for finite values |value| * 10^dscale as big-endian bytes.
SET client_min_messages = warning;

CREATE FUNCTION wire_uvarint(message bytea, pos int, OUT value numeric, OUT next int)
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    shift numeric := 1;
    b int;
BEGIN
    value := 0;
    next := pos;
    LOOP
        b := get_byte(message, next);
        next := next + 1;
        value := value + (b & 127) * shift;
        EXIT WHEN b < 128;
        shift := shift * 128;
    END LOOP;
END
$$;

-- The numeric column of a version 2 INSERT of (k int, v numeric), as text.
CREATE FUNCTION wire_numeric_text(message bytea) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    pos int := 1;
    head numeric;
    len numeric;
    kind int;
    dscale int;
    status int := 0;
    magnitude numeric := 0;
    digits text;
BEGIN
    SELECT value, next INTO head, pos FROM wire_uvarint(message, pos);   -- row_head
    IF head % 2 = 0 THEN                                                 -- a status bitmap
        status := (get_byte(message, pos) >> 2) & 3;
        pos := pos + 1;
    END IF;
    SELECT next INTO pos FROM wire_uvarint(message, pos);                -- k
    IF status = 1 THEN
        RETURN NULL;
    END IF;
    SELECT value, next INTO head, pos FROM wire_uvarint(message, pos);   -- numeric head
    kind := (head % 8)::int;
    dscale := div(head, 8)::int;
    IF kind > 1 THEN
        RETURN CASE kind WHEN 2 THEN 'NaN' WHEN 3 THEN 'Infinity' ELSE '-Infinity' END
            || CASE WHEN dscale <> 0 THEN ' dscale ' || dscale ELSE '' END;
    END IF;
    SELECT value, next INTO len, pos FROM wire_uvarint(message, pos);
    IF len > 0 AND get_byte(message, pos) = 0 THEN
        RETURN 'leading zero byte';
    END IF;
    FOR i IN 0 .. len - 1 LOOP
        magnitude := magnitude * 256 + get_byte(message, pos + i);
    END LOOP;
    IF pos + len <> octet_length(message) THEN
        RETURN 'trailing bytes';
    END IF;
    digits := trunc(magnitude)::text;
    IF dscale > 0 THEN
        IF length(digits) <= dscale THEN
            digits := lpad(digits, dscale + 1, '0');
        END IF;
        digits := left(digits, -dscale) || '.' || right(digits, dscale);
    END IF;
    RETURN CASE WHEN kind = 1 THEN '-' ELSE '' END || digits;
END
$$;

CREATE TABLE wire_numbers (k int PRIMARY KEY, v numeric);
ALTER TABLE wire_numbers ALTER COLUMN v SET STORAGE EXTERNAL;
SELECT 'slot' FROM pg_create_logical_replication_slot('wire_numeric', 'cdc_stream');

-- random digits: 0 to 30 before the point, 0 to 30 after, either sign
SELECT setseed(0.25);
INSERT INTO wire_numbers
SELECT i, (sign || coalesce(nullif(whole, ''), '0') ||
           CASE WHEN fraction <> '' THEN '.' || fraction ELSE '' END)::numeric
FROM generate_series(1, 4000) AS i,
LATERAL (SELECT CASE WHEN random() < 0.5 THEN '-' ELSE '' END AS sign,
                (SELECT coalesce(string_agg(floor(random() * 10)::int::text, ''), '')
                 FROM generate_series(1, (random() * 30)::int + i * 0)) AS whole,
                (SELECT coalesce(string_agg(floor(random() * 10)::int::text, ''), '')
                 FROM generate_series(1, (random() * 30)::int + i * 0)) AS fraction) AS r;

-- edges: zeros, group boundaries, 64 bits, long headers, TOAST, specials
INSERT INTO wire_numbers (k, v) VALUES
    (10001, 0), (10002, 0.0000), (10003, -0.5), (10004, 0.000001), (10005, 9999),
    (10006, 10000), (10007, 1.10), (10008, 100.0100),
    (10009, 9999999999999999999), (10010, 10000000000000000000),
    (10011, 18446744073709551615), (10012, 18446744073709551616),
    (10013, -18446744073709551615.5), (10014, 0.18446744073709551615),
    (10015, 1e19), (10016, 1e20), (10017, 1e-100), (10018, -1e100),
    (10019, 1e300), (10020, 1.5e-300), (10021, round(1::numeric / 3, 1000)),
    (10022, repeat('9', 3000)::numeric), (10023, ('-' || repeat('1234567890', 600))::numeric),
    (10024, 'NaN'), (10025, 'Infinity'), (10026, '-Infinity'), (10027, NULL);

CREATE TABLE wire_decoded AS
SELECT wire_numeric_text(data) AS decoded, row_number() OVER () AS n
FROM pg_logical_slot_get_binary_changes('wire_numeric', NULL, NULL, 'proto_version', '2',
    'write_size', '0')  -- one message per write
WHERE get_byte(data, 0) = ascii('I');

-- every value decodes to Postgres' own text of it
SELECT count(*) AS values_compared,
       count(*) FILTER (WHERE d.decoded IS DISTINCT FROM n.v::text) AS mismatches,
       count(*) FILTER (WHERE length(n.v::text) > 20) AS longer_than_64_bits,
       count(*) FILTER (WHERE pg_column_size(n.v) > 2000) AS toasted
FROM (SELECT k, v, row_number() OVER (ORDER BY k) AS n FROM wire_numbers) AS n
JOIN wire_decoded AS d USING (n);

-- the edges, and any mismatch (the first 45 characters)
SELECT k, left(n.v::text, 45) AS value, left(d.decoded, 45) AS decoded,
       d.decoded IS NOT DISTINCT FROM n.v::text AS same
FROM (SELECT k, v, row_number() OVER (ORDER BY k) AS n FROM wire_numbers) AS n
JOIN wire_decoded AS d USING (n)
WHERE d.decoded IS DISTINCT FROM n.v::text OR k > 10000
ORDER BY k;

SELECT pg_drop_replication_slot('wire_numeric');
DROP TABLE wire_numbers, wire_decoded;
DROP FUNCTION wire_numeric_text(bytea), wire_uvarint(bytea, int);
