// SPDX-License-Identifier: MIT
#include "status_page.hpp"

namespace pmat::serve {
namespace {

// Values are inserted with textContent only: plugin-supplied strings never become markup.
constexpr std::string_view k_page = R"HTML(<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>pmat-host status</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d2330}
header{background:#1d2330;color:#fff;padding:10px 18px;display:flex;gap:18px;align-items:center}
header h1{font-size:17px;margin:0}
#conn{font-size:12px;padding:2px 8px;border-radius:9px;background:#555}
#conn.ok{background:#2e7d32}#conn.bad{background:#c62828}
main{display:grid;grid-template-columns:repeat(auto-fit,minmax(330px,1fr));gap:14px;padding:14px}
section{background:#fff;border-radius:6px;padding:10px 14px;box-shadow:0 1px 2px #0002;overflow-x:auto}
h2{font-size:14px;margin:0 0 8px;text-transform:uppercase;letter-spacing:.04em;color:#4a5568}
table{border-collapse:collapse;width:100%;font-size:13px}
td,th{text-align:left;padding:3px 6px;border-bottom:1px solid #e2e8f0;vertical-align:top}
th{color:#4a5568;font-weight:600}
.big{font-size:22px;font-weight:600}
.na{color:#a0aec0;font-style:italic}
.refused{color:#c62828}.swapped{color:#2e7d32}
button{background:#c62828;color:#fff;border:0;border-radius:4px;padding:6px 12px;cursor:pointer}
#kill-result{margin-left:8px}
code{font-size:12px;word-break:break-all}
</style></head>
<body>
<header><h1>pmat-host</h1><span id="conn">connecting</span><span id="updated"></span></header>
<main>
<section id="traffic"><h2>HTTP traffic</h2><table>
<tr><th>Request rate</th><td id="req-rate" class="na">not available</td></tr>
<tr><th>Errors (4xx / 5xx per s)</th><td id="err-rate" class="na">not available</td></tr>
<tr><th>Latency p50 / p99 (last interval)</th><td id="latency" class="na">not available</td></tr>
<tr><th>Requests total</th><td id="req-total" class="na">not available</td></tr>
<tr><th>In flight / connections</th><td id="in-flight" class="na">not available</td></tr>
<tr><th>Analysis slots busy / limit</th><td id="slots" class="na">not available</td></tr>
<tr><th>Queue waiting / limit (deepest)</th><td id="queue" class="na">not available</td></tr>
<tr><th>Queue wait p50 / p99 (last interval)</th><td id="queue-wait" class="na">not available</td></tr>
<tr><th>Refused: queue full / queue timeout</th><td id="saturated" class="na">not available</td></tr>
<tr><th>Uptime</th><td id="uptime" class="na">not available</td></tr>
</table></section>
<section id="plugin"><h2>Plugin generation</h2><table>
<tr><th>Generation</th><td><span id="gen-number" class="big na">not available</span></td></tr>
<tr><th>Plugin</th><td id="gen-plugin" class="na">not available</td></tr>
<tr><th>Version</th><td id="gen-version" class="na">not available</td></tr>
<tr><th>ABI</th><td id="gen-abi" class="na">not available</td></tr>
<tr><th>SHA-256</th><td><code id="gen-sha" class="na">not available</code></td></tr>
<tr><th>File</th><td><code id="gen-file" class="na">not available</code></td></tr>
<tr><th>Watching</th><td id="gen-watch" class="na">not available</td></tr>
<tr><th>Draining generations</th><td id="gen-draining" class="na">not available</td></tr>
</table></section>
<section id="reloads"><h2>Reload history</h2>
<table><thead><tr><th>When</th><th>Trigger</th><th>Outcome</th><th>Versions</th><th>Gen</th><th>ms</th><th>Reason</th></tr></thead>
<tbody id="reload-rows"><tr><td colspan="7" class="na">not available</td></tr></tbody></table></section>
<section id="engine"><h2>Analyses by engine</h2><table><tbody id="engine-rows">
<tr><td class="na">not available</td></tr></tbody></table></section>
<section id="cache"><h2>Cache hit rate per tier</h2><table><tbody id="cache-rows">
<tr><td class="na">not available</td></tr></tbody></table></section>
<section id="pool"><h2>Worker pool and breaker</h2><table><tbody id="pool-rows">
<tr><td class="na">not available</td></tr></tbody></table></section>
<section id="flags"><h2>Flags, rollout and auto-rollback</h2><table><tbody id="flag-rows">
<tr><td class="na">not available</td></tr></tbody></table>
<p><button id="kill">Kill switch</button><span id="kill-result"></span></p></section>
</main>
<script>
"use strict";
const NA = "not available";
let previous = null;

function set(id, value) {
  const el = document.getElementById(id);
  const missing = value === undefined || value === null || value === "";
  el.textContent = missing ? NA : String(value);
  el.classList.toggle("na", missing);
}

function row(cells, cls) {
  const tr = document.createElement("tr");
  for (const c of cells) {
    const td = document.createElement("td");
    td.textContent = c === undefined || c === null ? "" : String(c);
    tr.appendChild(td);
  }
  if (cls) tr.className = cls;
  return tr;
}

function fill(id, rows, width) {
  const body = document.getElementById(id);
  body.replaceChildren();
  if (rows.length === 0) {
    const tr = row([NA]);
    tr.firstChild.className = "na";
    tr.firstChild.colSpan = width || 1;
    body.appendChild(tr);
  }
  for (const r of rows) body.appendChild(r);
}

// "name{a=\"x\",b=\"y\"}" -> {name, labels}
function parseKey(key) {
  const brace = key.indexOf("{");
  const name = brace < 0 ? key : key.slice(0, brace);
  const labels = {};
  if (brace >= 0)
    for (const m of key.slice(brace + 1, -1).matchAll(/(\w+)="([^"]*)"/g)) labels[m[1]] = m[2];
  return {name, labels};
}

function num(v) { return typeof v === "number" ? v : (v && typeof v.count === "number" ? v.count : NaN); }

// Upper bound of the bucket holding quantile q of the requests seen in the last interval.
function quantile(now, before, q) {
  const cur = now.buckets, old = before ? before.buckets : null;
  const total = cur[cur.length - 1][1] - (old ? old[old.length - 1][1] : 0);
  if (total <= 0) return null;
  for (let i = 0; i < cur.length; i++) {
    const n = cur[i][1] - (old ? old[i][1] : 0);
    if (n >= q * total) return cur[i][0];
  }
  return null;
}

function ms(seconds, top) {
  if (seconds === null) return "-";
  if (seconds === "+Inf") return "> " + (top || "2.5 s");
  return seconds < 0.001 ? "\u2264 " + (seconds * 1e6).toFixed(0) + " \u00b5s" : "\u2264 " + (seconds * 1000).toFixed(1) + " ms";
}

function showTraffic(server, at) {
  set("req-total", server.requests_total);
  set("in-flight", server.in_flight + " / " + server.connections_open);
  set("saturated", server.rejected_saturated_total + " / " + server.rejected_queue_timeout_total);
  const a = server.admission;
  if (a) {
    set("slots", a.slots_busy + " / " + a.slots);
    set("queue", a.queue_depth + " / " + a.queue_limit + " (" + a.queue_depth_max + ")");
  }
  set("uptime", server.uptime_seconds.toFixed(0) + " s");
  if (!previous) return;
  const dt = (at - previous.at) / 1000;
  if (dt <= 0) return;
  const c = server.requests_by_class, p = previous.server.requests_by_class;
  set("req-rate", ((server.requests_total - previous.server.requests_total) / dt).toFixed(1) + " req/s");
  set("err-rate", ((c["4xx"] - p["4xx"]) / dt).toFixed(1) + " / " + ((c["5xx"] - p["5xx"]) / dt).toFixed(1));
  const lat = server.latency_seconds, plat = previous.server.latency_seconds;
  set("latency", ms(quantile(lat, plat, 0.5)) + " / " + ms(quantile(lat, plat, 0.99)));
  if (a && previous.server.admission) {
    const w = a.wait_seconds, pw = previous.server.admission.wait_seconds;
    set("queue-wait", ms(quantile(w, pw, 0.5), "5 s") + " / " + ms(quantile(w, pw, 0.99), "5 s"));
  }
}

function showGeneration(status) {
  const g = status.generation || {};
  set("gen-number", g.number);
  set("gen-plugin", g.plugin_id ? g.name + " (" + g.plugin_id + ")" : null);
  set("gen-version", g.version);
  set("gen-abi", g.abi);
  set("gen-sha", g.sha256);
  set("gen-file", g.file);
  set("gen-watch", status.watching === undefined ? null : (status.watching ? "yes (inotify)" : "no"));
  const d = status.draining;
  set("gen-draining", Array.isArray(d) ? (d.length === 0 ? "none" :
      d.map(x => "#" + x.number + " v" + x.version + " in flight " + x.in_flight + (x.stuck ? " STUCK" : "")).join(", ")) : null);
  const rows = (status.reloads || []).slice().reverse().map(r => row([
      new Date(r.unix_ms).toLocaleTimeString(), r.trigger, r.outcome,
      (r.from_version || "?") + " \u2192 " + (r.to_version || "?"), r.generation,
      typeof r.duration_ms === "number" ? r.duration_ms.toFixed(1) : r.duration_ms, r.reason], r.outcome));
  fill("reload-rows", rows, 7);
}

function metricRows(plugin, test) {
  const rows = [];
  for (const [key, value] of Object.entries(plugin))
    if (test(parseKey(key))) rows.push(row([key, JSON.stringify(value)]));
  return rows;
}

// Hit rate per "tier" label over metrics whose name mentions the cache; nothing is assumed
// about tiers the plugin does not report.
function cacheRows(plugin) {
  const tiers = {};
  for (const [key, value] of Object.entries(plugin)) {
    const {name, labels} = parseKey(key);
    if (!/cache/.test(name)) continue;
    const kind = /hit/.test(name + " " + (labels.outcome || labels.result || "")) ? "hit"
               : /miss/.test(name + " " + (labels.outcome || labels.result || "")) ? "miss" : null;
    if (!kind) continue;
    const tier = labels.tier || labels.level || "all";
    tiers[tier] = tiers[tier] || {hit: 0, miss: 0};
    tiers[tier][kind] += num(value);
  }
  return Object.entries(tiers).map(([tier, t]) => row([tier,
      t.hit + t.miss > 0 ? (100 * t.hit / (t.hit + t.miss)).toFixed(1) + " % (" + t.hit + " hits / " + t.miss + " misses)" : "no lookups"]));
}

function showPlugin(plugin, status) {
  fill("engine-rows", metricRows(plugin, m => m.name === "pmat_claude_requests_total"));
  fill("cache-rows", cacheRows(plugin));
  fill("pool-rows", metricRows(plugin, m => /pool|breaker|worker/.test(m.name)));
  const flags = metricRows(plugin, m => /flag|rollout|rollback|kill/.test(m.name));
  for (const k of ["flags", "rollout", "auto_rollback", "kill_switch"])
    if (status[k] !== undefined) flags.push(row([k, JSON.stringify(status[k])]));
  fill("flag-rows", flags);
}

async function poll() {
  const conn = document.getElementById("conn");
  try {
    const [sr, mr] = await Promise.all([fetch("/v1/status", {cache: "no-store"}), fetch("/v1/metrics.json", {cache: "no-store"})]);
    if (!sr.ok || !mr.ok) throw new Error("HTTP " + sr.status + "/" + mr.status);
    const status = await sr.json(), metrics = await mr.json();
    const at = Date.now();
    showTraffic(status.server, at);
    showGeneration(status);
    showPlugin(metrics.plugin && metrics.plugin.plugin ? metrics.plugin.plugin : {}, status);
    previous = {at, server: status.server};
    conn.textContent = "live"; conn.className = "ok";
    set("updated", "updated " + new Date(at).toLocaleTimeString());
  } catch (e) {
    conn.textContent = "unreachable: " + e.message; conn.className = "bad";
  }
}

document.getElementById("kill").addEventListener("click", async () => {
  const token = window.prompt("Admin token (from the admin-token file):");
  if (!token) return;
  const out = document.getElementById("kill-result");
  try {
    const r = await fetch("/v1/admin/kill-switch", {method: "POST", headers: {"Authorization": "Bearer " + token}});
    const body = await r.json().catch(() => ({}));
    out.textContent = r.status + " " + (body.error ? body.error.message : "done");
  } catch (e) { out.textContent = "failed: " + e.message; }
});

poll();
setInterval(poll, 1000);
</script>
</body></html>
)HTML";

} // namespace

std::string_view status_page_html() {
   return k_page;
}

} // namespace pmat::serve
