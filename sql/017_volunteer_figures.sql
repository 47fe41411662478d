-- Approved volunteers per township, kept: the dashboard's largest read is no longer a walk over the
-- county's volunteers.
--
-- The dashboard counts, per township, the volunteers approved now and, of those, the ones first
-- approved in the period (volunteer.approved_at, 010). It counted them from the index
-- volunteer_approved at every look: 13 ms of a county's 20,000 volunteers, the largest read of the
-- page. fig_volunteer keeps the same counts per grain (0 all time, 1 day, 2 month), period (the day,
-- the month's first day; 1000-01-01 for grain 0) and township: a volunteer approved now counts once
-- in each grain, at the date of their first approval. The dashboard reads the township's grain-0 row
-- and the day and month rows that tile its period, as for fig_service.
--
-- The triggers keep it in the same transaction as every write to volunteer: an approval adds one, a
-- deactivation or a rejection takes it off, a reactivation adds it back at its first approval date (a
-- reactivation keeps approved_at, 010), a move to another township moves it, a deletion takes it off.
-- `laoxiao-tool figures --check` compares it with the volunteers like the other kept figures, and
-- `--rebuild` refills it; a bulk load with @figures_bulk_load set skips the triggers' work.

CREATE TABLE fig_volunteer (
  grain TINYINT UNSIGNED NOT NULL,
  period DATE NOT NULL,
  township_id INT UNSIGNED NOT NULL,
  approved INT NOT NULL DEFAULT 0,
  PRIMARY KEY (grain, period, township_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

DELIMITER //

-- Adds one approved volunteer (sign +1) of township tw first approved at `at`, or takes one off (-1).
CREATE PROCEDURE fig_volunteer_add(IN sign INT, IN tw INT UNSIGNED, IN at DATETIME)
BEGIN
  DECLARE d DATE DEFAULT COALESCE(DATE(at), '1000-01-01');
  IF @figures_bulk_load IS NULL THEN
    INSERT INTO fig_volunteer (grain, period, township_id, approved)
      VALUES (0, '1000-01-01', tw, sign), (1, d, tw, sign), (2, d - INTERVAL (DAY(d) - 1) DAY, tw, sign)
      ON DUPLICATE KEY UPDATE approved = approved + VALUES(approved);
  END IF;
END//

CREATE TRIGGER volunteer_figures_insert AFTER INSERT ON volunteer FOR EACH ROW
BEGIN
  IF NEW.status = 'approved' THEN
    CALL fig_volunteer_add(1, NEW.township_id, NEW.approved_at);
  END IF;
END//

CREATE TRIGGER volunteer_figures_update AFTER UPDATE ON volunteer FOR EACH ROW
BEGIN
  IF NOT ((OLD.status = 'approved') <=> (NEW.status = 'approved')
      AND OLD.township_id <=> NEW.township_id AND OLD.approved_at <=> NEW.approved_at) THEN
    IF OLD.status = 'approved' THEN
      CALL fig_volunteer_add(-1, OLD.township_id, OLD.approved_at);
    END IF;
    IF NEW.status = 'approved' THEN
      CALL fig_volunteer_add(1, NEW.township_id, NEW.approved_at);
    END IF;
  END IF;
END//

CREATE TRIGGER volunteer_figures_delete AFTER DELETE ON volunteer FOR EACH ROW
BEGIN
  IF OLD.status = 'approved' THEN
    CALL fig_volunteer_add(-1, OLD.township_id, OLD.approved_at);
  END IF;
END//

DELIMITER ;

INSERT INTO fig_volunteer (grain, period, township_id, approved)
  SELECT g.grain, CASE g.grain WHEN 0 THEN DATE('1000-01-01') WHEN 1 THEN v.d
         ELSE v.d - INTERVAL (DAY(v.d) - 1) DAY END, v.township_id, COUNT(*)
    FROM (SELECT township_id, COALESCE(DATE(approved_at), DATE('1000-01-01')) AS d
            FROM volunteer WHERE status = 'approved') v
    JOIN (SELECT 0 AS grain UNION ALL SELECT 1 UNION ALL SELECT 2) g
   GROUP BY 1, 2, 3;
