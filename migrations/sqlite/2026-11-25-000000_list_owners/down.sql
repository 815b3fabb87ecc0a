DROP INDEX lists_owner_id_id_idx;
ALTER TABLE lists DROP COLUMN owner_id;
