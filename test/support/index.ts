export { closeTestDataSource, createTestDataSource } from './test-data-source';
export { provisionTestDatabase, type TestDatabase } from './test-database';
