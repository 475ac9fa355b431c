/**
 * Lambda entry point, fired by EventBridge every 15 minutes: find the jobs that are due (plans for
 * tenants whose local day has started, closes for days that have ended) and send them to SQS.
 */
import { clockFromEnv } from '../../shared/clock';
import { tableNameFromEnv } from '../../shared/config';
import { createDb } from '../../shared/data/db';
import { dispatchDueJobs } from '../../shared/scheduling/dispatch';
import { sqsJobQueue } from '../../shared/scheduling/queues';

const queue = sqsJobQueue(process.env.GRIDWATCH_JOB_QUEUE_URL ?? '');
const db = createDb(tableNameFromEnv());
const clock = clockFromEnv();

export const handler = async () => dispatchDueJobs(db, queue, clock.now());
