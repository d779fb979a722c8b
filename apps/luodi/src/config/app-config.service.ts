import { Injectable } from '@nestjs/common';
import type { AppConfig } from './app-config';

/** The validated configuration, injectable. */
@Injectable()
export class AppConfigService {
  constructor(private readonly config: AppConfig) {}
  get(): AppConfig {
    return this.config;
  }
}
