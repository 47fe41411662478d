-- Places, stations, staff accounts and volunteers.
-- Times are stored in Beijing time (the application sets time_zone +08:00).

CREATE TABLE township (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(40) NOT NULL,
  sort INT NOT NULL DEFAULT 0,
  UNIQUE KEY township_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE village (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  township_id INT UNSIGNED NOT NULL,
  name VARCHAR(40) NOT NULL,
  sort INT NOT NULL DEFAULT 0,
  UNIQUE KEY village_name (township_id, name),
  CONSTRAINT village_township FOREIGN KEY (township_id) REFERENCES township (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- 互助养老服务站
CREATE TABLE station (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  township_id INT UNSIGNED NOT NULL,
  village_id INT UNSIGNED NULL,
  name VARCHAR(60) NOT NULL,
  address VARCHAR(120) NOT NULL DEFAULT '',
  active TINYINT(1) NOT NULL DEFAULT 1,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY station_name (name),
  KEY station_township (township_id),
  CONSTRAINT station_township FOREIGN KEY (township_id) REFERENCES township (id),
  CONSTRAINT station_village FOREIGN KEY (village_id) REFERENCES village (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Staff accounts. Scope: county_admin everything; township_admin its
-- township; station_operator its station (and that station's township).
CREATE TABLE staff (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  username VARCHAR(32) NOT NULL,
  display_name VARCHAR(40) NOT NULL,
  role ENUM('county_admin','township_admin','station_operator') NOT NULL,
  township_id INT UNSIGNED NULL,
  station_id INT UNSIGNED NULL,
  password_hash VARCHAR(128) NOT NULL,
  must_change_password TINYINT(1) NOT NULL DEFAULT 1,
  active TINYINT(1) NOT NULL DEFAULT 1,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY staff_username (username),
  CONSTRAINT staff_township FOREIGN KEY (township_id) REFERENCES township (id),
  CONSTRAINT staff_station FOREIGN KEY (station_id) REFERENCES station (id),
  CONSTRAINT staff_scope CHECK (
    (role = 'county_admin' AND station_id IS NULL) OR
    (role = 'township_admin' AND township_id IS NOT NULL AND station_id IS NULL) OR
    (role = 'station_operator' AND township_id IS NOT NULL AND station_id IS NOT NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- 互助养老志愿者. The ID number is kept only encrypted (id_cipher, key
-- outside the database), found through a keyed hash (id_hash) and shown
-- masked (id_mask). Sex and birth date come from the ID number.
CREATE TABLE volunteer (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  number VARCHAR(20) NULL,
  name VARCHAR(40) NOT NULL,
  id_cipher VARBINARY(128) NOT NULL,
  id_hash BINARY(32) NOT NULL,
  id_mask CHAR(18) NOT NULL,
  sex ENUM('M','F') NOT NULL,
  birth_date DATE NOT NULL,
  phone CHAR(11) NOT NULL,
  township_id INT UNSIGNED NOT NULL,
  village_id INT UNSIGNED NOT NULL,
  address VARCHAR(200) NOT NULL DEFAULT '',
  skills SET('meal','clean','bath','medical','walk','errand','company',
             'health','patrol','repair','other') NOT NULL DEFAULT '',
  availability SET('weekday_am','weekday_pm','weekday_eve','weekend',
                   'holiday','flexible') NOT NULL DEFAULT '',
  status ENUM('pending','approved','rejected','inactive') NOT NULL DEFAULT 'pending',
  status_reason VARCHAR(200) NULL,
  station_id INT UNSIGNED NULL,
  reviewed_by INT UNSIGNED NULL,
  reviewed_at DATETIME NULL,
  consent_version VARCHAR(16) NOT NULL,
  consent_at DATETIME NOT NULL,
  created_ip VARCHAR(45) NOT NULL DEFAULT '',
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY volunteer_id_hash (id_hash),
  UNIQUE KEY volunteer_number (number),
  KEY volunteer_status (status, township_id, created_at),
  KEY volunteer_station (station_id),
  CONSTRAINT volunteer_township FOREIGN KEY (township_id) REFERENCES township (id),
  CONSTRAINT volunteer_village FOREIGN KEY (village_id) REFERENCES village (id),
  CONSTRAINT volunteer_station FOREIGN KEY (station_id) REFERENCES station (id),
  CONSTRAINT volunteer_reviewer FOREIGN KEY (reviewed_by) REFERENCES staff (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Staff sessions: the cookie holds a random token, this table its hash.
CREATE TABLE session (
  token_hash BINARY(32) NOT NULL PRIMARY KEY,
  staff_id INT UNSIGNED NOT NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  last_seen DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  ip VARCHAR(45) NOT NULL DEFAULT '',
  KEY session_staff (staff_id),
  CONSTRAINT session_staff FOREIGN KEY (staff_id) REFERENCES staff (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every staff write and every view of a full record. The application only
-- ever inserts here (its database user keeps UPDATE/DELETE for other tables,
-- but no statement in cgi/sql.c touches audit_log except INSERT and SELECT).
CREATE TABLE audit_log (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  staff_id INT UNSIGNED NULL,
  ip VARCHAR(45) NOT NULL DEFAULT '',
  action VARCHAR(40) NOT NULL,
  entity VARCHAR(40) NOT NULL,
  entity_id BIGINT UNSIGNED NULL,
  before_value TEXT NULL,
  after_value TEXT NULL,
  KEY audit_at (at),
  KEY audit_entity (entity, entity_id),
  KEY audit_staff (staff_id, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
