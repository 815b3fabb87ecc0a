-- Items can be ticked off; a done item no longer blocks adding its text
-- again ("milk" ticked, "milk" added for next week), so the uniqueness of
-- a list's texts covers the items not yet done. SQLite cannot drop the
-- table's constraint: the table is made again.
CREATE TABLE items_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    list_id INTEGER NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
    done BOOLEAN NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
    -- An item's id in URLs and the API: 64 random bits, meaningful only
    -- within its list (the integer key would count every item of the site).
    public_id TEXT NOT NULL DEFAULT (lower(hex(randomblob(8))))
);
INSERT INTO items_new (id, list_id, text) SELECT id, list_id, text FROM items;
DROP TABLE items;
ALTER TABLE items_new RENAME TO items;
CREATE INDEX items_list_id_id_idx ON items (list_id, id);
CREATE UNIQUE INDEX items_list_id_text_key ON items (list_id, text) WHERE NOT done;
CREATE UNIQUE INDEX items_list_id_public_id_key ON items (list_id, public_id);

-- A list's own name; without one it is called by its first item.
ALTER TABLE lists ADD COLUMN title TEXT CHECK (length(title) BETWEEN 1 AND 80);
