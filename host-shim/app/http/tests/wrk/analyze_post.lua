-- wrk script: POST /v1/analyze with a small C function (a native-engine analysis; the same body
-- every time, so after the first request each one is a result-cache hit in the plugin's L1).
wrk.method = "POST"
wrk.path = "/v1/analyze"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"content": "int f(int x) {\\n  if (x > 0)\\n    return x;\\n  for (int i = 0; i < x; ++i)\\n    x += i;\\n  return x;\\n}\\n", "language": "c", "path": "bench.c"}'

-- Percentiles in milliseconds; wrk reports "Non-2xx or 3xx responses" itself when there are any.
done = function(summary, latency, requests)
  io.write(string.format("p50 %.3f ms  p99 %.3f ms  p99.9 %.3f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000))
end
