-- The auth server's own browser login (the AUTH_SESSION cookie), shared by every node. Only the
-- SHA-256 of the cookie value is stored: a copy of the table signs nobody in. The idle expiry moves
-- forward with use (at most about once a minute); the absolute expiry never moves.
create table login_session (
    session_hash        varchar(80) not null primary key,
    user_id             varchar(36) not null,
    authenticated_at    timestamp with time zone not null,
    last_seen_at        timestamp with time zone not null,
    idle_expires_at     timestamp with time zone not null,
    absolute_expires_at timestamp with time zone not null
);
create index login_session_user_idx on login_session (user_id);
create index login_session_idle_expiry_idx on login_session (idle_expires_at);
