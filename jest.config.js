// Four tiers, all run by `npm test`: unit (pure), int (a real database), e2e (the HTTP app),
// browser (the printable page in headless Chromium).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
// NestJS 12 ships ES modules only. Node 20 can require() them, Jest's CommonJS runtime cannot,
// so Jest compiles those packages to CommonJS with the same SWC transform.
const esmPackages = ['@nestjs'];
const swcJs = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];
const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc, '^.+\\.m?js$': swcJs },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@luodi/domain$': '<rootDir>/libs/domain/src',
    '^@luodi/event-store$': '<rootDir>/libs/event-store/src',
    '^@luodi/migrations$': '<rootDir>/migrations',
    '^@luodi/projections$': '<rootDir>/libs/projections/src',
    '^@luodi/contracts$': '<rootDir>/libs/contracts/src',
    '^@luodi/messaging$': '<rootDir>/libs/messaging/src',
    '^@luodi/app/(.*)$': '<rootDir>/apps/luodi/src/$1',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
module.exports = {
  // Read only at the top level: a PGlite start takes seconds on a loaded 2-core machine.
  testTimeout: 60000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,bench}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'int',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
    },
    {
      ...shared,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
    },
    // The fault-injection suite kills processes and restarts servers for minutes: it exists
    // only when selected by name (`--selectProjects fault`), so `npm test` never runs it.
    ...(process.argv.some((arg) => arg === 'fault' || arg === '--selectProjects=fault')
      ? [
          {
            ...shared,
            displayName: 'fault',
            testMatch: ['<rootDir>/test/fault/**/*.fault-spec.ts'],
          },
        ]
      : []),
  ],
};
