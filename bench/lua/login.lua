-- Scenario 3 and the refresh pool: first-party login with the refresh token in the body, cycling
-- through $BENCH_USERS users bench-user-0000@example.com ... (all with password $BENCH_PASSWORD).
-- With $BENCH_MINT = N it mints the refresh pool instead: each thread keeps the refresh tokens of
-- its successful logins, stops after its share of N, and done() appends them to $BENCH_POOL_OUT.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")

local users = tonumber(os.getenv("BENCH_USERS"))
local password = os.getenv("BENCH_PASSWORD")
local threads = tonumber(os.getenv("BENCH_THREADS"))
local mint = tonumber(os.getenv("BENCH_MINT") or "0")

local headers = { ["Content-Type"] = "application/json" }
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
  local body = string.format('{"email":"%s","password":"%s","refresh_token_delivery":"body"}', email, password)
  return wrk.format("POST", "/api/auth/login", headers, body)
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
