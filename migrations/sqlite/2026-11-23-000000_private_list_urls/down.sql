DROP INDEX lists_public_id_key;
ALTER TABLE lists DROP COLUMN public_id;
