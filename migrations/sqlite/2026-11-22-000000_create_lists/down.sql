DROP TABLE items;
DROP TABLE lists;
