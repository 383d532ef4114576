#!/usr/bin/env bash
# Builds both servers and runs them on the embedded H2 database (data under ./data).
# Ctrl-C stops both. Settings come from the environment: see the README's settings table.
set -euo pipefail
cd "$(dirname "$0")"

./mvnw -q -B -DskipTests package

pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT INT TERM

java ${JAVA_OPTS:-} -jar auth-server/target/auth-server.jar --server.port="${AUTH_SERVER_PORT:-9000}" &
pids+=($!)
java ${JAVA_OPTS:-} -jar resource-server/target/resource-server.jar --server.port="${RESOURCE_SERVER_PORT:-8080}" &
pids+=($!)

echo "auth-server:     http://localhost:${AUTH_SERVER_PORT:-9000}  (discovery: /.well-known/openid-configuration)"
echo "resource-server: http://localhost:${RESOURCE_SERVER_PORT:-8080}  (people API: /api/people)"
echo "Demo client for client_credentials: demo-service / demo-service-secret-change-me"
# whichever stops first (or Ctrl-C) stops the other
wait -n "${pids[@]}"
