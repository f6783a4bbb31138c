-- wrk script of bench/serving/run.sh: POSTs the file named by BODY as TYPE on every request, and at the end writes one
-- tab-separated line for summarise.py: responses, failures (non-2xx, connect/read/write errors, timeouts), seconds
-- measured (microseconds), the p50 and p99 response times (microseconds, exact: wrk keeps every sample).
local file = assert(io.open(os.getenv("BODY"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = os.getenv("TYPE")

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("wrk\t%d\t%d\t%d\t%d\t%d\n", summary.requests,
    errors.status + errors.connect + errors.read + errors.write + errors.timeout,
    summary.duration, latency:percentile(50), latency:percentile(99)))
end
