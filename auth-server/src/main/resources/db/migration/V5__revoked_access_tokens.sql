-- Client-credentials access tokens are stateless JWTs: issuing one writes nothing. Only a revocation
-- (RFC 7009) leaves a row, the token's SHA-256, until the token would have expired anyway.
create table revoked_access_token (
    token_hash  varchar(80) not null primary key,
    expires_at  timestamp with time zone not null
);
create index revoked_access_token_expiry_idx on revoked_access_token (expires_at);

-- Rows that earlier versions wrote for every client-credentials grant go once expired.
create index oauth2_authorization_access_expiry_idx on oauth2_authorization (access_token_expires_at);
