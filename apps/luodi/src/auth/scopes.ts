export const SCOPES = [
  'projects:read',
  'projects:write',
  'reports:read',
  'supervision:read',
  'supervision:write',
  'admin',
] as const;

export type Scope = (typeof SCOPES)[number];

/** The calling system, as authenticated by its API key. */
export interface Principal {
  clientId: string;
  name: string;
  scopes: Scope[];
  /** Empty: every region. Otherwise these regions and every region below them. */
  regionCodes: string[];
}

export function hasScope(principal: Principal, scope: Scope): boolean {
  return principal.scopes.includes('admin') || principal.scopes.includes(scope);
}
