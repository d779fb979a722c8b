/**
 * Tests create and drop databases and write freely: refuse any DATABASE_URL whose database
 * name does not contain "test", so a production URL in the environment cannot be wiped.
 */
export function assertTestDatabase(url: string): void {
  let name: string;
  try {
    name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  } catch {
    throw new Error('Refusing to run tests: DATABASE_URL is not a valid URL.');
  }
  if (!name.toLowerCase().includes('test')) {
    throw new Error(
      `Refusing to run tests against database "${name || '(default)'}": ` +
        'the DATABASE_URL database name must contain "test".',
    );
  }
}
