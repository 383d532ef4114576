# shellcheck shell=bash
# Part of bench/run (sourced by it; not run on its own): the databases and what is put in them.
# psql_db, creating and dropping bench_auth and bench_people, a client_credentials token for the
# bench client, seeding the users and the person, the refresh-token pool minted by logins, and the
# public client's: a sign-in through the login page, then authorize + code exchange with curl.

# --- setup ------------------------------------------------------------------------------------

psql_db() {
  local db=$1
  shift
  psql -X -q -At -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$db" "$@"
}

prepare_database() {
  if [ "$database" = h2 ]; then
    mkdir -p "$WORK/h2"
    return
  fi
  psql_db postgres -c "select 1" >/dev/null || die "PostgreSQL does not answer at $PG_HOST:$PG_PORT as $PG_USER"
  local db
  for db in "$AUTH_DB" "$PEOPLE_DB"; do
    # fresh every run, so every run starts from the same empty schema
    psql_db postgres -c "drop database if exists $db with (force)" 2>/dev/null
    psql_db postgres -c "create database $db"
  done
  PG_VERSION=$(psql_db postgres -c "show server_version")
  PG_SETTINGS=$(psql_db postgres -c "select json_object_agg(name, current_setting(name)) from pg_settings
    where name in ('shared_buffers', 'synchronous_commit', 'max_connections', 'work_mem', 'fsync', 'wal_level')")
}

drop_databases() {
  # a million filler rows are no use to anyone once the figures are written
  if [ "$database" = postgres ] && [ "$keep_db" = false ]; then
    psql_db postgres -c "drop database if exists $AUTH_DB with (force)" 2>/dev/null
    psql_db postgres -c "drop database if exists $PEOPLE_DB with (force)" 2>/dev/null
  fi
}

client_token() {
  curl -sf -u "$BENCH_CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials \
    --data-urlencode "scope=$1" "$ISSUER/oauth2/token" | jq -er .access_token
}

seed() {
  log "seeding $USERS users (each signup costs one password hash)"
  local i pid pids=()
  for (( i = 0; i < USERS; i++ )); do
    signup "$(printf 'bench-user-%04d@example.com' "$i")" &
    pids+=($!)
    # as many at once as there are cores: the hash is the cost
    if (( ${#pids[@]} >= NPROC )) || (( i == USERS - 1 )); then
      for pid in "${pids[@]}"; do wait "$pid" || die "signup failed"; done
      pids=()
    fi
  done
  local count
  count=$(curl -sf -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"email\":\"bench-user-0000@example.com\",\"password\":\"$USER_PASSWORD\",\"refresh_token_delivery\":\"body\"}" \
    "$ISSUER/api/auth/login") || true
  [ "$count" = 200 ] || die "a seeded user cannot log in (HTTP $count)"
  PERSON_ID=$(create_person "http://127.0.0.1:$PEOPLE_PORT" "Bearer $(client_token 'people:read people:write')")
  log "seeded: client $BENCH_CLIENT_ID, $USERS users, person $PERSON_ID"
}

signup() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"$USER_PASSWORD\"}" "$ISSUER/api/auth/signup")
  [ "$code" = 201 ] || die "signup of $1 answered $code"
}

create_person() {
  local -a auth=()
  [ -z "$2" ] || auth=(-H "Authorization: $2")
  curl -sf "${auth[@]+"${auth[@]}"}" -H 'Content-Type: application/json' \
    -d '{"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com"}' "$1/api/people" | jq -er .id
}

# --- the refresh pool -----------------------------------------------------------------------

# mint_pool N: N more refresh tokens, one login each (body delivery), appended to $WORK/pool. wrk runs
# for its whole -d even after every thread has its share and stopped, so the logins go in chunks
# sized by the rate of the chunk before (the first by the raw hash rate); at most 100 chunks of 30 s.
# MINT_URL, MINT_POOL_FILE and MINT_ENV (login.lua's variables): another server's logins (Keycloak).
MINT_ENV=()
mint_pool() {
  local wanted=$1 got=0 before after started c seconds rate i url=${MINT_URL:-$ISSUER} file=${MINT_POOL_FILE:-$WORK/pool}
  started=$(date +%s)
  rate=$(jq '.password.hashN / 2 | floor | if . < 1 then 1 else . end' "$WORK/raw.json")
  for (( i = 0; i < 100 && got < wanted; i++ )); do
    c=$(( NPROC * 2 ))
    if (( c > wanted - got )); then c=$(( wanted - got )); fi
    seconds=$(( (wanted - got + rate - 1) / rate ))
    if (( seconds < 1 )); then seconds=1; elif (( seconds > 30 )); then seconds=30; fi
    before=$(pool_size "$file")
    load login.lua "$url" "$c" "$seconds" "$WORK/mint.json" BENCH_USERS="$USERS" \
      BENCH_PASSWORD="$USER_PASSWORD" BENCH_MINT="$(( wanted - got ))" BENCH_POOL_OUT="$file" \
      "${MINT_ENV[@]+"${MINT_ENV[@]}"}"
    after=$(pool_size "$file")
    got=$(( got + after - before ))
    if (( after > before )); then rate=$(( (after - before + seconds - 1) / seconds )); fi
  done
  local took=$(( $(date +%s) - started ))
  log "minted $got refresh tokens by login in ${took} s"
  MINTED=$(( ${MINTED:-0} + got ))
  MINT_SECONDS=$(( ${MINT_SECONDS:-0} + took ))
  (( got >= wanted )) || die "could mint only $got of $wanted refresh tokens"
}

# pool_size FILE: how many tokens a pool holds ($WORK/pool, $WORK/pool-client)
pool_size() {
  if [ -f "$1" ]; then grep -c . "$1" || true; else echo 0; fi
}

# --- the public client: a browser session and its code exchanges -----------------------------

# browser_session: once per run, bench-user-0000 signs in through the login page as a browser does
# (GET /login for the form's _csrf and its cookie, POST /login): BROWSER_SESSION is the value of the
# AUTH_SESSION cookie (a login_session row, so it outlives auth-server restarts). Also the run's PKCE
# pair: one verifier for every authorization request is fine, each code is distinct.
browser_session() {
  [ -z "${BROWSER_SESSION:-}" ] || return 0
  local jar="$WORK/pool-browser-cookies" page csrf code
  page=$(curl -sf -c "$jar" "$ISSUER/login") || die "GET /login failed"
  csrf=$(grep -o 'name="_csrf"[^>]*value="[^"]*"' <<<"$page" | sed 's/.*value="//; s/"$//' | head -n 1)
  [ -n "$csrf" ] || die "the login page has no _csrf field"
  code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" --data-urlencode "_csrf=$csrf" \
    --data-urlencode "username=bench-user-0000@example.com" --data-urlencode "password=$USER_PASSWORD" \
    "$ISSUER/login")
  BROWSER_SESSION=$(awk -F'\t' '$6 == "AUTH_SESSION" { print $7 }' "$jar")
  if [ "$code" != 302 ] || [ -z "$BROWSER_SESSION" ]; then
    die "sign-in through the login page failed (HTTP $code)"
  fi
  PKCE_VERIFIER=$(openssl rand -hex 32)
  PKCE_CHALLENGE=$(printf '%s' "$PKCE_VERIFIER" | openssl dgst -sha256 -binary | base64 -w0 | tr '+/' '-_' | tr -d '=')
  log "signed in through the login page (one browser session for the code flow)"
}

# mint_client_pool N: N refresh tokens of the public client bench-spa appended to $WORK/pool-client,
# each from one authorization (the browser session's cookie; the 302 is read, not followed) and one
# code exchange, with curl
mint_client_pool() {
  local wanted=$1 i started location code redirect scope
  browser_session
  started=$(date +%s)
  redirect=$(jq -rn --arg v "$BENCH_REDIRECT_URI" '$v | @uri')
  scope=$(jq -rn --arg v "$BENCH_PUBLIC_SCOPE" '$v | @uri')
  for (( i = 0; i < wanted; i++ )); do
    location=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -b "AUTH_SESSION=$BROWSER_SESSION" \
      "$ISSUER/oauth2/authorize?response_type=code&client_id=$BENCH_PUBLIC_CLIENT_ID&redirect_uri=$redirect&scope=$scope&state=mint&code_challenge=$PKCE_CHALLENGE&code_challenge_method=S256")
    code=$(sed -n 's/^302 .*[?&]code=\([^&]*\).*/\1/p' <<<"$location")
    [ -n "$code" ] || die "authorize did not answer 302 with a code (${location%% *})"
    curl -sf -d grant_type=authorization_code -d "code=$code" --data-urlencode "redirect_uri=$BENCH_REDIRECT_URI" \
      -d "client_id=$BENCH_PUBLIC_CLIENT_ID" -d "code_verifier=$PKCE_VERIFIER" "$ISSUER/oauth2/token" \
      | jq -er .refresh_token >>"$WORK/pool-client" || die "the code exchange failed"
  done
  log "minted $wanted public-client refresh tokens by code exchange in $(( $(date +%s) - started )) s"
}

# --- people_many: many users' access tokens -----------------------------------------------

# many_user_tokens N: $WORK/pool-many-access (deleted at exit with the other pools) holds N access tokens, each of a different user
# (bench-many-00000@example.com ...), minted by one first-party login each. On PostgreSQL the users
# are inserted with SQL, each with a copy of bench-user-0000's password hash (their password is the
# run's USER_PASSWORD, as for the 16 seeded users), so only the logins cost a hash; on H2 they sign
# up. NPROC logins at a time (the hash is the cost, about N / raw hash rate seconds).
many_user_tokens() {
  local wanted=$1 file="$WORK/pool-many-access" started have
  have=$(pool_size "$file")
  (( have < wanted )) || return 0
  started=$(date +%s)
  if [ "$database" = postgres ]; then
    psql_db "$AUTH_DB" -c "
      insert into user_account (id, email, password_hash, roles, enabled, created_at, version)
      select gen_random_uuid()::text, 'bench-many-' || lpad(n::text, 5, '0') || '@example.com',
             seeded.password_hash, seeded.roles, true, now(), 0
      from generate_series(0, $wanted - 1) n
      cross join (select password_hash, roles from user_account where email = 'bench-user-0000@example.com') seeded
      on conflict (email) do nothing" >/dev/null
  else
    seq 0 $(( wanted - 1 )) | xargs -P "$NPROC" -I{} bash -c \
      'printf "{\"email\":\"bench-many-%05d@example.com\",\"password\":\"%s\"}" "$1" "$2" \
        | curl -s -o /dev/null -H "Content-Type: application/json" --data-binary @- "$3/api/auth/signup"' \
      _ {} "$USER_PASSWORD" "$ISSUER"
  fi
  : >"$file"
  chmod 600 "$file"
  seq 0 $(( wanted - 1 )) | xargs -P "$NPROC" -I{} bash -c \
    'printf "{\"email\":\"bench-many-%05d@example.com\",\"password\":\"%s\"}" "$1" "$2" \
      | curl -sf -H "Content-Type: application/json" --data-binary @- "$3/api/auth/login" \
      | grep -o "\"access_token\" *: *\"[^\"]*\"" | cut -d "\"" -f 4' \
    _ {} "$USER_PASSWORD" "$ISSUER" >>"$file"
  have=$(pool_size "$file")
  (( have >= wanted )) || die "people_many: only $have of $wanted users could log in"
  log "people_many: $have users' access tokens minted in $(( $(date +%s) - started )) s"
}
