-- Scenario code_exchange: the authorization-code flow of a public client, minus the login. One
-- iteration is a pair: GET /oauth2/authorize (signed in by the AUTH_SESSION cookie $BENCH_COOKIE, PKCE
-- S256 with the fixed challenge $BENCH_CHALLENGE: each code is distinct all the same), answered 302 to
-- the redirect URI with the code, then POST /oauth2/token (grant_type=authorization_code, the code,
-- the redirect URI, client_id, code_verifier $BENCH_VERIFIER), answered 200 with the tokens (thrown
-- away).
-- wrk's Lua state is per thread, not per connection, and a connection asks for its next request
-- only when it can write, so the codes go through a per-thread queue: every 302 with a code puts it
-- at the back, and request() sends the oldest code waiting (a code is exchanged once, seconds at
-- most after it was issued, well within its 60 s) or, when none waits, a new authorize. The pairs
-- per thread stay balanced: each exchange needs one authorize before it.
-- Counted: authorized (302 with a code), exchanged (200 with an access token: the unit of the
-- scenario's req/s), redirect_without_code (a 3xx without a code: to the login page, or an error at
-- the redirect URI; wrk does not count 3xx as errors, bench/run adds these to the errors), other
-- (anything else, e.g. a 400: wrk counts those), codes_left (codes never exchanged when wrk stopped).
-- Other servers (Keycloak): $BENCH_AUTHORIZE_PATH and $BENCH_TOKEN_PATH instead of /oauth2/authorize
-- and /oauth2/token, $BENCH_COOKIE_HEADER (the whole Cookie header) instead of AUTH_SESSION=$BENCH_COOKIE.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local client_id = os.getenv("BENCH_CLIENT_ID")
local redirect_uri = urlencode(os.getenv("BENCH_REDIRECT_URI"))
local verifier = os.getenv("BENCH_VERIFIER")

local token_path = os.getenv("BENCH_TOKEN_PATH") or "/oauth2/token"
local authorize_path = (os.getenv("BENCH_AUTHORIZE_PATH") or "/oauth2/authorize") .. "?response_type=code&client_id=" .. urlencode(client_id)
  .. "&redirect_uri=" .. redirect_uri .. "&scope=" .. urlencode(os.getenv("BENCH_SCOPE"))
  .. "&state=bench&code_challenge=" .. os.getenv("BENCH_CHALLENGE") .. "&code_challenge_method=S256"
local authorize_headers = { ["Cookie"] = os.getenv("BENCH_COOKIE_HEADER") or ("AUTH_SESSION=" .. os.getenv("BENCH_COOKIE")) }
local token_headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
local token_prefix = "grant_type=authorization_code&redirect_uri=" .. redirect_uri
  .. "&client_id=" .. urlencode(client_id) .. "&code_verifier=" .. verifier .. "&code="

codes = {}
head, tail = 1, 0
authorized, exchanged, redirect_without_code, other = 0, 0, 0, 0
bench.count("authorized", "exchanged", "redirect_without_code", "other")

function request()
  if head <= tail then
    local code = codes[head]
    codes[head] = nil
    head = head + 1
    return wrk.format("POST", token_path, token_headers, token_prefix .. code)
  end
  return wrk.format("GET", authorize_path, authorize_headers)
end

function response(status, hdrs, body)
  bench.seen(status)
  local location = hdrs["Location"] or hdrs["location"]
  local code = status == 302 and location and location:match("[?&]code=([^&]+)")
  if code then
    authorized = authorized + 1
    tail = tail + 1
    codes[tail] = code
  elseif status == 200 and body:find('"access_token"', 1, true) then
    exchanged = exchanged + 1
  elseif status >= 300 and status < 400 then
    redirect_without_code = redirect_without_code + 1
  else
    other = other + 1
  end
end

function bench.on_done(counted)
  local left = 0
  for _, thread in ipairs(bench.threads) do
    left = left + (thread:get("tail") - thread:get("head") + 1)
  end
  counted.codes_left = left
end
