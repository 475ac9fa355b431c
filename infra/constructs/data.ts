/**
 * The one DynamoDB table. Every name (table, keys, indexes, TTL attribute) comes from
 * shared/data/table.ts, the same definition DynamoDB Local is created from.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';
import { INDEX, KEY, TABLE_NAME_DEFAULT, TTL_ATTRIBUTE } from '../../shared/data/table';

export interface DataProps {
  /** @default TABLE_NAME_DEFAULT ('gridwatch') */
  readonly tableName?: string;
}

/** AWS Backup of the table, beside its 35 days of point-in-time recovery: copies a deleted table cannot take along. */
export const BACKUP_RETENTION = { daily: Duration.days(35), monthly: Duration.days(365) } as const;

export class Data extends Construct {
  readonly table: Table;
  readonly backupPlan: BackupPlan;

  constructor(scope: Construct, id: string, props: DataProps = {}) {
    super(scope, id);

    this.table = new Table(this, 'Table', {
      // A fixed name: CloudFormation then refuses any change that would replace the table.
      tableName: props.tableName ?? TABLE_NAME_DEFAULT,
      partitionKey: { name: KEY.pk, type: AttributeType.STRING },
      sortKey: { name: KEY.sk, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: 35 },
      deletionProtection: true,
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const vault = new BackupVault(this, 'BackupVault', { removalPolicy: RemovalPolicy.RETAIN });
    this.backupPlan = new BackupPlan(this, 'BackupPlan', {
      backupVault: vault,
      backupPlanRules: [
        // 17:00 UTC is 01:00 in China, after the day's jobs at half past midnight.
        new BackupPlanRule({ ruleName: 'Daily', scheduleExpression: Schedule.cron({ hour: '17', minute: '0' }), deleteAfter: BACKUP_RETENTION.daily }),
        new BackupPlanRule({ ruleName: 'Monthly', scheduleExpression: Schedule.cron({ day: '1', hour: '17', minute: '30' }), deleteAfter: BACKUP_RETENTION.monthly }),
      ],
    });
    const selection = this.backupPlan.addSelection('Table', { resources: [BackupResource.fromDynamoDbTable(this.table)] });
    acknowledge(selection, [
      {
        // AWS managed policy ARNs always name the partition as a pseudo parameter, whatever the environment.
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
        reason: 'The role AWS Backup assumes to back the table up gets the service role policy AWS publishes for AWS Backup (aws-cdk-lib BackupSelection); no application code runs with it.',
      },
    ]);

    for (const index of Object.values(INDEX)) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.pk, type: AttributeType.STRING },
        sortKey: { name: index.sk, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
  }
}
