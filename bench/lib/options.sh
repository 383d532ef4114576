# shellcheck shell=bash
# Part of bench/run (sourced by it; not run on its own): the command line and what a run needs.
# usage (the --help text), the options' defaults and the fixed names (databases, bench client,
# number of users, PostgreSQL address from BENCH_PG_*), parse_args, wants (is a scenario selected)
# and require_tools (installs missing tools when root; finds java, jcmd, nproc, clock ticks).

usage() {
  cat <<'USAGE'
Usage: bench/run [options]
  --h2                    the embedded H2 database instead of PostgreSQL
  --duration N            measured seconds per run (default 20)
  --warmup N              warm-up seconds before each measured run (default 5)
  --jit-warmup N          once per scenario and server process, before its first warm-up: N more
                          seconds of load so the JIT has compiled the path (default 60; --quick 0)
  --no-restart            one auth-server for every scenario (default: a fresh one for each, so
                          memory and GC of one scenario do not carry over to the next)
  --connections "16 64"   connection counts, each scenario runs at every one
  --scenarios LIST        comma/space separated subset of:
                          client_credentials refresh client_refresh code_exchange growth login
                          login_page jwks people people_many (default: all)
  --quick                 smoke run: 3 s runs after 1 s warm-up, no JIT warm-up, short raw limits,
                          growth to 20,000
  --refresh-mode MODE     chain (default): each connection carries on the session its last refresh
                          issued; pool: only pre-minted tokens, one login per request (needs
                          --refresh-pool)
  --refresh-pool N        refresh tokens to mint by logins for --refresh-mode pool
  --growth "1000 1000000" live refresh families to measure refresh at (PostgreSQL only)
  --jdk DIR               JDK for the servers and the raw limits (default: the one ./run.sh picks,
                          bin/server-java: SERVER_JAVA, else a Java 25+ found, else java on the PATH)
  --java-opts "..."       JVM flags for the servers and the raw limits, after each server's own
                          <server>/jvm.options, so they win (default: $JAVA_OPTS)
  --jvm-defaults          leave out <server>/jvm.options: the JVM's own defaults (as the baseline ran)
  --wait-idle MINUTES     first wait (at most that long) until the machine has been idle for 15 s
                          (under 20 % busy), so a shared machine's build does not skew the figures
  --note TEXT             a remark stored with the results (e.g. "machine shared with a build")
  --profile               record each measured run with JDK Flight Recorder (bench/.work/profiles:
                          the .jfr and the hottest methods, self and inclusive)
  --keep-db               leave the databases bench_auth and bench_people in place for a look
                          (default: dropped at the end; every run drops and creates them first)
  --skip-build            use the jars already in */target
  --keycloak              also Keycloak 26.7.3 in the same run, after our servers have stopped: the
                          selected scenarios it has an equivalent for (client_credentials,
                          client_refresh (also for refresh), code_exchange, login, jwks, login_page)
                          on the same PostgreSQL; its distribution is cached in bench/.keycloak
                          (or $BENCH_KEYCLOAK_CACHE), downloaded from Maven Central when absent
  --keycloak-jdk DIR      JDK >= 21 for Keycloak (default /usr/lib/jvm/temurin-25-jdk-amd64)
  --keycloak-connections "16"
                          connection counts of Keycloak's runs (default: those of --connections);
                          fewer make the run shorter, the comparison is per connection count
  --no-save               print the table but write nothing under bench/results
USAGE
}

ALL_SCENARIOS="client_credentials refresh client_refresh code_exchange growth login login_page jwks people people_many"

database=postgres
duration=20
warmup=5
jit_warmup=60
restart=true
connections="16 64"
scenarios="$ALL_SCENARIOS"
refresh_mode=chain
refresh_pool=0
growth_levels="1000 1000000"
jdk=""
java_opts="${JAVA_OPTS:-}"
jvm_options=true
note=""
build=true
save=true
profile=false
keep_db=false
keycloak=false
keycloak_jdk=""
keycloak_connections=""
wait_idle=0
# argon2's loops need far longer than RSA's before C2 has compiled them: with 3 s the hash rate
# came out at half of what a warm JVM does (18 against 30 hashes/s on one thread)
raw_warmup=20
raw_seconds=3

PG_HOST="${BENCH_PG_HOST:-127.0.0.1}"
PG_PORT="${BENCH_PG_PORT:-5432}"
PG_USER="${BENCH_PG_USER:-postgres}"
AUTH_DB=bench_auth
PEOPLE_DB=bench_people

BENCH_CLIENT_ID=bench-service
BENCH_PUBLIC_CLIENT_ID=bench-spa
BENCH_REDIRECT_URI=http://127.0.0.1:1/callback
# the public client's scope: no openid, so neither the code exchange nor its refresh signs an ID
# token, and a refresh signs what the first-party one does (access + refresh token)
BENCH_PUBLIC_SCOPE=people:read
USERS=16

