-- Refresh families of the authorization-code flow belong to a client: client_id is null for the
-- first-party login, otherwise the client whose refresh tokens they are (another client's token is
-- refused). Their id is the SAS authorization id, which is also the sid of the tokens. scope is what
-- the user granted that client: a refresh may narrow it, never widen it.
alter table refresh_family add column client_id varchar(100);
alter table refresh_family add column scope varchar(1000);
