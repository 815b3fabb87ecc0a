DROP TABLE list_shares;
