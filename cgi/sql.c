#include <stddef.h>
#include <string.h>

#include "sql.h"

/* The review queue's filters (scope, status, township, village, skill,
 * registered between) and paging, shared by its page and its export:
 * parameters scope township ×2, scope station ×2, status ×2, township ×2,
 * village ×2, skill ×2, from ×2, to ×2, limit, offset. */
#define REVIEW_FILTER \
	" WHERE (? = 0 OR v.township_id = ?) AND (? = 0 OR v.station_id = ?)" \
	" AND (? = '' OR v.status = ?) AND (? = 0 OR v.township_id = ?)" \
	" AND (? = 0 OR v.village_id = ?)" \
	" AND (? = '' OR FIND_IN_SET(?, v.skills) > 0)" \
	" AND (? IS NULL OR v.created_at >= ?)" \
	" AND (? IS NULL OR v.created_at < ? + INTERVAL 1 DAY)" \
	" ORDER BY v.created_at, v.id LIMIT ? OFFSET ?"

/* The figures of a period (figures.c): the kept rows that tile it. Service
 * rows: days at the head, days at the tail, whole months (6 parameters).
 * Elder rows: days ×2, months ×2, quarters ×2, whole years (14). Scope:
 * township ×2 (0: the county). */
#define FIG_SERVICE_PERIOD \
	" ((f.grain = 1 AND (f.period BETWEEN ? AND ? OR f.period BETWEEN ? AND ?))" \
	" OR (f.grain = 2 AND f.period BETWEEN ? AND ?))"
#define FIG_ELDER_PERIOD \
	" ((f.grain = 1 AND (f.period BETWEEN ? AND ? OR f.period BETWEEN ? AND ?))" \
	" OR (f.grain = 2 AND (f.period BETWEEN ? AND ? OR f.period BETWEEN ? AND ?))" \
	" OR (f.grain = 3 AND (f.period BETWEEN ? AND ? OR f.period BETWEEN ? AND ?))" \
	" OR (f.grain = 4 AND f.period BETWEEN ? AND ?))"
/* The services credited to a volunteer (sv) between two dates: live
 * ones, each with its full minutes. Hours and a certificate's breakdown by
 * type both read this. */
#define VOLUNTEER_SERVICES \
	"s.id = sv.service_id AND s.voided_at IS NULL" \
	" AND s.service_date >= ? AND s.service_date <= ?"
/* A certificate row as cert_from_rows reads it (c, and n its successor). */
#define CERT_COLS \
	"c.id, c.number, c.check_code, c.access_code, c.volunteer_id," \
	" COALESCE(DATE_FORMAT(c.period_from, '%Y-%m-%d'), '')," \
	" COALESCE(DATE_FORMAT(c.period_to, '%Y-%m-%d'), ''), c.minutes," \
	" c.services, c.volunteer_name, c.id_mask, c.volunteer_number, c.issuer," \
	" c.officer, c.phone, DATE_FORMAT(c.issued_at, '%Y-%m-%d')," \
	" c.issued_via, c.status, COALESCE(n.number, '')," \
	" COALESCE(DATE_FORMAT(c.revoked_at, '%Y-%m-%d'), '')," \
	" COALESCE(c.revoke_reason, '')"
#define FIG_SCOPE " AND (? = 0 OR s.township_id = ?)"
/* The kept figures recomputed from the raw records, with the grain's
 * period of each service (g: the grains). */
#define FIG_PERIOD_OF(col) \
	" CASE g.grain WHEN 1 THEN " col \
	" WHEN 2 THEN " col " - INTERVAL (DAY(" col ") - 1) DAY" \
	" WHEN 3 THEN MAKEDATE(YEAR(" col "), 1) + INTERVAL (QUARTER(" col ") - 1) * 3 MONTH" \
	" ELSE MAKEDATE(YEAR(" col "), 1) END"
#define FIG_RAW_SERVICE \
	"SELECT g.grain, " FIG_PERIOD_OF("s.service_date") " AS period," \
	" s.station_id, s.service_type_id, SUM(s.voided_at IS NULL) AS services," \
	" SUM(s.voided_at IS NOT NULL) AS voided," \
	" SUM(IF(s.voided_at IS NULL, s.minutes, 0)) AS minutes," \
	" SUM(IF(s.voided_at IS NULL, s.minutes * COALESCE(v.n, 0), 0))" \
	" AS volunteer_minutes" \
	" FROM service s JOIN (SELECT 1 AS grain UNION ALL SELECT 2) g" \
	" LEFT JOIN (SELECT service_id, COUNT(*) AS n FROM service_volunteer" \
	" GROUP BY service_id) v ON v.service_id = s.id" \
	" GROUP BY 1, 2, 3, 4"
#define FIG_RAW_ELDER \
	"SELECT g.grain, " FIG_PERIOD_OF("s.service_date") " AS period," \
	" IF(w.whole = 1, 0, st.township_id) AS township_id, s.elder_id," \
	" COUNT(*) AS services" \
	" FROM service s JOIN station st ON st.id = s.station_id" \
	" JOIN (SELECT 1 AS grain UNION ALL SELECT 2" \
	" UNION ALL SELECT 3 UNION ALL SELECT 4) g" \
	" JOIN (SELECT 0 AS whole UNION ALL SELECT 1) w" \
	" WHERE s.voided_at IS NULL GROUP BY 1, 2, 3, 4"
/* The reach of people with fig_elder rows above zero (rows: r). */
#define FIG_REACH_COLS \
	" COUNT(*) AS elders," \
	" SUM(FIND_IN_SET('empty_nest', e.care_flags) > 0) AS empty_nest," \
	" SUM(FIND_IN_SET('left_behind', e.care_flags) > 0) AS left_behind," \
	" SUM(FIND_IN_SET('alone', e.care_flags) > 0) AS alone," \
	" SUM(FIND_IN_SET('disabled', e.care_flags) > 0) AS disabled," \
	" SUM(FIND_IN_SET('poverty', e.care_flags) > 0) AS poverty," \
	" SUM(FIND_IN_SET('dibao', e.care_flags) > 0) AS dibao," \
	" SUM(FIND_IN_SET('wubao', e.care_flags) > 0) AS wubao," \
	" SUM(e.care_flags = '') AS no_flag"
#define FIG_RAW_REACH \
	"SELECT r.grain, r.period, r.township_id," FIG_REACH_COLS \
	" FROM (" FIG_RAW_ELDER ") r JOIN elder e ON e.id = r.elder_id" \
	" GROUP BY 1, 2, 3"
#define FIG_RAW_CLASS \
	"SELECT class_id, SUM(status = 'enrolled') AS enrolled," \
	" SUM(status = 'waiting') AS waiting," \
	" SUM(status = 'enrolled' AND attended = 1) AS attended," \
	" SUM(status = 'enrolled' AND left_behind = 1) AS left_behind_enrolled," \
	" SUM(status = 'enrolled' AND attended = 1 AND left_behind = 1)" \
	" AS left_behind_attended FROM class_enrolment GROUP BY class_id"

/* Approved volunteers per grain (0 all time, 1 day, 2 month), period and
 * township, at the date of their first approval, from the raw records:
 * what fig_volunteer keeps (sql/017). */
#define FIG_RAW_VOLUNTEER \
	"SELECT g.grain, CASE g.grain WHEN 0 THEN DATE('1000-01-01')" \
	" WHEN 1 THEN v.d ELSE v.d - INTERVAL (DAY(v.d) - 1) DAY END AS period," \
	" v.township_id, COUNT(*) AS approved FROM (SELECT township_id," \
	" COALESCE(DATE(approved_at), DATE('1000-01-01')) AS d FROM volunteer" \
	" WHERE status = 'approved') v JOIN (SELECT 0 AS grain UNION ALL" \
	" SELECT 1 UNION ALL SELECT 2) g GROUP BY 1, 2, 3"

/* A staff session: who, and whether its idle clock is a minute behind. */
#define SESSION_LOOKUP_COLUMNS \
	"SELECT st.id, st.username, st.display_name, st.role," \
	" COALESCE(st.township_id, 0), COALESCE(st.station_id, 0)," \
	" st.must_change_password," \
	" s.last_seen < NOW() - INTERVAL 60 SECOND"
