ALTER TABLE lists DROP COLUMN title;
DROP INDEX items_list_id_public_id_key;
ALTER TABLE items DROP COLUMN public_id;
-- Texts repeated by done items cannot stay under the old constraint.
DELETE FROM items a USING items b WHERE a.list_id = b.list_id AND a.text = b.text AND a.id > b.id;
DROP INDEX items_list_id_text_key;
ALTER TABLE items ADD CONSTRAINT items_list_id_text_key UNIQUE (list_id, text);
ALTER TABLE items DROP COLUMN done;
