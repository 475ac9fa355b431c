/**
 * Inspection photos: a private bucket, objects `<tenantId>/<photoId>`. Browsers upload and download
 * through short-lived presigned URLs the API creates (shared/photos/s3-store.ts), so the bucket
 * allows cross-origin PUT/GET from the web origin only.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Bucket, HttpMethods, type IBucket } from 'aws-cdk-lib/aws-s3';
import { PRIVATE_BUCKET } from './private-bucket';
import { Construct } from 'constructs';

export interface PhotosProps {
  readonly webOrigin: string;
  readonly logBucket: IBucket;
}

export class Photos extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: PhotosProps) {
    super(scope, id);

    this.bucket = new Bucket(this, 'Bucket', {
      ...PRIVATE_BUCKET,
      // Evidence: an overwritten or deleted photo stays recoverable for 90 days.
      versioned: true,
      serverAccessLogsBucket: props.logBucket,
      serverAccessLogsPrefix: 'photos-bucket/',
      cors: [
        {
          allowedOrigins: [props.webOrigin],
          allowedMethods: [HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD],
          // The presigned PUT signs content-type (and the length, which browsers set themselves).
          allowedHeaders: ['content-type'],
          exposedHeaders: ['ETag'],
          maxAge: 3600,
        },
      ],
      lifecycleRules: [
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        { id: 'expire-old-versions', noncurrentVersionExpiration: Duration.days(90) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
