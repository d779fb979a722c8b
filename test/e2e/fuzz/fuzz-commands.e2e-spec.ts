import { COMMANDS } from '../../support/fuzz/endpoint-catalogue';
import { fuzzSuite } from '../../support/fuzz/fuzz-suite';

// Hostile input to every command (POST, PUT, DELETE): each answer is a success or a 4xx
// problem+json, never a 5xx or a hang, and a refused request writes nothing.
fuzzSuite('fuzz: commands', COMMANDS, (method) => method !== 'GET');
