-- Bench data: a county's worth of stations, volunteers, elderly people, services and classes, made in
-- bulk by the database itself (the SEQUENCE engine's seq_1_to_N tables), on top of the demo data.
-- `./laoxiao bench` runs this once on a fresh bench database, after setting:
--   @stations    stations in all (the demo stations count; the rest are made here)
--   @volunteers  approved volunteers with a service history
--   @elders      elderly people on the stations' rosters
--   @services    service records over the last @days days, 1–3 volunteers each, about 3 % voided
--   @days        how far back the history goes
--   @classes     family-education classes (upcoming, open, 500 seats)
-- Bench rows are marked by their names and are for load only: their ID numbers are random bytes, not
-- sealed with the instance's key, so a full-number view of one fails (nothing in the bench asks).
-- The demo station of `station1` gets its share of the history and, besides, 20 volunteers and 20
-- elderly people of its own with no history ("压测"), which the service POST of the bench uses.

SET SESSION unique_checks = 0;
SET SESSION foreign_key_checks = 0;
-- The kept figures (sql/010_figures.sql) are rebuilt from these records once they are made
-- (laoxiao-tool figures --rebuild), rather than row by row by the triggers.
SET @figures_bulk_load = 1;

-- Names that look like the county's (width matters for rendering).
SET @surnames = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
SET @given = '秀英桂兰玉珍明华建国德贵淑芬志强春梅文清翠花金山';

-- 1. Stations: in villages without one, spread evenly over the county in its order.
CREATE TEMPORARY TABLE bench_village AS
  SELECT v.id, v.township_id, ROW_NUMBER() OVER (ORDER BY v.township_id, v.id) - 1 AS n
  FROM village v
  WHERE v.active = 1 AND NOT EXISTS (SELECT 1 FROM station s WHERE s.village_id = v.id);
SET @nv = (SELECT COUNT(*) FROM bench_village);
SET @have = (SELECT COUNT(*) FROM station);
INSERT INTO station (township_id, village_id, name, address)
  SELECT bv.township_id, bv.id, CONCAT(vi.name, '互助养老服务站（', bv.n, '）'), CONCAT(vi.name, '村委会')
  FROM bench_village bv JOIN village vi ON vi.id = bv.id
  WHERE @stations > @have
    AND bv.n % GREATEST(1, FLOOR(@nv / (@stations - @have))) = 0
    AND bv.n DIV GREATEST(1, FLOOR(@nv / (@stations - @have))) < @stations - @have;

CREATE TEMPORARY TABLE bench_station (n INT NOT NULL PRIMARY KEY, id INT UNSIGNED NOT NULL,
  township_id INT UNSIGNED NOT NULL, village_id INT UNSIGNED NOT NULL);
INSERT INTO bench_station
  SELECT ROW_NUMBER() OVER (ORDER BY s.id) - 1, s.id, s.township_id, COALESCE(s.village_id,
    (SELECT MIN(id) FROM village WHERE township_id = s.township_id))
  FROM station s WHERE s.active = 1;
SET @ns = (SELECT COUNT(*) FROM bench_station);

-- 2. Approved volunteers with numbers, round robin over the stations.
SET @vbase = (SELECT COALESCE(MAX(id), 0) FROM volunteer);
INSERT INTO volunteer (number, name, id_cipher, id_hash, id_mask, sex, birth_date, phone,
    township_id, village_id, skills, availability, status, station_id, reviewed_at,
    consent_version, consent_at, created_at)
  SELECT CONCAT('QS2025', LPAD(q.seq, 6, '0')),
    CONCAT(SUBSTRING(@surnames, 1 + q.seq % 20, 1), SUBSTRING(@given, 1 + q.seq * 7 % 24, 1),
           SUBSTRING(@given, 1 + q.seq * 13 % 24, 1)),
    RANDOM_BYTES(40), RANDOM_BYTES(32), CONCAT('511921********', LPAD(q.seq % 10000, 4, '0')),
    IF(q.seq % 2, 'M', 'F'), DATE('1950-01-01') + INTERVAL (q.seq * 37 % 12000) DAY,
    CONCAT('138', LPAD(q.seq, 8, '0')), bs.township_id, bs.village_id, 'meal,clean,company',
    'weekday_am,weekend', 'approved', bs.id, NOW(), '2026-1', NOW(),
    NOW() - INTERVAL (q.seq % 700) DAY
  FROM seq_1_to_1000000 q JOIN bench_station bs ON bs.n = q.seq % @ns
  WHERE q.seq <= @volunteers;
CREATE TEMPORARY TABLE bench_volunteer (n INT NOT NULL, k INT NOT NULL, id INT UNSIGNED NOT NULL,
  PRIMARY KEY (n, k));
INSERT INTO bench_volunteer
  SELECT bs.n, ROW_NUMBER() OVER (PARTITION BY bs.n ORDER BY v.id) - 1, v.id
  FROM volunteer v JOIN bench_station bs ON bs.id = v.station_id WHERE v.id > @vbase;
CREATE TEMPORARY TABLE bench_vcount AS SELECT n, COUNT(*) AS c FROM bench_volunteer GROUP BY n;

-- 3. Elderly people, round robin over the stations.
SET @ebase = (SELECT COALESCE(MAX(id), 0) FROM elder);
INSERT INTO elder (station_id, name, id_cipher, id_hash, id_mask, sex, birth_date, village_id,
    living, care_flags, contact_name, contact_phone)
  SELECT bs.id,
    CONCAT(SUBSTRING(@surnames, 1 + q.seq * 3 % 20, 1), SUBSTRING(@given, 1 + q.seq * 5 % 24, 1),
           SUBSTRING(@given, 1 + q.seq * 11 % 24, 1)),
    RANDOM_BYTES(40), RANDOM_BYTES(32), CONCAT('511921********', LPAD(q.seq % 10000, 4, '0')),
    IF(q.seq % 2, 'M', 'F'), DATE('1930-01-01') + INTERVAL (q.seq * 41 % 9000) DAY, bs.village_id,
    ELT(1 + q.seq % 5, 'alone', 'couple', 'children', 'relatives', 'other'),
    ELT(1 + q.seq % 6, 'empty_nest', 'left_behind', 'alone', 'disabled', 'poverty,dibao', ''),
    '家属', CONCAT('137', LPAD(q.seq, 8, '0'))
  FROM seq_1_to_1000000 q JOIN bench_station bs ON bs.n = q.seq % @ns
  WHERE q.seq <= @elders;
CREATE TEMPORARY TABLE bench_elder (n INT NOT NULL, k INT NOT NULL, id INT UNSIGNED NOT NULL,
  PRIMARY KEY (n, k));
INSERT INTO bench_elder
  SELECT bs.n, ROW_NUMBER() OVER (PARTITION BY bs.n ORDER BY e.id) - 1, e.id
  FROM elder e JOIN bench_station bs ON bs.id = e.station_id WHERE e.id > @ebase;
CREATE TEMPORARY TABLE bench_ecount AS SELECT n, COUNT(*) AS c FROM bench_elder GROUP BY n;

-- 4. Services over the last @days days: station by turn, the station's elders and volunteers by turn,
--    half-hour slots from 08:00, 30–120 minutes, about 3 % voided. Each step joins on plain columns of
--    a plan made first (joins on expressions make the optimiser scan).
SET @sbase = (SELECT COALESCE(MAX(id), 0) FROM service);
CREATE TEMPORARY TABLE bench_plan (seq INT NOT NULL PRIMARY KEY, n INT NOT NULL, k INT NOT NULL)
  SELECT q.seq, q.seq % @ns AS n, (q.seq DIV @ns) % ec.c AS k
  FROM seq_1_to_1000000 q JOIN bench_ecount ec ON ec.n = q.seq % @ns
  WHERE q.seq <= @services;
INSERT INTO service (id, station_id, elder_id, service_type_id, service_date, start_time, end_time,
    minutes, elder_signed, note, created_at, voided_at, void_reason)
  SELECT STRAIGHT_JOIN @sbase + p.seq, bs.id, be.id, 1 + p.seq * 7 % 9,
    CURDATE() - INTERVAL (p.seq * 7919 % @days) DAY,
    SEC_TO_TIME(28800 + (p.seq % 16) * 1800),
    SEC_TO_TIME(28800 + (p.seq % 16) * 1800 + (30 + (p.seq % 4) * 30) * 60),
    30 + (p.seq % 4) * 30, p.seq % 5 <> 0, IF(p.seq % 9 = 0, '老人说腿脚不太方便，下次多陪一会儿', ''),
    NOW(), IF(p.seq % 100 < 3, NOW(), NULL), IF(p.seq % 100 < 3, '录入错误', NULL)
  FROM bench_plan p
  JOIN bench_station bs ON bs.n = p.n
  JOIN bench_elder be ON be.n = p.n AND be.k = p.k;
-- One to three volunteers a service, by turn among its station's (a trigger counts them on the service).
CREATE TEMPORARY TABLE bench_link (service_id INT UNSIGNED NOT NULL, n INT NOT NULL, k INT NOT NULL)
  SELECT @sbase + p.seq AS service_id, p.n, (@sbase + p.seq + q.seq) % vc.c AS k
  FROM bench_plan p
  JOIN bench_vcount vc ON vc.n = p.n
  JOIN seq_1_to_3 q ON q.seq <= LEAST(1 + (@sbase + p.seq) % 3, vc.c);
INSERT INTO service_volunteer (service_id, volunteer_id)
  SELECT STRAIGHT_JOIN l.service_id, bv.id
  FROM bench_link l JOIN bench_volunteer bv ON bv.n = l.n AND bv.k = l.k;

-- 5. The POST station: station1's, with volunteers and elders of its own and no history.
SET @post_station = (SELECT station_id FROM staff WHERE username = 'station1');
SET @post_township = (SELECT township_id FROM station WHERE id = @post_station);
SET @post_village = (SELECT COALESCE(village_id, (SELECT MIN(id) FROM village WHERE township_id = @post_township))
                     FROM station WHERE id = @post_station);
INSERT INTO volunteer (number, name, id_cipher, id_hash, id_mask, sex, birth_date, phone,
    township_id, village_id, skills, availability, status, station_id, reviewed_at,
    consent_version, consent_at)
  SELECT CONCAT('QS2024', LPAD(q.seq, 6, '0')), CONCAT('压测志愿者', q.seq), RANDOM_BYTES(40),
    RANDOM_BYTES(32), CONCAT('511921********', LPAD(q.seq, 4, '0')), 'F', '1970-01-01',
    CONCAT('136', LPAD(q.seq, 8, '0')), @post_township, @post_village, 'meal', 'weekend',
    'approved', @post_station, NOW(), '2026-1', NOW()
  FROM seq_1_to_20 q;
INSERT INTO elder (station_id, name, id_cipher, id_hash, id_mask, sex, birth_date, village_id,
    living, care_flags, contact_name, contact_phone)
  SELECT @post_station, CONCAT('压测老人', q.seq), RANDOM_BYTES(40), RANDOM_BYTES(32),
    CONCAT('511921********', LPAD(q.seq, 4, '0')), 'M', '1940-01-01', @post_village, 'alone', '',
    '家属', CONCAT('135', LPAD(q.seq, 8, '0'))
  FROM seq_1_to_20 q;

-- 6. Classes: upcoming, open, 500 seats, spread over the townships.
INSERT INTO class (title, description, audience, township_id, venue, starts_at, minutes, capacity,
    deadline, status)
  SELECT CONCAT('家长课堂第', q.seq, '讲'), '隔代养育的沟通方法；留守儿童的安全与心理。',
    ELT(1 + q.seq % 4, 'parents', 'grandparents', 'guardians', 'all'), t.id,
    CONCAT(t.name, '文化站'), TIMESTAMP(CURDATE() + INTERVAL (20 + q.seq % 60) DAY, '09:30:00'), 90,
    500, TIMESTAMP(CURDATE() + INTERVAL (19 + q.seq % 60) DAY, '18:00:00'), 'open'
  FROM seq_1_to_10000 q
  JOIN (SELECT id, name, ROW_NUMBER() OVER (ORDER BY code) - 1 AS n FROM township WHERE active = 1) t
    ON t.n = q.seq % (SELECT COUNT(*) FROM township WHERE active = 1)
  WHERE q.seq <= @classes;

SET SESSION foreign_key_checks = 1;
SET @figures_bulk_load = NULL;
SET SESSION unique_checks = 1;

-- What was made, for the bench's progress line.
SELECT (SELECT COUNT(*) FROM station) AS stations, (SELECT COUNT(*) FROM volunteer) AS volunteers,
  (SELECT COUNT(*) FROM elder) AS elders, (SELECT COUNT(*) FROM service) AS services,
  (SELECT COUNT(*) FROM service_volunteer) AS service_volunteers, (SELECT COUNT(*) FROM class) AS classes;
