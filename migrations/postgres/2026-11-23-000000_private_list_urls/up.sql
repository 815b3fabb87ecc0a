-- A list's URL carries an unguessable id: counting integer keys finds nothing.
-- Lists made before this get 122 random bits from gen_random_uuid(); new
-- lists get 80 (16 base32 characters, made by the app).
ALTER TABLE lists ADD COLUMN public_id TEXT;
UPDATE lists SET public_id = replace(gen_random_uuid()::text, '-', '');
ALTER TABLE lists ALTER COLUMN public_id SET NOT NULL;
ALTER TABLE lists ADD CONSTRAINT lists_public_id_key UNIQUE (public_id);
