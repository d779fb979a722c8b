/**
 * A Kafka message that is not a well-formed luodi event. Consumers catch this one to send the
 * message to the dead-letter topic instead of retrying it forever.
 */
export class InvalidMessageError extends Error {
  override readonly name = 'InvalidMessageError';

  constructor(readonly reason: string) {
    super(`Invalid message: ${reason}`);
  }
}
