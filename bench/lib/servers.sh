# shellcheck shell=bash
# Part of bench/run (sourced by it; not run on its own): the server processes.
# cleanup (the EXIT/INT/TERM trap), stopping processes, free ports, the <server>/jvm.options
# @argfile, start_server and await_ready (readiness), each server's datasource settings, and
# starting auth-server, resource-server and the open resource server (benchmark profile: no token check).

# --- processes ---------------------------------------------------------------------------------

SERVER_PIDS=()
SAMPLER_PID=""

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  # everything below runs whatever fails
  set +e
  if [ -n "$SAMPLER_PID" ]; then kill "$SAMPLER_PID" 2>/dev/null; fi
  if [ -n "${PURGE_PID:-}" ]; then kill "$PURGE_PID" 2>/dev/null; fi
  local pid
  for pid in "${SERVER_PIDS[@]+"${SERVER_PIDS[@]}"}"; do stop_process "$pid"; done
  # refresh tokens never outlive the run
  if [ -n "${WORK:-}" ]; then rm -f "$WORK"/pool*; fi
  exit "$status"
}

stop_process() {
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for (( i = 0; i < 60; i++ )); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.5
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

stop_server() {
  local pid=$1 kept=() p
  stop_process "$pid"
  for p in "${SERVER_PIDS[@]}"; do [ "$p" = "$pid" ] || kept+=("$p"); done
  SERVER_PIDS=("${kept[@]+"${kept[@]}"}")
}

USED_PORTS=" "
free_port() {
  local port i
  for (( i = 0; i < 200; i++ )); do
    # below the kernel's ephemeral ports (32768-60999 by default): a port that is the local end of a
    # connection (wrk's, PostgreSQL's) answers nothing but cannot be bound (a run died of that)
    port=$(( 10000 + RANDOM % 22000 ))
    [[ "$USED_PORTS" == *" $port "* ]] && continue
    # nothing answers there: free (a race with another program is possible but harmless: it fails fast)
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      USED_PORTS+="$port "
      echo "$port"
      return
    fi
  done
  die "no free port found"
}

# jvm_options_of JAR: the @argfile of the server the jar belongs to (<server>/target/x.jar ->
# <server>/jvm.options), as run.sh and the Docker images use it; nothing with --jvm-defaults
jvm_options_of() {
  if [ "$jvm_options" = true ]; then echo "@$(dirname "$(dirname "$1")")/jvm.options"; fi
}

# the flags of both jvm.options files, comments left out, for the results
jvm_options_summary() {
  if [ "$jvm_options" = false ]; then echo "none (--jvm-defaults)"; return; fi
  local server
  for server in auth-server resource-server; do
    printf '%s: %s; ' "$server" "$(sed 's/#.*//' "$ROOT/$server/jvm.options" | xargs)"
  done | sed 's/; $//'
}

# start_server NAME JAR PORT [VAR=value ...]: java in the background, its output in $WORK/NAME.log;
# sets STARTED_PID
start_server() {
  local name=$1 jar=$2 port=$3
  shift 3
  # shellcheck disable=SC2086 # java_opts is a list of flags
  if [ "$profile" = true ]; then mkdir -p "$WORK/profiles"; fi
  # as ./run.sh and the Docker images start it: MALLOC_ARENA_MAX=2, the extracted jar and, on Java
  # 25+, its AOT cache (bin/prepare-server); with --jvm-defaults the executable jar as it is
  local -a launch=(-jar "$jar")
  if [ "$jvm_options" = true ]; then mapfile -t launch < <(prepared_launch "$jar"); fi
  STARTED_AT_MS=$(now_ms)
  env MALLOC_ARENA_MAX=2 SERVER_PORT="$port" "$@" "$JAVA" $(jvm_options_of "$jar") $java_opts $(profile_flags) "${launch[@]}" \
    >>"$WORK/$name.log" 2>&1 &
  STARTED_PID=$!
  SERVER_PIDS+=("$STARTED_PID")
  log "$name starting on 127.0.0.1:$port (pid $STARTED_PID)"
}

# await_ready NAME PID PORT: readiness 200 (polled every 50 ms, see timed_ready in keycloak.sh);
# READY_MS is the time from start_server's launch to it
await_ready() {
  timed_ready "$1" "$2" "http://127.0.0.1:$3/actuator/health/readiness" "$STARTED_AT_MS"
  log "$1 ready ($(jq -n "$READY_MS / 1000") s)"
}

datasource_env() {
  # datasource_env NAME: the SPRING_DATASOURCE_* settings of one server
  if [ "$database" = postgres ]; then
    local db=$AUTH_DB
    [ "$1" = auth-server ] || db=$PEOPLE_DB
    echo "SPRING_DATASOURCE_URL=jdbc:postgresql://$PG_HOST:$PG_PORT/$db"
    echo "SPRING_DATASOURCE_USERNAME=$PG_USER"
    echo "SPRING_DATASOURCE_PASSWORD=${BENCH_PG_PASSWORD:-}"
  elif [ "$1" != auth-server ]; then
    echo "SPRING_DATASOURCE_URL=jdbc:h2:file:$WORK/h2/$1;MODE=PostgreSQL;DEFAULT_NULL_ORDERING=HIGH"
  fi
}

# prepared_launch JAR: bin/prepare-server's arguments for the server of JAR, kept after the first
# call (the extraction and the AOT training are done before any start is timed: start_servers)
declare -A PREPARED_LAUNCH=()
prepared_launch() {
  local server
  server=$(basename "$(dirname "$(dirname "$1")")")
  if [ -z "${PREPARED_LAUNCH[$server]:-}" ]; then
    PREPARED_LAUNCH[$server]=$("$ROOT/bin/prepare-server" "$server" "$JAVA") || die "bin/prepare-server $server failed"
  fi
  printf '%s\n' "${PREPARED_LAUNCH[$server]}"
}

start_servers() {
  if [ "$jvm_options" = true ]; then
    log "preparing the servers' launch (bin/prepare-server: extracted jars, the AOT cache on Java 25+)"
    prepared_launch "$ROOT/auth-server/target/auth-server.jar" >/dev/null
    prepared_launch "$ROOT/resource-server/target/resource-server.jar" >/dev/null
  fi
  AUTH_PORT=$(free_port)
  PEOPLE_PORT=$(free_port)
  ISSUER="http://127.0.0.1:$AUTH_PORT"
  start_auth_server
  start_resource_server
  SERVER_FLAGS=$("$JCMD" "$AUTH_PID" VM.flags 2>/dev/null | tail -n +2 | tr -s ' ' | sed 's/^ //') || SERVER_FLAGS="(jcmd failed)"
}

# The first start of each server creates its schema; every later one (restart_auth_server, the
# start-up phase) is a start on a migrated database and is recorded in $WORK/startup.jsonl
start_resource_server() {
  local -a people_env
  mapfile -t people_env < <(datasource_env resource-server)
  # the resource server is ready only once it can fetch the issuer's JWKS
  start_server resource-server "$ROOT/resource-server/target/resource-server.jar" "$PEOPLE_PORT" \
    APP_ISSUER_URI="$ISSUER" "${people_env[@]+"${people_env[@]}"}"
  PEOPLE_PID=$STARTED_PID
  await_ready resource-server "$PEOPLE_PID" "$PEOPLE_PORT"
  if [ "${PEOPLE_STARTS:-0}" -gt 0 ]; then startup_record resource-server "$READY_MS" true; fi
  PEOPLE_STARTS=$(( ${PEOPLE_STARTS:-0} + 1 ))
}

# A fresh auth-server on the same port, database and keys (the resource server's cached JWKS stays
# right): each scenario then starts from a small heap, and none inherits another's GC history.
restart_auth_server() {
  log "restarting auth-server for the next scenario"
  stop_server "$AUTH_PID"
  start_auth_server
}

# Two clients, in one list (any APP_CLIENTS_<i>_* replaces the whole configured list): the service
# bench-service (client_credentials, a secret) and the public client bench-spa (method none,
# authorization code with PKCE and refresh tokens; its redirect URI on port 1, where nothing listens:
# the code is read from the 302's Location, never followed)
start_auth_server() {
  local -a auth_env
  mapfile -t auth_env < <(datasource_env auth-server)
  start_server auth-server "$ROOT/auth-server/target/auth-server.jar" "$AUTH_PORT" \
    APP_ISSUER_URI="$ISSUER" APP_STORAGE_DATADIR="$WORK/h2" APP_KEYS_KEK="$KEK" \
    APP_CLIENTS_0_CLIENTID="$BENCH_CLIENT_ID" APP_CLIENTS_0_CLIENTSECRET="$CLIENT_SECRET" \
    APP_CLIENTS_0_SCOPES=people:read,people:write APP_CLIENTS_0_AUDIENCES=people-api \
    APP_CLIENTS_0_GRANTTYPES=client_credentials \
    APP_CLIENTS_0_AUTHENTICATIONMETHODS=client_secret_basic,client_secret_post \
    APP_CLIENTS_1_CLIENTID="$BENCH_PUBLIC_CLIENT_ID" APP_CLIENTS_1_AUTHENTICATIONMETHODS=none \
    APP_CLIENTS_1_GRANTTYPES=authorization_code,refresh_token \
    APP_CLIENTS_1_REDIRECTURIS="$BENCH_REDIRECT_URI" APP_CLIENTS_1_SCOPES=people:read \
    APP_CLIENTS_1_AUDIENCES=people-api APP_CLIENTS_1_REQUIRECONSENT=false \
    "${auth_env[@]+"${auth_env[@]}"}"
  AUTH_PID=$STARTED_PID
  await_ready auth-server "$AUTH_PID" "$AUTH_PORT"
  if [ "${AUTH_STARTS:-0}" -gt 0 ]; then startup_record auth-server "$READY_MS" true; fi
  AUTH_STARTS=$(( ${AUTH_STARTS:-0} + 1 ))
}

# the same build with the benchmark profile (SPRING_PROFILES_ACTIVE=benchmark, i.e.
# --spring.profiles.active=benchmark): the people API without any token check, the baseline of people_open
start_open_resource_server() {
  OPEN_PORT=$(free_port)
  local -a people_env
  mapfile -t people_env < <(datasource_env resource-server-open)
  start_server resource-server-open "$ROOT/resource-server/target/resource-server.jar" "$OPEN_PORT" \
    APP_ISSUER_URI="$ISSUER" SPRING_PROFILES_ACTIVE=benchmark "${people_env[@]+"${people_env[@]}"}"
  OPEN_PID=$STARTED_PID
  await_ready resource-server-open "$OPEN_PID" "$OPEN_PORT"
}
