#include <stddef.h>

#include "sql.h"

static const char *const sql[SQL__MAX] = {
	/* core */
	[SQL_PING] = "SELECT 1",
	[SQL_TOWNSHIPS] =
	    "SELECT id, name FROM township ORDER BY sort, id",
	[SQL_VILLAGES] =
	    "SELECT id, township_id, name FROM village ORDER BY township_id, sort, id",
	[SQL_VILLAGE_IN_TOWNSHIP] =
	    "SELECT 1 FROM village WHERE id = ? AND township_id = ?",

	/* volunteers */
	[SQL_VOLUNTEER_INSERT] =
	    "INSERT INTO volunteer (name, id_cipher, id_hash, id_mask, sex,"
	    " birth_date, phone, township_id, village_id, address, skills,"
	    " availability, consent_version, consent_at, created_ip)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NOW(), ?)",
	[SQL_VOLUNTEER_BY_HASH] =
	    "SELECT id, status FROM volunteer WHERE id_hash = ?",

	/* staff, sessions, audit */
	[SQL_SESSION_LOOKUP] =
	    "SELECT st.id, st.username, st.display_name, st.role,"
	    " COALESCE(st.township_id, 0), COALESCE(st.station_id, 0),"
	    " st.must_change_password"
	    " FROM session s JOIN staff st ON st.id = s.staff_id"
	    " WHERE s.token_hash = ? AND st.active = 1"
	    " AND s.last_seen > NOW() - INTERVAL ? SECOND"
	    " AND s.created_at > NOW() - INTERVAL ? SECOND",
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

	/* service logging */

	/* classes */

	/* demo data and set-up (laoxiao-tool) */
	[SQL_TOOL_STAFF_EXISTS] = "SELECT id FROM staff WHERE username = ?",
	[SQL_TOOL_STATION_INSERT] =
	    "INSERT INTO station (township_id, village_id, name, address)"
	    " VALUES (?, ?, ?, ?)",
	[SQL_TOOL_STAFF_INSERT] =
	    "INSERT INTO staff (username, display_name, role, township_id,"
	    " station_id, password_hash, must_change_password)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?)",
	[SQL_TOOL_VOLUNTEER_APPROVE] =
	    "UPDATE volunteer SET status = 'approved', number = ?,"
	    " station_id = ?, reviewed_at = NOW() WHERE id = ?",
};

const char *
sql_text(enum sql_id id)
{
	return id < SQL__MAX ? sql[id] : NULL;
}
