-- A list's URL carries an unguessable id: counting integer keys finds nothing.
-- Lists made before this get 80 random bits from randomblob(); new lists
-- get 80 too (16 base32 characters, made by the app).
ALTER TABLE lists ADD COLUMN public_id TEXT NOT NULL DEFAULT '';
UPDATE lists SET public_id = lower(hex(randomblob(10)));
CREATE UNIQUE INDEX lists_public_id_key ON lists (public_id);
