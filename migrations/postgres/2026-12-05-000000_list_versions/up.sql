-- A list's version counts its changes: every write to its items or its
-- title bumps it, here in the database, so no write path can forget. The
-- new version is announced on the channel `list_changes` as "<id> <version>"
-- (or "<id> gone"): every replica listens, and tells the list's open pages.
ALTER TABLE lists ADD COLUMN version BIGINT NOT NULL DEFAULT 0;

CREATE FUNCTION items_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed_list BIGINT := CASE WHEN TG_OP = 'DELETE' THEN OLD.list_id ELSE NEW.list_id END;
    list_public_id TEXT;
    new_version BIGINT;
BEGIN
    UPDATE lists SET version = version + 1 WHERE id = changed_list
        RETURNING public_id, version INTO list_public_id, new_version;
    -- None when the list itself is being deleted (its items go with it).
    IF list_public_id IS NOT NULL THEN
        PERFORM pg_notify('list_changes', list_public_id || ' ' || new_version);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER items_changed AFTER INSERT OR UPDATE OR DELETE ON items
    FOR EACH ROW EXECUTE FUNCTION items_changed();

CREATE FUNCTION list_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.version := OLD.version + 1;
    PERFORM pg_notify('list_changes', NEW.public_id || ' ' || NEW.version);
    RETURN NEW;
END $$;

CREATE TRIGGER list_renamed BEFORE UPDATE OF title ON lists
    FOR EACH ROW WHEN (NEW.title IS DISTINCT FROM OLD.title) EXECUTE FUNCTION list_renamed();

CREATE FUNCTION list_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('list_changes', OLD.public_id || ' gone');
    RETURN NULL;
END $$;

CREATE TRIGGER list_deleted AFTER DELETE ON lists FOR EACH ROW EXECUTE FUNCTION list_deleted();
