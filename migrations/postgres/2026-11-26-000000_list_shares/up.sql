-- An owner shares a list with other users by email.
CREATE TABLE list_shares (
    list_id BIGINT NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (list_id, user_id)
);
-- "Lists shared by other users": WHERE user_id = $1.
CREATE INDEX list_shares_user_id_idx ON list_shares (user_id);
