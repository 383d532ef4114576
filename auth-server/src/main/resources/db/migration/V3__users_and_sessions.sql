-- Users of the first-party login. Email is stored lowercased, so the unique index makes it unique
-- case-insensitively; password_hash is an argon2id hash.
create table user_account (
    id            varchar(36)  not null primary key,
    email         varchar(254) not null,
    password_hash varchar(255) not null,
    roles         varchar(255) not null,
    enabled       boolean      not null,
    created_at    timestamp with time zone not null,
    version       bigint       not null
);
create unique index user_account_email_idx on user_account (email);

-- A refresh family is one login session (the sid claim): its absolute lifetime never grows.
create table refresh_family (
    id                  varchar(36) not null primary key,
    user_id             varchar(36) not null,
    created_at          timestamp with time zone not null,
    absolute_expires_at timestamp with time zone not null,
    revoked_at          timestamp with time zone,
    revoked_reason      varchar(40)
);
create index refresh_family_user_idx on refresh_family (user_id);

-- Refresh tokens by hash only; consumed_at is set by one conditional update (rotation).
create table refresh_token (
    token_hash  varchar(80) not null primary key,
    family_id   varchar(36) not null,
    issued_at   timestamp with time zone not null,
    expires_at  timestamp with time zone not null,
    consumed_at timestamp with time zone
);
create index refresh_token_family_idx on refresh_token (family_id);

-- Failed-login counters shared by every node: account:<email> and address:<ip>.
create table login_throttle (
    throttle_key    varchar(300) not null primary key,
    failures        integer      not null,
    last_failure_at timestamp with time zone not null,
    blocked_until   timestamp with time zone
);
