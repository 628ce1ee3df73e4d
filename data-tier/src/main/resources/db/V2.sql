-- key-value tombstones: a deleted key keeps its row, with no value, so its versions never repeat
-- A tombstone is a kv_entries row whose entry_value is NULL: reads treat it as absent, and the next
-- write of the key continues from its version, so an ETag from before the delete cannot match again.
-- Tombstones are never removed (removing one would let that key's versions start at 1 again).
ALTER TABLE kv_entries ALTER COLUMN entry_value DROP NOT NULL;
