-- Prints wrk's summary as one JSON line: requests per second and latency percentiles in ms.
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"requests": %d, "non_2xx": %d, "errors": %d, "rps": %.1f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f}\n',
    summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout,
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
