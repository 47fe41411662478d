-- The register of volunteer service certificates (志愿服务记录证明).
--
-- Every certificate issued is a row here, numbered per year (2026-000001, certificate_seq), with
-- what it says frozen at issue: the volunteer's name, masked ID number and volunteer number, the
-- period, the minutes (volunteer_minutes() for the period), what was done by service type
-- (certificate_type), the issuing organisation, the handling officer and the contact phone. A
-- re-issue for the same volunteer and period gets a new number and marks the old one superseded
-- (superseded_by); staff may revoke one with a reason. At most one certificate per volunteer and
-- period is valid: issuing locks the volunteer's row first.
--
-- check_code (in the public verification address /verify/NUMBER-CHECK) and access_code (in the
-- certificate's own address) are random, compared byte for byte.

CREATE TABLE certificate_seq (
  year SMALLINT UNSIGNED NOT NULL PRIMARY KEY,
  last INT UNSIGNED NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE certificate (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  number VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  check_code CHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  access_code CHAR(22) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  volunteer_id INT UNSIGNED NOT NULL,
  -- NULL bounds: from the first service, up to the date of issue.
  period_from DATE NULL,
  period_to DATE NULL,
  minutes INT UNSIGNED NOT NULL,
  services INT UNSIGNED NOT NULL,
  volunteer_name VARCHAR(40) NOT NULL,
  id_mask CHAR(18) NOT NULL,
  volunteer_number VARCHAR(20) NOT NULL,
  issuer VARCHAR(200) NOT NULL,
  officer VARCHAR(40) NOT NULL,
  phone VARCHAR(40) NOT NULL,
  issued_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  -- staff: issued_by names the staff member; lookup: the volunteer after a look-up.
  issued_via ENUM('staff','lookup') NOT NULL,
  issued_by INT UNSIGNED NULL,
  status ENUM('valid','superseded','revoked') NOT NULL DEFAULT 'valid',
  superseded_by INT UNSIGNED NULL,
  revoked_at DATETIME NULL,
  revoked_by INT UNSIGNED NULL,
  revoke_reason VARCHAR(200) NULL,
  UNIQUE KEY certificate_number (number),
  UNIQUE KEY certificate_access (access_code),
  KEY certificate_volunteer (volunteer_id, status),
  CONSTRAINT certificate_volunteer FOREIGN KEY (volunteer_id) REFERENCES volunteer (id),
  CONSTRAINT certificate_issuer FOREIGN KEY (issued_by) REFERENCES staff (id),
  CONSTRAINT certificate_revoker FOREIGN KEY (revoked_by) REFERENCES staff (id),
  CONSTRAINT certificate_successor FOREIGN KEY (superseded_by) REFERENCES certificate (id),
  CONSTRAINT certificate_by CHECK ((issued_via = 'staff') = (issued_by IS NOT NULL)),
  CONSTRAINT certificate_revoked CHECK ((status = 'revoked') = (revoked_at IS NOT NULL)),
  CONSTRAINT certificate_superseded CHECK ((status = 'superseded') = (superseded_by IS NOT NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- What the certificate says was done: per service type, live services and their minutes.
CREATE TABLE certificate_type (
  certificate_id INT UNSIGNED NOT NULL,
  service_type VARCHAR(40) NOT NULL,
  services INT UNSIGNED NOT NULL,
  minutes INT UNSIGNED NOT NULL,
  sort INT UNSIGNED NOT NULL,
  PRIMARY KEY (certificate_id, sort),
  CONSTRAINT certificate_type_certificate FOREIGN KEY (certificate_id) REFERENCES certificate (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The certificate's contact phone, and the address its QR code starts with (empty: the request's
-- own scheme and Host). Set them with ./laoxiao sql or laoxiao-tool.
INSERT IGNORE INTO county_setting (name, value) VALUES
  ('certificate_phone', ''), ('public_url', '');
