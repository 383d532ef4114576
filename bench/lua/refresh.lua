-- The refresh scenarios (refresh, growth, client_refresh): first-party (POST /api/auth/refresh, JSON,
-- body delivery) or a public client's (POST /oauth2/token, form grant_type=refresh_token&client_id=...).
-- Every request presents a refresh token that is valid and has never been presented, and none is ever
-- sent twice:
--   * the pool ($BENCH_POOL, one token a line, minted by logins or by code exchanges) is split between
--     the threads (thread i takes lines i, i+T, ...), and each token taken is removed from the
--     thread's queue;
--   * with $BENCH_REFRESH_MODE = chain (the default) the token each 200 response issues joins the
--     queue, so a connection carries on a session as a real client does and the pool only has to
--     seed the connections; with "pool" only pool tokens are used (one login per request).
-- An empty queue is pool exhaustion: the request then carries no token (401/400, counted as an error
-- and in pool_exhausted), never a spent one. done() appends the tokens still unsent to
-- $BENCH_POOL_LEFT: they are fresh, and seed the next run.
-- The request: $BENCH_REFRESH_PATH (default /api/auth/refresh), $BENCH_REFRESH_FORMAT json (default:
-- {"refresh_token": ...}) or form (refresh_token=...&$BENCH_REFRESH_FORM, e.g.
-- grant_type=refresh_token&client_id=bench-spa; a refresh JWT is base64url and dots, nothing to encode).
dofile(os.getenv("BENCH_LUA") .. "/common.lua")

local pool_path = os.getenv("BENCH_POOL")
local threads = tonumber(os.getenv("BENCH_THREADS"))
local chain = (os.getenv("BENCH_REFRESH_MODE") or "chain") == "chain"

local path = os.getenv("BENCH_REFRESH_PATH") or "/api/auth/refresh"
local form = (os.getenv("BENCH_REFRESH_FORMAT") or "json") == "form"
local form_fields = os.getenv("BENCH_REFRESH_FORM") or ""

local headers, exhausted_body, body_of
if form then
  headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
  exhausted_body = form_fields
  local prefix = form_fields == "" and "refresh_token=" or form_fields .. "&refresh_token="
  body_of = function(token) return prefix .. token end
else
  headers = { ["Content-Type"] = "application/json" }
  exhausted_body = '{"refresh_token":null}'
  body_of = function(token) return '{"refresh_token":"' .. token .. '"}' end
end

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
    return wrk.format("POST", path, headers, exhausted_body)
  end
  local token = queue[head]
  queue[head] = nil
  if head <= pool_size then from_pool = from_pool + 1 else from_chain = from_chain + 1 end
  head = head + 1
  return wrk.format("POST", path, headers, body_of(token))
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
