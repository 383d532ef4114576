-- The key ring. private_key is an AES-256-GCM envelope (PrivateKeyEnvelope) under the KEK:
-- the database alone never yields a usable signing key.
create table signing_key (
    kid          varchar(64)  not null primary key,
    state        varchar(16)  not null,
    algorithm    varchar(16)  not null,
    key_size     integer      not null,
    public_jwk   text         not null,
    private_key  text         not null,
    created_at   timestamp with time zone not null,
    activated_at timestamp with time zone,
    retired_at   timestamp with time zone,
    revoked_at   timestamp with time zone,
    version      bigint       not null
);


-- One row that nodes lock (select ... for update) around every change of the ring, so two nodes
-- never bootstrap or rotate at once. Portable to H2 and PostgreSQL, unlike advisory locks.
create table key_ring_lock (
    id integer not null primary key
);
insert into key_ring_lock (id) values (1);
