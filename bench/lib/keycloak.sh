# shellcheck shell=bash
# Part of bench/run (sourced by it; not run on its own): Keycloak in the same run (--keycloak) and the
# start-up times of all three servers.
# keycloak_prepare (the distribution from Maven Central, SHA-1 checked, unpacked and built once into
# the cache; the JDK), keycloak_phase (after our servers have stopped: database bench_keycloak, the
# realm bench imported, then the selected scenarios against Keycloak with measure, a fresh Keycloak
# per scenario like ours), the Keycloak scenarios (kc_scenario_<name>), and timed_ready / startup_*
# (launch -> readiness 200 with a ms clock, into $WORK/startup.jsonl).

KC_VERSION=26.7.3
KC_CACHE=${BENCH_KEYCLOAK_CACHE:-$BENCH/.keycloak}
KC_DB=bench_keycloak
KC_REALM=bench
KC_DEFAULT_JDK=/usr/lib/jvm/temurin-25-jdk-amd64
# the scenarios that have a Keycloak equivalent; our refresh is compared with its client_refresh
KEYCLOAK_SCENARIOS="client_credentials client_refresh code_exchange login jwks login_page"
KC_OIDC=/realms/$KC_REALM/protocol/openid-connect

# --- start-up times -------------------------------------------------------------------------------

now_ms() { date +%s%3N; }

# startup_record SERVER MS MIGRATED: one launch -> ready; only starts on an already migrated database
# (MIGRATED=true) count in the results' startup medians
startup_record() {
  printf '{"server":"%s","s":%s,"migrated":%s}\n' "$1" "$(jq -n "$2 / 1000")" "$3" >>"$WORK/startup.jsonl"
  log "  $1 ready $(jq -n "$2 / 1000") s after launch"
}

# startup_phase: after our scenarios, on the migrated databases: a timed restart of the resource
# server, and one of the auth-server when no scenario restarted it
startup_phase() {
  log "start-up: restarting our servers on their migrated databases"
  if ! grep -q '"server":"auth-server".*"migrated":true' "$WORK/startup.jsonl" 2>/dev/null; then
    restart_auth_server
  fi
  stop_server "$PEOPLE_PID"
  start_resource_server
}

# --- the distribution ------------------------------------------------------------------------------

