import { main } from '@luodi/app/run-service';

/** The read models fed from Kafka. More instances share the partitions of the consumer group. */
main('luodi-projector', ['projector']);
