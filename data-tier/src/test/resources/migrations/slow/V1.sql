-- a slow migration, so that concurrent starts overlap inside it
CREATE TABLE IF NOT EXISTS slow_things (id INTEGER PRIMARY KEY);
SELECT pg_sleep(0.3);
