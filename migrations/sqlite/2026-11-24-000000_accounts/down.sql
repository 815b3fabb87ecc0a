DROP TABLE sessions;
DROP TABLE login_tokens;
DROP TABLE users;
