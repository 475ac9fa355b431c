/**
 * Operational alerts: one SNS topic that the stack's CloudWatch alarms notify (state ALARM and back
 * to OK). Subscribe on-call e-mail, chat or paging to it (the stack outputs its ARN).
 *
 * Encrypted with a customer managed KMS key, not the AWS managed `aws/sns`: CloudWatch can only
 * publish to an encrypted topic if the key policy lets cloudwatch.amazonaws.com use the key, and the
 * policy of an AWS managed key cannot be changed. Publishing needs TLS (cdk-nag SNS3). CloudWatch
 * may publish, and use the key, only for alarms of this account and region.
 */
import { ArnFormat, Aws, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export class Alerts extends Construct {
  readonly key: Key;
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: { email?: string } = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    const cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com');
    // Only on behalf of this account's alarms in this region (no confused deputy).
    const fromOurAlarms = {
      StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
      ArnLike: {
        'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      },
    };

    this.key = new Key(this, 'Key', {
      description: 'Gridwatch: encrypts the alert topic (CloudWatch alarm notifications)',
      enableKeyRotation: true,
      // It protects notifications in transit only; nothing stays encrypted with it once the topic is gone.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [cloudWatch],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: fromOurAlarms,
      }),
    );

    this.topic = new Topic(this, 'Topic', {
      displayName: 'Gridwatch alerts',
      masterKey: this.key,
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: fromOurAlarms,
      }),
    );
    // gridwatch:alarmEmail (the address must confirm the subscription AWS sends it).
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email));
  }

  /** Notify the topic when the alarm fires and when it clears. */
  notify(alarm: Alarm): void {
    const action = new SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
  }
}
