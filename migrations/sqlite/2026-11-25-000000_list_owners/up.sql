-- Lists made while logged in have an owner; anonymous lists have none.
ALTER TABLE lists ADD COLUMN owner_id INTEGER REFERENCES users (id) ON DELETE SET NULL;
-- "My lists": WHERE owner_id = ? ORDER BY id.
CREATE INDEX lists_owner_id_id_idx ON lists (owner_id, id);
