-- Family-education classes (家长课堂): the classes townships run, the
-- enrolments of parents and grandparents, and the throttle on guessing
-- enrolment codes.

-- A class. Times are Beijing time. capacity seats go first come, first
-- served; later enrolments wait in order. A cancelled class keeps its
-- enrolments and shows the cancellation on each of their pages.
CREATE TABLE class (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  title VARCHAR(40) NOT NULL,
  description VARCHAR(500) NOT NULL DEFAULT '',
  audience ENUM('parents','grandparents','guardians','all') NOT NULL,
  township_id INT UNSIGNED NOT NULL,
  venue VARCHAR(60) NOT NULL,
  starts_at DATETIME NOT NULL,
  minutes SMALLINT UNSIGNED NOT NULL,
  capacity SMALLINT UNSIGNED NOT NULL,
  deadline DATETIME NOT NULL,
  status ENUM('open','closed','cancelled') NOT NULL DEFAULT 'open',
  created_by INT UNSIGNED NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  KEY class_township (township_id, starts_at),
  KEY class_upcoming (status, starts_at),
  CONSTRAINT class_township FOREIGN KEY (township_id) REFERENCES township (id),
  CONSTRAINT class_creator FOREIGN KEY (created_by) REFERENCES staff (id),
  CONSTRAINT class_capacity CHECK (capacity >= 1),
  CONSTRAINT class_deadline CHECK (deadline <= starts_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One person's enrolment in a class, found by its random code (the only
-- key the person holds). status enrolled (已报名), waiting (候补, position
-- 1.. in order of arrival) or cancelled. The child is described only by
-- an age group. One live enrolment per phone and class: phone_live holds
-- the phone until the enrolment is cancelled, then NULL.
CREATE TABLE class_enrolment (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  class_id INT UNSIGNED NOT NULL,
  code CHAR(22) NOT NULL,
  name VARCHAR(40) NOT NULL,
  phone CHAR(11) NOT NULL,
  relationship ENUM('father','mother','grandparent','other') NOT NULL,
  village_id INT UNSIGNED NOT NULL,
  child_age_group ENUM('0-3','3-6','6-12','12-18') NOT NULL,
  left_behind TINYINT(1) NOT NULL,
  status ENUM('enrolled','waiting','cancelled') NOT NULL,
  position INT UNSIGNED NULL,
  phone_live CHAR(11) NULL,
  attended TINYINT(1) NOT NULL DEFAULT 0,
  attended_at DATETIME NULL,
  promoted_at DATETIME NULL,
  cancelled_at DATETIME NULL,
  cancelled_by INT UNSIGNED NULL,
  consent_version VARCHAR(16) NOT NULL,
  consent_at DATETIME NOT NULL,
  created_ip VARCHAR(45) NOT NULL DEFAULT '',
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY class_enrolment_code (code),
  UNIQUE KEY class_enrolment_phone (class_id, phone_live),
  KEY class_enrolment_class (class_id, status, position),
  CONSTRAINT class_enrolment_class FOREIGN KEY (class_id) REFERENCES class (id),
  CONSTRAINT class_enrolment_village FOREIGN KEY (village_id) REFERENCES village (id),
  CONSTRAINT class_enrolment_canceller FOREIGN KEY (cancelled_by) REFERENCES staff (id),
  CONSTRAINT class_enrolment_position CHECK ((status = 'waiting') = (position IS NOT NULL)),
  CONSTRAINT class_enrolment_live CHECK ((status = 'cancelled') = (phone_live IS NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
