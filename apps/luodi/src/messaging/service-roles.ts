/**
 * What a process does. The all-in-one default does everything; the separate deployables in
 * apps/ each take one role (the API can scale out, the relay runs one leader with standbys,
 * projectors and supervisors share the partitions of their consumer groups).
 */
export const SERVICE_ROLES = ['api', 'relay', 'projector', 'supervisor'] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

/** Injection token for the roles of this process. */
export const SERVICE_ROLES_TOKEN = Symbol('SERVICE_ROLES');
