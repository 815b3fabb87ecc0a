-- A list's version counts its changes: every write to its items or its
-- title bumps it, here in the database, so no write path can forget. On
-- SQLite (one replica) the site tells the list's open pages itself.
ALTER TABLE lists ADD COLUMN version INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER items_added AFTER INSERT ON items
BEGIN UPDATE lists SET version = version + 1 WHERE id = NEW.list_id; END;
CREATE TRIGGER items_changed AFTER UPDATE ON items
BEGIN UPDATE lists SET version = version + 1 WHERE id = NEW.list_id; END;
CREATE TRIGGER items_deleted AFTER DELETE ON items
BEGIN UPDATE lists SET version = version + 1 WHERE id = OLD.list_id; END;
CREATE TRIGGER list_renamed AFTER UPDATE OF title ON lists WHEN NEW.title IS NOT OLD.title
BEGIN UPDATE lists SET version = version + 1 WHERE id = NEW.id; END;
