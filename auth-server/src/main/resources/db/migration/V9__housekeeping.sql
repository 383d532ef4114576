-- One row per housekeeping job (the hourly purge of expired rows): a node locks it without waiting
-- (select ... for update skip locked; a node that finds it locked skips the run) and records when
-- the job last ran, so that a run another node did less than an interval ago is not repeated.
-- Portable to H2 and PostgreSQL, like key_ring_lock.
create table housekeeping_lock (
    name        varchar(64) not null primary key,
    last_run_at timestamp with time zone
);
insert into housekeeping_lock (name, last_run_at) values ('hourly-purge', null);
