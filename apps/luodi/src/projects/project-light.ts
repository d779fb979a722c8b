/**
 * The traffic light (红黄绿灯) of a project: red when it has an open red 督办 item, else yellow
 * when it has an open yellow one, else green. Supervision keeps it in project_list.light.
 */
export type Light = 'GREEN' | 'YELLOW' | 'RED';
export const LIGHTS: readonly Light[] = ['GREEN', 'YELLOW', 'RED'];
