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
