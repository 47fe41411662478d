-- A change that touches only some of what a service counts for updates only that.
--
-- Adding a volunteer to a service raises service.volunteers (008), which fires the service's update
-- triggers; they took the whole old service off every kept figure and added the new one back: two
-- station-total upserts, two of fig_service and sixteen of the person's reach (fig_elder, fig_reach)
-- -- for a change of the volunteer minutes alone. Logging one service with one volunteer did this
-- work twice over. Now:
--   * the station totals change by the difference of volunteer minutes when the station, the person
--     and whether the service counts stay the same (otherwise: old off, new on, as before);
--   * the person's reach is taken off and added back only when the station, the date, the person or
--     whether the service counts changed -- the volunteers, the type and the minutes do not enter it.
-- Nothing else changes: what each figure holds is as 008 and 010 say, and `figures --check` and
-- 42-service-totals compare them with the records after every kind of write.

DROP TRIGGER service_totals_update;
DROP TRIGGER service_figures_update;
DROP PROCEDURE fig_service_add;

DELIMITER //

-- One service's fig_service rows, its day and its month (sign +1 adds, -1 takes off).
CREATE PROCEDURE fig_service_rows(IN sign INT, IN st INT UNSIGNED, IN ty INT UNSIGNED, IN d DATE,
    IN live BOOL, IN mins INT, IN vols INT)
BEGIN
  DECLARE l INT DEFAULT IF(live, sign, 0);
  DECLARE v INT DEFAULT IF(live, 0, sign);
  DECLARE m BIGINT DEFAULT IF(live, sign * mins, 0);
  DECLARE vm BIGINT DEFAULT IF(live, sign * mins * vols, 0);
  IF @figures_bulk_load IS NULL THEN
    INSERT INTO fig_service (grain, period, station_id, service_type_id, services, voided, minutes,
        volunteer_minutes)
      VALUES (1, d, st, ty, l, v, m, vm), (2, d - INTERVAL (DAY(d) - 1) DAY, st, ty, l, v, m, vm)
      ON DUPLICATE KEY UPDATE services = services + VALUES(services), voided = voided + VALUES(voided),
        minutes = minutes + VALUES(minutes), volunteer_minutes = volunteer_minutes + VALUES(volunteer_minutes);
  END IF;
END//

-- One live service's part in its person's reach: their day, month, quarter and year, in its
-- station's township and in the county.
CREATE PROCEDURE fig_elder_service(IN sign INT, IN st INT UNSIGNED, IN d DATE, IN el INT UNSIGNED)
BEGIN
  DECLARE tw INT UNSIGNED;
  DECLARE cf VARCHAR(100);
  DECLARE w INT DEFAULT 0;
  IF @figures_bulk_load IS NULL THEN
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
END//

-- Adds one service's contribution (sign +1) or takes it off (sign -1): both of the above.
CREATE PROCEDURE fig_service_add(IN sign INT, IN st INT UNSIGNED, IN ty INT UNSIGNED, IN d DATE,
    IN el INT UNSIGNED, IN live BOOL, IN mins INT, IN vols INT)
BEGIN
  CALL fig_service_rows(sign, st, ty, d, live, mins, vols);
  IF live THEN
    CALL fig_elder_service(sign, st, d, el);
  END IF;
END//

CREATE TRIGGER service_totals_update AFTER UPDATE ON service FOR EACH ROW
BEGIN
  IF OLD.station_id <=> NEW.station_id AND OLD.elder_id <=> NEW.elder_id
      AND (OLD.voided_at IS NULL) = (NEW.voided_at IS NULL) THEN
    IF NEW.voided_at IS NULL AND NOT (OLD.minutes * OLD.volunteers <=> NEW.minutes * NEW.volunteers) THEN
      INSERT INTO station_service_totals (station_id, shard, services, live, volunteer_minutes)
        VALUES (NEW.station_id, CONNECTION_ID() % 64, 0, 0,
                CAST(NEW.minutes * NEW.volunteers AS SIGNED) - CAST(OLD.minutes * OLD.volunteers AS SIGNED))
        ON DUPLICATE KEY UPDATE volunteer_minutes = volunteer_minutes + VALUES(volunteer_minutes);
    END IF;
  ELSE
    CALL station_totals_add(OLD.station_id, OLD.elder_id, -1, OLD.voided_at IS NULL,
                            OLD.minutes * OLD.volunteers);
    CALL station_totals_add(NEW.station_id, NEW.elder_id, 1, NEW.voided_at IS NULL,
                            NEW.minutes * NEW.volunteers);
  END IF;
END//

CREATE TRIGGER service_figures_update AFTER UPDATE ON service FOR EACH ROW
BEGIN
  IF NOT (OLD.station_id <=> NEW.station_id AND OLD.service_type_id <=> NEW.service_type_id
      AND OLD.service_date <=> NEW.service_date AND OLD.elder_id <=> NEW.elder_id
      AND (OLD.voided_at IS NULL) = (NEW.voided_at IS NULL) AND OLD.minutes <=> NEW.minutes
      AND OLD.volunteers <=> NEW.volunteers) THEN
    CALL fig_service_rows(-1, OLD.station_id, OLD.service_type_id, OLD.service_date,
      OLD.voided_at IS NULL, OLD.minutes, OLD.volunteers);
    CALL fig_service_rows(1, NEW.station_id, NEW.service_type_id, NEW.service_date,
      NEW.voided_at IS NULL, NEW.minutes, NEW.volunteers);
    IF NOT (OLD.station_id <=> NEW.station_id AND OLD.service_date <=> NEW.service_date
        AND OLD.elder_id <=> NEW.elder_id AND (OLD.voided_at IS NULL) = (NEW.voided_at IS NULL)) THEN
      IF OLD.voided_at IS NULL THEN
        CALL fig_elder_service(-1, OLD.station_id, OLD.service_date, OLD.elder_id);
      END IF;
      IF NEW.voided_at IS NULL THEN
        CALL fig_elder_service(1, NEW.station_id, NEW.service_date, NEW.elder_id);
      END IF;
    END IF;
  END IF;
END//

DELIMITER ;
