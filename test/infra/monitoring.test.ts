/**
 * Watched and backed up: the alarms and where they go, the dispatcher's dead-letter queue, the
 * dashboard, the e-mail subscriber from context, the table's backup plan.
 */
import { describe, expect, it } from 'vitest';
import { BACKUP_RETENTION } from '../../infra/constructs/data';
import { OLDEST_JOB_ALARM } from '../../infra/constructs/monitoring';
import { type Json, resource, synth } from './synth';

const { template } = synth();
const alarms = template.findResources('AWS::CloudWatch::Alarm') as Record<string, Json>;
const alarm = (prefix: string) => resource(template, 'AWS::CloudWatch::Alarm', prefix).props;
const topic = { Ref: resource(template, 'AWS::SNS::Topic', 'AlertsTopic').id };

describe('alarms', () => {
  it('every alarm notifies the alert topic when it fires and when it clears', () => {
    expect(Object.keys(alarms).length).toBeGreaterThanOrEqual(13);
    for (const [id, a] of Object.entries(alarms)) {
      expect(a.Properties.AlarmActions, id).toEqual([topic]);
      expect(a.Properties.OKActions, id).toEqual([topic]);
    }
  });

  it('watches errors and throttles of each application function', () => {
    for (const fn of ['Api', 'Files', 'Dispatcher', 'Worker']) {
      for (const kind of ['Errors', 'Throttles']) {
        const props = alarm(`Monitoring${fn}${kind}`);
        expect(props).toMatchObject({ MetricName: kind, Namespace: 'AWS/Lambda', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
      }
    }
  });

  it('watches the API 5xx rate as a share of requests (not single failures)', () => {
    const props = alarm('MonitoringApi5xxRate');
    const expression = props.Metrics.find((m: Json) => m.Expression);
    expect(expression.Expression).toBe('IF(requests >= 20, 100 * errors / requests, 0)');
    expect(props.Metrics.filter((m: Json) => m.MetricStat).map((m: Json) => m.MetricStat.Metric.MetricName).sort()).toEqual(['5xx', 'Count']);
    expect(props).toMatchObject({ Threshold: 5, EvaluationPeriods: 3, DatapointsToAlarm: 2 });
  });

  it('watches the job queue, both dead-letter queues and DynamoDB throttling', () => {
    expect(alarm('MonitoringJobQueueOldestMessage')).toMatchObject({ MetricName: 'ApproximateAgeOfOldestMessage', Threshold: OLDEST_JOB_ALARM.toSeconds(), Statistic: 'Maximum' });
    const dispatchDlq = resource(template, 'AWS::SQS::Queue', 'SchedulesDispatchDeadLetterQueue').id;
    expect(alarm('MonitoringDispatchUndelivered').Dimensions).toEqual([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dispatchDlq, 'QueueName'] } }]);
    const throttled = alarm('MonitoringTableThrottled').Metrics.filter((m: Json) => m.MetricStat).map((m: Json) => m.MetricStat.Metric);
    expect(throttled.every((m: Json) => m.MetricName === 'ThrottledRequests')).toBe(true);
    expect(throttled.map((m: Json) => m.Dimensions.find((d: Json) => d.Name === 'Operation').Value)).toContain('TransactWriteItems');
    alarm('SchedulesDeadLetters');
  });
});

describe('the dispatcher', () => {
  it('has a dead-letter queue on its EventBridge target (encrypted, TLS only)', () => {
    const rule = resource(template, 'AWS::Events::Rule', 'SchedulesEvery15Minutes').props;
    const dlq = resource(template, 'AWS::SQS::Queue', 'SchedulesDispatchDeadLetterQueue');
    expect(rule.Targets[0].DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [dlq.id, 'Arn'] } });
    expect(dlq.props.SqsManagedSseEnabled).toBe(true);
    // EventBridge may send to it (a queue policy), and only to it.
    template.hasResourceProperties('AWS::SQS::QueuePolicy', { Queues: [{ Ref: dlq.id }] });
  });
});

describe('dashboard and subscriber', () => {
  it('has one dashboard with the per-route EMF metrics', () => {
    const body = JSON.stringify(resource(template, 'AWS::CloudWatch::Dashboard', 'MonitoringDashboard').props.DashboardBody);
    expect(body).toContain('SEARCH(\'{Gridwatch,route,method} MetricName=\\\\\\"requests\\\\\\"');
  });

  it('subscribes the e-mail from gridwatch:alarmEmail, and nobody without it', () => {
    expect(template.findResources('AWS::SNS::Subscription')).toEqual({});
    const withEmail = synth({}, { 'gridwatch:alarmEmail': 'oncall@example.cn' }).template;
    withEmail.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.cn', TopicArn: topic });
  });
});

describe('backup', () => {
  it('backs the table up daily (kept 35 days) and monthly (kept a year) into a retained vault', () => {
    const plan = resource(template, 'AWS::Backup::BackupPlan', 'DataBackupPlan').props.BackupPlan;
    expect(plan.BackupPlanRule.map((r: Json) => [r.RuleName, r.Lifecycle.DeleteAfterDays])).toEqual([
      ['Daily', BACKUP_RETENTION.daily.toDays()],
      ['Monthly', BACKUP_RETENTION.monthly.toDays()],
    ]);
    const table = resource(template, 'AWS::DynamoDB::Table', 'DataTable').id;
    const selection = resource(template, 'AWS::Backup::BackupSelection', 'DataBackupPlanTable').props.BackupSelection;
    expect(selection.Resources).toEqual([{ 'Fn::GetAtt': [table, 'Arn'] }]);
    expect(resource(template, 'AWS::Backup::BackupVault', 'DataBackupVault').raw.DeletionPolicy).toBe('Retain');
  });
});
