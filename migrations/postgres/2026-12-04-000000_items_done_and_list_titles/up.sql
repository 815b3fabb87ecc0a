-- Items can be ticked off; a done item no longer blocks adding its text
-- again ("milk" ticked, "milk" added for next week), so the uniqueness of
-- a list's texts covers the items not yet done.
ALTER TABLE items ADD COLUMN done BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE items DROP CONSTRAINT items_list_id_text_key;
CREATE UNIQUE INDEX items_list_id_text_key ON items (list_id, text) WHERE NOT done;

-- An item's id in URLs and the API: 62 random bits, meaningful only within
-- its list (the integer key would count every item of the site).
ALTER TABLE items ADD COLUMN public_id TEXT NOT NULL
    DEFAULT right(replace(gen_random_uuid()::text, '-', ''), 16);
CREATE UNIQUE INDEX items_list_id_public_id_key ON items (list_id, public_id);

-- A list's own name; without one it is called by its first item.
ALTER TABLE lists ADD COLUMN title TEXT CHECK (length(title) BETWEEN 1 AND 80);
