-- The county's figures (the dashboard, the work report), kept by the database itself.
--
-- fig_service: per grain (1 day, 2 month), period (the day, or the month's first day), station and
-- service type: live services (人次), voided services, minutes of live services and volunteer minutes
-- (minutes × volunteers) of live services.
-- fig_elder: per grain (1 day, 2 month, 3 quarter, 4 year), period (its first day), township (0: the
-- whole county) and elderly person: how many live services that person had there. Distinct people
-- served in any period are counted over the few rows that tile it: whole years, then whole quarters,
-- whole months and the days at either end.
-- fig_reach: per grain, period and township (0: the county): how many people have a fig_elder row
-- above zero, in all and by care flag (now). A period of one whole month, quarter or year reads its
-- distinct people here, from one row per township.
-- fig_class: per class, its enrolled, waiting and checked-in enrolments, and the checked-in ones of a
-- family with a left-behind child.
--
-- Triggers keep them, in the same transaction as the write that changes the raw records, whatever
-- writes it (the pages, the tool, a script): a service inserted, corrected (any column), voided or
-- deleted takes its old contribution off and adds its new one; a change to the volunteers of a
-- service reaches here through service.volunteers (008). `laoxiao-tool figures --check` recomputes
-- them from the raw records; `--rebuild` replaces them. A bulk load of generated records (the
-- bench's data) may set @figures_bulk_load in its own session to skip the triggers' work, and must
-- then run the rebuild; nothing else sets it.

CREATE TABLE fig_service (
  grain TINYINT UNSIGNED NOT NULL,
  period DATE NOT NULL,
  station_id INT UNSIGNED NOT NULL,
  service_type_id INT UNSIGNED NOT NULL,
  services INT NOT NULL DEFAULT 0,
  voided INT NOT NULL DEFAULT 0,
  minutes BIGINT NOT NULL DEFAULT 0,
  volunteer_minutes BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (grain, period, station_id, service_type_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE fig_elder (
  grain TINYINT UNSIGNED NOT NULL,
  period DATE NOT NULL,
  township_id INT UNSIGNED NOT NULL,
  elder_id INT UNSIGNED NOT NULL,
  services INT NOT NULL DEFAULT 0,
  PRIMARY KEY (grain, period, township_id, elder_id),
  KEY fig_elder_elder (elder_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE fig_reach (
  grain TINYINT UNSIGNED NOT NULL,
  period DATE NOT NULL,
  township_id INT UNSIGNED NOT NULL,
  elders INT NOT NULL DEFAULT 0,
  empty_nest INT NOT NULL DEFAULT 0,
  left_behind INT NOT NULL DEFAULT 0,
  alone INT NOT NULL DEFAULT 0,
  disabled INT NOT NULL DEFAULT 0,
  poverty INT NOT NULL DEFAULT 0,
  dibao INT NOT NULL DEFAULT 0,
  wubao INT NOT NULL DEFAULT 0,
  no_flag INT NOT NULL DEFAULT 0,
  PRIMARY KEY (grain, period, township_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE fig_class (
  class_id INT UNSIGNED NOT NULL PRIMARY KEY,
  enrolled INT NOT NULL DEFAULT 0,
  waiting INT NOT NULL DEFAULT 0,
  attended INT NOT NULL DEFAULT 0,
  left_behind_attended INT NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- When a volunteer was first approved: "new volunteers in a period". Set by the database when the
-- status first becomes approved; a deactivation and a reactivation keep it.
ALTER TABLE volunteer ADD COLUMN approved_at DATETIME NULL AFTER reviewed_at,
  ADD KEY volunteer_approved (status, township_id, approved_at);
UPDATE volunteer SET approved_at = COALESCE(reviewed_at, created_at)
 WHERE status IN ('approved', 'inactive');

DELIMITER //

CREATE TRIGGER volunteer_approved_insert BEFORE INSERT ON volunteer FOR EACH ROW
BEGIN
  IF NEW.status = 'approved' AND NEW.approved_at IS NULL THEN
    SET NEW.approved_at = COALESCE(NEW.reviewed_at, NOW());
  END IF;
END//

CREATE TRIGGER volunteer_approved_update BEFORE UPDATE ON volunteer FOR EACH ROW
BEGIN
  IF NEW.status = 'approved' AND NEW.approved_at IS NULL THEN
    SET NEW.approved_at = COALESCE(OLD.approved_at, NOW());
  END IF;
END//

-- Adds sign (+1 or -1) to an elderly person's live services in one period of a township (0: the
-- county); when that makes them served (0 → 1) or no longer served (1 → 0) there, the reach follows,
-- with their care flags.
CREATE PROCEDURE fig_elder_add(IN sign INT, IN g TINYINT UNSIGNED, IN p DATE, IN tw INT UNSIGNED,
    IN el INT UNSIGNED, IN cf VARCHAR(100))
BEGIN
  DECLARE n INT;
  INSERT INTO fig_elder (grain, period, township_id, elder_id, services) VALUES (g, p, tw, el, sign)
    ON DUPLICATE KEY UPDATE services = services + VALUES(services);
  SELECT services INTO n FROM fig_elder
   WHERE grain = g AND period = p AND township_id = tw AND elder_id = el;
  IF (sign > 0 AND n = 1) OR (sign < 0 AND n = 0) THEN
    INSERT INTO fig_reach (grain, period, township_id, elders, empty_nest, left_behind, alone,
        disabled, poverty, dibao, wubao, no_flag)
      VALUES (g, p, tw, sign, sign * (FIND_IN_SET('empty_nest', cf) > 0),
        sign * (FIND_IN_SET('left_behind', cf) > 0), sign * (FIND_IN_SET('alone', cf) > 0),
        sign * (FIND_IN_SET('disabled', cf) > 0), sign * (FIND_IN_SET('poverty', cf) > 0),
        sign * (FIND_IN_SET('dibao', cf) > 0), sign * (FIND_IN_SET('wubao', cf) > 0), sign * (cf = ''))
      ON DUPLICATE KEY UPDATE elders = elders + VALUES(elders),
        empty_nest = empty_nest + VALUES(empty_nest), left_behind = left_behind + VALUES(left_behind),
        alone = alone + VALUES(alone), disabled = disabled + VALUES(disabled),
        poverty = poverty + VALUES(poverty), dibao = dibao + VALUES(dibao),
        wubao = wubao + VALUES(wubao), no_flag = no_flag + VALUES(no_flag);
  END IF;
END//

-- Adds one service's contribution (sign +1) or takes it off (sign -1): to its day and month, and
-- its person's day, month, quarter and year, in its station's township and in the county.
CREATE PROCEDURE fig_service_add(IN sign INT, IN st INT UNSIGNED, IN ty INT UNSIGNED, IN d DATE,
    IN el INT UNSIGNED, IN live BOOL, IN mins INT, IN vols INT)
BEGIN
  DECLARE l INT DEFAULT IF(live, sign, 0);
  DECLARE v INT DEFAULT IF(live, 0, sign);
  DECLARE m BIGINT DEFAULT IF(live, sign * mins, 0);
  DECLARE vm BIGINT DEFAULT IF(live, sign * mins * vols, 0);
  DECLARE tw INT UNSIGNED;
  DECLARE cf VARCHAR(100);
  DECLARE w INT DEFAULT 0;
  IF @figures_bulk_load IS NULL THEN
    INSERT INTO fig_service (grain, period, station_id, service_type_id, services, voided, minutes,
        volunteer_minutes)
      VALUES (1, d, st, ty, l, v, m, vm), (2, d - INTERVAL (DAY(d) - 1) DAY, st, ty, l, v, m, vm)
      ON DUPLICATE KEY UPDATE services = services + VALUES(services), voided = voided + VALUES(voided),
        minutes = minutes + VALUES(minutes), volunteer_minutes = volunteer_minutes + VALUES(volunteer_minutes);
    IF live THEN
      SELECT township_id INTO tw FROM station WHERE id = st;
      SELECT care_flags INTO cf FROM elder WHERE id = el;
      WHILE w < 2 DO
        CALL fig_elder_add(sign, 1, d, IF(w = 0, tw, 0), el, cf);
        CALL fig_elder_add(sign, 2, d - INTERVAL (DAY(d) - 1) DAY, IF(w = 0, tw, 0), el, cf);
        CALL fig_elder_add(sign, 3, MAKEDATE(YEAR(d), 1) + INTERVAL (QUARTER(d) - 1) * 3 MONTH,
          IF(w = 0, tw, 0), el, cf);
        CALL fig_elder_add(sign, 4, MAKEDATE(YEAR(d), 1), IF(w = 0, tw, 0), el, cf);
        SET w = w + 1;
      END WHILE;
    END IF;
  END IF;
END//

CREATE TRIGGER service_figures_insert AFTER INSERT ON service FOR EACH ROW
  CALL fig_service_add(1, NEW.station_id, NEW.service_type_id, NEW.service_date, NEW.elder_id,
    NEW.voided_at IS NULL, NEW.minutes, NEW.volunteers)//

CREATE TRIGGER service_figures_update AFTER UPDATE ON service FOR EACH ROW
BEGIN
  IF NOT (OLD.station_id <=> NEW.station_id AND OLD.service_type_id <=> NEW.service_type_id
      AND OLD.service_date <=> NEW.service_date AND OLD.elder_id <=> NEW.elder_id
      AND (OLD.voided_at IS NULL) = (NEW.voided_at IS NULL) AND OLD.minutes <=> NEW.minutes
      AND OLD.volunteers <=> NEW.volunteers) THEN
    CALL fig_service_add(-1, OLD.station_id, OLD.service_type_id, OLD.service_date, OLD.elder_id,
      OLD.voided_at IS NULL, OLD.minutes, OLD.volunteers);
    CALL fig_service_add(1, NEW.station_id, NEW.service_type_id, NEW.service_date, NEW.elder_id,
      NEW.voided_at IS NULL, NEW.minutes, NEW.volunteers);
  END IF;
END//

CREATE TRIGGER service_figures_delete AFTER DELETE ON service FOR EACH ROW
  CALL fig_service_add(-1, OLD.station_id, OLD.service_type_id, OLD.service_date, OLD.elder_id,
    OLD.voided_at IS NULL, OLD.minutes, OLD.volunteers)//

-- A change of an elderly person's care flags moves them between the flags' counts of every period
-- they were served in.
CREATE TRIGGER elder_figures_update AFTER UPDATE ON elder FOR EACH ROW
BEGIN
  IF NOT (OLD.care_flags <=> NEW.care_flags) AND @figures_bulk_load IS NULL THEN
    UPDATE fig_reach r JOIN fig_elder f
        ON f.grain = r.grain AND f.period = r.period AND f.township_id = r.township_id
       SET r.empty_nest = r.empty_nest + (FIND_IN_SET('empty_nest', NEW.care_flags) > 0)
             - (FIND_IN_SET('empty_nest', OLD.care_flags) > 0),
           r.left_behind = r.left_behind + (FIND_IN_SET('left_behind', NEW.care_flags) > 0)
             - (FIND_IN_SET('left_behind', OLD.care_flags) > 0),
           r.alone = r.alone + (FIND_IN_SET('alone', NEW.care_flags) > 0)
             - (FIND_IN_SET('alone', OLD.care_flags) > 0),
           r.disabled = r.disabled + (FIND_IN_SET('disabled', NEW.care_flags) > 0)
             - (FIND_IN_SET('disabled', OLD.care_flags) > 0),
           r.poverty = r.poverty + (FIND_IN_SET('poverty', NEW.care_flags) > 0)
             - (FIND_IN_SET('poverty', OLD.care_flags) > 0),
           r.dibao = r.dibao + (FIND_IN_SET('dibao', NEW.care_flags) > 0)
             - (FIND_IN_SET('dibao', OLD.care_flags) > 0),
           r.wubao = r.wubao + (FIND_IN_SET('wubao', NEW.care_flags) > 0)
             - (FIND_IN_SET('wubao', OLD.care_flags) > 0),
           r.no_flag = r.no_flag + (NEW.care_flags = '') - (OLD.care_flags = '')
     WHERE f.elder_id = NEW.id AND f.services > 0;
  END IF;
END//

-- Adds one enrolment's contribution to its class (sign +1) or takes it off (sign -1).
CREATE PROCEDURE fig_class_add(IN sign INT, IN cl INT UNSIGNED, IN st VARCHAR(10), IN att BOOL,
    IN lb BOOL)
BEGIN
  IF @figures_bulk_load IS NULL THEN
    INSERT INTO fig_class (class_id, enrolled, waiting, attended, left_behind_attended)
      VALUES (cl, IF(st = 'enrolled', sign, 0), IF(st = 'waiting', sign, 0),
        IF(st = 'enrolled' AND att, sign, 0), IF(st = 'enrolled' AND att AND lb, sign, 0))
      ON DUPLICATE KEY UPDATE enrolled = enrolled + VALUES(enrolled), waiting = waiting + VALUES(waiting),
        attended = attended + VALUES(attended),
        left_behind_attended = left_behind_attended + VALUES(left_behind_attended);
  END IF;
END//

CREATE TRIGGER enrolment_figures_insert AFTER INSERT ON class_enrolment FOR EACH ROW
  CALL fig_class_add(1, NEW.class_id, NEW.status, NEW.attended, NEW.left_behind)//

CREATE TRIGGER enrolment_figures_update AFTER UPDATE ON class_enrolment FOR EACH ROW
BEGIN
  IF NOT (OLD.class_id <=> NEW.class_id AND OLD.status <=> NEW.status
      AND OLD.attended <=> NEW.attended AND OLD.left_behind <=> NEW.left_behind) THEN
    CALL fig_class_add(-1, OLD.class_id, OLD.status, OLD.attended, OLD.left_behind);
    CALL fig_class_add(1, NEW.class_id, NEW.status, NEW.attended, NEW.left_behind);
  END IF;
END//

CREATE TRIGGER enrolment_figures_delete AFTER DELETE ON class_enrolment FOR EACH ROW
  CALL fig_class_add(-1, OLD.class_id, OLD.status, OLD.attended, OLD.left_behind)//

DELIMITER ;

-- The figures of the records already there.
INSERT INTO fig_service (grain, period, station_id, service_type_id, services, voided, minutes,
    volunteer_minutes)
  SELECT g.grain, IF(g.grain = 1, s.service_date, s.service_date - INTERVAL (DAY(s.service_date) - 1) DAY),
    s.station_id, s.service_type_id, SUM(s.voided_at IS NULL), SUM(s.voided_at IS NOT NULL),
    SUM(IF(s.voided_at IS NULL, s.minutes, 0)), SUM(IF(s.voided_at IS NULL, s.minutes * s.volunteers, 0))
  FROM service s JOIN (SELECT 1 AS grain UNION ALL SELECT 2) g
  GROUP BY 1, 2, 3, 4;
INSERT INTO fig_elder (grain, period, township_id, elder_id, services)
  SELECT g.grain, CASE g.grain WHEN 1 THEN s.service_date
      WHEN 2 THEN s.service_date - INTERVAL (DAY(s.service_date) - 1) DAY
      WHEN 3 THEN MAKEDATE(YEAR(s.service_date), 1) + INTERVAL (QUARTER(s.service_date) - 1) * 3 MONTH
      ELSE MAKEDATE(YEAR(s.service_date), 1) END,
    IF(w.whole = 1, 0, st.township_id), s.elder_id, COUNT(*)
  FROM service s JOIN station st ON st.id = s.station_id
  JOIN (SELECT 1 AS grain UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) g
  JOIN (SELECT 0 AS whole UNION ALL SELECT 1) w
  WHERE s.voided_at IS NULL
  GROUP BY 1, 2, 3, 4;
INSERT INTO fig_reach (grain, period, township_id, elders, empty_nest, left_behind, alone, disabled,
    poverty, dibao, wubao, no_flag)
  SELECT f.grain, f.period, f.township_id, COUNT(*),
    SUM(FIND_IN_SET('empty_nest', e.care_flags) > 0), SUM(FIND_IN_SET('left_behind', e.care_flags) > 0),
    SUM(FIND_IN_SET('alone', e.care_flags) > 0), SUM(FIND_IN_SET('disabled', e.care_flags) > 0),
    SUM(FIND_IN_SET('poverty', e.care_flags) > 0), SUM(FIND_IN_SET('dibao', e.care_flags) > 0),
    SUM(FIND_IN_SET('wubao', e.care_flags) > 0), SUM(e.care_flags = '')
  FROM fig_elder f JOIN elder e ON e.id = f.elder_id WHERE f.services > 0
  GROUP BY 1, 2, 3;
INSERT INTO fig_class (class_id, enrolled, waiting, attended, left_behind_attended)
  SELECT class_id, SUM(status = 'enrolled'), SUM(status = 'waiting'),
    SUM(status = 'enrolled' AND attended = 1), SUM(status = 'enrolled' AND attended = 1 AND left_behind = 1)
  FROM class_enrolment GROUP BY class_id;
