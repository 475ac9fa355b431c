/**
 * Venue-import files: a private bucket where a tenant admin's CSV waits for the import job, objects
 * `<tenantId>/<importId>.csv` (shared/import-files/s3-store.ts). The browser PUTs the file straight
 * here through a presigned URL (so a 10 MB file never meets Lambda's ~6 MB request limit); the job
 * reads it, then deletes it. The files hold contacts and phone numbers: no versions are kept, and
 * whatever was never imported is deleted after a week.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Bucket, HttpMethods, type IBucket } from 'aws-cdk-lib/aws-s3';
import { PRIVATE_BUCKET } from './private-bucket';
import { Construct } from 'constructs';

export interface ImportFilesProps {
  readonly webOrigin: string;
  readonly logBucket: IBucket;
}

/** Uploaded files that were never imported (or not deleted after a failure) go after this. */
export const IMPORT_FILE_DAYS = 7;

export class ImportFiles extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: ImportFilesProps) {
    super(scope, id);

    this.bucket = new Bucket(this, 'Bucket', {
      ...PRIVATE_BUCKET,
      serverAccessLogsBucket: props.logBucket,
      serverAccessLogsPrefix: 'import-files-bucket/',
      cors: [
        {
          allowedOrigins: [props.webOrigin],
          allowedMethods: [HttpMethods.PUT],
          // The presigned PUT signs content-type (and the length, which browsers set themselves).
          allowedHeaders: ['content-type'],
          maxAge: 3600,
        },
      ],
      lifecycleRules: [
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        { id: 'expire-unimported-files', expiration: Duration.days(IMPORT_FILE_DAYS) },
      ],
      // Transient files: nothing to keep when the stack goes.
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }
}
