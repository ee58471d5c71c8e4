// SPDX-License-Identifier: MIT
// Claude through `pmat-host mcp`, driven by the official MCP TypeScript SDK client: the real
// pmat-host process -> plugin -> pool -> sandboxed bridge -> real Anthropic SDK -> the
// repository's fake Anthropic API on 127.0.0.1 (bridge/test/fake-anthropic.mjs, in this process).
// Env: PMAT_HOST, PMAT_PLUGIN_DIR, PMAT_FAKE_ANTHROPIC (the fake's module), PMAT_CLAUDE_BRIDGE
// (the bridge's dist/index.js), PMAT_CLAUDE_NODE.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const { PMAT_HOST: host, PMAT_PLUGIN_DIR: pluginDir, PMAT_FAKE_ANTHROPIC: fakeModule } = process.env;
assert.ok(host && pluginDir && fakeModule && process.env.PMAT_CLAUDE_BRIDGE && process.env.PMAT_CLAUDE_NODE,
  "PMAT_HOST, PMAT_PLUGIN_DIR, PMAT_FAKE_ANTHROPIC, PMAT_CLAUDE_BRIDGE and PMAT_CLAUDE_NODE must be set");
const { startFakeAnthropic } = await import(pathToFileURL(fakeModule).href);

let root;
let fake;
let client;

/** The server's environment: this one without any real Claude credentials, pointed at the fake. */
function serverEnv() {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) =>
    !/^(ANTHROPIC_|CLAUDE_)/.test(name) && !/^https?_proxy$/i.test(name)));
  return {
    ...env,
    ANTHROPIC_BASE_URL: fake.url,
    ANTHROPIC_API_KEY: "test-key-not-real",
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    PMAT_CLAUDE_INIT_TIMEOUT_MS: "10000",
    XDG_CONFIG_HOME: join(root, "xdg-config"),
    XDG_CACHE_HOME: join(root, "xdg-cache"),
  };
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), "pmat-mcp-claude-"));
  fake = await startFakeAnthropic({ defaultBehaviour: { kind: "ok", review: true } });
  const transport = new StdioClientTransport({
    command: host,
    args: ["mcp", "--plugin-dir", pluginDir, "--allow-root", root],
    cwd: root,
    env: serverEnv(),
    stderr: "pipe",
  });
  client = new Client({ name: "pmat-mcp-claude-test", version: "1.0.0" });
  await client.connect(transport);
});

after(async () => {
  await client?.close();
  await fake?.close();
  rmSync(root, { recursive: true, force: true });
});

// A modified C file (its new text sent in `files`) and an added Ruby file (from the diff alone).
const DIFF = [
  "diff --git a/src/calm.c b/src/calm.c",
  "--- a/src/calm.c",
  "+++ b/src/calm.c",
  "@@ -2 +2 @@ int calm(int x) {",
  "-   return x;",
  "+   return x + 1;",
  "diff --git a/src/added.rb b/src/added.rb",
  "new file mode 100644",
  "--- /dev/null",
  "+++ b/src/added.rb",
  "@@ -0,0 +1,3 @@",
  "+def added(x)",
  "+  x * 2",
  "+end",
  "",
].join("\n");

test("analyze_diff carries the review instructions to Claude with every request", async () => {
  const instructions = "Flag every goto statement.";
  const result = await client.callTool({
    name: "analyze_diff",
    arguments: {
      diff: DIFF,
      files: { "src/calm.c": "int calm(int x) {\n   return x + 1;\n}\n" },
      engine: "claude",
      require_claude: true,
      instructions,
    },
  });
  assert.equal(result.isError, false, JSON.stringify(result.content));
  const report = result.structuredContent;
  assert.equal(report.summary.claude_reviewed_files, 2);
  assert.deepEqual(report.files.map((file) => file.engine), ["claude", "claude"]);
  assert.ok(fake.seen.length >= 1);
  assert.deepEqual(fake.seen.flatMap((request) => request.paths).sort(), ["src/added.rb", "src/calm.c"]);
  for (const request of fake.seen) {
    assert.ok(request.system.includes(`<repository-instructions>\n${instructions}\n</repository-instructions>`), request.system);
    assert.equal(request.cache_control, true);
  }
});
