-- The real county: statistical division codes beside the ids, an active
-- flag (places are never deleted once records point at them), and the
-- county's own settings. laoxiao-tool places FILE loads the places.

ALTER TABLE township
  ADD COLUMN code CHAR(9) NULL AFTER id,
  ADD COLUMN active TINYINT(1) NOT NULL DEFAULT 1,
  ADD UNIQUE KEY township_code (code);

ALTER TABLE village
  ADD COLUMN code CHAR(12) NULL AFTER id,
  ADD COLUMN active TINYINT(1) NOT NULL DEFAULT 1,
  ADD UNIQUE KEY village_code (code),
  ADD KEY village_place (township_id, name);

-- The code is a place's identity now: a township or village may be renamed
-- (or two swap names) from one list to the next.
ALTER TABLE township DROP INDEX township_name, ADD KEY township_name (name);
ALTER TABLE village DROP INDEX village_name;

-- The invented places of 002 carry no code. Those no record points at go
-- (a fresh database has none that do); any still referenced stay, inactive,
-- so that old records keep their place but no form offers it.
DELETE v FROM village v
  WHERE v.code IS NULL
    AND NOT EXISTS (SELECT 1 FROM station s WHERE s.village_id = v.id)
    AND NOT EXISTS (SELECT 1 FROM volunteer x WHERE x.village_id = v.id)
    AND NOT EXISTS (SELECT 1 FROM elder e WHERE e.village_id = v.id)
    AND NOT EXISTS (SELECT 1 FROM class_enrolment c WHERE c.village_id = v.id);
DELETE t FROM township t
  WHERE t.code IS NULL
    AND NOT EXISTS (SELECT 1 FROM village v WHERE v.township_id = t.id)
    AND NOT EXISTS (SELECT 1 FROM station s WHERE s.township_id = t.id)
    AND NOT EXISTS (SELECT 1 FROM staff f WHERE f.township_id = t.id)
    AND NOT EXISTS (SELECT 1 FROM volunteer x WHERE x.township_id = t.id)
    AND NOT EXISTS (SELECT 1 FROM class c WHERE c.township_id = t.id);
UPDATE village SET active = 0 WHERE code IS NULL;
UPDATE township SET active = 0 WHERE code IS NULL;

-- The county this instance serves: its name and code (laoxiao-tool places
-- sets them from the file's county line) and its bureau, shown on every
-- page and in file names.
CREATE TABLE county_setting (
  name VARCHAR(40) NOT NULL PRIMARY KEY,
  value VARCHAR(200) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO county_setting (name, value) VALUES
  ('county_code', '511921'), ('county_name', '通江县'),
  ('bureau_name', '通江县民政局');
