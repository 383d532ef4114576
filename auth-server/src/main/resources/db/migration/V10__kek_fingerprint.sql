-- Which key-encryption key sealed each private key (KeyEncryptionKey.fingerprint(): a one-way digest,
-- never the KEK). Null on rows sealed before it was recorded; `keys rewrap` fills it in.
alter table signing_key add column kek_fingerprint varchar(32);
