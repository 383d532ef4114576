-- Scenario 3 and the refresh pool: first-party login with the refresh token in the body, cycling
-- through $BENCH_USERS users bench-user-0000@example.com ... (all with password $BENCH_PASSWORD).
-- With $BENCH_MINT = N it mints the refresh pool instead: each thread keeps the refresh tokens of
-- its successful logins, stops after its share of N, and done() appends them to $BENCH_POOL_OUT.
-- $BENCH_LOGIN_FORMAT = form (Keycloak's password grant): POST $BENCH_LOGIN_PATH with the form
-- $BENCH_LOGIN_FORM&username=...&password=... (e.g. grant_type=password&client_id=bench-spa).
dofile(os.getenv("BENCH_LUA") .. "/common.lua")

local users = tonumber(os.getenv("BENCH_USERS"))
local password = os.getenv("BENCH_PASSWORD")
local threads = tonumber(os.getenv("BENCH_THREADS"))
local mint = tonumber(os.getenv("BENCH_MINT") or "0")

local path = os.getenv("BENCH_LOGIN_PATH") or "/api/auth/login"
local form = (os.getenv("BENCH_LOGIN_FORMAT") or "json") == "form"
local form_fields = os.getenv("BENCH_LOGIN_FORM") or ""

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local headers = { ["Content-Type"] = form and "application/x-www-form-urlencoded" or "application/json" }
local encoded_password = urlencode(password)
local next_user

minted = {}
minted_count = 0
bench.count("minted_count")

function init(args)
  next_user = id
end

function request()
  local email = string.format("bench-user-%04d@example.com", next_user % users)
  next_user = next_user + threads
  local body
  if form then
    body = form_fields .. "&username=" .. urlencode(email) .. "&password=" .. encoded_password
  else
    body = string.format('{"email":"%s","password":"%s","refresh_token_delivery":"body"}', email, password)
  end
  return wrk.format("POST", path, headers, body)
end

function response(status, hdrs, body)
  bench.seen(status)
  if mint > 0 and status == 200 then
    local token = body:match('"refresh_token"%s*:%s*"([^"]+)"')
    if token then
      minted_count = minted_count + 1
      minted[minted_count] = token
    end
    -- this thread's share of the pool is complete
    if minted_count >= math.ceil(mint / threads) then wrk.thread:stop() end
  end
end

function bench.on_done(counted)
  if mint == 0 then return end
  local out = assert(io.open(assert(os.getenv("BENCH_POOL_OUT")), "a"))
  for _, thread in ipairs(bench.threads) do
    for _, token in ipairs(thread:get("minted")) do out:write(token, "\n") end
  end
  out:close()
end