#define SESSION_LOOKUP_FROM \
	" FROM session s JOIN staff st ON st.id = s.staff_id" \
	" WHERE s.token_hash = ? AND st.active = 1" \
	" AND s.last_seen > NOW() - INTERVAL ? SECOND" \
	" AND s.created_at > NOW() - INTERVAL ? SECOND"
/* The data's revision (sql/018_data_revision.sql): the 64 counters, and
 * the next time a class starts, when a page that counts the classes held
 * changes without a write. */
#define DATA_REVISION_COLUMNS \
	" (SELECT GROUP_CONCAT(rev ORDER BY shard SEPARATOR '.')" \
	" FROM data_rev)," \
	" (SELECT MIN(starts_at) FROM class WHERE starts_at > NOW())"

static const char *const sql[SQL__MAX] = {
	/* core */
	[SQL_PING] = "SELECT 1",
	/* Places offered in forms and filters: active ones, in the county's
	 * order (by code; places without one last). */
	[SQL_TOWNSHIPS] =
	    "SELECT id, name FROM township WHERE active = 1"
	    " ORDER BY code IS NULL, code, sort, id",
	[SQL_VILLAGES] =
	    "SELECT v.id, v.township_id, v.name FROM village v"
	    " JOIN township t ON t.id = v.township_id"
	    " WHERE v.active = 1 AND t.active = 1"
	    " ORDER BY t.code IS NULL, t.code, t.sort, t.id,"
	    " v.code IS NULL, v.code, v.sort, v.id",
	[SQL_VILLAGE_IN_TOWNSHIP] =
	    "SELECT 1 FROM village v JOIN township t ON t.id = v.township_id"
	    " WHERE v.id = ? AND v.township_id = ? AND v.active = 1"
	    " AND t.active = 1",
	[SQL_TOWNSHIP_VILLAGES] =
	    "SELECT v.id, v.township_id, v.name FROM village v"
	    " JOIN township t ON t.id = v.township_id"
	    " WHERE v.township_id = ? AND v.active = 1 AND t.active = 1"
	    " ORDER BY v.code IS NULL, v.code, v.sort, v.id",
	[SQL_COUNTY_SETTINGS] =
	    "SELECT name, value FROM county_setting",

	/* places */
	[SQL_PLACE_TOWNSHIPS_ALL] =
	    "SELECT id, code, name, active FROM township ORDER BY id",
	[SQL_PLACE_VILLAGES_ALL] =
	    "SELECT id, code, name, active, township_id FROM village ORDER BY id",
	[SQL_PLACE_TOWNSHIP_INSERT] =
	    "INSERT INTO township (code, name, active) VALUES (?, ?, 1)",
	[SQL_PLACE_TOWNSHIP_UPDATE] =
	    "UPDATE township SET name = ?, active = 1 WHERE id = ?",
	[SQL_PLACE_VILLAGE_INSERT] =
	    "INSERT INTO village (code, township_id, name, active)"
	    " VALUES (?, ?, ?, 1)",
	[SQL_PLACE_VILLAGE_UPDATE] =
	    "UPDATE village SET township_id = ?, name = ?, active = 1"
	    " WHERE id = ?",
	[SQL_PLACE_TOWNSHIP_ACTIVE] =
	    "UPDATE township SET active = ? WHERE id = ?",
	[SQL_PLACE_VILLAGE_ACTIVE] =
	    "UPDATE village SET active = ? WHERE id = ?",
	[SQL_COUNTY_SETTING_SET] =
	    "INSERT INTO county_setting (name, value) VALUES (?, ?)"
	    " ON DUPLICATE KEY UPDATE value = VALUES(value)",
	[SQL_PLACE_BY_CODE] =
	    "SELECT id, 0 FROM township WHERE code = ? AND active = 1"
	    " UNION ALL SELECT township_id, id FROM village"
	    " WHERE code = ? AND active = 1",

	/* volunteers */
	[SQL_VOLUNTEER_INSERT] =
	    "INSERT INTO volunteer (name, id_cipher, id_hash, id_mask, sex,"
	    " birth_date, phone, township_id, village_id, address, skills,"
	    " availability, consent_version, consent_at, created_ip)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NOW(), ?)",

	/* staff, sessions, audit */
	[SQL_SESSION_LOOKUP] = SESSION_LOOKUP_COLUMNS SESSION_LOOKUP_FROM,
	/* The same, with the data's revision (DATA_REVISION_COLUMNS) read in
	 * the same statement and snapshot: for a kept page, one round trip. */
	[SQL_SESSION_LOOKUP_REVISION] = SESSION_LOOKUP_COLUMNS ","
	    DATA_REVISION_COLUMNS SESSION_LOOKUP_FROM,
	[SQL_SESSION_TOUCH] =
	    "UPDATE session SET last_seen = NOW() WHERE token_hash = ?"
	    " AND last_seen < NOW() - INTERVAL 60 SECOND",
	[SQL_SESSION_INSERT] =
	    "INSERT INTO session (token_hash, staff_id, ip) VALUES (?, ?, ?)",
	[SQL_SESSION_DELETE] = "DELETE FROM session WHERE token_hash = ?",
	[SQL_STAFF_BY_USERNAME] =
	    "SELECT id, password_hash, active, role FROM staff WHERE username = ?",
	[SQL_AUDIT_INSERT] =
	    "INSERT INTO audit_log (staff_id, ip, action, entity, entity_id,"
	    " before_value, after_value) VALUES (?, ?, ?, ?, ?, ?, ?)",
	/* staff accounts, scope, throttling, review, look-up, audit.
	 * Lists take the scope as (township, township, station, station):
	 * 0 means no limit. */
	[SQL_SESSION_PURGE] =
	    "DELETE FROM session WHERE last_seen < NOW() - INTERVAL ? SECOND"
	    " OR created_at < NOW() - INTERVAL ? SECOND LIMIT 500",
	[SQL_SESSION_DELETE_STAFF] = "DELETE FROM session WHERE staff_id = ?",
	[SQL_SCOPE_VOLUNTEER] =
	    "SELECT township_id, station_id FROM volunteer WHERE id = ?",
	[SQL_SCOPE_STAFF] =
	    "SELECT CASE WHEN role = 'station_operator' THEN township_id END,"
	    " station_id FROM staff WHERE id = ?",
	[SQL_SCOPE_ELDER] =
	    "SELECT s.township_id, e.station_id FROM elder e"
	    " JOIN station s ON s.id = e.station_id WHERE e.id = ?",
	[SQL_SCOPE_SERVICE] =
	    "SELECT s.township_id, v.station_id FROM service v"
	    " JOIN station s ON s.id = v.station_id WHERE v.id = ?",
	[SQL_SCOPE_SERVICE_TYPE] =
	    "SELECT NULL, NULL FROM service_type WHERE id = ?",
	[SQL_SCOPE_CLASS] = "SELECT township_id, NULL FROM class WHERE id = ?",
	[SQL_SCOPE_CERTIFICATE] =
	    "SELECT v.township_id, v.station_id FROM certificate c"
	    " JOIN volunteer v ON v.id = c.volunteer_id WHERE c.id = ?",
	[SQL_THROTTLE_HOLD] =
	    "SELECT TIMESTAMPDIFF(SECOND, NOW(), at + INTERVAL ? SECOND),"
	    " DATE_FORMAT(at + INTERVAL ? SECOND, '%H:%i')"
	    " FROM throttle WHERE kind = ? AND subject = ?"
	    " AND at > NOW() - INTERVAL ? SECOND"
	    " ORDER BY at DESC, id DESC LIMIT 1 OFFSET ?",
	[SQL_THROTTLE_INSERT] =
	    "INSERT INTO throttle (kind, subject) VALUES (?, ?)",
	[SQL_THROTTLE_PURGE] =
	    "DELETE FROM throttle WHERE at < NOW() - INTERVAL 1 DAY LIMIT 500",
	[SQL_THROTTLE_CLEAR] =
	    "DELETE FROM throttle WHERE kind = ? AND subject = ?",
	/* One subject's attempts are counted and recorded one at a time,
	 * across every responder and host of the database. */
	[SQL_THROTTLE_LOCK] =
	    "SELECT GET_LOCK(CONCAT('lx_throttle_', SHA1(CONCAT(?, ':', ?))), 5)",
	[SQL_THROTTLE_UNLOCK] =
	    "SELECT RELEASE_LOCK(CONCAT('lx_throttle_', SHA1(CONCAT(?, ':', ?))))",
	/* A serialisation point of a transaction (014_cluster.sql). */
	[SQL_TX_LOCK] =
	    "INSERT INTO tx_lock (name, seq) VALUES (?, 1)"
	    " ON DUPLICATE KEY UPDATE seq = seq + 1",
	[SQL_TX_LOCK_PURGE] =
	    "DELETE FROM tx_lock WHERE at < NOW() - INTERVAL 1 DAY LIMIT 500",
	/* Each write transaction's mark, found after a lost COMMIT. */
	[SQL_TX_DONE_INSERT] = "INSERT INTO tx_done (token) VALUES (?)",
	[SQL_TX_DONE_FIND] = "SELECT 1 FROM tx_done WHERE token = ?",
	/* Whether a connection of ours is still open on the server (a user
	 * sees its own connections without the PROCESS right). */
	[SQL_TX_THREAD_ALIVE] =
	    "SELECT 1 FROM information_schema.PROCESSLIST WHERE ID = ?",
	[SQL_TX_DONE_PURGE] =
	    "DELETE FROM tx_done WHERE at < NOW() - INTERVAL 1 HOUR LIMIT 5000",
	[SQL_THROTTLE_FORGIVE] = "DELETE FROM throttle WHERE id = ?",
	[SQL_THROTTLE_RECENT] =
	    "SELECT COUNT(*) FROM throttle WHERE kind = ? AND subject = ?"
	    " AND at > NOW() - INTERVAL ? SECOND",
	/* A pair's subject is "address name" (throttle_pair). */
	[SQL_THROTTLE_CLEAR_NAME] =
	    "DELETE FROM throttle WHERE (kind = 'login_account' AND subject = ?)"
	    " OR (kind = 'login_pair'"
	    " AND SUBSTRING(subject, LOCATE(' ', subject) + 1) = ?)",
	[SQL_STAFF_PASSWORD] =
	    "SELECT password_hash FROM staff WHERE id = ?",
	[SQL_STAFF_SET_PASSWORD] =
	    "UPDATE staff SET password_hash = ?, must_change_password = ?"
	    " WHERE id = ?",
	[SQL_STAFF_LIST] =
	    "SELECT s.id, s.username, s.display_name, s.role,"
	    " COALESCE(t.name, ''), COALESCE(st.name, ''), s.active,"
	    " s.must_change_password"
	    " FROM staff s LEFT JOIN township t ON t.id = s.township_id"
	    " LEFT JOIN station st ON st.id = s.station_id"
	    " WHERE (? = 0 OR (s.role = 'station_operator'"
	    " AND s.township_id = ?))"
	    " ORDER BY s.role, t.sort, s.township_id, s.username",
	[SQL_STAFF_GET] =
	    "SELECT s.id, s.username, s.display_name, s.role,"
	    " COALESCE(s.township_id, 0), COALESCE(t.name, ''),"
	    " COALESCE(s.station_id, 0), COALESCE(st.name, ''), s.active,"
	    " s.must_change_password, DATE_FORMAT(s.created_at, '%Y-%m-%d %H:%i')"
	    " FROM staff s LEFT JOIN township t ON t.id = s.township_id"
	    " LEFT JOIN station st ON st.id = s.station_id WHERE s.id = ?",
	[SQL_STAFF_INSERT] =
	    "INSERT INTO staff (username, display_name, role, township_id,"
	    " station_id, password_hash, must_change_password)"
	    " VALUES (?, ?, ?, ?, ?, ?, 1)",
	[SQL_STAFF_SET_ACTIVE] = "UPDATE staff SET active = ? WHERE id = ?",
	[SQL_STATION_LIST] =
	    "SELECT st.id, st.name, t.name, COALESCE(v.name, ''), st.address,"
	    " st.active, (SELECT COUNT(*) FROM volunteer vo"
	    " WHERE vo.station_id = st.id AND vo.status = 'approved')"
	    " FROM station st JOIN township t ON t.id = st.township_id"
	    " LEFT JOIN village v ON v.id = st.village_id"
	    " WHERE (? = 0 OR st.township_id = ?) AND (? = 0 OR st.id = ?)"
	    " ORDER BY t.sort, t.id, st.id",
	[SQL_STATION_BRIEF] =
	    "SELECT township_id, active, name FROM station WHERE id = ?",
	[SQL_TOWNSHIP_EXISTS] =
	    "SELECT 1 FROM township WHERE id = ? AND active = 1",
	[SQL_REVIEW_LIST] =
	    "SELECT v.id, v.name, v.id_mask, t.name AS township,"
	    " vi.name AS village, v.skills, v.status,"
	    " DATE_FORMAT(v.created_at, '%Y-%m-%d') AS created,"
	    " COALESCE(v.number, '') AS number, COALESCE(st.name, '') AS station"
	    " FROM volunteer v JOIN township t ON t.id = v.township_id"
	    " JOIN village vi ON vi.id = v.village_id"
	    " LEFT JOIN station st ON st.id = v.station_id"
	    REVIEW_FILTER,
	[SQL_REVIEW_EXPORT] =
	    "SELECT COALESCE(v.number, ''), v.name, v.id_mask, v.sex,"
	    " DATE_FORMAT(v.birth_date, '%Y-%m-%d'), v.phone, t.name, vi.name,"
	    " v.address, COALESCE(st.name, ''), v.skills, v.availability,"
	    " v.status, COALESCE(v.status_reason, ''),"
	    " DATE_FORMAT(v.created_at, '%Y-%m-%d')"
	    " FROM volunteer v JOIN township t ON t.id = v.township_id"
	    " JOIN village vi ON vi.id = v.village_id"
	    " LEFT JOIN station st ON st.id = v.station_id"
	    REVIEW_FILTER,
	/* Read by column name (review_from_rows): every column has one. */
	[SQL_REVIEW_GET] =
	    "SELECT v.id AS id, COALESCE(v.number, '') AS number, v.name AS name,"
	    " v.id_mask AS id_mask, v.sex AS sex,"
	    " DATE_FORMAT(v.birth_date, '%Y-%m-%d') AS birth, v.phone AS phone,"
	    " v.township_id AS township_id, t.name AS township,"
	    " vi.name AS village, v.village_id AS village_id,"
	    " v.address AS address, v.skills AS skills,"
	    " v.availability AS availability, v.status AS status,"
	    " COALESCE(v.status_reason, '') AS reason,"
	    " COALESCE(v.station_id, 0) AS station_id, COALESCE(st.name, '') AS station,"
	    " COALESCE(rs.display_name, '') AS reviewer,"
	    " COALESCE(DATE_FORMAT(v.reviewed_at, '%Y-%m-%d %H:%i'), '') AS reviewed,"
	    " DATE_FORMAT(v.created_at, '%Y-%m-%d %H:%i') AS created,"
	    " v.consent_version AS consent"
	    " FROM volunteer v JOIN township t ON t.id = v.township_id"
	    " JOIN village vi ON vi.id = v.village_id"
	    " LEFT JOIN station st ON st.id = v.station_id"
	    " LEFT JOIN staff rs ON rs.id = v.reviewed_by WHERE v.id = ?",
	[SQL_REVIEW_LOCK] =
	    "SELECT status, COALESCE(number, ''), township_id,"
	    " COALESCE(station_id, 0), COALESCE(status_reason, '')"
	    " FROM volunteer WHERE id = ? FOR UPDATE",
	[SQL_REVIEW_CIPHER] = "SELECT id_cipher FROM volunteer WHERE id = ?",
	/* The township's open stations; the last column says whether one
	 * is in the given village (the one to suggest). */
	[SQL_REVIEW_STATIONS] =
	    "SELECT id, name, COALESCE(village_id = ?, 0) FROM station"
	    " WHERE township_id = ? AND active = 1 ORDER BY id",
	[SQL_REVIEW_YEAR] = "SELECT YEAR(NOW())",
	[SQL_REVIEW_SEQ_MAX] =
	    "SELECT COALESCE(MAX(CAST(SUBSTRING(number, ?) AS UNSIGNED)), 0)"
	    " FROM volunteer WHERE number LIKE ?",
	[SQL_REVIEW_SEQ_SEED] =
	    "INSERT IGNORE INTO volunteer_number_seq (year, last) VALUES (?, ?)",
	[SQL_REVIEW_SEQ_BUMP] =
	    "UPDATE volunteer_number_seq SET last = last + 1 WHERE year = ?",
	[SQL_REVIEW_SEQ_GET] =
	    "SELECT last FROM volunteer_number_seq WHERE year = ?",
	[SQL_REVIEW_SET_STATUS] =
	    "UPDATE volunteer SET status = ?, status_reason = ?, number = ?,"
	    " station_id = ?, reviewed_by = ?, reviewed_at = NOW() WHERE id = ?",
	[SQL_LOOKUP] =
	    "SELECT v.id, v.name, COALESCE(v.number, ''), v.status,"
	    " COALESCE(v.status_reason, ''), COALESCE(st.name, ''),"
	    " DATE_FORMAT(v.created_at, '%Y-%m-%d'),"
	    " COALESCE(st.address, ''), COALESCE(st.phone, '')"
	    " FROM volunteer v LEFT JOIN station st ON st.id = v.station_id"
	    " WHERE (v.number = ? OR v.id_hash = ?) AND v.phone = ?",
	[SQL_AUDIT_LIST] =
	    "SELECT a.id, DATE_FORMAT(a.at, '%Y-%m-%d %H:%i:%s'),"
	    " COALESCE(s.username, ''), COALESCE(s.display_name, ''), a.ip,"
	    " a.action, a.entity, COALESCE(a.entity_id, 0),"
	    " COALESCE(a.before_value, ''), COALESCE(a.after_value, ''),"
	    /* the record's name, for people to read (an export names a
	     * list, not a record) */
	    " COALESCE(CASE WHEN a.action = 'export' THEN NULL ELSE CASE a.entity"
	    " WHEN 'staff' THEN (SELECT x.display_name FROM staff x"
	    " WHERE x.id = a.entity_id)"
	    " WHEN 'volunteer' THEN (SELECT x.name FROM volunteer x"
	    " WHERE x.id = a.entity_id)"
	    " WHEN 'elder' THEN (SELECT x.name FROM elder x"
	    " WHERE x.id = a.entity_id)"
	    " WHEN 'class' THEN (SELECT x.title FROM class x"
	    " WHERE x.id = a.entity_id)"
	    " WHEN 'class_enrolment' THEN (SELECT x.name FROM class_enrolment x"
	    " WHERE x.id = a.entity_id)"
	    " WHEN 'service_type' THEN (SELECT x.name FROM service_type x"
	    " WHERE x.id = a.entity_id)"
	    " END END, '')"
	    " FROM audit_log a LEFT JOIN staff s ON s.id = a.staff_id"
	    " WHERE (? = 0 OR a.staff_id = ?) AND (? = '' OR a.action = ?)"
	    " AND (? = '' OR a.entity = ?) AND (? = 0 OR a.entity_id = ?)"
	    " AND (? IS NULL OR a.at >= ?)"
	    " AND (? IS NULL OR a.at < ? + INTERVAL 1 DAY)"
	    " ORDER BY a.id DESC LIMIT ? OFFSET ?",

	/* service logging: stations, elders, service types, services */
/* The filter of the service list and its totals (11 parameters): station,
 * date from and to, then pairs of (0 or id) for elder and type, (-1 or
 * 0/1) for signed, (0 or id) for volunteer. */
#define SERVICE_FILTER \
	"s.station_id = ? AND s.service_date >= ? AND s.service_date <= ?" \
	" AND (? = 0 OR s.elder_id = ?) AND (? = 0 OR s.service_type_id = ?)" \
	" AND (? < 0 OR s.elder_signed = ?)" \
	" AND (? = 0 OR EXISTS (SELECT 1 FROM service_volunteer f" \
	" WHERE f.service_id = s.id AND f.volunteer_id = ?))"
	[SQL_STATION_GET] =
	    "SELECT s.id, s.township_id, s.name, t.name,"
	    " COALESCE(s.village_id, 0) FROM station s"
	    " JOIN township t ON t.id = s.township_id WHERE s.id = ?",
	[SQL_STATION_CHOICES] =
	    "SELECT s.id, s.name, t.name FROM station s"
	    " JOIN township t ON t.id = s.township_id"
	    " WHERE s.active = 1 AND (? = 0 OR s.township_id = ?)"
	    " ORDER BY t.sort, t.id, s.name, s.id",
	[SQL_ELDER_BY_HASH] =
	    "SELECT e.id, e.station_id, s.name FROM elder e"
	    " JOIN station s ON s.id = e.station_id WHERE e.id_hash = ?",
	[SQL_ELDER_GET] =
	    "SELECT e.id, e.station_id, e.name, e.id_mask, e.sex,"
	    " DATE_FORMAT(e.birth_date, '%Y-%m-%d'), e.village_id, v.name,"
	    " e.living, e.care_flags, e.contact_name, e.contact_phone, e.notes,"
	    " e.active FROM elder e JOIN village v ON v.id = e.village_id"
	    " WHERE e.id = ?",
	[SQL_ELDER_INSERT] =
	    "INSERT INTO elder (station_id, name, id_cipher, id_hash, id_mask,"
	    " sex, birth_date, village_id, living, care_flags, contact_name,"
	    " contact_phone, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[SQL_ELDER_UPDATE] =
	    "UPDATE elder SET name = ?, village_id = ?, living = ?,"
	    " care_flags = ?, contact_name = ?, contact_phone = ?, notes = ?"
	    " WHERE id = ?",
	[SQL_ELDER_UPDATE_ID] =
	    "UPDATE elder SET name = ?, id_cipher = ?, id_hash = ?, id_mask = ?,"
	    " sex = ?, birth_date = ?, village_id = ?, living = ?,"
	    " care_flags = ?, contact_name = ?, contact_phone = ?, notes = ?"
	    " WHERE id = ?",
	[SQL_ELDER_SET_ACTIVE] = "UPDATE elder SET active = ? WHERE id = ?",
	[SQL_ELDER_LIST] =
	    "SELECT e.id, e.name, e.id_mask, e.sex,"
	    " DATE_FORMAT(e.birth_date, '%Y-%m-%d'), v.name, e.living,"
	    " e.care_flags, e.contact_name, e.contact_phone, e.active"
	    " FROM elder e JOIN village v ON v.id = e.village_id"
	    " WHERE e.station_id = ? AND (e.active = 1 OR ? = 1)"
	    " ORDER BY e.active DESC, e.name, e.id",
	[SQL_ELDER_CHOICES] =
	    "SELECT id, name, id_mask, active FROM elder WHERE station_id = ?"
	    " ORDER BY active DESC, name, id",
	/* One of them, as SQL_ELDER_CHOICES gives it: id, station. */
	[SQL_ELDER_CHOICE_ONE] =
	    "SELECT id, name, id_mask, active FROM elder"
	    " WHERE id = ? AND station_id = ?",
	[SQL_SERVICE_TYPES] =
	    "SELECT id, name, active FROM service_type ORDER BY sort, id",
	[SQL_SERVICE_TYPE_USES] =
	    "SELECT service_type_id, COUNT(*) FROM service"
	    " GROUP BY service_type_id",
	[SQL_SERVICE_TYPE_GET] =
	    "SELECT id, name, active FROM service_type WHERE id = ?",
	[SQL_SERVICE_TYPE_INSERT] =
	    "INSERT INTO service_type (name, sort)"
	    " SELECT ?, COALESCE(MAX(sort), 0) + 10 FROM service_type"
	    " WHERE sort < 1000",
	[SQL_SERVICE_TYPE_SET_ACTIVE] =
	    "UPDATE service_type SET active = ? WHERE id = ?",
	[SQL_SERVICE_SETTING] = "SELECT value FROM service_setting WHERE name = ?",
	[SQL_SERVICE_VOLUNTEERS] =
	    "SELECT id, name, COALESCE(number, ''), station_id <=> ? FROM volunteer"
	    " WHERE status = 'approved' AND (station_id = ? OR township_id = ?)"
	    " ORDER BY station_id <=> ? DESC, number, id",
	/* One volunteer as SQL_SERVICE_VOLUNTEERS gives them, when the station
	 * may name them: of its own or its township, or on one of its
	 * services. Parameters: station, id, station, township, station. */
	/* One of SQL_SERVICE_VOLUNTEERS, the same columns, or nothing:
	 * station, id, station, township. */
	[SQL_SERVICE_VOLUNTEER_CHOICE] =
	    "SELECT id, name, COALESCE(number, ''), station_id <=> ? FROM volunteer"
	    " WHERE id = ? AND status = 'approved'"
	    " AND (station_id = ? OR township_id = ?)",
	[SQL_SERVICE_VOLUNTEER_ONE] =
	    "SELECT v.id, v.name, COALESCE(v.number, ''), v.station_id <=> ?"
	    " FROM volunteer v WHERE v.id = ? AND (v.station_id = ?"
	    " OR v.township_id = ? OR EXISTS (SELECT 1 FROM service_volunteer sv"
	    " JOIN service s ON s.id = sv.service_id"
	    " WHERE sv.volunteer_id = v.id AND s.station_id = ?))",
	[SQL_SERVICE_VOLUNTEER_LOCK] =
	    "SELECT id FROM volunteer WHERE id = ? FOR UPDATE",
	/* What the logging form offered, read again inside the transaction
	 * (locking reads see the latest commit, and hold it until ours). */
	[SQL_SERVICE_ELDER_CHECK] =
	    "SELECT active FROM elder WHERE id = ? AND station_id = ?"
	    " LOCK IN SHARE MODE",
	[SQL_SERVICE_TYPE_CHECK] =
	    "SELECT active FROM service_type WHERE id = ? LOCK IN SHARE MODE",
	[SQL_SERVICE_VOLUNTEER_CHECK] =
	    "SELECT v.status = 'approved'"
	    " AND (v.station_id = st.id OR v.township_id = st.township_id)"
	    " FROM volunteer v JOIN station st ON st.id = ?"
	    " WHERE v.id = ? LOCK IN SHARE MODE",
	[SQL_SERVICE_OVERLAPS] =
	    "SELECT s.id, s.elder_id, s.service_type_id,"
	    " TIME_TO_SEC(s.start_time) DIV 60, TIME_TO_SEC(s.end_time) DIV 60"
	    " FROM service_volunteer sv JOIN service s ON s.id = sv.service_id"
	    " WHERE sv.volunteer_id = ? AND s.service_date = ?"
	    " AND s.voided_at IS NULL AND TIME_TO_SEC(s.start_time) < ?"
	    " AND TIME_TO_SEC(s.end_time) > ? AND s.id <> ?"
	    " ORDER BY s.start_time, s.id",
	[SQL_SERVICE_INSERT] =
	    "INSERT INTO service (station_id, elder_id, service_type_id,"
	    " service_date, start_time, end_time, minutes, elder_signed, note,"
	    " created_by) VALUES (?, ?, ?, ?, SEC_TO_TIME(?), SEC_TO_TIME(?),"
	    " ?, ?, ?, ?)",
	[SQL_SERVICE_VOLUNTEER_INSERT] =
	    "INSERT INTO service_volunteer (service_id, volunteer_id) VALUES (?, ?)",
	[SQL_SERVICE_VOLUNTEER_DELETE] =
	    "DELETE FROM service_volunteer WHERE service_id = ?",
	[SQL_SERVICE_VOLUNTEER_IDS] =
	    "SELECT v.id, v.name, COALESCE(v.number, '') FROM service_volunteer sv"
	    " JOIN volunteer v ON v.id = sv.volunteer_id WHERE sv.service_id = ?"
	    " ORDER BY v.id",
	[SQL_SERVICE_GET] =
	    "SELECT id, station_id, elder_id, service_type_id,"
	    " DATE_FORMAT(service_date, '%Y-%m-%d'),"
	    " TIME_TO_SEC(start_time) DIV 60, TIME_TO_SEC(end_time) DIV 60,"
	    " minutes, elder_signed, note, voided_at IS NOT NULL, void_reason"
	    " FROM service WHERE id = ?",
	[SQL_SERVICE_LOCK] =
	    "SELECT id, station_id, elder_id, service_type_id,"
	    " DATE_FORMAT(service_date, '%Y-%m-%d'),"
	    " TIME_TO_SEC(start_time) DIV 60, TIME_TO_SEC(end_time) DIV 60,"
	    " minutes, elder_signed, note, voided_at IS NOT NULL, void_reason"
	    " FROM service WHERE id = ? FOR UPDATE",
	[SQL_SERVICE_UPDATE] =
	    "UPDATE service SET elder_id = ?, service_type_id = ?,"
	    " service_date = ?, start_time = SEC_TO_TIME(?),"
	    " end_time = SEC_TO_TIME(?), minutes = ?, elder_signed = ?, note = ?"
	    " WHERE id = ? AND voided_at IS NULL",
	[SQL_SERVICE_VOID] =
	    "UPDATE service SET voided_at = NOW(), voided_by = ?, void_reason = ?"
	    " WHERE id = ? AND voided_at IS NULL",
	[SQL_SERVICE_LIST] =
	    "SELECT s.id, DATE_FORMAT(s.service_date, '%Y-%m-%d') AS service_date,"
	    " TIME_FORMAT(s.start_time, '%H:%i') AS start_time,"
	    " TIME_FORMAT(s.end_time, '%H:%i') AS end_time, s.minutes,"
	    " e.name AS elder, e.id_mask AS elder_mask, t.name AS service_type,"
	    " s.elder_signed, s.note, s.voided_at IS NOT NULL AS voided,"
	    " s.void_reason,"
	    " (SELECT GROUP_CONCAT(v.name ORDER BY v.id SEPARATOR '、')"
	    " FROM service_volunteer sv JOIN volunteer v ON v.id = sv.volunteer_id"
	    " WHERE sv.service_id = s.id) AS volunteers"
	    " FROM service s JOIN elder e ON e.id = s.elder_id"
	    " JOIN service_type t ON t.id = s.service_type_id"
	    " WHERE " SERVICE_FILTER
	    " ORDER BY s.service_date DESC, s.start_time DESC, s.id DESC"
	    " LIMIT ? OFFSET ?",
	/* All rows, live rows, distinct elders and volunteer minutes of live
	 * rows (each volunteer credited, or only the one filtered on), read
	 * from the service_station_list index (sql/007). */
	[SQL_SERVICE_TOTALS] =
	    "SELECT COUNT(*) AS services,"
	    " COALESCE(SUM(s.voided_at IS NULL), 0) AS live,"
	    " COUNT(DISTINCT CASE WHEN s.voided_at IS NULL THEN s.elder_id END)"
	    " AS elders,"
	    " COALESCE(SUM(CASE WHEN s.voided_at IS NULL THEN s.minutes *"
	    " IF(? = 0, s.volunteers, 1) END), 0) AS volunteer_minutes"
	    " FROM service s WHERE " SERVICE_FILTER,
	/* The same four for a station's whole history, from the totals the
	 * database keeps (sql/008): station, station. */
	[SQL_SERVICE_TOTALS_KEPT] =
	    "SELECT COALESCE(SUM(t.services), 0) AS services,"
	    " COALESCE(SUM(t.live), 0) AS live,"
	    " (SELECT COUNT(*) FROM station_elder_services e"
	    " WHERE e.station_id = ? AND e.live > 0) AS elders,"
	    " COALESCE(SUM(t.volunteer_minutes), 0) AS volunteer_minutes"
	    " FROM station_service_totals t WHERE t.station_id = ?",
	[SQL_SERVICE_EXPORT] =
	    "SELECT s.id, DATE_FORMAT(s.service_date, '%Y-%m-%d') AS service_date,"
	    " TIME_FORMAT(s.start_time, '%H:%i') AS start_time,"
	    " TIME_FORMAT(s.end_time, '%H:%i') AS end_time, s.minutes,"
	    " tw.name AS township, st.name AS station, e.name AS elder,"
	    " e.id_mask AS elder_mask, t.name AS service_type,"
	    " (SELECT GROUP_CONCAT(v.name ORDER BY v.id SEPARATOR '、')"
	    " FROM service_volunteer sv JOIN volunteer v ON v.id = sv.volunteer_id"
	    " WHERE sv.service_id = s.id) AS volunteers,"
	    " (SELECT GROUP_CONCAT(COALESCE(v.number, '') ORDER BY v.id"
	    " SEPARATOR '、') FROM service_volunteer sv"
	    " JOIN volunteer v ON v.id = sv.volunteer_id WHERE sv.service_id = s.id)"
	    " AS volunteer_numbers, s.elder_signed, s.note,"
	    " s.voided_at IS NOT NULL AS voided, s.void_reason"
	    " FROM service s JOIN station st ON st.id = s.station_id"
	    " JOIN township tw ON tw.id = st.township_id"
	    " JOIN elder e ON e.id = s.elder_id"
	    " JOIN service_type t ON t.id = s.service_type_id"
	    " WHERE (? = 0 OR st.township_id = ?) AND (? = 0 OR s.station_id = ?)"
	    " AND s.service_date >= ? AND s.service_date <= ?"
	    " ORDER BY s.service_date, s.start_time, s.id",
	[SQL_VOLUNTEER_MINUTES] =
	    "SELECT v.id, COALESCE(SUM(s.minutes), 0) FROM volunteer v"
	    " LEFT JOIN service_volunteer sv ON sv.volunteer_id = v.id"
	    " LEFT JOIN service s ON " VOLUNTEER_SERVICES
	    " WHERE v.id = ? GROUP BY v.id",

	/* classes: classes, enrolments, the code-guessing throttle */
/* A class with its figures (kept in fig_class by the enrolment triggers,
 * sql/015); cancelled enrolments count in none. One row per class, read
 * in the order of an index on class (STRAIGHT_JOIN: otherwise the
 * optimiser starts from the 33 townships and sorts every class). */
#define CLASS_COLS \
	"c.id, c.township_id, t.name AS township, c.title, c.description," \
	" c.audience, c.venue," \
	" DATE_FORMAT(c.starts_at, '%Y-%m-%d') AS start_date," \
	" DATE_FORMAT(c.starts_at, '%H:%i') AS start_time," \
	" DATE_FORMAT(c.starts_at + INTERVAL c.minutes MINUTE, '%H:%i')" \
	" AS end_time, c.minutes, c.capacity," \
	" DATE_FORMAT(c.deadline, '%Y-%m-%d') AS deadline_date," \
	" DATE_FORMAT(c.deadline, '%H:%i') AS deadline_time, c.status," \
	" c.starts_at <= NOW() AS started, c.deadline <= NOW() AS past_deadline," \
	" COALESCE(f.enrolled, 0) AS enrolled, COALESCE(f.waiting, 0) AS waiting," \
	" COALESCE(f.attended, 0) AS attended," \
	" COALESCE(f.left_behind_enrolled, 0) AS left_behind," \
	" COALESCE(f.left_behind_attended, 0) AS left_behind_attended" \
	" FROM class c STRAIGHT_JOIN township t ON t.id = c.township_id" \
	" LEFT JOIN fig_class f ON f.class_id = c.id"
#define ENROLMENT_COLS \
	"e.id, e.class_id, COALESCE(e.position, 0), e.code, e.name, e.phone," \
	" e.relationship, v.name, e.child_age_group, e.status, e.left_behind," \
	" e.attended"
#define ENROLMENT_FROM \
	" FROM class_enrolment e JOIN village v ON v.id = e.village_id"
	[SQL_CLASS_INSERT] =
	    "INSERT INTO class (title, description, audience, township_id, venue,"
	    " starts_at, minutes, capacity, deadline, status, created_by)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[SQL_CLASS_UPDATE] =
	    "UPDATE class SET title = ?, description = ?, audience = ?,"
	    " township_id = ?, venue = ?, starts_at = ?, minutes = ?,"
	    " capacity = ?, deadline = ?, status = ? WHERE id = ?",
	[SQL_CLASS_GET] =
	    "SELECT " CLASS_COLS " WHERE c.id = ?",
	/* The first statement of every transaction that changes seats: the
	 * reads after it see every change committed before the lock. */
	[SQL_CLASS_LOCK] =
	    "SELECT id, status, capacity, starts_at <= NOW(), deadline <= NOW()"
	    " FROM class WHERE id = ? FOR UPDATE",
	[SQL_CLASS_COUNTS] =
	    "SELECT COALESCE(SUM(status = 'enrolled'), 0),"
	    " COALESCE(SUM(status = 'waiting'), 0) FROM class_enrolment"
	    " WHERE class_id = ?",
	/* Open classes not yet begun, of one township (or all: 0). */
	/* One page of them: limit, offset. */
	[SQL_CLASS_LIST_PUBLIC] =
	    "SELECT " CLASS_COLS
	    " WHERE c.status = 'open' AND c.starts_at > NOW()"
	    " AND (? = 0 OR c.township_id = ?)"
	    " ORDER BY c.starts_at, c.id LIMIT ? OFFSET ?",
	[SQL_CLASS_COUNT_PUBLIC] =
	    "SELECT COUNT(*) FROM class c"
	    " WHERE c.status = 'open' AND c.starts_at > NOW()"
	    " AND (? = 0 OR c.township_id = ?)",
	/* Every class of one township (or all: 0), newest first. */
	[SQL_CLASS_LIST_ADMIN] =
	    "SELECT " CLASS_COLS " WHERE (? = 0 OR c.township_id = ?)"
	    " ORDER BY c.starts_at DESC, c.id DESC",
	[SQL_CLASS_ROSTER] =
	    "SELECT " ENROLMENT_COLS
	    ", DATE_FORMAT(e.created_at, '%Y-%m-%d %H:%i')" ENROLMENT_FROM
	    " WHERE e.class_id = ?"
	    " ORDER BY FIELD(e.status, 'enrolled', 'waiting', 'cancelled'),"
	    " e.position, e.id",
	[SQL_CLASS_EXPORT] =
	    "SELECT e.id, c.id, c.title, t.name,"
	    " DATE_FORMAT(c.starts_at, '%Y-%m-%d %H:%i'), e.name, e.phone,"
	    " e.relationship, v.name, e.child_age_group, e.left_behind, e.status,"
	    " COALESCE(e.position, ''), e.attended,"
	    " DATE_FORMAT(e.created_at, '%Y-%m-%d %H:%i')"
	    " FROM class_enrolment e JOIN class c ON c.id = e.class_id"
	    " JOIN township t ON t.id = c.township_id"
	    " JOIN village v ON v.id = e.village_id"
	    " WHERE (? = 0 OR c.township_id = ?) AND (? = 0 OR c.id = ?)"
	    " ORDER BY c.starts_at, c.id, e.id",
	[SQL_CLASS_VILLAGE] =
	    "SELECT v.id FROM village v JOIN township t ON t.id = v.township_id"
	    " WHERE v.id = ? AND v.active = 1 AND t.active = 1",
	[SQL_ENROLMENT_PHONE_TAKEN] =
	    "SELECT id FROM class_enrolment WHERE class_id = ? AND phone_live = ?",
	[SQL_ENROLMENT_INSERT] =
	    "INSERT INTO class_enrolment (class_id, code, name, phone, phone_live,"
	    " relationship, village_id, child_age_group, left_behind, status,"
	    " position, consent_version, consent_at, created_ip)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NOW(), ?)",
	[SQL_ENROLMENT_BY_CODE] =
	    "SELECT " ENROLMENT_COLS ENROLMENT_FROM " WHERE e.code = ?",
	[SQL_ENROLMENT_GET] =
	    "SELECT " ENROLMENT_COLS ENROLMENT_FROM
	    " WHERE e.id = ? AND e.class_id = ?",
	[SQL_ENROLMENT_LOCK] =
	    "SELECT status, COALESCE(position, 0) FROM class_enrolment"
	    " WHERE id = ? AND class_id = ? FOR UPDATE",
	[SQL_ENROLMENT_CANCEL] =
	    "UPDATE class_enrolment SET status = 'cancelled', position = NULL,"
	    " phone_live = NULL, attended = 0, attended_at = NULL, cancelled_at = NOW(),"
	    " cancelled_by = ? WHERE id = ? AND status <> 'cancelled'",
	[SQL_ENROLMENT_CLOSE_GAP] =
	    "UPDATE class_enrolment SET position = position - 1"
	    " WHERE class_id = ? AND status = 'waiting' AND position > ?",
	[SQL_ENROLMENT_PROMOTE] =
	    "UPDATE class_enrolment SET status = 'enrolled', position = NULL,"
	    " promoted_at = NOW()"
	    " WHERE class_id = ? AND status = 'waiting' AND position <= ?",
	[SQL_ENROLMENT_SHIFT] =
	    "UPDATE class_enrolment SET position = position - ?"
	    " WHERE class_id = ? AND status = 'waiting'",
	[SQL_ENROLMENT_ATTEND] =
	    "UPDATE class_enrolment SET attended = ?,"
	    " attended_at = IF(? = 1, COALESCE(attended_at, NOW()), NULL)"
	    " WHERE id = ? AND class_id = ? AND status = 'enrolled'",

	/* demo data and set-up (laoxiao-tool) */
	[SQL_TOOL_STAFF_EXISTS] = "SELECT id FROM staff WHERE username = ?",
	[SQL_TOOL_STATION_INSERT] =
	    "INSERT INTO station (township_id, village_id, name, address,"
	    " phone) VALUES (?, ?, ?, ?, ?)",
	[SQL_TOOL_STAFF_INSERT] =
	    "INSERT INTO staff (username, display_name, role, township_id,"
	    " station_id, password_hash, must_change_password)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?)",
	[SQL_TOOL_VOLUNTEER_APPROVE] =
	    "UPDATE volunteer SET status = 'approved', number = ?,"
	    " station_id = ?, reviewed_at = NOW() WHERE id = ?",
	/* the county's figures (figures.c) */
	/* Per township: active stations, villages with one. */
	[SQL_FIG_STATIONS] =
	    "SELECT s.township_id, COUNT(*), COUNT(DISTINCT s.village_id)"
	    " FROM station s WHERE s.active = 1" FIG_SCOPE
	    " GROUP BY s.township_id",
	/* Per township: approved volunteers, and those first approved from
	 * ? to ? (dates). */
	/* Per township: volunteers approved now, and of those the ones first
	 * approved in the period, from the kept rows: the township's all-time
	 * row and the rows that tile the period. */
	[SQL_FIG_VOLUNTEERS] =
	    "SELECT s.township_id, COALESCE(SUM(IF(s.grain = 0, s.approved, 0)), 0),"
	    " COALESCE(SUM(IF(s.grain = 0, 0, s.approved)), 0)"
	    " FROM fig_volunteer s WHERE (s.grain = 0 OR"
	    " ((s.grain = 1 AND (s.period BETWEEN ? AND ? OR s.period BETWEEN ? AND ?))"
	    " OR (s.grain = 2 AND s.period BETWEEN ? AND ?)))" FIG_SCOPE
	    " GROUP BY s.township_id",
	/* The kept rows that tile the period, each with its township and
	 * month (YYYY-MM): live services, voided ones, volunteer minutes.
	 * The responder adds them up per township, service type and month in
	 * one pass (a GROUP BY here cost several times the reading). */
	[SQL_FIG_SERVICE_CELLS] =
	    "SELECT s.township_id, f.service_type_id,"
	    " DATE_FORMAT(f.period, '%Y-%m'), f.services, f.voided,"
	    " f.volunteer_minutes FROM fig_service f"
	    " JOIN station s ON s.id = f.station_id WHERE" FIG_SERVICE_PERIOD
	    FIG_SCOPE,
	/* Per township: elderly people served (distinct) in a period that
	 * several kept periods tile. */
	[SQL_FIG_ELDER_TOWNSHIP] =
	    "SELECT f.township_id, COUNT(DISTINCT f.elder_id) FROM fig_elder f"
	    " WHERE f.services > 0 AND" FIG_ELDER_PERIOD
	    " AND f.township_id <> 0 AND (? = 0 OR f.township_id = ?)"
	    " GROUP BY f.township_id",
	/* Elderly people served (distinct) in all, and by care flag, in the
	 * order of elder_care_flags. */
	[SQL_FIG_ELDER_TOTAL] =
	    "SELECT COUNT(*),"
	    " COALESCE(SUM(FIND_IN_SET('empty_nest', e.care_flags) > 0), 0),"
	    " COALESCE(SUM(FIND_IN_SET('left_behind', e.care_flags) > 0), 0),"
	    " COALESCE(SUM(FIND_IN_SET('alone', e.care_flags) > 0), 0),"
	    " COALESCE(SUM(FIND_IN_SET('disabled', e.care_flags) > 0), 0),"
	    " COALESCE(SUM(FIND_IN_SET('poverty', e.care_flags) > 0), 0),"
	    " COALESCE(SUM(FIND_IN_SET('dibao', e.care_flags) > 0), 0),"
	    " COALESCE(SUM(FIND_IN_SET('wubao', e.care_flags) > 0), 0),"
	    " COALESCE(SUM(e.care_flags = ''), 0)"
	    " FROM (SELECT DISTINCT f.elder_id FROM fig_elder f"
	    " WHERE f.services > 0 AND" FIG_ELDER_PERIOD " AND f.township_id = ?)"
	    " d JOIN elder e ON e.id = d.elder_id",
	/* The same for one whole month, quarter or year (grain, period):
	 * every township's row, and the county's (township 0). */
	[SQL_FIG_REACH] =
	    "SELECT township_id, elders, empty_nest, left_behind, alone, disabled,"
	    " poverty, dibao, wubao, no_flag FROM fig_reach"
	    " WHERE grain = ? AND period = ?",
	/* Per township: classes held (begun, not cancelled) from ? to ?
	 * (dates), their enrolments, check-ins, left-behind families
	 * checked in. */
	[SQL_FIG_CLASS_TOWNSHIP] =
	    "SELECT s.township_id, COUNT(*), COALESCE(SUM(fc.enrolled), 0),"
	    " COALESCE(SUM(fc.attended), 0),"
	    " COALESCE(SUM(fc.left_behind_attended), 0)"
	    " FROM class s LEFT JOIN fig_class fc ON fc.class_id = s.id"
	    " WHERE s.status <> 'cancelled' AND s.starts_at <= NOW()"
	    " AND s.starts_at >= ? AND s.starts_at < ? + INTERVAL 1 DAY"
	    FIG_SCOPE " GROUP BY s.township_id",
	/* Kept rows that differ from the raw records' (zero rows are none). */
	[SQL_FIG_CHECK_SERVICE] =
	    "SELECT COUNT(*) FROM (SELECT 1 FROM ("
	    "SELECT grain, period, station_id, service_type_id, services, voided,"
	    " minutes, volunteer_minutes FROM fig_service UNION ALL"
	    " SELECT grain, period, station_id, service_type_id, -services,"
	    " -voided, -minutes, -volunteer_minutes FROM (" FIG_RAW_SERVICE ") r"
	    ") x GROUP BY grain, period, station_id, service_type_id"
	    " HAVING SUM(services) <> 0 OR SUM(voided) <> 0 OR SUM(minutes) <> 0"
	    " OR SUM(volunteer_minutes) <> 0) d",
	[SQL_FIG_CHECK_ELDER] =
	    "SELECT COUNT(*) FROM (SELECT 1 FROM ("
	    "SELECT grain, period, township_id, elder_id, services FROM fig_elder"
	    " UNION ALL SELECT grain, period, township_id, elder_id, -services"
	    " FROM (" FIG_RAW_ELDER ") r) x"
	    " GROUP BY grain, period, township_id, elder_id"
	    " HAVING SUM(services) <> 0) d",
	[SQL_FIG_CHECK_REACH] =
	    "SELECT COUNT(*) FROM (SELECT 1 FROM ("
	    "SELECT grain, period, township_id, elders, empty_nest, left_behind,"
	    " alone, disabled, poverty, dibao, wubao, no_flag FROM fig_reach"
	    " UNION ALL SELECT grain, period, township_id, -elders, -empty_nest,"
	    " -left_behind, -alone, -disabled, -poverty, -dibao, -wubao, -no_flag"
	    " FROM (" FIG_RAW_REACH ") r) x GROUP BY grain, period, township_id"
	    " HAVING SUM(elders) <> 0 OR SUM(empty_nest) <> 0"
	    " OR SUM(left_behind) <> 0 OR SUM(alone) <> 0 OR SUM(disabled) <> 0"
	    " OR SUM(poverty) <> 0 OR SUM(dibao) <> 0 OR SUM(wubao) <> 0"
	    " OR SUM(no_flag) <> 0) d",
	[SQL_FIG_CHECK_CLASS] =
	    "SELECT COUNT(*) FROM (SELECT 1 FROM ("
	    "SELECT class_id, enrolled, waiting, attended, left_behind_enrolled,"
	    " left_behind_attended FROM fig_class UNION ALL SELECT class_id,"
	    " -enrolled, -waiting, -attended, -left_behind_enrolled,"
	    " -left_behind_attended FROM (" FIG_RAW_CLASS ") r) x"
	    " GROUP BY class_id HAVING SUM(enrolled) <> 0 OR SUM(waiting) <> 0"
	    " OR SUM(attended) <> 0 OR SUM(left_behind_enrolled) <> 0"
	    " OR SUM(left_behind_attended) <> 0) d",
	[SQL_FIG_CHECK_VOLUNTEER] =
	    "SELECT COUNT(*) FROM (SELECT 1 FROM ("
	    "SELECT grain, period, township_id, approved FROM fig_volunteer"
	    " UNION ALL SELECT grain, period, township_id, -approved"
	    " FROM (" FIG_RAW_VOLUNTEER ") r) x"
	    " GROUP BY grain, period, township_id HAVING SUM(approved) <> 0) d",
	[SQL_FIG_CLEAR_SERVICE] = "DELETE FROM fig_service",
	[SQL_FIG_CLEAR_VOLUNTEER] = "DELETE FROM fig_volunteer",
	[SQL_FIG_FILL_VOLUNTEER] =
	    "INSERT INTO fig_volunteer (grain, period, township_id, approved) "
	    FIG_RAW_VOLUNTEER,
	/* Moves every counter: after a rebuild of the kept figures. */
	[SQL_DATA_REVISION_BUMP] = "UPDATE data_rev SET rev = rev + 1",
	[SQL_FIG_CLEAR_ELDER] = "DELETE FROM fig_elder",
	[SQL_FIG_CLEAR_REACH] = "DELETE FROM fig_reach",
	[SQL_FIG_CLEAR_CLASS] = "DELETE FROM fig_class",
	[SQL_FIG_FILL_SERVICE] =
	    "INSERT INTO fig_service (grain, period, station_id,"
	    " service_type_id, services, voided, minutes, volunteer_minutes) "
	    FIG_RAW_SERVICE,
	[SQL_FIG_FILL_ELDER] =
	    "INSERT INTO fig_elder (grain, period, township_id, elder_id,"
	    " services) " FIG_RAW_ELDER,
	/* After SQL_FIG_FILL_ELDER. */
	[SQL_FIG_FILL_REACH] =
	    "INSERT INTO fig_reach (grain, period, township_id, elders, empty_nest,"
	    " left_behind, alone, disabled, poverty, dibao, wubao, no_flag)"
	    " SELECT f.grain, f.period, f.township_id," FIG_REACH_COLS
	    " FROM fig_elder f JOIN elder e ON e.id = f.elder_id"
	    " WHERE f.services > 0 GROUP BY 1, 2, 3",
	[SQL_FIG_FILL_CLASS] =
	    "INSERT INTO fig_class (class_id, enrolled, waiting, attended,"
	    " left_behind_enrolled, left_behind_attended) " FIG_RAW_CLASS,

	/* volunteer service certificates (cert.c) */
	[SQL_CERT_VOLUNTEER_LOCK] =
	    "SELECT name, id_mask, COALESCE(number, ''), status FROM volunteer"
	    " WHERE id = ? FOR UPDATE",
	[SQL_CERT_SETTINGS] =
	    "SELECT COALESCE(MAX(CASE name WHEN 'bureau_name' THEN value END), ''),"
	    " COALESCE(MAX(CASE name WHEN 'certificate_phone' THEN value END), ''),"
	    " COALESCE(MAX(CASE name WHEN 'public_url' THEN value END), '')"
	    " FROM county_setting",
	[SQL_CERT_TYPES_LIVE] =
	    "SELECT t.name, COUNT(*), SUM(s.minutes) FROM service_volunteer sv"
	    " JOIN service s ON " VOLUNTEER_SERVICES
	    " JOIN service_type t ON t.id = s.service_type_id"
	    " WHERE sv.volunteer_id = ? GROUP BY t.id ORDER BY t.sort, t.id",
	[SQL_CERT_SEQ_BUMP] =
	    "INSERT INTO certificate_seq (year, last) VALUES (?, 1)"
	    " ON DUPLICATE KEY UPDATE last = last + 1",
	[SQL_CERT_SEQ_GET] =
	    "SELECT last FROM certificate_seq WHERE year = ?",
	[SQL_CERT_INSERT] =
	    "INSERT INTO certificate (number, check_code, access_code,"
	    " volunteer_id, period_from, period_to, minutes, services,"
	    " volunteer_name, id_mask, volunteer_number, issuer, officer, phone,"
	    " issued_via, issued_by)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[SQL_CERT_TYPE_INSERT] =
	    "INSERT INTO certificate_type (certificate_id, service_type,"
	    " services, minutes, sort) VALUES (?, ?, ?, ?, ?)",
	[SQL_CERT_SUPERSEDE] =
	    "UPDATE certificate SET status = 'superseded', superseded_by = ?"
	    " WHERE volunteer_id = ? AND period_from <=> ? AND period_to <=> ?"
	    " AND status = 'valid' AND id <> ?",
	/* One certificate with everything it shows (cert_from_rows). */
	[SQL_CERT_BY_NUMBER] =
	    "SELECT " CERT_COLS " FROM certificate c"
	    " LEFT JOIN certificate n ON n.id = c.superseded_by"
	    " WHERE c.number = ?",
	[SQL_CERT_BY_ID] =
	    "SELECT " CERT_COLS " FROM certificate c"
	    " LEFT JOIN certificate n ON n.id = c.superseded_by"
	    " WHERE c.id = ?",
	[SQL_CERT_LOCK] =
	    "SELECT status FROM certificate WHERE id = ? FOR UPDATE",
	[SQL_CERT_TYPES] =
	    "SELECT service_type, services, minutes FROM certificate_type"
	    " WHERE certificate_id = ? ORDER BY sort",
	[SQL_CERT_REVOKE] =
	    "UPDATE certificate SET status = 'revoked', revoked_at = NOW(),"
	    " revoked_by = ?, revoke_reason = ? WHERE id = ?",
	[SQL_CERT_LIST] =
	    "SELECT " CERT_COLS " FROM certificate c"
	    " LEFT JOIN certificate n ON n.id = c.superseded_by"
	    " WHERE c.volunteer_id = ? ORDER BY c.id DESC LIMIT 50",
};

