import { Logger } from '@aws-lambda-powertools/logger';

export const createLogger = (level = process.env.GRIDWATCH_LOG_LEVEL ?? 'INFO') =>
  new Logger({ serviceName: 'gridwatch-api', logLevel: level as 'INFO' });
