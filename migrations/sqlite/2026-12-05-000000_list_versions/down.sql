DROP TRIGGER list_renamed;
DROP TRIGGER items_deleted;
DROP TRIGGER items_changed;
DROP TRIGGER items_added;
ALTER TABLE lists DROP COLUMN version;
