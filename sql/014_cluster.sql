-- Serialisation points that hold across the nodes of a Galera cluster.
--
-- SELECT ... FOR UPDATE locks a row on the node that runs it only, and
-- Galera certifies what a transaction writes, not what it read. So a
-- transaction that must not run beside another one on the same thing (the
-- enrolments of one class, the services of one volunteer, the attempts of
-- one throttle subject) first writes that thing's row here: on one node the
-- row lock makes the second wait for the first; on two nodes the second to
-- commit fails certification (a deadlock error, 1213) and is run again from
-- its start, reading what the first wrote. A row is only a name; deleting
-- one (old rows are purged) loses nothing.
CREATE TABLE tx_lock (
  name VARCHAR(120) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
  seq BIGINT UNSIGNED NOT NULL DEFAULT 0,
  at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  KEY tx_lock_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every write transaction's mark, written just before its COMMIT. When the
-- connection goes during COMMIT (the node died), the responder asks another
-- node whether the mark is there: if so the transaction committed and the
-- visitor is told so, rather than being asked to try again. Kept an hour.
CREATE TABLE tx_done (
  token BINARY(16) NOT NULL PRIMARY KEY,
  at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY tx_done_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
