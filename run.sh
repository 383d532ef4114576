#!/usr/bin/env bash
# Builds both servers and the web app, and runs them: the servers on the embedded H2 database (data
# under ./data) with a demo admin and a demo user whose passwords are generated once into
# ./data/demo-credentials, the web app on its own origin (http://localhost:5173, the redirect URI the
# demo-web-app client is registered with). Ctrl-C stops all three. Settings come from the environment:
# see docs/settings.md. Needs a JDK 17+ (Java 25 preferred when found: below) and Node 20+ with npm (the web app's build).
set -euo pipefail
cd "$(dirname "$0")"

command -v npm >/dev/null 2>&1 || { echo "run.sh needs Node.js 20+ and npm for the web app (web-app/README.md)" >&2; exit 1; }
./mvnw -q -B -DskipTests package

# On the embedded default: a demo admin and a demo user, their passwords generated once (mode 600).
# Variables set by the caller win; with SPRING_DATASOURCE_URL set nothing is generated.
demo=false
if [ -z "${SPRING_DATASOURCE_URL:-}" ]; then
  demo=true
  mkdir -p data
  credentials=data/demo-credentials
  if [ ! -f "$credentials" ]; then
    (
      umask 077
      {
        echo "DEMO_ADMIN_EMAIL=admin@example.com"
        echo "DEMO_ADMIN_PASSWORD=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
        echo "DEMO_USER_EMAIL=user@example.com"
        echo "DEMO_USER_PASSWORD=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
      } > "$credentials"
    )
    chmod 600 "$credentials"
  fi
  # shellcheck disable=SC1090
  . "$credentials"
  export APP_BOOTSTRAP_ADMIN_EMAIL="${APP_BOOTSTRAP_ADMIN_EMAIL:-$DEMO_ADMIN_EMAIL}"
  export APP_BOOTSTRAP_ADMIN_PASSWORD="${APP_BOOTSTRAP_ADMIN_PASSWORD:-$DEMO_ADMIN_PASSWORD}"
  export APP_BOOTSTRAP_DEMOUSER_EMAIL="${APP_BOOTSTRAP_DEMOUSER_EMAIL:-$DEMO_USER_EMAIL}"
  export APP_BOOTSTRAP_DEMOUSER_PASSWORD="${APP_BOOTSTRAP_DEMOUSER_PASSWORD:-$DEMO_USER_PASSWORD}"
fi
# one setting for both servers: the issuer the auth server names itself is the one the resource
# server trusts (APP_ISSUER, its old name on the auth server, is still read here for now)
export APP_ISSUER_URI="${APP_ISSUER_URI:-${APP_ISSUER:-http://localhost:${AUTH_SERVER_PORT:-9000}}}"
unset APP_ISSUER

# The java that runs the servers: bin/server-java (SERVER_JAVA, else a Java 25+ found, else java)
java_version_of() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
server_java=$(bin/server-java)
java_version=$(java_version_of "$server_java")
echo "Servers run on $server_java (Java $java_version)" >&2
if [ "${java_version%%.*}" -lt 21 ] 2>/dev/null; then
  echo "Note: Java $java_version; Java 21+ (25 recommended) defends against slow clients (docs/slow-clients.md) and 25 starts faster" >&2
fi
launch=$(bin/prepare-server auth-server "$server_java")
mapfile -t auth_launch <<<"$launch"
launch=$(bin/prepare-server resource-server "$server_java")
mapfile -t resource_launch <<<"$launch"
# glibc's malloc keeps up to 8 arenas per core for the JVM's threads: two hold what they need
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"

auth_port="${AUTH_SERVER_PORT:-9000}"
resource_port="${RESOURCE_SERVER_PORT:-8080}"
# fixed: it is the origin of demo-web-app's registered redirect URIs (application.yml)
web_port=5173
# the web app calls the people API from its own origin: the resource server must allow it (CORS; the
# auth-server allows its registered public clients' origins by itself)
people_api_origin="${APP_CORS_ALLOWEDORIGINS_0:-http://localhost:$web_port}"

pids=()
watcher=
stop() {
  for pid in "${pids[@]}" $watcher; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT INT TERM

"$server_java" @auth-server/jvm.options ${JAVA_OPTS:-} "${auth_launch[@]}" --server.port="$auth_port" &
pids+=($!)
APP_CORS_ALLOWEDORIGINS_0="$people_api_origin" "$server_java" @resource-server/jvm.options ${JAVA_OPTS:-} "${resource_launch[@]}" --server.port="$resource_port" &
pids+=($!)
# the built app (web-app/dist) behind Vite's preview server, which also answers /config.json
(
  cd web-app
  WEBAPP_ISSUER="$APP_ISSUER_URI" WEBAPP_API_URL="http://localhost:$resource_port" \
    exec node node_modules/vite/bin/vite.js preview --host 127.0.0.1 --port "$web_port" --strictPort
) &
pids+=($!)

summary() {
  cat <<INFO
web app:         http://localhost:$web_port  (open this in a browser: Sign in)
auth-server:     http://localhost:$auth_port  (discovery: /.well-known/openid-configuration)
resource-server: http://localhost:$resource_port  (people API: /api/people)
Demo client: demo-service / demo-service-secret-change-me (client_credentials)
Demo app:    demo-web-app, public (authorization code + PKCE S256, refresh tokens), redirect http://localhost:$web_port/callback
INFO
  if [ "$demo" = true ]; then
    cat <<INFO
Demo admin:  $APP_BOOTSTRAP_ADMIN_EMAIL / $APP_BOOTSTRAP_ADMIN_PASSWORD
Demo user:   $APP_BOOTSTRAP_DEMOUSER_EMAIL / $APP_BOOTSTRAP_DEMOUSER_PASSWORD   (both kept in data/demo-credentials)
Log in:      curl -s -H 'Content-Type: application/json' -d '{"email":"$APP_BOOTSTRAP_DEMOUSER_EMAIL","password":"$APP_BOOTSTRAP_DEMOUSER_PASSWORD","refresh_token_delivery":"body"}' http://localhost:$auth_port/api/auth/login
INFO
  fi
}
summary

# once all three answer, print the summary again: the servers' start-up logs have buried it by then
answers() { curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; }
if command -v curl >/dev/null 2>&1; then
(
  for _ in $(seq 1 240); do
    if answers "http://localhost:$auth_port/actuator/health/readiness" \
      && answers "http://localhost:$resource_port/actuator/health/readiness" \
      && answers "http://localhost:$web_port/config.json"; then
      printf '\n==== ready ====\n'
      summary
      exit 0
    fi
    sleep 0.5
  done
  echo "Not all of auth-server, resource-server and the web app answered within 2 minutes: see the logs above" >&2
) &
watcher=$!
fi

# whichever stops first (or Ctrl-C) stops the others
wait -n "${pids[@]}"
