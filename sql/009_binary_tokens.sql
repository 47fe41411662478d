-- Tokens, hashes and codes compare byte for byte: an enrolment code that
-- differs from another only in case is another code, not the same one.
ALTER TABLE class_enrolment
  MODIFY code CHAR(22) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;
ALTER TABLE staff
  MODIFY password_hash VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;
ALTER TABLE township
  MODIFY code CHAR(9) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL;
ALTER TABLE village
  MODIFY code CHAR(12) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL;
