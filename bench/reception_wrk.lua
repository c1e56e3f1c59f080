-- wrk script for the Reception check-in route (bench/reception_vs_nginx.sh runs it):
--   wrk -t2 -c8 -d10s -s bench/reception_wrk.lua http://127.0.0.1:8080/api/v1/reception/checkins \
--       -- <kiosk bearer credential> [FILE]
-- Each request carries one walk-in check-in with an id no other request of the
-- run has (thread number + counter), so none is a replay. A check-in is
-- acknowledged when the answer is 200 with outcome "checked_in"; done() prints
-- "sent N" (ids made), "acknowledged N" and "not_acknowledged N", and each
-- thread writes the ids it saw acknowledged to FILE.<thread number> (when FILE
-- is given), one per line, so the caller can check that each one is stored.
local alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
local threads = {}

-- setup() runs in the main Lua state once per thread, before init().
function setup(thread)
  thread:set("thread_number", #threads)
  table.insert(threads, thread)
end

local function base32(n, width)
  local out = ""
  for _ = 1, width do
    local i = n % 32
    out = alphabet:sub(i + 1, i + 1) .. out
    n = math.floor(n / 32)
  end
  return out
end

local credential = ""
local prefix = ""
local id_file = nil
-- Globals, so that done() can read them from each thread.
sent = 0
acknowledged = 0
not_acknowledged = 0

function init(args)
  credential = args[1] or ""
  if args[2] and args[2] ~= "" then
    id_file = io.open(args[2] .. "." .. thread_number, "w")
    id_file:setvbuf("line")  -- wrk never closes a thread's Lua state
  end
  -- A ULID: 10 characters of time, then 16 of "randomness", here the thread
  -- number (2) and a per-run salt (4) before the counter (10).
  math.randomseed(os.time() + thread_number)
  prefix = base32(os.time() * 1000, 10) .. base32(thread_number, 2) .. base32(math.random(0, 32 ^ 4 - 1), 4)
end

function request()
  sent = sent + 1
  local body = '{"checkins":[{"id":"' .. prefix .. base32(sent, 10) ..
      '","walk_in":{"name_kana":"ベンチ","district":"本町","age_band":"40-49"}}]}'
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. credential,
  }, body)
end

function response(status, headers, body)
  if status == 200 and body:find('"outcome":"checked_in"', 1, true) then
    acknowledged = acknowledged + 1
    if id_file then id_file:write(body:match('"id":"(%w+)"'), "\n") end
  else
    not_acknowledged = not_acknowledged + 1
    if not_acknowledged <= 3 then io.stderr:write("status " .. status .. ": " .. body:sub(1, 200) .. "\n") end
  end
end

function done(summary, latency, requests)
  local total, acked, refused = 0, 0, 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("sent")
    acked = acked + thread:get("acknowledged")
    refused = refused + thread:get("not_acknowledged")
  end
  io.write(string.format("sent %d\nacknowledged %d\nnot_acknowledged %d\n", total, acked, refused))
end
