// SPDX-License-Identifier: MIT
#include "page.hpp"

#include "html.hpp"
#include "sections.hpp"

#include <string_view>

namespace pmat::serve::console {
namespace {

constexpr std::string_view k_head = R"HTML(<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>pmat-host console</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d2330}
header{background:#1d2330;color:#fff;padding:8px 18px;display:flex;gap:16px;align-items:center}
header h1{font-size:17px;margin:0}
#conn{font-size:12px;padding:2px 8px;border-radius:9px;background:#2e7d32}
#conn.bad{background:#c62828}
#live{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:12px;padding:12px}
section{background:#fff;border-radius:6px;padding:10px 14px;box-shadow:0 1px 2px #0002}
h2{font-size:13px;margin:0 0 6px;text-transform:uppercase;letter-spacing:.04em;color:#4a5568}
table{border-collapse:collapse;width:100%}
td,th{text-align:left;padding:3px 8px 3px 0;vertical-align:top;overflow-wrap:anywhere}
th{color:#4a5568;font-weight:600;white-space:nowrap}
table.list td,table.list th{border-bottom:1px solid #e2e8f0;font-size:13px}
ul{margin:0;padding-left:18px}
.banner{grid-column:1/-1;display:flex;flex-wrap:wrap;align-items:center;gap:8px 24px;color:#fff}
.banner .label{font-size:18px;opacity:.85}
#kill-state{font-size:40px;font-weight:700;letter-spacing:.03em}
#claude-state{font-size:18px;margin:0;flex:1 1 420px}
.banner.normal{background:#2e7d32}.banner.killed{background:#b71c1c}
.banner.latched{background:#b35c00}.banner.unknown{background:#5a6270}
#kill-toggle{font-size:16px;padding:10px 18px;border:2px solid #fff;border-radius:6px;
background:#0003;color:#fff;cursor:pointer}
#charts{grid-column:1/-1;display:flex;flex-wrap:wrap;gap:8px 32px}#charts h2{flex-basis:100%}
figure{margin:0;flex:1 1 420px}figcaption{font-weight:600}.now{font-weight:400;color:#4a5568}
svg.chart{width:100%;height:auto;max-height:150px}
svg .line{stroke:#1565c0;stroke-width:1.6}svg .axis{stroke:#a0aec0}
svg text{font-size:9px;fill:#4a5568}
#fleet{grid-column:1/-1}tr.old td{background:#fff4e5}tr.lagging td{color:#b35c00}
tr.refused td{color:#c62828}
.note{color:#718096;font-style:italic}
dialog{border:0;border-radius:8px;box-shadow:0 6px 30px #0006;max-width:480px}
dialog input{width:100%;font-size:15px;padding:6px;margin:6px 0 12px;box-sizing:border-box}
#kill-confirm{background:#b71c1c;color:#fff;border:0;border-radius:4px;padding:8px 14px}
#kill-result{color:#b71c1c}
</style></head>
<body>
<header><h1>pmat-host console</h1><span id="conn">live</span><span id="updated"></span></header>
<main id="live">)HTML";

constexpr std::string_view k_tail = R"HTML(</main>
<dialog id="kill-dialog"><form method="dialog">
<h2 id="kill-question"></h2>
<p id="kill-consequence"></p>
<label for="kill-token">Admin token (the server's admin-token file)</label>
<input id="kill-token" type="password" autocomplete="off" required>
<p id="kill-result" role="status"></p>
<button id="kill-confirm" value="confirm">Confirm</button>
<button id="kill-cancel" value="cancel" formnovalidate>Cancel</button>
</form></dialog>
<script>
"use strict";
const live = document.getElementById("live"), dialog = document.getElementById("kill-dialog");
const conn = document.getElementById("conn");
async function refresh() {
  try {
    const r = await fetch("/console/live", {cache: "no-store"});
    if (!r.ok) throw new Error("HTTP " + r.status);
    live.innerHTML = await r.text();
    conn.textContent = "live"; conn.className = "";
    document.getElementById("updated").textContent = "updated " + new Date().toLocaleTimeString();
  } catch (e) { conn.textContent = "unreachable: " + e.message; conn.className = "bad"; }
}
live.addEventListener("click", (event) => {
  if (event.target.id !== "kill-toggle") return;
  const engage = event.target.dataset.engage === "true";
  dialog.dataset.engage = String(engage);
  document.getElementById("kill-question").textContent =
    engage ? "Engage the kill switch?" : "Release the kill switch?";
  document.getElementById("kill-consequence").textContent = engage
    ? "Claude goes OFF for every request this host serves; only the native engine answers."
    : "Claude comes back for the callers the rollout selects.";
  document.getElementById("kill-result").textContent = "";
  dialog.showModal();
});
document.getElementById("kill-confirm").addEventListener("click", async (event) => {
  event.preventDefault();
  const token = document.getElementById("kill-token").value.trim();
  const out = document.getElementById("kill-result");
  if (!token) { out.textContent = "the admin token is required"; return; }
  try {
    const r = await fetch("/v1/admin/kill-switch", {method: "POST",
      headers: {"Authorization": "Bearer " + token, "Content-Type": "application/json"},
      body: JSON.stringify({engaged: dialog.dataset.engage === "true"})});
    const body = await r.json().catch(() => ({}));
    if (!r.ok) { out.textContent = r.status + ": " + (body.error ? body.error.message : "refused"); return; }
    dialog.close("done");
    await refresh();
  } catch (e) { out.textContent = "failed: " + e.message; }
});
setInterval(refresh, 2000);
</script>
</body></html>
)HTML";

} // namespace

std::string render_live(const ConsoleState &state) {
   return kill_switch_banner(state) + rollout_section(state) + health_section(state) +
          charts_section(state) + reloads_section(state) + service_section(state) +
          fleet_section(state);
}

std::string render_page(const ConsoleState &state) {
   return std::string(k_head) + render_live(state) + std::string(k_tail);
}

} // namespace pmat::serve::console
