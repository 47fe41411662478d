-- Staff accounts, sign-in throttling and the volunteer review workflow.

-- Failed attempts that count towards a hold: failed sign-ins per account
-- ('login_account', subject = user name) and per client address
-- ('login_address'), failed volunteer look-ups per address ('lookup_address').
-- Kept in the database so that every responder on every host sees the same
-- count; rows older than a day are deleted as new ones arrive.
CREATE TABLE throttle (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind VARCHAR(16) NOT NULL,
  subject VARCHAR(64) NOT NULL,
  at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY throttle_subject (kind, subject, at),
  KEY throttle_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Volunteer numbers: prefix, year, then a sequence per year that runs
-- across the whole county (QS20260001, QS20260002, …). The row for a year
-- is locked by the approval that takes the next number, until it commits.
CREATE TABLE volunteer_number_seq (
  year SMALLINT UNSIGNED NOT NULL PRIMARY KEY,
  last INT UNSIGNED NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The review queue is read by township and date of registration.
CREATE INDEX volunteer_township_created ON volunteer (township_id, created_at);
