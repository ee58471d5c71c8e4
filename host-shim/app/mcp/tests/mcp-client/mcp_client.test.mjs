// SPDX-License-Identifier: MIT
// pmat-host mcp driven by the official MCP TypeScript SDK as the client, plus the JSON-RPC edge
// cases the SDK never sends. Env: PMAT_HOST (binary), PMAT_PLUGIN_DIR (plugins directory).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ProgressNotificationSchema } from "@modelcontextprotocol/sdk/types.js";

const host = process.env.PMAT_HOST;
const pluginDir = process.env.PMAT_PLUGIN_DIR;
assert.ok(host && pluginDir, "PMAT_HOST and PMAT_PLUGIN_DIR must be set");

const FILES = 6;
let root;
let client;

function branchy(n) {
  let body = "int f(int x) {\n  int r = 0;\n";
  for (let i = 0; i < n; i++) body += `  if (x == ${i}) r += ${i};\n`;
  return body + "  return r;\n}\n";
}

async function connect(extraArgs) {
  const transport = new StdioClientTransport({
    command: host,
    args: ["mcp", "--plugin-dir", pluginDir, "--allow-root", root, ...extraArgs],
    cwd: root,
    stderr: "pipe",
  });
  const c = new Client({ name: "pmat-mcp-test", version: "1.0.0" });
  await c.connect(transport);
  return c;
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), "pmat-mcp-"));
  mkdirSync(join(root, "src"));
  for (let i = 0; i < FILES; i++) writeFileSync(join(root, "src", `f${i}.c`), branchy(i + 1));
  client = await connect(["--enable-admin"]);
});

after(async () => {
  await client?.close();
  rmSync(root, { recursive: true, force: true });
});

test("initialize negotiates a protocol version and names the server", () => {
  assert.equal(client.getServerVersion().name, "pmat-host");
  assert.ok(client.getServerCapabilities().tools, "tools capability");
});

test("ping answers", async () => {
  assert.deepEqual(await client.ping(), {});
});

test("tools/list names every tool, admin ones only with --enable-admin", async () => {
  const names = (await client.listTools()).tools.map((t) => t.name).sort();
  assert.deepEqual(names, ["analyze_code", "analyze_diff", "analyze_path", "get_metrics", "get_rollout_status", "reload_plugin"]);
  const plain = await connect([]);
  try {
    const plainNames = (await plain.listTools()).tools.map((t) => t.name);
    assert.ok(!plainNames.includes("reload_plugin"));
    await assert.rejects(plain.callTool({ name: "reload_plugin", arguments: {} }), (e) => e.code === -32602);
  } finally {
    await plain.close();
  }
});

test("analyze_code returns the per-file result with its gate", async () => {
  const result = await client.callTool({
    name: "analyze_code",
    arguments: { content: branchy(3), language: "c", path: "x.c" },
  });
  assert.equal(result.isError, false);
  const file = result.structuredContent;
  assert.equal(file.path, "x.c");
  assert.equal(file.functions[0].name, "f");
  assert.equal(file.functions[0].metrics.cyclomatic, 4);
  assert.equal(file.gate.passed, true);
  assert.deepEqual(JSON.parse(result.content[0].text), file);
});

// SDK 1.32 dispatches notifications a microtask late but responses at once, so its per-request
// onprogress callback loses progress that arrives in the same read as the response
// (typescript-sdk issue #2580). onprogress is still passed, to make the SDK send a progressToken;
// the notifications themselves are observed with a handler of our own, which sees all of them.
test("analyze_path walks the directory and reports progress per file", async () => {
  const progress = [];
  client.setNotificationHandler(ProgressNotificationSchema, (n) => progress.push(n.params));
  const result = await client.callTool(
    { name: "analyze_path", arguments: { path: "src" } },
    undefined,
    { onprogress: () => {} },
  );
  await new Promise((resolve) => setImmediate(resolve)); // let queued notifications run
  assert.equal(result.isError, false);
  const report = result.structuredContent;
  assert.equal(report.summary.total_files, FILES);
  assert.equal(report.files.length, FILES);
  assert.equal(progress.length, FILES);
  progress.forEach((p, i) => {
    assert.equal(p.progress, i + 1);
    assert.equal(p.total, FILES);
    assert.equal(p.progressToken, progress[0].progressToken);
  });
});

test("analyze_path refuses a path outside the allowed roots", async () => {
  const result = await client.callTool({ name: "analyze_path", arguments: { path: "/etc" } });
  assert.equal(result.isError, true);
  assert.match(result.content[0].text, /path_outside_roots/);
});

test("get_metrics and get_rollout_status report the shim's view", async () => {
  const metrics = await client.callTool({ name: "get_metrics", arguments: { format: "prometheus" } });
  assert.match(metrics.content[0].text, /pmat_host_plugin_generation \d+/);
  const status = await client.callTool({ name: "get_rollout_status", arguments: {} });
  assert.equal(status.structuredContent.generation.plugin_id, "dev.pmat.claude");
  assert.ok(Array.isArray(status.structuredContent.reloads));
});

test("reload_plugin reloads and answers the serving generation", async () => {
  const result = await client.callTool({ name: "reload_plugin", arguments: {} });
  assert.equal(result.isError, false);
  assert.equal(result.structuredContent.reloaded, true);
  assert.equal(result.structuredContent.generation.plugin_id, "dev.pmat.claude");
});

test("invalid arguments and unknown tools are JSON-RPC -32602", async () => {
  await assert.rejects(client.callTool({ name: "analyze_code", arguments: { content: 5, language: "c" } }),
    (e) => e.code === -32602 && /content/.test(e.message));
  await assert.rejects(client.callTool({ name: "no_such_tool", arguments: {} }), (e) => e.code === -32602);
});

