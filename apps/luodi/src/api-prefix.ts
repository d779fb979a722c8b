/** Every API route lives under this prefix (health excepted). */
export const API_PREFIX = 'api/v1';
