/**
 * The one DynamoDB table. Every name (table, keys, indexes, TTL attribute) comes from
 * shared/data/table.ts, the same definition DynamoDB Local is created from.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { INDEX, KEY, TABLE_NAME_DEFAULT, TTL_ATTRIBUTE } from '../../shared/data/table';

export interface DataProps {
  /** @default TABLE_NAME_DEFAULT ('gridwatch') */
  readonly tableName?: string;
}

export class Data extends Construct {
  readonly table: Table;

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
