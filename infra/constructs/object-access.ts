/** S3 permissions of the functions on the buckets of per-tenant objects. */
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { acknowledge, nagArn } from '../nag';
import type { NodeFunction } from './node-function';

/**
 * S3 actions on a bucket of per-tenant objects (photos, import files): given to the API function
 * (not the streaming one, see STREAM_ENVIRONMENT in api.ts) and to the job worker (import files).
 */
export function grantTenantObjects(fn: NodeFunction, grant: { sid: string; bucket: IBucket; actions: readonly string[]; what: string }): void {
  fn.role.addToPrincipalPolicy(new PolicyStatement({ sid: grant.sid, actions: [...grant.actions], resources: [grant.bucket.arnForObjects('*')] }));
  acknowledge(fn.role, [
    {
      id: `AwsSolutions-IAM5[Resource::${nagArn(grant.bucket)}/*]`,
      reason: `${grant.what} and one function serves every tenant, so the object ARN cannot be narrower than the bucket; the app builds every key from the caller's verified tenant.`,
    },
  ]);
}

