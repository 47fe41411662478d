-- A class's figures are read from fig_class, not summed from its enrolments at every look.
--
-- The class list (/classes, 20 a page) summed the enrolments of every upcoming class to sort and
-- show 20 of them; with a few thousand enrolments that took most of the page's time. fig_class
-- (010) already held four of the five figures a class shows, kept by the enrolment triggers in the
-- same transaction as every enrolment, cancellation, promotion and check-in; this adds the fifth,
-- the enrolled people of a family with a left-behind child, so that every class query reads one
-- row per class. `laoxiao-tool figures --check` compares it with the enrolments like the others.

ALTER TABLE fig_class ADD COLUMN left_behind_enrolled INT NOT NULL DEFAULT 0 AFTER attended;

DROP PROCEDURE fig_class_add;

DELIMITER //

-- Adds one enrolment's contribution to its class (sign +1) or takes it off (sign -1).
CREATE PROCEDURE fig_class_add(IN sign INT, IN cl INT UNSIGNED, IN st VARCHAR(10), IN att BOOL,
    IN lb BOOL)
BEGIN
  IF @figures_bulk_load IS NULL THEN
    INSERT INTO fig_class (class_id, enrolled, waiting, attended, left_behind_enrolled,
        left_behind_attended)
      VALUES (cl, IF(st = 'enrolled', sign, 0), IF(st = 'waiting', sign, 0),
        IF(st = 'enrolled' AND att, sign, 0), IF(st = 'enrolled' AND lb, sign, 0),
        IF(st = 'enrolled' AND att AND lb, sign, 0))
      ON DUPLICATE KEY UPDATE enrolled = enrolled + VALUES(enrolled), waiting = waiting + VALUES(waiting),
        attended = attended + VALUES(attended),
        left_behind_enrolled = left_behind_enrolled + VALUES(left_behind_enrolled),
        left_behind_attended = left_behind_attended + VALUES(left_behind_attended);
  END IF;
END//

DELIMITER ;

UPDATE fig_class f
  JOIN (SELECT class_id, SUM(status = 'enrolled' AND left_behind = 1) AS n
        FROM class_enrolment GROUP BY class_id) e ON e.class_id = f.class_id
  SET f.left_behind_enrolled = e.n;
