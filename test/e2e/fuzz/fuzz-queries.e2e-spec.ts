import { QUERIES } from '../../support/fuzz/endpoint-catalogue';
import { fuzzSuite } from '../../support/fuzz/fuzz-suite';

// Hostile input to every query (GET), /health and the signed report links included: each
// answer is a success or a 4xx problem+json, never a 5xx or a hang, and nothing is written.
fuzzSuite('fuzz: queries', QUERIES, (method) => method === 'GET');
