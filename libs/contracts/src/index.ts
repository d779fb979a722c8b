// Public API of @luodi/contracts: the Kafka event contract (asyncapi.yaml) and its codecs.
export * from './alert-message';
export * from './alert-types';
export * from './asyncapi';
export * from './cloud-event-type';
export * from './invalid-message-error';
export * from './kafka-binding';
export * from './lifecycle-message';
export * from './payload-validator';
export * from './topics';
