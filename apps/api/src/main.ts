import { main } from '@luodi/app/run-service';

/** The REST API alone: commands, queries and reports. Scale out behind a load balancer. */
main('luodi-api', ['api']);
