DROP TRIGGER list_deleted ON lists;
DROP FUNCTION list_deleted();
DROP TRIGGER list_renamed ON lists;
DROP FUNCTION list_renamed();
DROP TRIGGER items_changed ON items;
DROP FUNCTION items_changed();
ALTER TABLE lists DROP COLUMN version;
