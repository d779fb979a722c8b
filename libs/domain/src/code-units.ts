/**
 * Orders dates, instants and ids (ASCII in a fixed layout) by code unit: the order
 * localeCompare gives them, without its cost over thousands of rows.
 */
export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
