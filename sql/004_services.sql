-- Mutual-aid service logging: the elderly people a station serves, the
-- kinds of service, and every service a volunteer gives.

-- 服务对象. The ID number is kept only encrypted (id_cipher, key outside
-- the database), found through a keyed hash (id_hash, one entry per person
-- in the whole county) and shown masked (id_mask). Sex and birth date come
-- from the ID number.
CREATE TABLE elder (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  station_id INT UNSIGNED NOT NULL,
  name VARCHAR(40) NOT NULL,
  id_cipher VARBINARY(128) NOT NULL,
  id_hash BINARY(32) NOT NULL,
  id_mask CHAR(18) NOT NULL,
  sex ENUM('M','F') NOT NULL,
  birth_date DATE NOT NULL,
  village_id INT UNSIGNED NOT NULL,
  living ENUM('alone','couple','children','relatives','other') NOT NULL,
  care_flags SET('empty_nest','left_behind','alone','disabled','poverty',
                 'dibao','wubao') NOT NULL DEFAULT '',
  contact_name VARCHAR(40) NOT NULL,
  contact_phone CHAR(11) NOT NULL,
  notes VARCHAR(400) NOT NULL DEFAULT '',
  active TINYINT(1) NOT NULL DEFAULT 1,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  UNIQUE KEY elder_id_hash (id_hash),
  KEY elder_station (station_id, active, name),
  CONSTRAINT elder_station FOREIGN KEY (station_id) REFERENCES station (id),
  CONSTRAINT elder_village FOREIGN KEY (village_id) REFERENCES village (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Kinds of service. County admins add and retire them; a retired kind is
-- no longer offered but stays on the records that used it.
CREATE TABLE service_type (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(20) NOT NULL,
  sort INT NOT NULL DEFAULT 0,
  active TINYINT(1) NOT NULL DEFAULT 1,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY service_type_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO service_type (id, name, sort) VALUES
  (1, '助餐', 10), (2, '助洁', 20), (3, '助浴', 30), (4, '助医', 40),
  (5, '助行', 50), (6, '代购代办', 60), (7, '精神慰藉', 70),
  (8, '健康监测', 80), (9, '安全巡访', 90), (10, '其他', 1000);

-- Settings of service logging. window_days: how many days back a station
-- operator may log or correct a service (older ones need a township admin).
CREATE TABLE service_setting (
  name VARCHAR(40) NOT NULL PRIMARY KEY,
  value VARCHAR(200) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO service_setting (name, value) VALUES ('window_days', '31');

-- 服务记录: one service to one elderly person, given by one or more
-- volunteers (service_volunteer), each credited with its minutes. A voided
-- record stays, marked, and counts in no total.
CREATE TABLE service (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  station_id INT UNSIGNED NOT NULL,
  elder_id INT UNSIGNED NOT NULL,
  service_type_id INT UNSIGNED NOT NULL,
  service_date DATE NOT NULL,
  start_time TIME NOT NULL,
  end_time TIME NOT NULL,
  minutes SMALLINT UNSIGNED NOT NULL,
  elder_signed TINYINT(1) NOT NULL DEFAULT 0,
  note VARCHAR(400) NOT NULL DEFAULT '',
  created_by INT UNSIGNED NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  voided_at DATETIME NULL,
  voided_by INT UNSIGNED NULL,
  void_reason VARCHAR(400) NULL,
  KEY service_station_date (station_id, service_date),
  KEY service_elder (elder_id, service_date),
  KEY service_date (service_date),
  CONSTRAINT service_station FOREIGN KEY (station_id) REFERENCES station (id),
  CONSTRAINT service_elder FOREIGN KEY (elder_id) REFERENCES elder (id),
  CONSTRAINT service_type_ref FOREIGN KEY (service_type_id) REFERENCES service_type (id),
  CONSTRAINT service_creator FOREIGN KEY (created_by) REFERENCES staff (id),
  CONSTRAINT service_voider FOREIGN KEY (voided_by) REFERENCES staff (id),
  CONSTRAINT service_times CHECK (end_time > start_time AND
    minutes = (TIME_TO_SEC(end_time) - TIME_TO_SEC(start_time)) DIV 60 AND
    minutes BETWEEN 1 AND 720)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE service_volunteer (
  service_id INT UNSIGNED NOT NULL,
  volunteer_id INT UNSIGNED NOT NULL,
  PRIMARY KEY (service_id, volunteer_id),
  KEY service_volunteer_volunteer (volunteer_id, service_id),
  CONSTRAINT service_volunteer_service FOREIGN KEY (service_id) REFERENCES service (id),
  CONSTRAINT service_volunteer_volunteer FOREIGN KEY (volunteer_id) REFERENCES volunteer (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
