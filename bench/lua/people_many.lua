-- people_many: GET of one path (in the URL) with a different user's access token on each request,
-- from the file $BENCH_TOKENS (one token a line, each of another user). Every thread walks the whole
-- list from its own offset (thread i starts at i * n / threads) and sends the next token with each
-- request, so with more tokens than the resource server's verified-token cache holds, lookups miss
-- as they would for a service with many users. Tokens never go into the results.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")

local threads = tonumber(os.getenv("BENCH_THREADS"))
local tokens = {}

local file = assert(io.open(assert(os.getenv("BENCH_TOKENS"), "BENCH_TOKENS not set"), "r"))
for line in file:lines() do
  if line ~= "" then table.insert(tokens, "Bearer " .. line) end
end
file:close()
assert(#tokens > 0, "no tokens in BENCH_TOKENS")

local headers = {}
local position

function init(args)
  position = math.floor(id * #tokens / threads)
end

function request()
  position = position % #tokens + 1
  headers["Authorization"] = tokens[position]
  return wrk.format("GET", nil, headers)
end
