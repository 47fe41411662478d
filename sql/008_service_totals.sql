-- A station's service list and its totals without one subquery per row of history.
--
-- Each service carries how many volunteers gave it (volunteers), kept by the database itself: a
-- trigger adds one when a volunteer is linked to the service and takes one off when a link is
-- removed (a correction replaces the links), in the same transaction as the change. Volunteer
-- minutes of a list are then minutes × volunteers summed over the rows, read from one index.
ALTER TABLE service ADD COLUMN volunteers TINYINT UNSIGNED NOT NULL DEFAULT 0 AFTER minutes;

UPDATE service s
   SET s.volunteers = (SELECT COUNT(*) FROM service_volunteer sv WHERE sv.service_id = s.id);

CREATE TRIGGER service_volunteer_added AFTER INSERT ON service_volunteer FOR EACH ROW
  UPDATE service SET volunteers = volunteers + 1 WHERE id = NEW.service_id;

CREATE TRIGGER service_volunteer_removed AFTER DELETE ON service_volunteer FOR EACH ROW
  UPDATE service SET volunteers = volunteers - 1 WHERE id = OLD.service_id;

-- The list reads a station's services newest first straight from this index (no sort of the whole
-- history), and the totals read every column they need from it alone (no row look-ups). It
-- replaces service_station_date, its prefix.
CREATE INDEX service_station_list ON service
  (station_id, service_date, start_time, id, voided_at, elder_id, service_type_id, elder_signed,
   minutes, volunteers);
DROP INDEX service_station_date ON service;

-- A station's totals over its whole history, kept as every service is written, so that the list's
-- default view (no filter) reads a few rows instead of every service the station ever logged:
--   station_service_totals  rows, live rows and volunteer minutes of live rows, in 64 shards a
--                           station (by connection), so that stations logging at once from several
--                           connections do not queue on one row; the totals are the shards' sums;
--   station_elder_services  live services of each elder of a station: the elders served are the
--                           rows with live > 0.
-- Triggers on service keep them in the same transaction as the change: an insert adds the row, an
-- update (a correction, a void, a volunteer added or taken off through service.volunteers) takes
-- the old row out and puts the new one in, a delete takes it out.
CREATE TABLE station_service_totals (
  station_id INT UNSIGNED NOT NULL,
  shard TINYINT UNSIGNED NOT NULL,
  services BIGINT NOT NULL DEFAULT 0,
  live BIGINT NOT NULL DEFAULT 0,
  volunteer_minutes BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (station_id, shard)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE station_elder_services (
  station_id INT UNSIGNED NOT NULL,
  elder_id INT UNSIGNED NOT NULL,
  live BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (station_id, elder_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO station_service_totals (station_id, shard, services, live, volunteer_minutes)
  SELECT station_id, 0, COUNT(*), SUM(voided_at IS NULL),
         SUM(IF(voided_at IS NULL, minutes * volunteers, 0))
  FROM service GROUP BY station_id;

INSERT INTO station_elder_services (station_id, elder_id, live)
  SELECT station_id, elder_id, COUNT(*) FROM service WHERE voided_at IS NULL
  GROUP BY station_id, elder_id;

DELIMITER //

-- What one service adds to (n = 1) or takes from (n = -1) its station's totals.
CREATE PROCEDURE station_totals_add(IN p_station INT UNSIGNED, IN p_elder INT UNSIGNED,
    IN p_n INT, IN p_live BOOLEAN, IN p_volunteer_minutes BIGINT)
BEGIN
  INSERT INTO station_service_totals (station_id, shard, services, live, volunteer_minutes)
    VALUES (p_station, CONNECTION_ID() % 64, p_n, IF(p_live, p_n, 0),
            IF(p_live, p_n * p_volunteer_minutes, 0))
    ON DUPLICATE KEY UPDATE services = services + VALUES(services), live = live + VALUES(live),
      volunteer_minutes = volunteer_minutes + VALUES(volunteer_minutes);
  IF p_live THEN
    INSERT INTO station_elder_services (station_id, elder_id, live)
      VALUES (p_station, p_elder, p_n) ON DUPLICATE KEY UPDATE live = live + VALUES(live);
  END IF;
END//

CREATE TRIGGER service_totals_insert AFTER INSERT ON service FOR EACH ROW
  CALL station_totals_add(NEW.station_id, NEW.elder_id, 1, NEW.voided_at IS NULL,
                          NEW.minutes * NEW.volunteers)//

CREATE TRIGGER service_totals_update AFTER UPDATE ON service FOR EACH ROW
BEGIN
  CALL station_totals_add(OLD.station_id, OLD.elder_id, -1, OLD.voided_at IS NULL,
                          OLD.minutes * OLD.volunteers);
  CALL station_totals_add(NEW.station_id, NEW.elder_id, 1, NEW.voided_at IS NULL,
                          NEW.minutes * NEW.volunteers);
END//

CREATE TRIGGER service_totals_delete AFTER DELETE ON service FOR EACH ROW
  CALL station_totals_add(OLD.station_id, OLD.elder_id, -1, OLD.voided_at IS NULL,
                          OLD.minutes * OLD.volunteers)//

DELIMITER ;
