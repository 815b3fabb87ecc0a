CREATE TABLE lists (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    list_id INTEGER NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
    CONSTRAINT items_list_id_text_key UNIQUE (list_id, text)
);

-- A list's items in insertion order: WHERE list_id = ? ORDER BY id.
CREATE INDEX items_list_id_id_idx ON items (list_id, id);
