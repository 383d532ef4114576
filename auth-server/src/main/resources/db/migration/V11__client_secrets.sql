-- Overlapping client secrets (docs/clients.md): after a rotation the previous secret's hash stays
-- valid until expires_at, then the hourly purge deletes it. Never a secret in clear. At most one
-- previous secret per client; deleting the client deletes it. Portable to H2 and PostgreSQL.
create table client_previous_secret (
    registered_client_id varchar(100) not null primary key
        references oauth2_registered_client (id) on delete cascade,
    secret_hash          varchar(200) not null,
    expires_at           timestamp with time zone not null
);
create index client_previous_secret_expires_at on client_previous_secret (expires_at);

-- client settings now hold inline JWK sets (private_key_jwt) and more audiences: no 2000-character cap
alter table oauth2_registered_client alter column client_settings set data type text;
