-- wrk script of bench/run_all.py: one benchmarked path, its requests read from the file that
-- the environment variable BENCH_WRK_CONFIG names (written by run_all.py), one per line:
--
--   method<TAB>GET                   the HTTP method of every request
--   header<TAB>Name<TAB>value        a header sent with every request (cookies, content type)
--   request<TAB>path<TAB>body        a request; each thread starts at its own place in the list
--                                    and takes them in turn (body: url-encoded, may be empty)
--   forwarded<TAB>1                  a new X-Forwarded-For address per request: every request
--                                    comes from "another citizen", as behind the province's
--                                    proxy, so the per-address lookup throttle does its real
--                                    work (a Redis read and write) without refusing the load
--   body_files<TAB>prefix<TAB>suffix  the body is prefix .. unique key .. suffix (the online
--                                    submission: a 1 MB multipart body, one idempotency key
--                                    per request)
--   expect_location<TAB>text         a response counts as wrong unless it is a redirect whose
--                                    Location contains text (a refused submission answers 400
--                                    or a redirect elsewhere)
--
-- done() prints one line "BENCH-JSON {...}" with the figures run_all.py reads.

local config_path = os.getenv("BENCH_WRK_CONFIG")
local method = "GET"
local headers = {}
local requests = {}
local forwarded = false
local prefix, suffix = nil, nil
local expect_location = nil

local function split(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do
    fields[#fields + 1] = field
  end
  return fields
end

local function slurp(path)
  local file = assert(io.open(path, "rb"))
  local content = file:read("*a")
  file:close()
  return content
end

for line in io.lines(config_path) do
  local f = split(line)
  if f[1] == "method" then
    method = f[2]
  elseif f[1] == "header" then
    headers[f[2]] = f[3]
  elseif f[1] == "request" then
    requests[#requests + 1] = { path = f[2], body = f[3] ~= "" and f[3] or nil }
  elseif f[1] == "forwarded" then
    forwarded = true
  elseif f[1] == "body_files" then
    prefix, suffix = slurp(f[2]), slurp(f[3])
  elseif f[1] == "expect_location" then
    expect_location = f[2]
  end
end

local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  math.randomseed(os.time() * 1000 + tid)
  counter = math.random(#requests)
  wrong = 0
end

function request()
  counter = counter + 1
  local chosen = requests[counter % #requests + 1]
  local sent = {}
  for name, value in pairs(headers) do
    sent[name] = value
  end
  if forwarded then
    sent["X-Forwarded-For"] = string.format(
      "10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254)
    )
  end
  local body = chosen.body
  if prefix then
    body = prefix .. string.format("bench-%d-%d-%d", tid, os.time(), counter) .. suffix
  end
  return wrk.format(method, chosen.path, sent, body)
end

if expect_location then
  function response(status, response_headers, body)
    local location = response_headers["Location"] or response_headers["location"] or ""
    if status ~= 302 or not string.find(location, expect_location, 1, true) then
      wrong = wrong + 1
    end
  end
end

function done(summary, latency, _requests)
  local wrong_total = 0
  for _, thread in ipairs(threads) do
    wrong_total = wrong_total + (tonumber(thread:get("wrong")) or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, '
      .. '"p99_us": %d, "max_us": %d, "mean_us": %.1f, "connect": %d, "read": %d, '
      .. '"write": %d, "status": %d, "timeout": %d, "wrong": %d, "bytes": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean, e.connect, e.read, e.write,
    e.status, e.timeout, wrong_total, summary.bytes
  ))
end
