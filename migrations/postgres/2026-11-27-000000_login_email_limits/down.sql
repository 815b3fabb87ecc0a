DROP TABLE login_emails;
