import type { DataSource } from 'typeorm';
import type { BenchDatabase } from '../database';
import type { Results } from '../results';

/** What every suite gets: the open database (in this process), where to put figures. */
export interface SuiteContext {
  db: DataSource;
  target: BenchDatabase;
  size: string;
  results: Results;
  /** Seconds each throughput measurement runs. */
  seconds: number;
}
