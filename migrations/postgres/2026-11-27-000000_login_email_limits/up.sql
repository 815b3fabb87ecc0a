-- Login emails sent in the last hour, per address and per client IP: the
-- rate limit's memory, shared by every replica. Rows older than the window
-- are deleted as new ones arrive, so the table holds one hour at most.
CREATE TABLE login_emails (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email TEXT NOT NULL,
    client_ip TEXT NOT NULL,
    sent_at BIGINT NOT NULL
);
CREATE INDEX login_emails_email_idx ON login_emails (email, sent_at);
CREATE INDEX login_emails_client_ip_idx ON login_emails (client_ip, sent_at);
CREATE INDEX login_emails_sent_at_idx ON login_emails (sent_at);