keycloak_prepare() {
  KC_JDK=${keycloak_jdk:-}
  if [ -z "$KC_JDK" ]; then
    [ -x "$KC_DEFAULT_JDK/bin/java" ] \
      || die "--keycloak needs a JDK >= 21 for Keycloak $KC_VERSION: none at $KC_DEFAULT_JDK, give one with --keycloak-jdk DIR"
    KC_JDK=$KC_DEFAULT_JDK
  fi
  local major
  major=$("$KC_JDK/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ { print $2 }')
  [[ "$major" =~ ^[0-9]+$ ]] && (( major >= 21 )) \
    || die "--keycloak-jdk $KC_JDK: Keycloak $KC_VERSION needs Java >= 21 (found '${major:-no java}')"
  local zip="$KC_CACHE/keycloak-quarkus-dist-$KC_VERSION.zip"
  local url="https://repo1.maven.org/maven2/org/keycloak/keycloak-quarkus-dist/$KC_VERSION/keycloak-quarkus-dist-$KC_VERSION.zip"
  KC_HOME="$KC_CACHE/keycloak-$KC_VERSION"
  mkdir -p "$KC_CACHE"
  if [ ! -f "$KC_HOME/.bench-unpacked" ]; then
    if [ ! -f "$zip.sha1" ]; then
      curl -sfL -o "$zip.sha1.tmp" "$url.sha1" || die "could not fetch $url.sha1"
      mv "$zip.sha1.tmp" "$zip.sha1"
    fi
    if [ ! -f "$zip" ]; then
      log "keycloak: downloading $url"
      curl -sfL -o "$zip.tmp" "$url" || die "could not download $url"
      mv "$zip.tmp" "$zip"
    fi
    local want got
    want=$(awk '{ print $1; exit }' "$zip.sha1")
    got=$(sha1sum "$zip" | cut -d' ' -f1)
    [ "$want" = "$got" ] || die "SHA-1 of $zip is $got, Maven Central says $want (delete it to download again)"
    rm -rf "$KC_HOME"
    unzip -q "$zip" -d "$KC_CACHE"
    touch "$KC_HOME/.bench-unpacked"
  fi
  # build-time options: baked into the distribution once (kc.sh build), start --optimized then skips it
  local build_opts="--db=postgres --health-enabled=true"
  if [ "$(cat "$KC_HOME/.bench-built" 2>/dev/null)" != "$build_opts" ]; then
    log "keycloak: kc.sh build $build_opts (once per cache; about a minute)"
    # shellcheck disable=SC2086 # build_opts is a list of options
    env -u JAVA_OPTS JAVA_HOME="$KC_JDK" "$KC_HOME/bin/kc.sh" build $build_opts >"$WORK/keycloak-build.log" 2>&1 \
      || { tail -n 30 "$WORK/keycloak-build.log" >&2; die "kc.sh build failed"; }
    echo "$build_opts" >"$KC_HOME/.bench-built"
  fi
  KC_JAVA_VERSION=$("$KC_JDK/bin/java" -version 2>&1 | tr '\n' ' ' | sed 's/ *$//')
}

# --- the Keycloak server ---------------------------------------------------------------------------

# the realm: bench/keycloak/bench-realm.json with the run's client secret and the bench users (their
# password) added; written into $WORK (mode 700) only for the import, and deleted once Keycloak is ready
keycloak_realm_file() {
  local out=$1 users
  users=$(jq -n --argjson n "$USERS" --arg password "$USER_PASSWORD" '
    [range(0; $n) | ("bench-user-" + (. | tostring | ("0000" + .)[-4:]) + "@example.com") as $email
     | {username: $email, email: $email, emailVerified: true, enabled: true,
        firstName: "Bench", lastName: "User",
        credentials: [{type: "password", value: $password, temporary: false}]}]')
  jq --arg secret "$CLIENT_SECRET" --argjson users "$users" \
    '.clients |= map(if .clientId == "bench-service" then . + {secret: $secret} else . end) | .users = $users' \
    "$BENCH/keycloak/bench-realm.json" >"$out"
}

# keycloak_start [--import-realm]: kc.sh start --optimized on the free ports. kc.sh stays as the
# parent of the JVM (it forwards TERM): KC_SCRIPT_PID is kc.sh, stopped with stop_server; KC_PID is
# the JVM, whose CPU and RSS are measured. Keycloak's own JVM defaults (kc.sh: G1, -Xms64m -Xmx512m outside a container): JAVA_OPTS
# of this shell is not passed on.
keycloak_start() {
  local -a extra=("$@")
  local started
  mkdir -p "$KC_HOME/data/import"
  started=$(now_ms)
  env -u JAVA_OPTS -u JAVA_OPTS_APPEND JAVA_HOME="$KC_JDK" \
    KC_DB_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$KC_DB" KC_DB_USERNAME="$PG_USER" \
    KC_DB_PASSWORD="${BENCH_PG_PASSWORD:-}" \
    KC_HTTP_ENABLED=true KC_HTTP_HOST=127.0.0.1 KC_HTTP_PORT="$KC_PORT" \
    KC_HTTP_MANAGEMENT_PORT="$KC_MGMT_PORT" KC_HOSTNAME_STRICT=false \
    "$KC_HOME/bin/kc.sh" start --optimized "${extra[@]+"${extra[@]}"}" >>"$WORK/keycloak.log" 2>&1 &
  KC_SCRIPT_PID=$!
  SERVER_PIDS+=("$KC_SCRIPT_PID")
  log "keycloak starting on 127.0.0.1:$KC_PORT, management $KC_MGMT_PORT (kc.sh pid $KC_SCRIPT_PID)"
  timed_ready keycloak "$KC_SCRIPT_PID" "http://127.0.0.1:$KC_MGMT_PORT/health/ready" "$started"
  KC_PID=$(ps -o pid= --ppid "$KC_SCRIPT_PID" | tr -d ' ' | head -n 1)
  if [ -z "$KC_PID" ] || [ ! -r "/proc/$KC_PID/status" ]; then die "keycloak: no JVM under kc.sh (pid $KC_SCRIPT_PID)"; fi
  # the JVM too, in case kc.sh does not pass TERM on in time (stop_process kills it after 30 s)
  SERVER_PIDS+=("$KC_PID")
}

keycloak_stop() {
  stop_server "$KC_SCRIPT_PID"
  stop_server "$KC_PID"
}

# timed_ready NAME PID URL STARTED_MS: wait (at most 300 s) for a 200 at URL, polling every 50 ms;
# sets READY_MS (launch -> first 200)
timed_ready() {
  local name=$1 pid=$2 url=$3 started=$4 deadline
  deadline=$(( $(now_ms) + 300000 ))
  while (( $(now_ms) < deadline )); do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 40 "$WORK/$name.log" >&2
      die "$name exited during startup (log: $WORK/$name.log)"
    fi
    if curl -sf -o /dev/null "$url"; then
      READY_MS=$(( $(now_ms) - started ))
      return
    fi
    sleep 0.05
  done
  tail -n 40 "$WORK/$name.log" >&2
  die "$name not ready after 300 s"
}

keycloak_restart() {
  keycloak_stop
  keycloak_start
  startup_record keycloak "$READY_MS" true
}

# keycloak_phase: everything Keycloak does in a run, after our servers have stopped
keycloak_phase() {
  local s first=true wanted=() started
  started=$(date +%s)
  for s in $KEYCLOAK_SCENARIOS; do
    if wants "$s" || { [ "$s" = client_refresh ] && wants refresh; }; then wanted+=("$s"); fi
  done
  if [ ${#wanted[@]} -eq 0 ]; then
    log "keycloak: none of the selected scenarios has a Keycloak equivalent"
    return
  fi
  psql_db postgres -c "drop database if exists $KC_DB with (force)" 2>/dev/null
  psql_db postgres -c "create database $KC_DB"
  KC_PORT=$(free_port)
  KC_MGMT_PORT=$(free_port)
  KC_URL="http://127.0.0.1:$KC_PORT"
  # the first start creates the schema and imports the realm (not a start-up figure)
  local realm="$KC_HOME/data/import/bench-realm.json"
  mkdir -p "$KC_HOME/data/import"
  chmod 700 "$KC_HOME/data/import"
  keycloak_realm_file "$realm"
  keycloak_start --import-realm
  rm -f "$realm"
  log "keycloak: schema created and realm $KC_REALM imported in $(jq -n "$READY_MS / 1000") s"
  startup_record keycloak "$READY_MS" false
  # Keycloak's hash check and a token: the realm works
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' -u "$BENCH_CLIENT_ID:$CLIENT_SECRET" \
    -d grant_type=client_credentials -d scope=people:read "$KC_URL$KC_OIDC/token") || true
  [ "$code" = 200 ] || die "keycloak: client_credentials of $BENCH_CLIENT_ID answered $code"
  KC_FLAGS=$("$KC_JDK/bin/jcmd" "$KC_PID" VM.flags 2>/dev/null | tail -n +2 | tr -s ' ' | sed 's/^ //') || KC_FLAGS="(jcmd failed)"
  KC_JVM_ARGS=$(tr '\0' '\n' <"/proc/$KC_PID/cmdline" | { grep -E '^-X|^-D(java|file)' || true; } | tr '\n' ' ' | sed 's/ $//')
  local saved_profile=$profile saved_connections=$connections
  # Keycloak runs without JFR (--profile is for our servers), at --keycloak-connections
  profile=false
  connections=$keycloak_connections
  for s in "${wanted[@]}"; do
    # a fresh Keycloak for every scenario, as ours (and always a fresh one after the import)
    if [ "$first" = true ] || [ "$restart" = true ]; then keycloak_restart; fi
    first=false
    log "keycloak scenario $s"
    "kc_scenario_$s"
  done
  profile=$saved_profile connections=$saved_connections
  keycloak_stop
  KC_PHASE_S=$(( $(date +%s) - started ))
  log "keycloak: its part took $KC_PHASE_S s"
  if [ "$keep_db" = false ]; then psql_db postgres -c "drop database if exists $KC_DB with (force)" 2>/dev/null; fi
}

# --- scenarios against Keycloak -------------------------------------------------------------------

# kc_measure SCENARIO LABEL C SCRIPT URL [VAR=value ...]
kc_measure() {
  local scenario=$1 label=$2 c=$3 script=$4 url=$5
  shift 5
  measure "$scenario" "Keycloak $label" keycloak "$KC_PID" "$KC_DB" "$c" "$script" "$url" "" "$@"
}

kc_scenario_client_credentials() {
  local c
  for c in $connections; do
    kc_measure client_credentials client_credentials "$c" client_credentials.lua "$KC_URL$KC_OIDC/token" \
      BENCH_TOKEN_PATH="$KC_OIDC/token" \
      BENCH_AUTH="Basic $(printf '%s:%s' "$BENCH_CLIENT_ID" "$CLIENT_SECRET" | base64 -w0)"
  done
}

# the public client's password grant (direct access grants), as a form: Keycloak's JSON-less login
KC_LOGIN_ENV=()
kc_login_env() {
  KC_LOGIN_ENV=(BENCH_LOGIN_PATH="$KC_OIDC/token" BENCH_LOGIN_FORMAT=form
    BENCH_LOGIN_FORM="grant_type=password&client_id=$BENCH_PUBLIC_CLIENT_ID&scope=people%3Aread")
}

# kc_mint_pool N: N refresh tokens of bench-spa by password grants into $WORK/pool-keycloak
kc_mint_pool() {
  local minted=${MINTED:-0} mint_seconds=${MINT_SECONDS:-0}
  kc_login_env
  MINT_URL=$KC_URL MINT_POOL_FILE="$WORK/pool-keycloak" MINT_ENV=("${KC_LOGIN_ENV[@]}")
  mint_pool "$1"
  MINT_URL="" MINT_POOL_FILE="" MINT_ENV=()
  # the results' pool figures are ours
  MINTED=$minted MINT_SECONDS=$mint_seconds
}

# refresh_token grant of the public client, chained (revokeRefreshToken: each token once)
kc_scenario_client_refresh() {
  local c
  REFRESH_SCENARIO=client_refresh REFRESH_POOL_FILE="$WORK/pool-keycloak" REFRESH_MINT=kc_mint_pool
  REFRESH_ENV=(BENCH_REFRESH_PATH="$KC_OIDC/token" BENCH_REFRESH_FORMAT=form
    BENCH_REFRESH_FORM="grant_type=refresh_token&client_id=$BENCH_PUBLIC_CLIENT_ID")
  REFRESH_SERVER=keycloak REFRESH_PID=$KC_PID REFRESH_DB=$KC_DB REFRESH_URL=$KC_URL
  REFRESH_RUN_MODE=chain
  seed_chain_pool
  for c in $connections; do
    refresh_measure "Keycloak client_refresh (public client, refresh_token grant)" "$c" ""
  done
  REFRESH_SERVER="" REFRESH_PID="" REFRESH_DB="" REFRESH_URL=""
  refresh_target first-party
}

kc_scenario_login() {
  local c
  kc_login_env
  for c in $connections; do
    kc_measure login "login (password grant)" "$c" login.lua "$KC_URL" \
      BENCH_USERS="$USERS" BENCH_PASSWORD="$USER_PASSWORD" "${KC_LOGIN_ENV[@]}"
  done
}

kc_scenario_jwks() {
  local c
  for c in $connections; do
    kc_measure jwks "jwks (certs)" "$c" get.lua "$KC_URL$KC_OIDC/certs"
  done
}

kc_pkce() {
  if [ -z "${PKCE_VERIFIER:-}" ]; then
    PKCE_VERIFIER=$(openssl rand -hex 32)
    PKCE_CHALLENGE=$(printf '%s' "$PKCE_VERIFIER" | openssl dgst -sha256 -binary | base64 -w0 | tr '+/' '-_' | tr -d '=')
  fi
}

kc_authorize_query() {
  local redirect
  redirect=$(jq -rn --arg v "$BENCH_REDIRECT_URI" '$v | @uri')
  echo "response_type=code&client_id=$BENCH_PUBLIC_CLIENT_ID&redirect_uri=$redirect&scope=people%3Aread&state=$1&code_challenge=$PKCE_CHALLENGE&code_challenge_method=S256"
}

# kc_cookies HEADERS: the name=value of every non-empty Set-Cookie in a curl -D file, as a Cookie header
kc_cookies() {
  { grep -i '^set-cookie:' "$1" || true; } | sed 's/^[^:]*: *//; s/;.*//' | tr -d '\r' \
    | { grep -v '=$' || true; } | paste -sd';' | sed 's/;/; /g'
}

# kc_browser_session: bench-user-0000 signs in through Keycloak's login form with curl (GET the
# authorize URL, POST the form to its action); KC_SSO_COOKIE is the Cookie header of the SSO session
# (KEYCLOAK_IDENTITY, KEYCLOAK_SESSION)
kc_browser_session() {
  kc_pkce
  local headers="$WORK/pool-kc-headers" page action code cookies
  # the cookies by hand, not by curl's jar: curl keeps no Secure cookie that came over http
  page=$(curl -sf -D "$headers" "$KC_URL$KC_OIDC/auth?$(kc_authorize_query login)") \
    || die "keycloak: GET of the login page failed"
  cookies=$(kc_cookies "$headers")
  action=$(grep -o '<form[^>]*id="kc-form-login"[^>]*>' <<<"$page" | grep -o 'action="[^"]*"' | sed 's/^action="//; s/"$//; s/&amp;/\&/g')
  [ -n "$action" ] || die "keycloak: the login page has no kc-form-login form"
  code=$(curl -s -o /dev/null -D "$headers" -w '%{http_code}' -H "Cookie: $cookies" \
    --data-urlencode "username=bench-user-0000@example.com" --data-urlencode "password=$USER_PASSWORD" \
    --data-urlencode "credentialId=" "$action")
  KC_SSO_COOKIE=$(kc_cookies "$headers" | tr ';' '\n' | sed 's/^ //' | grep '^KEYCLOAK_\(IDENTITY\|SESSION\)=' \
    | paste -sd';' | sed 's/;/; /g')
  rm -f "$headers"
  if [ "$code" != 302 ] || [[ "$KC_SSO_COOKIE" != *KEYCLOAK_IDENTITY=* ]]; then
    die "keycloak: sign-in through the login form failed (HTTP $code)"
  fi
  log "keycloak: signed in through its login form (one SSO session for the code flow)"
}

kc_scenario_code_exchange() {
  local c
  kc_browser_session
  RUN_UNIT=exchanged
  for c in $connections; do
    kc_measure code_exchange "code_exchange (authorize + token, per pair)" "$c" code_exchange.lua "$KC_URL" \
      BENCH_AUTHORIZE_PATH="$KC_OIDC/auth" BENCH_TOKEN_PATH="$KC_OIDC/token" BENCH_COOKIE_HEADER="$KC_SSO_COOKIE" \
      BENCH_CLIENT_ID="$BENCH_PUBLIC_CLIENT_ID" BENCH_REDIRECT_URI="$BENCH_REDIRECT_URI" \
      BENCH_SCOPE="$BENCH_PUBLIC_SCOPE" BENCH_CHALLENGE="$PKCE_CHALLENGE" BENCH_VERIFIER="$PKCE_VERIFIER"
  done
  RUN_UNIT=""
}

# the authorize URL without a session: Keycloak renders its login form (200 HTML)
kc_scenario_login_page() {
  local c
  kc_pkce
  for c in $connections; do
    kc_measure login_page "login page (authorize without session)" "$c" get.lua \
      "$KC_URL$KC_OIDC/auth?$(kc_authorize_query page)"
  done
}

# the meta.keycloak object of the results (null without --keycloak)
keycloak_meta() {
  if [ "$keycloak" != true ] || [ -z "${KC_HOME:-}" ]; then echo null; return; fi
  jq -n --arg version "$KC_VERSION" --arg java "${KC_JAVA_VERSION:-}" --arg jdk "$KC_JDK" \
    --arg flags "${KC_FLAGS:-}" --arg jvm_args "${KC_JVM_ARGS:-}" --argjson phase_s "${KC_PHASE_S:-null}" \
    --arg connections "$keycloak_connections" \
    '{version: $version, distribution: "org.keycloak:keycloak-quarkus-dist:\($version) (Maven Central)",
      jvm: {version: $java, home: $jdk, args: $jvm_args, vm_flags: $flags},
      config: "kc.sh build --db=postgres --health-enabled=true; start --optimized, http on 127.0.0.1, hostname-strict=false, database bench_keycloak; realm bench from bench/keycloak/bench-realm.json (argon2, revokeRefreshToken, refreshTokenMaxReuse 0)",
      connections: $connections, elapsed_s: $phase_s}'
}
