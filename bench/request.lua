-- wrk script for bench/run.sh scenarios that need more than a plain GET.
-- run.sh passes the request through the environment:
--   BENCH_METHOD   HTTP method (default GET)
--   BENCH_BODY     request body (default none)
--   BENCH_HEADERS  extra headers, "Name: value" pairs separated by "\n" or ";"
-- A scenario with per-request logic (tokens, ids) can name its own .lua file
-- in the scenario table instead of this one.

wrk.method = os.getenv("BENCH_METHOD") or "GET"

local body = os.getenv("BENCH_BODY")
if body and body ~= "" then
  wrk.body = body
end

local headers = os.getenv("BENCH_HEADERS") or ""
for line in headers:gmatch("[^;\n]+") do
  local name, value = line:match("^%s*([^:]-)%s*:%s*(.-)%s*$")
  if name and name ~= "" then
    wrk.headers[name] = value
  end
end
