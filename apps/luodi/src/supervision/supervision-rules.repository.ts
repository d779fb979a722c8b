import { Injectable } from '@nestjs/common';
import { DEFAULT_SUPERVISION_SETTINGS, type SupervisionSettings } from '@luodi/domain';
import { EventStore, type EventMetadata } from '@luodi/event-store';
import type { EntityManager } from 'typeorm';

/** The thresholds live in the log like everything else: each change is an event. */
export const RULES_STREAM = 'supervision-rules';

export interface RulesVersion {
  /** 0 = the defaults, never changed. */
  version: number;
  settings: SupervisionSettings;
  reason: string | null;
  changedBy: string | null;
  changedAt: string | null;
}

interface RulesChangedData {
  settings: SupervisionSettings;
  reason: string;
  occurredOn: string;
}

interface Row {
  version: number;
  data: RulesChangedData | string;
  metadata: EventMetadata | string;
  recorded_at: Date;
}

const json = <T>(value: T | string): T =>
  typeof value === 'string' ? (JSON.parse(value) as T) : value;

function toVersion(row: Row): RulesVersion {
  const data = json(row.data);
  const metadata = json(row.metadata);
  return {
    version: row.version,
    settings: data.settings,
    reason: data.reason,
    changedBy:
      typeof metadata.actorName === 'string' ? metadata.actorName : (metadata.actor ?? null),
    changedAt: new Date(row.recorded_at).toISOString(),
  };
}

export const DEFAULT_RULES_VERSION: RulesVersion = {
  version: 0,
  settings: DEFAULT_SUPERVISION_SETTINGS,
  reason: null,
  changedBy: null,
  changedAt: null,
};

@Injectable()
export class SupervisionRulesRepository {
  constructor(private readonly store: EventStore) {}

  async current(manager: EntityManager): Promise<RulesVersion> {
    const rows: Row[] = await manager.query(
      `SELECT version, data, metadata, recorded_at FROM events WHERE stream_id = $1 ORDER BY events.version DESC LIMIT 1`,
      [RULES_STREAM],
    );
    return rows[0] ? toVersion(rows[0]) : DEFAULT_RULES_VERSION;
  }

  /** Every version, newest first. */
  async history(manager: EntityManager): Promise<RulesVersion[]> {
    const rows: Row[] = await manager.query(
      `SELECT version, data, metadata, recorded_at FROM events WHERE stream_id = $1 ORDER BY events.version DESC`,
      [RULES_STREAM],
    );
    return [...rows.map(toVersion), DEFAULT_RULES_VERSION];
  }

  /** Records new thresholds; `expected` is the version the caller saw (0 for the defaults). */
  async change(
    manager: EntityManager,
    expected: number,
    data: RulesChangedData,
    metadata: EventMetadata,
  ): Promise<number> {
    const result = await this.store.appendIn(
      manager,
      RULES_STREAM,
      expected === 0 ? 'no-stream' : expected,
      [
        {
          type: 'SupervisionRulesChanged',
          schemaVersion: 1,
          data,
          metadata,
          occurredOn: data.occurredOn,
        },
      ],
    );
    return result.nextExpectedVersion;
  }
}
