-- Shared by every scenario (loaded with dofile): numbers each wrk thread, and at the end writes one
-- JSON object with wrk's summary, latency percentiles and whatever the scenario counted per thread
-- to $BENCH_OUT, for bench/run to read. Tokens and passwords never go into it.

bench = { threads = {}, counters = {} }

local next_id = 0

-- A scenario lists its per-thread counter globals here; done() sums them over the threads.
function bench.count(...)
  for _, name in ipairs({ ... }) do table.insert(bench.counters, name) end
end

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(bench.threads, thread)
  if bench.on_setup then bench.on_setup(thread) end
end

local function json(value)
  local kind = type(value)
  if kind == "table" then
    local parts = {}
    for k, v in pairs(value) do
      table.insert(parts, string.format("%q:%s", tostring(k), json(v)))
    end
    table.sort(parts)
    return "{" .. table.concat(parts, ",") .. "}"
  elseif kind == "string" then
    return string.format("%q", value)
  elseif kind == "number" then
    -- no requests leave NaN in the latency statistics; JSON has no NaN
    if value ~= value or value == math.huge or value == -math.huge then return "null" end
    return string.format("%.17g", value)
  elseif kind == "boolean" then
    return tostring(value)
  end
  return "null"
end

function done(summary, latency, requests)
  local counted = {}
  local statuses = {}
  for _, thread in ipairs(bench.threads) do
    for _, name in ipairs(bench.counters) do
      counted[name] = (counted[name] or 0) + (thread:get(name) or 0)
    end
    local seen = thread:get("statuses")
    if seen then
      for status, n in pairs(seen) do
        statuses[tostring(status)] = (statuses[tostring(status)] or 0) + n
      end
    end
  end
  if bench.on_done then bench.on_done(counted) end
  local e = summary.errors
  local result = {
    requests = summary.requests,
    duration_us = summary.duration,
    bytes = summary.bytes,
    errors = { connect = e.connect, read = e.read, write = e.write, status = e.status, timeout = e.timeout },
    latency_us = {
      min = latency.min, mean = latency.mean, max = latency.max, stdev = latency.stdev,
      p50 = latency:percentile(50), p90 = latency:percentile(90),
      p99 = latency:percentile(99), p999 = latency:percentile(99.9),
    },
    statuses = statuses,
    counted = counted,
  }
  local out = assert(io.open(assert(os.getenv("BENCH_OUT"), "BENCH_OUT not set"), "w"))
  out:write(json(result), "\n")
  out:close()
end

-- Per-thread status counts, for scripts that look at responses anyway.
statuses = {}
function bench.seen(status)
  statuses[status] = (statuses[status] or 0) + 1
end
