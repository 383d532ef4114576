-- Scenarios 4 and 5: a fixed GET (the path is in the URL), with $BENCH_AUTH as the Authorization
-- header when set, so the protected and the open resource server see the very same request.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")

local authorization = os.getenv("BENCH_AUTH")
if authorization and authorization ~= "" then
  wrk.headers["Authorization"] = authorization
end
