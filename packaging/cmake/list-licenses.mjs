// SPDX-License-Identifier: MIT
// Prints "name version: license" for every package under a node_modules directory, sorted.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const found = new Map();
function visit(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.name.startsWith('@')) { visit(path); continue; }
    const manifest = join(path, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
      const license = typeof pkg.license === 'string' ? pkg.license : JSON.stringify(pkg.license ?? 'UNDECLARED');
      found.set(`${pkg.name} ${pkg.version}`, license);
    }
    visit(join(path, 'node_modules'));
  }
}
visit(process.argv[2]);
for (const key of [...found.keys()].sort()) console.log(`  ${key}: ${found.get(key)}`);
