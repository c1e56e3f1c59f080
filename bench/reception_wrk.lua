-- wrk script for the Reception check-in route (see bench/reception_bench.cc):
--   wrk -t4 -c32 -d10s -s bench/reception_wrk.lua http://127.0.0.1:8080/api/v1/reception/checkins \
--       -- <kiosk bearer credential>
-- Each request carries one walk-in check-in with a fresh ULID-shaped id, so none
-- is a replay. Compare the Requests/sec with wrk against nginx serving a static
-- file on the same machine (the issue's goal: ratio >= 0.5).
local alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
local credential = ""

function init(args)
  credential = args[1] or ""
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

local function ulid()
  local t = math.floor(os.time() * 1000)
  local out = ""
  for _ = 1, 10 do
    local i = t % 32
    out = alphabet:sub(i + 1, i + 1) .. out
    t = math.floor(t / 32)
  end
  for _ = 1, 16 do
    local i = math.random(0, 31)
    out = out .. alphabet:sub(i + 1, i + 1)
  end
  return out
end

function request()
  local body = '{"checkins":[{"id":"' .. ulid() ..
      '","walk_in":{"name_kana":"ベンチ","district":"本町","age_band":"40-49"}}]}'
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. credential,
  }, body)
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("status " .. status .. "\n")
  end
end
