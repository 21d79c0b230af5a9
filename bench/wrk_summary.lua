-- wrk: one machine-readable line with the 50th and 95th percentiles (wrk's own report has
-- no 95th). bench/load.py reads it. Errors are socket errors and answers of 400 or more.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK requests=%d duration_us=%d p50_us=%d p95_us=%d errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    e.connect + e.read + e.write + e.status + e.timeout))
end