seconds_of() {
  # "20", "20s" or "2m" to whole seconds
  local value=$1
  case "$value" in
    *m) echo $(( ${value%m} * 60 )) ;;
    *s) echo "${value%s}" ;;
    *) echo "$value" ;;
  esac
}

parse_args() {
  local quick=false explicit_duration="" explicit_warmup="" explicit_growth="" explicit_jit=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --h2) database=h2 ;;
      --duration) explicit_duration=$(seconds_of "$2"); shift ;;
      --warmup) explicit_warmup=$(seconds_of "$2"); shift ;;
      --jit-warmup) explicit_jit=$(seconds_of "$2"); shift ;;
      --no-restart) restart=false ;;
      --connections) connections=$2; shift ;;
      --scenarios) scenarios=${2//,/ }; shift ;;
      --quick) quick=true ;;
      --refresh-mode) refresh_mode=$2; shift ;;
      --refresh-pool) refresh_pool=$2; shift ;;
      --growth) explicit_growth=$2; shift ;;
      --jdk) jdk=$2; shift ;;
      --java-opts) java_opts=$2; shift ;;
      --jvm-defaults) jvm_options=false ;;
      --note) note=$2; shift ;;
      --skip-build) build=false ;;
      --profile) profile=true ;;
      --keep-db) keep_db=true ;;
      --keycloak) keycloak=true ;;
      --keycloak-jdk) keycloak_jdk=$2; shift ;;
      --keycloak-connections) keycloak_connections=$2; shift ;;
      --wait-idle) wait_idle=$2; shift ;;
      --no-save) save=false ;;
      -h|--help) usage; exit 0 ;;
      *) usage >&2; die "unknown option $1" ;;
    esac
    shift
  done
  if [ "$quick" = true ]; then
    duration=3 warmup=1 jit_warmup=0 raw_warmup=1 raw_seconds=1 growth_levels="1000 20000"
  fi
  jit_warmup=${explicit_jit:-$jit_warmup}
  duration=${explicit_duration:-$duration}
  warmup=${explicit_warmup:-$warmup}
  growth_levels=${explicit_growth:-$growth_levels}
  QUICK=$quick
  local s
  for s in $scenarios; do
    # login_page may run on Keycloak alone (KEYCLOAK_SCENARIOS in keycloak.sh)
    [[ " $ALL_SCENARIOS login_page " == *" $s "* ]] || die "unknown scenario $s (known: $ALL_SCENARIOS)"
  done
  [[ "$duration" =~ ^[0-9]+$ && "$duration" -gt 0 && "$warmup" =~ ^[0-9]+$ && "$jit_warmup" =~ ^[0-9]+$ ]] \
    || die "bad --duration, --warmup or --jit-warmup"
  for s in $connections; do [[ "$s" =~ ^[0-9]+$ && "$s" -gt 0 ]] || die "bad --connections $connections"; done
  keycloak_connections=${keycloak_connections:-$connections}
  for s in $keycloak_connections; do
    [[ "$s" =~ ^[0-9]+$ && "$s" -gt 0 ]] || die "bad --keycloak-connections $keycloak_connections"
  done
  if [ "$keycloak" = true ] && [ "$database" != postgres ]; then die "--keycloak runs on PostgreSQL only"; fi
  case "$refresh_mode" in
    chain) ;;
    pool) [ "$refresh_pool" -gt 0 ] || die "--refresh-mode pool needs --refresh-pool N" ;;
    *) die "--refresh-mode is chain or pool" ;;
  esac
}

wants() { [[ " $scenarios " == *" $1 "* ]]; }

# --- tools ------------------------------------------------------------------------------------

require_tools() {
  local missing=() tool
  for tool in wrk jq curl openssl unzip flock; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  if [ "$database" = postgres ]; then
    command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    # Debian's packages carry all of them (flock is in util-linux); install only when we may
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      log "installing ${missing[*]} from Debian's packages"
      apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 \
        || { apt-get update -q >/dev/null && apt-get install -y -q "${missing[@]}" >/dev/null; } \
        || die "could not install ${missing[*]}"
    else
      die "missing tools: ${missing[*]} (apt-get install ${missing[*]})"
    fi
  fi
  # without --jdk, the java ./run.sh starts the servers on (bin/server-java)
  if [ -n "$jdk" ]; then JAVA=$jdk/bin/java; else JAVA=$("$ROOT/bin/server-java"); fi
  command -v "$JAVA" >/dev/null 2>&1 || die "no java at $JAVA"
  JAVA_HOME_USED=$(dirname "$(dirname "$(readlink -f "$(command -v "$JAVA")")")")
  JCMD="$JAVA_HOME_USED/bin/jcmd"
  NPROC=$(nproc)
  CLK_TCK=$(getconf CLK_TCK)
}
