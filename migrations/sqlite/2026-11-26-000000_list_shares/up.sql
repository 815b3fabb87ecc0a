-- An owner shares a list with other users by email.
CREATE TABLE list_shares (
    list_id INTEGER NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (list_id, user_id)
);
-- "Lists shared by other users": WHERE user_id = ?.
CREATE INDEX list_shares_user_id_idx ON list_shares (user_id);
