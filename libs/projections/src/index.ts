export * from './projection';
export * from './facts.projection';
export * from './projector';
export * from './project-snapshot';
export * from './snapshot-codec';