// The raw protocol: one JSON message per line on stdin/stdout, answers in order per request id.
test("raw JSON-RPC: parse errors, invalid requests, unknown methods, version negotiation", async () => {
  const child = spawn(host, ["mcp", "--plugin-dir", pluginDir, "--allow-root", root], { stdio: ["pipe", "pipe", "ignore"] });
  const lines = createInterface({ input: child.stdout });
  const received = [];
  lines.on("line", (l) => received.push(JSON.parse(l)));
  const send = (text) => child.stdin.write(text + "\n");
  send("{not json");
  send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2024-11-05", capabilities: {}, clientInfo: { name: "raw", version: "0" } } }));
  send(JSON.stringify({ jsonrpc: "2.0", id: 2, method: "initialize", params: { protocolVersion: "1999-01-01", capabilities: {}, clientInfo: { name: "raw", version: "0" } } }));
  send(JSON.stringify({ jsonrpc: "1.0", id: 3, method: "ping" }));
  send(JSON.stringify({ jsonrpc: "2.0", id: 4, method: "resources/list" }));
  send(JSON.stringify({ jsonrpc: "2.0", id: 5, method: "initialize", params: { protocolVersion: 7 } }));
  send(JSON.stringify([{ jsonrpc: "2.0", id: 6, method: "ping" }, { jsonrpc: "2.0", method: "notifications/initialized" }]));
  child.stdin.end();
  const code = await new Promise((resolve) => child.on("close", resolve));
  assert.equal(code, 0);
  const byId = (id) => received.find((m) => !Array.isArray(m) && m.id === id);
  assert.equal(received[0].error.code, -32700);
  assert.equal(received[0].id, null);
  assert.equal(byId(1).result.protocolVersion, "2024-11-05");
  assert.equal(byId(2).result.protocolVersion, "2025-11-25");
  assert.equal(byId(3).error.code, -32600);
  assert.equal(byId(4).error.code, -32601);
  assert.equal(byId(5).error.code, -32602);
  const batch = received.find((m) => Array.isArray(m));
  assert.deepEqual(batch, [{ jsonrpc: "2.0", id: 6, result: {} }]);
});

// A real repository: two files with the same complex function; the working tree changes the
// complex function of one and the simple one of the other, and adds a file. The client (a bot
// without a checkout of its own) sends `git diff`'s output, the new texts of the modified files,
// and nothing for the added one.
function gitDiffOfAChange() {
  const repo = mkdtempSync(join(tmpdir(), "pmat-mcp-diff-"));
  const git = (...args) =>
    execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=T", ...args], {
      cwd: repo,
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", HOME: repo },
    }).toString();
  const withSimple = (body) => branchy(12) + `int simple(int x) {\n  return ${body};\n}\n`;
  mkdirSync(join(repo, "src"));
  writeFileSync(join(repo, "src", "busy.c"), withSimple("x"));
  writeFileSync(join(repo, "src", "calm.c"), withSimple("x"));
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-q", "-m", "base");
  writeFileSync(join(repo, "src", "busy.c"), withSimple("x").replace("r += 3;", "r += 33;"));
  writeFileSync(join(repo, "src", "calm.c"), withSimple("x + 1"));
  writeFileSync(join(repo, "src", "added.py"), "def added():\n    return 1\n");
  git("add", "-A");
  const diff = git("diff", "--cached", "-M", "main");
  const files = {};
  for (const path of ["src/busy.c", "src/calm.c"]) files[path] = readFileSync(join(repo, path), "utf8");
  rmSync(repo, { recursive: true, force: true });
  return { diff, files };
}

test("analyze_diff reviews a change sent as a unified diff, the gate counting changed functions", async () => {
  const { diff, files } = gitDiffOfAChange();
  const progress = [];
  client.setNotificationHandler(ProgressNotificationSchema, (n) => progress.push(n.params));
  const result = await client.callTool(
    { name: "analyze_diff", arguments: { diff, files, base: "main" } },
    undefined,
    { onprogress: () => {} },
  );
  await new Promise((resolve) => setImmediate(resolve)); // let queued notifications run
  assert.equal(result.isError, false, JSON.stringify(result.content));
  const report = result.structuredContent;
  assert.deepEqual(report.files.map((f) => f.path), ["src/added.py", "src/busy.c", "src/calm.c"]);
  assert.equal(report.gate.scope, "changed-lines");
  assert.equal(report.gate.violations, 1); // f in busy.c changed; f in calm.c did not
  assert.equal(report.gate.not_counted, 1);
  assert.equal(report.violations[0].file, "src/busy.c");
  assert.equal(report.change.base, "main");
  assert.deepEqual(report.files[2].changed_lines, [[18, 18]]);
  assert.deepEqual(progress.map((p) => [p.progress, p.total]), [[1, 3], [2, 3], [3, 3]]);
});

test("analyze_diff: a modified file without its text, or a broken diff, is a clear error", async () => {
  const { diff, files } = gitDiffOfAChange();
  delete files["src/calm.c"];
  const missing = await client.callTool({ name: "analyze_diff", arguments: { diff, files } });
  assert.equal(missing.isError, true);
  assert.match(missing.content[0].text, /^missing_content: the diff changes 'src\/calm.c'/);
  const broken = await client.callTool({
    name: "analyze_diff",
    arguments: { diff: "--- a/x.c\n+++ b/x.c\n@@ -1 +1,3 @@\n+only one\n" },
  });
  assert.equal(broken.isError, true);
  assert.match(broken.content[0].text, /^invalid_diff: diff line 4: the diff ends inside a hunk/);
  await assert.rejects(
    client.callTool({ name: "analyze_diff", arguments: { diff, min_confidence: 2 } }),
    (e) => e.code === -32602,
  );
});
