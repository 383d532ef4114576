# shellcheck shell=bash
# Part of bench/run (sourced by it; not run on its own): what is measured.
# The refresh runs (hooks that hand the pool to wrk and take back what it did not send), then one
# scenario_<name> function per scenario of --scenarios: client_credentials, refresh, client_refresh
# (a public client's refresh at /oauth2/token), code_exchange (authorize + code exchange), growth
# (filler families and the purge under load, PostgreSQL only), login, jwks and people.

# --- refresh runs ----------------------------------------------------------------------------

# refresh_target first-party|client: which refresh the next refresh runs measure. first-party: POST
# /api/auth/refresh (JSON), pool $WORK/pool minted by logins (mint_pool); client: the public client's
# POST /oauth2/token (form, grant_type=refresh_token&client_id=bench-spa), pool $WORK/pool-client
# minted by code exchanges (mint_client_pool). Both pools match $WORK/pool*, deleted at exit.
refresh_target() {
  case "$1" in
    first-party)
      REFRESH_SCENARIO=refresh REFRESH_POOL_FILE="$WORK/pool" REFRESH_MINT=mint_pool
      REFRESH_ENV=()
      ;;
    client)
      REFRESH_SCENARIO=client_refresh REFRESH_POOL_FILE="$WORK/pool-client" REFRESH_MINT=mint_client_pool
      REFRESH_ENV=(BENCH_REFRESH_PATH=/oauth2/token BENCH_REFRESH_FORMAT=form
        BENCH_REFRESH_FORM="grant_type=refresh_token&client_id=$BENCH_PUBLIC_CLIENT_ID")
      ;;
  esac
}

# before every refresh run: enough fresh tokens to seed every connection (chain mode)
refresh_before_load() {
  if [ "$REFRESH_RUN_MODE" = chain ]; then
    local c=$1 have
    have=$(pool_size "$REFRESH_POOL_FILE")
    # each thread needs a token for each of its connections (seed_chain_pool should have made
    # this unnecessary: a top-up here puts logins right before the run)
    if (( have < 2 * c )); then "$REFRESH_MINT" $(( 4 * c - have )); fi
  fi
  : >"$WORK/pool.left"
}

# after it: the tokens never sent are the pool of the next run
refresh_after_load() {
  mv "$WORK/pool.left" "$REFRESH_POOL_FILE"
}

# refresh_measure LABEL C NOTE: one refresh measurement in REFRESH_RUN_MODE of refresh_target's refresh
refresh_measure() {
  local label=$1 c=$2 run_note=$3
  BEFORE_LOAD=refresh_before_load
  AFTER_LOAD=refresh_after_load
  RUN_EXTRA=$(jq -c -n --arg mode "$REFRESH_RUN_MODE" '{refresh_mode: $mode}')
  # REFRESH_SERVER/_PID/_DB/_URL: another server than the auth-server (Keycloak, keycloak.sh)
  measure "$REFRESH_SCENARIO" "$label" "${REFRESH_SERVER:-auth-server}" "${REFRESH_PID:-$AUTH_PID}" \
    "${REFRESH_DB:-$AUTH_DB}" "$c" refresh.lua "${REFRESH_URL:-$ISSUER}" "$run_note" \
    BENCH_POOL="$REFRESH_POOL_FILE" BENCH_POOL_LEFT="$WORK/pool.left" BENCH_REFRESH_MODE="$REFRESH_RUN_MODE" \
    "${REFRESH_ENV[@]+"${REFRESH_ENV[@]}"}"
  BEFORE_LOAD="" AFTER_LOAD="" RUN_EXTRA=""
}


# --- scenarios --------------------------------------------------------------------------------

scenario_client_credentials() {
  local c
  for c in $connections; do
    measure client_credentials "client_credentials" auth-server "$AUTH_PID" "$AUTH_DB" "$c" \
      client_credentials.lua "$ISSUER/oauth2/token" "" \
      BENCH_AUTH="Basic $(printf '%s:%s' "$BENCH_CLIENT_ID" "$CLIENT_SECRET" | base64 -w0)"
  done
}

