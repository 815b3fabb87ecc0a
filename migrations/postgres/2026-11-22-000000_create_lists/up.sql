CREATE TABLE lists (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE items (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    list_id BIGINT NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
    CONSTRAINT items_list_id_text_key UNIQUE (list_id, text)
);

-- A list's items in insertion order: WHERE list_id = $1 ORDER BY id.
CREATE INDEX items_list_id_id_idx ON items (list_id, id);
