-- wrk script for the reload bench: counts the responses each thread gets per 100 ms (2xx/3xx
-- apart from the rest) on the CLOCK_MONOTONIC time line, which is the clock Node's
-- process.hrtime reads, so the bench can place its reload signal on the same axis. wrk's Lua has
-- no clock finer than a second; LuaJIT's ffi reads clock_gettime directly.
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local BUCKET_MS = 100
local ts = ffi.new("bench_timespec")

local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  start_ms = now_ms()
  good = {}
  bad = {}
  last = 0
end

function response(status, headers, body)
  local b = math.floor((now_ms() - start_ms) / BUCKET_MS) + 1
  if b > last then last = b end
  if status >= 200 and status < 400 then
    good[b] = (good[b] or 0) + 1
  else
    bad[b] = (bad[b] or 0) + 1
  end
end

local function csv(t, n)
  local out = {}
  for i = 1, n do out[i] = tostring(t[i] or 0) end
  return table.concat(out, ",")
end

function done(summary, latency, requests)
  for _, t in ipairs(threads) do
    local n = t:get("last") or 0
    io.write(string.format("TIMELINE start=%.3f bucket=%d good=%s bad=%s\n",
      t:get("start_ms"), BUCKET_MS, csv(t:get("good") or {}, n), csv(t:get("bad") or {}, n)))
  end
end