# The chain pool for all the refresh and growth runs, minted in one go before the first of them: a
# top-up just before a measured run would put logins (argon2, 19 MiB each) right before it. Each wrk
# run loses the tokens in flight when it stops, at most its connection count.
seed_chain_pool() {
  local c sum=0 max=0 have wanted
  for c in $connections; do
    sum=$(( sum + c ))
    if (( c > max )); then max=$c; fi
  done
  wanted=$(( 6 * sum + 2 * max ))
  have=$(pool_size "$REFRESH_POOL_FILE")
  if (( have < wanted )); then "$REFRESH_MINT" $(( wanted - have )); fi
}

scenario_refresh() {
  local c
  refresh_target first-party
  REFRESH_RUN_MODE=$refresh_mode
  seed_chain_pool
  if [ "$refresh_mode" = pool ]; then
    local have
    have=$(pool_size "$WORK/pool")
    if (( have < refresh_pool )); then mint_pool $(( refresh_pool - have )); fi
  fi
  for c in $connections; do
    refresh_measure "refresh" "$c" ""
  done
  REFRESH_RUN_MODE=chain
}

# The public client's refresh at /oauth2/token, always in chain mode: each connection carries on a
# session begun by a code exchange (the pool, minted with curl through the login page and
# /oauth2/authorize), with the token each 200 returns. Read against the first-party refresh of the
# same run: it must be at least as fast (issue 13).
scenario_client_refresh() {
  local c
  refresh_target client
  REFRESH_RUN_MODE=chain
  seed_chain_pool
  for c in $connections; do
    refresh_measure "client_refresh (public client, /oauth2/token)" "$c" ""
  done
  refresh_target first-party
}

# The code flow without its login: each pair is GET /oauth2/authorize with the session cookie of one
# signed-in bench user, then POST /oauth2/token with the code from the 302 (bench/lua/code_exchange.lua);
# req/s counts completed exchanges (pairs), the latencies are of the single requests of both kinds.
scenario_code_exchange() {
  local c
  browser_session
  RUN_UNIT=exchanged
  for c in $connections; do
    measure code_exchange "code_exchange (authorize + token, per pair)" auth-server "$AUTH_PID" "$AUTH_DB" "$c" \
      code_exchange.lua "$ISSUER" "" BENCH_COOKIE="$BROWSER_SESSION" BENCH_CLIENT_ID="$BENCH_PUBLIC_CLIENT_ID" \
      BENCH_REDIRECT_URI="$BENCH_REDIRECT_URI" BENCH_SCOPE="$BENCH_PUBLIC_SCOPE" \
      BENCH_CHALLENGE="$PKCE_CHALLENGE" BENCH_VERIFIER="$PKCE_VERIFIER"
  done
  RUN_UNIT=""
}

live_families() {
  psql_db "$AUTH_DB" -c "select count(*) from refresh_family where revoked_at is null and absolute_expires_at > now()"
}

# add_families N LIVE: N families with one unused refresh token each, straight into the tables; random
# hashes in the stored form (sha256:<base64url>), so they are looked up like real ones but never match.
# LIVE=false makes them past their absolute lifetime and their tokens past exp (what the purge deletes).
add_families() {
  local n=$1 live=$2 created expires token_expires
  if [ "$live" = true ]; then
    created="now()" expires="now() + interval '30 days'" token_expires="now() + interval '7 days'"
  else
    created="now() - interval '40 days'" expires="now() - interval '10 days'" token_expires="now() - interval '33 days'"
  fi
  psql_db "$AUTH_DB" -c "
    with filler as (
      insert into refresh_family (id, user_id, created_at, absolute_expires_at)
      select gen_random_uuid()::text, gen_random_uuid()::text, $created, $expires
      from generate_series(1, $n)
      returning id)
    insert into refresh_token (token_hash, family_id, issued_at, expires_at)
    select 'sha256:' || rtrim(translate(encode(sha256(convert_to(id || random()::text, 'UTF8')), 'base64'), '+/', '-_'), '='),
           id, $created, $token_expires
    from filler" >/dev/null
  # as autovacuum would soon: planner statistics that know the tables' size
  psql_db "$AUTH_DB" -c "vacuum analyze refresh_family, refresh_token"
}

