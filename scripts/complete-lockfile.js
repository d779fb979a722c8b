#!/usr/bin/env node
// The npm registry reachable here serves only some platforms' builds of native packages
// (@swc/core-*, @unrs/resolver-binding-*). npm then leaves the other platforms' optional
// dependencies out of package-lock.json, and `npm ci` refuses the lock as out of sync.
// This adds the entries a full registry would have produced: each names its os/cpu, so npm
// skips it on any other machine and never downloads it. Run after `npm install`.
const fs = require('node:fs');
const path = require('node:path');

const file = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const packages = lock.packages;

const OS = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openharmony'];
const CPU = {
  x64: 'x64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: 'ia32',
  ppc64: 'ppc64',
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
};

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => OS.includes(p));
  const cpu = parts.map((p) => CPU[p]).find(Boolean);
  if (!os || !cpu) return undefined;
  const entry = { os: [os], cpu: [cpu] };
  if (os === 'linux' && (parts.includes('gnu') || parts.includes('gnueabihf')))
    entry.libc = ['glibc'];
  if (os === 'linux' && (parts.includes('musl') || parts.includes('musleabihf')))
    entry.libc = ['musl'];
  return entry;
}

let added = 0;
for (const [location, meta] of Object.entries(packages)) {
  for (const [dep, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const base = location === '' ? '' : `${location}/`;
    const candidates = [`${base}node_modules/${dep}`, `node_modules/${dep}`];
    if (candidates.some((c) => packages[c])) continue;
    const platform = platformOf(dep);
    if (!platform) continue;
    packages[`node_modules/${dep}`] = {
      version,
      dev: meta.dev || undefined,
      optional: true,
      ...platform,
    };
    added++;
  }
}
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(
  added === 0
    ? 'package-lock.json is complete'
    : `Added ${added} platform entries to package-lock.json`,
);
