-- private_key_jwt (RFC 7523 §3): each client assertion's jti is single-use. One row per accepted
-- assertion, the SHA-256 of its jti (never the jti or the assertion), until the assertion has expired;
-- the primary key makes the insert fail on a second node that sees the same assertion.
create table client_assertion (
    client_id   varchar(100) not null,
    jti_hash    varchar(80) not null,
    expires_at  timestamp with time zone not null,
    primary key (client_id, jti_hash)
);
create index client_assertion_expiry_idx on client_assertion (expires_at);
