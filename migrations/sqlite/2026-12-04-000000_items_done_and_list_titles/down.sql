ALTER TABLE lists DROP COLUMN title;
CREATE TABLE items_old (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    list_id INTEGER NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
    CONSTRAINT items_list_id_text_key UNIQUE (list_id, text)
);
-- Texts repeated by done items cannot stay under the old constraint.
INSERT OR IGNORE INTO items_old (id, list_id, text) SELECT id, list_id, text FROM items ORDER BY id;
DROP TABLE items;
ALTER TABLE items_old RENAME TO items;
CREATE INDEX items_list_id_id_idx ON items (list_id, id);
