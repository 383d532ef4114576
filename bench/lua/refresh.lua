-- Scenario 2: first-party refresh with body delivery. Every request presents a refresh token that
-- is valid and has never been presented, and none is ever sent twice:
--   * the pool ($BENCH_POOL, one token a line, minted by logins) is split between the threads
--     (thread i takes lines i, i+T, ...), and each token taken is removed from the thread's queue;
--   * with $BENCH_REFRESH_MODE = chain (the default) the token each 200 response issues joins the
--     queue, so a connection carries on a session as a real client does and the pool only has to
--     seed the connections; with "pool" only pool tokens are used (one login per request).
-- An empty queue is pool exhaustion: the request then carries no token (401, counted as an error
-- and in pool_exhausted), never a spent one. done() appends the tokens still unsent to
-- $BENCH_POOL_LEFT: they are fresh, and seed the next run.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")

local pool_path = os.getenv("BENCH_POOL")
local threads = tonumber(os.getenv("BENCH_THREADS"))
local chain = (os.getenv("BENCH_REFRESH_MODE") or "chain") == "chain"

local headers = { ["Content-Type"] = "application/json" }
local exhausted_body = '{"refresh_token":null}'

queue = {}
head, tail = 1, 0
pool_size = 0
from_pool, from_chain, pool_exhausted, issued = 0, 0, 0, 0
bench.count("from_pool", "from_chain", "pool_exhausted", "issued")

function init(args)
  local line_number = 0
  for line in io.lines(pool_path) do
    if line ~= "" then
      if line_number % threads == id then
        tail = tail + 1
        queue[tail] = line
      end
      line_number = line_number + 1
    end
  end
  pool_size = tail
end

function request()
  if head > tail then
    pool_exhausted = pool_exhausted + 1
    return wrk.format("POST", "/api/auth/refresh", headers, exhausted_body)
  end
  local token = queue[head]
  queue[head] = nil
  if head <= pool_size then from_pool = from_pool + 1 else from_chain = from_chain + 1 end
  head = head + 1
  return wrk.format("POST", "/api/auth/refresh", headers, '{"refresh_token":"' .. token .. '"}')
end

function response(status, hdrs, body)
  bench.seen(status)
  if chain and status == 200 then
    local token = body:match('"refresh_token"%s*:%s*"([^"]+)"')
    if token then
      issued = issued + 1
      tail = tail + 1
      queue[tail] = token
    end
  end
end

function bench.on_done(counted)
  local out = assert(io.open(assert(os.getenv("BENCH_POOL_LEFT")), "a"))
  local left = 0
  for _, thread in ipairs(bench.threads) do
    local q, h, t = thread:get("queue"), thread:get("head"), thread:get("tail")
    for i = h, t do
      if q[i] then
        out:write(q[i], "\n")
        left = left + 1
      end
    end
  end
  out:close()
  counted.pool_left = left
end
