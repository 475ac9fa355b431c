/**
 * The bucket that receives S3 server access logs (web and photo buckets) and CloudFront standard
 * logs. CloudFront's standard logging writes with ACLs, hence BUCKET_OWNER_PREFERRED.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Bucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { PRIVATE_BUCKET } from './private-bucket';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';

export class AccessLogs extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.bucket = new Bucket(this, 'Bucket', {
      ...PRIVATE_BUCKET,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(365), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    acknowledge(this.bucket, [
      {
        id: 'AwsSolutions-S1',
        reason: 'This is the access-log bucket itself; logging its own access would write logs about logs without end.',
      },
    ]);
  }
}
