ALTER TABLE lists DROP COLUMN public_id;