scenario_growth() {
  if [ "$database" != postgres ]; then
    log "growth: skipped on H2 (the filler rows are written with SQL into PostgreSQL)"
    return
  fi
  local level have c started
  refresh_target first-party
  REFRESH_RUN_MODE=chain
  seed_chain_pool
  for level in $growth_levels; do
    have=$(live_families)
    if (( have < level )); then
      started=$(date +%s)
      add_families $(( level - have )) true
      log "growth: $(( level - have )) live filler families added in $(( $(date +%s) - started )) s"
    fi
    have=$(live_families)
    for c in $connections; do
      refresh_measure "refresh, $(printf "%'d" "$level") live families" "$c" "$have live families at start"
      patch_last "{growth: {live_families: $have}}"
    done
  done
  growth_purge
}

patch_last() {
  # merges a jq object into the last record of runs.jsonl
  local tmp="$WORK/runs.tmp"
  jq -c -s "(.[:-1][]), (last + $1)" "$WORK/runs.jsonl" >"$tmp" && mv "$tmp" "$WORK/runs.jsonl"
}

# The hourly purge (HourlyPurge -> RefreshTokenService.purge -> RefreshFamilies.purgeExpired): its two statements, run
# here with psql while refresh is under load, over as many expired families as the largest level.
PURGE_SQL="delete from refresh_token where expires_at < now();
delete from refresh_family where absolute_expires_at < now()
  and not exists (select 1 from refresh_token t where t.family_id = refresh_family.id);"

purge_hook() {
  case "$1" in
    start)
      (
        started=$(date +%s%N)
        psql_db "$AUTH_DB" -c "$PURGE_SQL" >/dev/null
        echo $(( ($(date +%s%N) - started) / 1000000 )) >"$WORK/purge.ms"
      ) &
      PURGE_PID=$!
      ;;
    stop) ;;
  esac
}

growth_purge() {
  local expired c started
  expired=$(echo "$growth_levels" | tr ' ' '\n' | sort -n | tail -n 1)
  started=$(date +%s)
  add_families "$expired" false
  log "growth: $expired expired families added in $(( $(date +%s) - started )) s; purging them under load"
  c=$(echo "$connections" | cut -d' ' -f1)
  rm -f "$WORK/purge.ms"
  MEASURE_HOOK=purge_hook
  refresh_measure "refresh during purge of $(printf "%'d" "$expired") expired" "$c" ""
  MEASURE_HOOK=""
  local i
  # bounded wait for a purge slower than the run
  for (( i = 0; i < 1200; i++ )); do
    [ -f "$WORK/purge.ms" ] && break
    sleep 0.5
  done
  wait "$PURGE_PID" 2>/dev/null || true
  local purge_ms remaining
  purge_ms=$(cat "$WORK/purge.ms" 2>/dev/null || echo null)
  remaining=$(psql_db "$AUTH_DB" -c "select count(*) from refresh_family where absolute_expires_at < now()")
  log "growth: the purge took ${purge_ms} ms; $remaining expired families left"
  patch_last "{growth: {expired_families: $expired, purge_ms: $purge_ms, expired_left: $remaining,
    live_families: $(live_families)}}"
}

scenario_login() {
  local c
  for c in $connections; do
    measure login "login" auth-server "$AUTH_PID" "$AUTH_DB" "$c" login.lua "$ISSUER" "" \
      BENCH_USERS="$USERS" BENCH_PASSWORD="$USER_PASSWORD"
  done
}

scenario_jwks() {
  local c
  for c in $connections; do
    measure jwks "jwks" auth-server "$AUTH_PID" "$AUTH_DB" "$c" get.lua "$ISSUER/oauth2/jwks" ""
  done
}