/* The column lists of sql.h, for the statements they describe. */
static const char *const columns[SQL__MAX] = {
	[SQL_CLASS_GET] = CLASS_COLUMNS(SQL_COL_NAME, _),
	[SQL_CLASS_LIST_PUBLIC] = CLASS_COLUMNS(SQL_COL_NAME, _),
	[SQL_CLASS_LIST_ADMIN] = CLASS_COLUMNS(SQL_COL_NAME, _),
	[SQL_SERVICE_LIST] = SERVICE_LIST_COLUMNS(SQL_COL_NAME, _),
	[SQL_SERVICE_TOTALS] = SERVICE_TOTALS_COLUMNS(SQL_COL_NAME, _),
	[SQL_SERVICE_TOTALS_KEPT] = SERVICE_TOTALS_COLUMNS(SQL_COL_NAME, _),
	[SQL_SERVICE_EXPORT] = SERVICE_EXPORT_COLUMNS(SQL_COL_NAME, _),
	[SQL_REVIEW_LIST] = REVIEW_LIST_COLUMNS(SQL_COL_NAME, _),
};

const char *
sql_columns(enum sql_id id)
{
	return (unsigned)id < SQL__MAX ? columns[id] : NULL;
}

int
sql_columns_differ(const char *want, const char *const *names,
    unsigned int n)
{
	const char *p = want;
	unsigned int i;

	for (i = 0; i < n; i++) {
		size_t len = strcspn(p, ",");

		if (len == 0 || strlen(names[i]) != len ||
		    strncmp(names[i], p, len) != 0)
			return (int)i;
		p += len + 1;
	}
	return *p != '\0' ? (int)n : -1;
}

const char *
sql_text(enum sql_id id)
{
	return id < SQL__MAX ? sql[id] : NULL;
}
