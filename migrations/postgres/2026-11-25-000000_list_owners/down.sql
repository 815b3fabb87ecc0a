ALTER TABLE lists DROP COLUMN owner_id;
