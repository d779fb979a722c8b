import { main } from '@luodi/app/run-service';

/**
 * Supervision: evaluates the rules for each project event from Kafka (consumer group
 * luodi-supervisor) and on the daily schedule. More instances share the partitions; their
 * evaluations serialise on one database lock and change nothing twice.
 */
main('luodi-supervisor', ['supervisor']);
