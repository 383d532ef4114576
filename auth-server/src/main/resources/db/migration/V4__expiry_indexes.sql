-- For the hourly purge (ExpiredRowsCleanup) of refresh tokens past exp, sessions past their absolute
-- expiry and login-throttle counters gone quiet.
create index refresh_token_expiry_idx on refresh_token (expires_at);
create index refresh_family_expiry_idx on refresh_family (absolute_expires_at);
create index login_throttle_last_failure_idx on login_throttle (last_failure_at);