scenario_people() {
  start_open_resource_server
  local open_person c token
  open_person=$(create_person "http://127.0.0.1:$OPEN_PORT" "")
  for c in $connections; do
    # a fresh token for each pair of runs (access tokens live 10 minutes); the open server gets the
    # very same header and ignores it
    token="Bearer $(client_token people:read)"
    measure people "GET /api/people/{id}" resource-server "$PEOPLE_PID" "$PEOPLE_DB" "$c" get.lua \
      "http://127.0.0.1:$PEOPLE_PORT/api/people/$PERSON_ID" "" BENCH_AUTH="$token"
    measure people_open "same, authorization off" resource-server-open "$OPEN_PID" "$PEOPLE_DB" "$c" get.lua \
      "http://127.0.0.1:$OPEN_PORT/api/people/$open_person" "" BENCH_AUTH="$token"
  done
  stop_server "$OPEN_PID"
}

# --- people_many and login_page (issue 17) ------------------------------------------------

# The resource server's hit and miss counters of its verified-token cache (resource.tokens.cache),
# read from /actuator/prometheus as "hits misses"
token_cache_counts() {
  curl -sf "http://127.0.0.1:$PEOPLE_PORT/actuator/prometheus" | awk '
    /^resource_tokens_cache_total\{/ && /result="hit"/ { hit = $NF }
    /^resource_tokens_cache_total\{/ && /result="miss"/ { miss = $NF }
    END { printf "%d %d\n", hit, miss }'
}

people_many_hook() {
  case "$1" in
    start) CACHE_BEFORE=$(token_cache_counts) ;;
    stop) CACHE_AFTER=$(token_cache_counts) ;;
  esac
}

# The protected GET with PEOPLE_MANY_USERS (default 1,500: more than the 1,000 tokens the resource
# server's verified-token cache holds by default) users' access tokens in rotation, each request the
# next token (bench/lua/people_many.lua). No open twin: its share is read against the open `people`
# figure of the same run at the same connections. The run's cache hits and misses (the server's own
# counters around the measured run) and the token count go into runs[].counted.
scenario_people_many() {
  local c hits misses
  many_user_tokens "${PEOPLE_MANY_USERS:-1500}"
  for c in $connections; do
    MEASURE_HOOK=people_many_hook
    measure people_many "GET /api/people/{id}, many users' tokens" resource-server "$PEOPLE_PID" "$PEOPLE_DB" "$c" \
      people_many.lua "http://127.0.0.1:$PEOPLE_PORT/api/people/$PERSON_ID" "" BENCH_TOKENS="$WORK/pool-many-access"
    MEASURE_HOOK=""
    read -r hits misses <<<"$(jq -rn --arg b "$CACHE_BEFORE" --arg a "$CACHE_AFTER" \
      '($a | split(" ") | map(tonumber)) as $x | ($b | split(" ") | map(tonumber)) as $y | "\($x[0] - $y[0]) \($x[1] - $y[1])"')"
    local tmp="$WORK/runs.tmp"
    jq -c -s --argjson hits "$hits" --argjson misses "$misses" --argjson tokens "$(pool_size "$WORK/pool-many-access")" \
      '(.[:-1][]), (last | .counted = ((.counted // {}) + {tokens: $tokens, cache_hits: $hits, cache_misses: $misses,
         cache_hit_pct: (if $hits + $misses > 0 then 100 * $hits / ($hits + $misses) else 0 end)}))' \
      "$WORK/runs.jsonl" >"$tmp" && mv "$tmp" "$WORK/runs.jsonl"
    log "  people_many c=$c: $hits cache hits, $misses misses"
  done
}

# The HTML sign-in page: GET /login on the auth-server (200, the form with its _csrf field)
scenario_login_page() {
  local c
  for c in $connections; do
    measure login_page "GET /login (sign-in page)" auth-server "$AUTH_PID" "$AUTH_DB" "$c" get.lua "$ISSUER/login" ""
  done
}
