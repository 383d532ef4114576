-- Scenario 1: the client_credentials grant at /oauth2/token, client_secret_basic. One fixed request,
-- so wrk sends it without calling into Lua. $BENCH_AUTH holds "Basic <base64 id:secret>";
-- $BENCH_TOKEN_PATH the token endpoint when not /oauth2/token (Keycloak's).
dofile(os.getenv("BENCH_LUA") .. "/common.lua")

wrk.method = "POST"
wrk.path = os.getenv("BENCH_TOKEN_PATH") or "/oauth2/token"
wrk.body = "grant_type=client_credentials&scope=people:read"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = os.getenv("BENCH_AUTH")
