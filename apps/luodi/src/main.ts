import { main } from './run-service';

/** `npm start`: the whole system in one process, on PGlite unless DATABASE_URL is set. */
main('luodi');
