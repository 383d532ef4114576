#!/usr/bin/env bash
# Builds both servers and runs them on the embedded H2 database (data under ./data), with a demo
# admin and a demo user whose passwords are generated once into ./data/demo-credentials.
# Ctrl-C stops both. Settings come from the environment: see docs/settings.md.
set -euo pipefail
cd "$(dirname "$0")"

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

# Java 21+ (25 recommended) serves requests on virtual threads, which slow clients cannot exhaust;
# Java 17 runs too, with only the timeouts as that defence (docs/slow-clients.md)
java_version=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ "${java_version%%.*}" -lt 21 ] 2>/dev/null; then
  echo "Note: java $java_version on the PATH; Java 21+ (25 recommended) defends against slow clients: docs/slow-clients.md" >&2
fi

pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT INT TERM

java @auth-server/jvm.options ${JAVA_OPTS:-} -jar auth-server/target/auth-server.jar --server.port="${AUTH_SERVER_PORT:-9000}" &
pids+=($!)
java @resource-server/jvm.options ${JAVA_OPTS:-} -jar resource-server/target/resource-server.jar --server.port="${RESOURCE_SERVER_PORT:-8080}" &
pids+=($!)

port="${AUTH_SERVER_PORT:-9000}"
cat <<INFO
auth-server:     http://localhost:$port  (discovery: /.well-known/openid-configuration)
resource-server: http://localhost:${RESOURCE_SERVER_PORT:-8080}  (people API: /api/people)
Demo client: demo-service / demo-service-secret-change-me (client_credentials)
Demo app:    demo-web-app, public (authorization code + PKCE S256, refresh tokens), redirect http://localhost:5173/callback
INFO
if [ "$demo" = true ]; then
  cat <<INFO
Demo admin:  $APP_BOOTSTRAP_ADMIN_EMAIL / $APP_BOOTSTRAP_ADMIN_PASSWORD
Demo user:   $APP_BOOTSTRAP_DEMOUSER_EMAIL / $APP_BOOTSTRAP_DEMOUSER_PASSWORD   (both kept in data/demo-credentials)
Log in:      curl -s -H 'Content-Type: application/json' -d '{"email":"$APP_BOOTSTRAP_DEMOUSER_EMAIL","password":"$APP_BOOTSTRAP_DEMOUSER_PASSWORD","refresh_token_delivery":"body"}' http://localhost:$port/api/auth/login
INFO
fi
# whichever stops first (or Ctrl-C) stops the other
wait -n "${pids[@]}"
