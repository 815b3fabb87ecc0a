-- Run once, when the db volume is first initialised: the staging site's own
-- database beside production's (same server, separate data).
SELECT format('CREATE DATABASE %I', current_database() || '_staging')
\gexec
