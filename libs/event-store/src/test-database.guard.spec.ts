import { assertTestDatabase } from './test-database.guard';

describe('assertTestDatabase', () => {
  it('accepts a database whose name contains "test"', () => {
    expect(() => assertTestDatabase('postgres://u:p@localhost:5432/luodi_test')).not.toThrow();
    expect(() => assertTestDatabase('postgres://u:p@localhost/Test_luodi')).not.toThrow();
  });

  it('refuses any other database, or none, without echoing the password', () => {
    expect(() => assertTestDatabase('postgres://u:secret@db:5432/luodi')).toThrow(
      /Refusing to run tests against database "luodi"/,
    );
    expect(() => assertTestDatabase('postgres://u:secret@db:5432/')).toThrow(/\(default\)/);
    expect(() => assertTestDatabase('not a url')).toThrow(/not a valid URL/);
    expect(() => assertTestDatabase('postgres://u:secret@db/luodi')).not.toThrow(/secret/);
  });
});
