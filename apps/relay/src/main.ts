import { main } from '@luodi/app/run-service';

/** The log → Kafka relay. Run two: one publishes, the other waits as a hot standby. */
main('luodi-relay', ['relay']);
