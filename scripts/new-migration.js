#!/usr/bin/env node
// `npm run migration:generate -- AddSomething`: writes migrations/<epoch-ms>-AddSomething.ts and
// lists it in migrations/index.ts. The SQL is written by hand: schema changes are reviewed.
const fs = require('node:fs');
const path = require('node:path');

const name = process.argv[2];
if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
  console.error(
    'Usage: npm run migration:generate -- VerbNoun   (PascalCase, e.g. AddTargetsIndex)',
  );
  process.exit(2);
}
const stamp = Date.now();
const dir = path.join(__dirname, '..', 'migrations');
const file = path.join(dir, `${stamp}-${name}.ts`);
const className = `${name}${stamp}`;
fs.writeFileSync(
  file,
  `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(q: QueryRunner): Promise<void> {
    await q.query(\`\`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(\`\`);
  }
}
`,
);
const index = path.join(dir, 'index.ts');
let source = fs.readFileSync(index, 'utf8');
source = source.replace(
  /(\nexport const ALL_MIGRATIONS)/,
  `\nimport { ${className} } from './${stamp}-${name}';$1`,
);
source = source.replace(
  /ALL_MIGRATIONS = \[([\s\S]*?)\];/,
  (_, list) => `ALL_MIGRATIONS = [${list.trimEnd().replace(/,$/, '')}, ${className}];`,
);
fs.writeFileSync(index, source);
console.log(`Created ${path.relative(process.cwd(), file)} and listed it in migrations/index.ts`);
