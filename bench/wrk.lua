-- wrk script of `./laoxiao bench`: one endpoint (the URL given to wrk) per run, set up by the environment.
--   BENCH_KIND    get | made | register | enrol | service ("made": a GET whose query ends in a
--                 number no request had before, so that a kept page is never found and every
--                 answer is made afresh)
--   BENCH_EXPECT  the status every response must have (200, or 303 for a successful POST)
--   BENCH_COOKIE  Cookie header (the CSRF cookie; the staff session)
--   BENCH_CSRF    the form token that goes with that cookie
--   BENCH_OFFSET  first index of this run: POSTs made by earlier runs are not made again
--   BENCH_THREADS wrk's -t, so that indexes of the threads never meet
--   register: BENCH_TOWNSHIP, BENCH_VILLAGE; enrol: BENCH_VILLAGE, BENCH_CLASSES (ids, comma-separated:
--            enrolments go to each class by turn, as a county's do; each class's seats are locked in turn);
--   service: BENCH_ELDERS and BENCH_VOLUNTEERS (20 ids each, comma-separated, paired by position),
--            BENCH_TYPE, BENCH_TODAY (YYYY-MM-DD, Beijing), BENCH_DAYS (how far back a slot may go)
-- Every POST carries fresh values: a valid ID number and phone that nobody has, or a time slot in
-- which neither the elder nor the volunteer is busy. done() prints one line, "BENCH {json}", whose
-- next_offset is where a later run must start.

local env = os.getenv
local kind = env("BENCH_KIND") or "get"
local expect = tonumber(env("BENCH_EXPECT") or "200")
local offset = tonumber(env("BENCH_OFFSET") or "0")
local nthreads = tonumber(env("BENCH_THREADS") or "1")
local cookie = env("BENCH_COOKIE") or ""
local csrf = env("BENCH_CSRF") or ""

local threads = {}

function setup(thread)
   thread:set("tid", #threads)
   table.insert(threads, thread)
end

local function urlencode(s)
   return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", c:byte()) end))
end

local function form(fields)
   local out = {}
   for _, kv in ipairs(fields) do
      table.insert(out, urlencode(kv[1]) .. "=" .. urlencode(kv[2]))
   end
   return table.concat(out, "&")
end

-- GB 11643: 17 digits and their check character.
local weights = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 }
local checks = "10X98765432"
local function id_number(n)
   local born = os.time({ year = 1960, month = 1, day = 1, hour = 12 }) + math.floor(n / 1000) * 86400
   local body = "511921" .. os.date("%Y%m%d", born) .. string.format("%03d", n % 1000)
   local sum = 0
   for i = 1, 17 do
      sum = sum + tonumber(body:sub(i, i)) * weights[i]
   end
   local c = sum % 11 + 1
   return body .. checks:sub(c, c)
end

local function split(s)
   local out = {}
   for v in (s or ""):gmatch("[^,]+") do table.insert(out, v) end
   return out
end

local elders, volunteers = split(env("BENCH_ELDERS")), split(env("BENCH_VOLUNTEERS"))
local classes = split(env("BENCH_CLASSES"))
local today = env("BENCH_TODAY") or "2026-01-01"
local days = tonumber(env("BENCH_DAYS") or "28")

local function minus_days(ymd, d)
   local y, m, dd = ymd:match("(%d+)-(%d+)-(%d+)")
   local t = os.time({ year = tonumber(y), month = tonumber(m), day = tonumber(dd), hour = 12 })
   return os.date("%Y-%m-%d", t - d * 86400)
end

local function hhmm(minutes)
   return string.format("%02d:%02d", math.floor(minutes / 60), minutes % 60)
end

-- The n-th free slot: pair (elder, volunteer) by turn, then a day back, then ten minutes later.
local function service_body(n)
   local pairs_n = #volunteers
   local pair = n % pairs_n + 1
   local day = math.floor(n / pairs_n) % days
   local slot = math.floor(n / (pairs_n * days))
   assert(slot < 96, "bench: out of free service slots")
   local start = 6 * 60 + slot * 10
   return form({ { "csrf", csrf }, { "elder", elders[pair] }, { "service_type", env("BENCH_TYPE") },
                 { "volunteer", volunteers[pair] }, { "date", minus_days(today, day) },
                 { "start", hhmm(start) }, { "end", hhmm(start + 10) }, { "note", "压测" } })
end

local function body_for(n)
   if kind == "register" then
      return form({ { "csrf", csrf }, { "name", "压测报名" }, { "id_number", id_number(n) },
                    { "phone", string.format("139%08d", n) }, { "township", env("BENCH_TOWNSHIP") },
                    { "village", env("BENCH_VILLAGE") }, { "address", "3组12号" },
                    { "skills", "meal" }, { "availability", "weekend" }, { "consent", "yes" } })
   elseif kind == "enrol" then
      return form({ { "csrf", csrf }, { "name", "压测家长" }, { "phone", string.format("158%08d", n) },
                    { "relationship", "grandparent" }, { "village", env("BENCH_VILLAGE") },
                    { "child_age_group", "6-12" }, { "left_behind", "yes" }, { "consent", "yes" } })
   elseif kind == "service" then
      return service_body(n)
   end
   return nil
end

sent = 0  -- requests this thread made; a global, so that done() can read it

function init(args)
   ok, bad, badlist = 0, 0, ""
   seen_bad = {}
end

function request()
   local headers = { ["Cookie"] = cookie }
   local n = offset + tid + nthreads * sent
   sent = sent + 1
   local body = body_for(n)
   if kind == "made" then
      return wrk.format("GET", wrk.path .. "&made=" .. n, headers)
   end
   if body == nil then
      return wrk.format("GET", nil, headers)
   end
   headers["Content-Type"] = "application/x-www-form-urlencoded"
   if kind == "enrol" then
      return wrk.format("POST", "/classes/" .. classes[n % #classes + 1], headers, body)
   end
   return wrk.format("POST", nil, headers, body)
end

function response(status, headers, body)
   if status == expect then
      ok = ok + 1
   else
      bad = bad + 1
      if not seen_bad[status] then
         seen_bad[status] = true
         badlist = badlist .. (badlist == "" and "" or ",") .. status
         -- The first answer of each unexpected status, for the log: its messages, or its start.
         local said = {}
         for m in (body or ""):gmatch('class="error"[^>]*>([^<]*)<') do table.insert(said, m) end
         io.stderr:write("bench: unexpected ", status, ": ",
            #said > 0 and table.concat(said, " | ") or (body or ""):sub(1, 300), "\n")
      end
   end
end

function done(summary, latency, requests)
   local ok_all, bad_all, statuses, most = 0, 0, {}, 0
   for _, t in ipairs(threads) do
      most = math.max(most, t:get("sent"))
      ok_all = ok_all + t:get("ok")
      bad_all = bad_all + t:get("bad")
      local b = t:get("badlist")
      if b ~= "" then table.insert(statuses, b) end
   end
   local e = summary.errors
   io.write(string.format(
      'BENCH {"requests":%d,"ok":%d,"bad":%d,"bad_statuses":"%s","socket_errors":%d,' ..
      '"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,"next_offset":%d}\n',
      summary.requests, ok_all, bad_all, table.concat(statuses, ","),
      e.connect + e.read + e.write + e.timeout, summary.duration / 1e6,
      summary.requests / (summary.duration / 1e6),
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, offset + nthreads * most))
end
