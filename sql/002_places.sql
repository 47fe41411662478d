-- The county's townships and villages (reference data; edit for another
-- county before first use).
INSERT INTO township (id, name, sort) VALUES
  (1, '青石镇', 1), (2, '柳河乡', 2), (3, '白岩乡', 3), (4, '城关镇', 4);

INSERT INTO village (township_id, name, sort) VALUES
  (1, '青石村', 1), (1, '石桥村', 2), (1, '下坝村', 3), (1, '青石社区', 4),
  (2, '柳河村', 1), (2, '杨柳湾村', 2), (2, '新民村', 3),
  (3, '白岩村', 1), (3, '岩脚村', 2), (3, '松林村', 3),
  (4, '东街社区', 1), (4, '西街社区', 2), (4, '河坝村', 3);
