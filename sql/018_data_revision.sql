-- The data's revision: a number that moves with every committed change to what staff pages show,
-- so that a page made from the data can be kept and sent again while the data is the same, and
-- never after it has changed.
--
-- data_rev holds 64 counters. Every INSERT, UPDATE and DELETE on a table a page is made from adds
-- one to a counter, in the same transaction, by the triggers below: one of the writing node's own
-- 16 counters, chosen by its connection, so that concurrent writers seldom wait for one row. In a
-- Galera cluster each node keeps to its own counters (the node's place in the cluster,
-- @@auto_increment_offset, which Galera sets): writers on two nodes never touch one row, so the
-- revision adds no certification conflicts; on one server the offset is 1. The revision is the
-- list of the 64 counters. Each counter only grows, and a reader's snapshot holds
-- every transaction committed before it, so two reads give the same list exactly when no change
-- committed in between: a page made after reading the list shows the data of that list or newer,
-- and a newer change gives a list no kept page carries (render.c, "kept pages").
--
-- Tables left out, and why: the audit log (insert-only; no kept page shows it), sessions,
-- throttle, tx_lock and tx_done (bookkeeping of requests), the sequences, schema_migrations, and
-- the kept figures (fig_*, station_*_totals), which change only with the tables above in the same
-- transaction, or in `laoxiao-tool figures --rebuild`, which moves every counter itself. A bulk
-- load with @figures_bulk_load set skips the triggers, like the figures' own, and the rebuild that
-- must follow it moves the counters. tests/http/93-galera-schema checks that every other table
-- has its three triggers.
--
-- Time moves pages too: whether a class has been held depends on the clock, so the revision read
-- (SQL_DATA_REVISION) also gives the next class start; class_starts finds it in one index step.

CREATE TABLE data_rev (
  shard TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  rev BIGINT UNSIGNED NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO data_rev (shard) SELECT seq FROM seq_0_to_63;

ALTER TABLE class ADD KEY class_starts (starts_at);

DELIMITER //

CREATE PROCEDURE data_rev_bump()
BEGIN
  IF @figures_bulk_load IS NULL THEN
    UPDATE data_rev SET rev = rev + 1
      WHERE shard = (@@auto_increment_offset - 1) % 4 * 16 + CONNECTION_ID() % 16;
  END IF;
END//

CREATE TRIGGER service_rev_insert AFTER INSERT ON service FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER service_rev_update AFTER UPDATE ON service FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER service_rev_delete AFTER DELETE ON service FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER service_volunteer_rev_insert AFTER INSERT ON service_volunteer FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER service_volunteer_rev_update AFTER UPDATE ON service_volunteer FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER service_volunteer_rev_delete AFTER DELETE ON service_volunteer FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER service_type_rev_insert AFTER INSERT ON service_type FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER service_type_rev_update AFTER UPDATE ON service_type FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER service_type_rev_delete AFTER DELETE ON service_type FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER service_setting_rev_insert AFTER INSERT ON service_setting FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER service_setting_rev_update AFTER UPDATE ON service_setting FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER service_setting_rev_delete AFTER DELETE ON service_setting FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER elder_rev_insert AFTER INSERT ON elder FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER elder_rev_update AFTER UPDATE ON elder FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER elder_rev_delete AFTER DELETE ON elder FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER volunteer_rev_insert AFTER INSERT ON volunteer FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER volunteer_rev_update AFTER UPDATE ON volunteer FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER volunteer_rev_delete AFTER DELETE ON volunteer FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER station_rev_insert AFTER INSERT ON station FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER station_rev_update AFTER UPDATE ON station FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER station_rev_delete AFTER DELETE ON station FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER township_rev_insert AFTER INSERT ON township FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER township_rev_update AFTER UPDATE ON township FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER township_rev_delete AFTER DELETE ON township FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER village_rev_insert AFTER INSERT ON village FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER village_rev_update AFTER UPDATE ON village FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER village_rev_delete AFTER DELETE ON village FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER county_setting_rev_insert AFTER INSERT ON county_setting FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER county_setting_rev_update AFTER UPDATE ON county_setting FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER county_setting_rev_delete AFTER DELETE ON county_setting FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER class_rev_insert AFTER INSERT ON class FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER class_rev_update AFTER UPDATE ON class FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER class_rev_delete AFTER DELETE ON class FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER class_enrolment_rev_insert AFTER INSERT ON class_enrolment FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER class_enrolment_rev_update AFTER UPDATE ON class_enrolment FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER class_enrolment_rev_delete AFTER DELETE ON class_enrolment FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER staff_rev_insert AFTER INSERT ON staff FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER staff_rev_update AFTER UPDATE ON staff FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER staff_rev_delete AFTER DELETE ON staff FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER certificate_rev_insert AFTER INSERT ON certificate FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER certificate_rev_update AFTER UPDATE ON certificate FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER certificate_rev_delete AFTER DELETE ON certificate FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER certificate_type_rev_insert AFTER INSERT ON certificate_type FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER certificate_type_rev_update AFTER UPDATE ON certificate_type FOR EACH ROW CALL data_rev_bump()//
CREATE TRIGGER certificate_type_rev_delete AFTER DELETE ON certificate_type FOR EACH ROW CALL data_rev_bump()//

DELIMITER ;
