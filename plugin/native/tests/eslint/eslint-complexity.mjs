// SPDX-License-Identifier: MIT
// Reference oracle for the JavaScript agreement test: runs ESLint's own `complexity` rule (the
// built-in one, unchanged, with a maximum of 0 so that it reports every function) over the files
// named on the command line and prints one JSON line per file:
//   {"file": F, "functions": [[node_start_line, head_line, complexity], ...]}
//   {"file": F, "error": "parse error message"}   when ESLint cannot parse the file
// Usage: node eslint-complexity.mjs FILE...
import { readFileSync } from "node:fs";
import { Linter } from "eslint";
import { builtinRules } from "eslint/use-at-your-own-risk";

const complexity = builtinRules.get("complexity");
let records = [];

// The built-in rule, with its reports captured instead of turned into messages.
const capturing = {
  meta: complexity.meta,
  create(context) {
    const proxy = Object.create(context, {
      options: { value: [0] },
      report: {
        value(descriptor) {
          const node = descriptor.node;
          if (!/Function/.test(node.type)) {
            return; // class field initializers and static blocks are not functions
          }
          records.push([node.loc.start.line, descriptor.loc.start.line, descriptor.data.complexity]);
        },
      },
    });
    return complexity.create(proxy);
  },
};

const linter = new Linter({ configType: "flat" });

function run(code, file, sourceType) {
  records = [];
  const messages = linter.verify(
    code,
    [
      {
        plugins: { oracle: { rules: { complexity: capturing } } },
        rules: { "oracle/complexity": "error" },
        languageOptions: { ecmaVersion: "latest", sourceType },
      },
    ],
    // A neutral name: the real path may sit under node_modules/, which flat config ignores.
    { filename: sourceType === "module" ? "input.mjs" : "input.cjs" },
  );
  const fatal = messages.find((m) => m.fatal);
  return fatal ? { error: fatal.message } : { functions: records };
}

for (const file of process.argv.slice(2)) {
  const code = readFileSync(file, "utf8");
  const first = file.endsWith(".mjs") ? "module" : "commonjs";
  let result = run(code, file, first);
  if (result.error) {
    const second = run(code, file, first === "module" ? "commonjs" : "module");
    result = second.error ? result : second;
  }
  process.stdout.write(JSON.stringify({ file, ...result }) + "\n");
}
