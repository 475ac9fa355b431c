/**
 * The tenant role: what one tenant's requests and jobs may touch. The API functions and the job
 * worker assume it per tenant with the session tag `tenant=<id>` (shared/aws/tenant-credentials.ts)
 * and make every DynamoDB and S3 call with that session. Its policy reads the tag: partition keys
 * `T#<tenant>` and `T#<tenant>#…` only (dynamodb:LeadingKeys), objects `<tenant>/…` only. A bug that
 * builds another tenant's key gets AccessDenied from AWS; the functions' own roles keep no table or
 * bucket access beyond the tenant directory. test/infra/tenant-isolation.test.ts simulates the policies.
 */
import { ArnPrincipal, CompositePrincipal, PolicyStatement, PrincipalWithConditions, Role } from 'aws-cdk-lib/aws-iam';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { TENANT_TAG } from '../../shared/aws/tenant-credentials';
import { acknowledge, nagArn } from '../nag';
import type { NodeFunction } from './node-function';
import { grantTableAccess, TABLE_ACCESS, TENANT_PRINCIPAL_TAG } from './table-access';

export interface TenantRoleProps {
  readonly table: ITable;
  /** Buckets of per-tenant objects (`<tenant>/…`) and the object actions on each. */
  readonly buckets: readonly { readonly sid: string; readonly bucket: IBucket; readonly actions: readonly string[] }[];
  /** The functions that assume it (each gets GRIDWATCH_TENANT_ROLE_ARN). */
  readonly users: readonly NodeFunction[];
}

/** Exactly one session tag, `tenant`, with a value: no session without a tenant, no other tags. */
const TAG_CONDITIONS = {
  StringLike: { [`aws:RequestTag/${TENANT_TAG}`]: '?*' },
  'ForAllValues:StringEquals': { 'aws:TagKeys': [TENANT_TAG] },
};

export class TenantRole extends Construct {
  readonly role: Role;

  constructor(scope: Construct, id: string, props: TenantRoleProps) {
    super(scope, id);
    const principals = props.users.map((fn) => new ArnPrincipal(fn.role.roleArn));
    this.role = new Role(this, 'Role', {
      description: 'Gridwatch: one tenant per session (session tag tenant): its partition keys and objects only',
      assumedBy: new PrincipalWithConditions(new CompositePrincipal(...principals).withSessionTags(), TAG_CONDITIONS),
    });
    grantTableAccess(this.role, props.table, TABLE_ACCESS.tenant, 'TenantTable');
    for (const { sid, bucket, actions } of props.buckets) {
      this.role.addToPolicy(new PolicyStatement({ sid, actions: [...actions], resources: [bucket.arnForObjects(`${TENANT_PRINCIPAL_TAG}/*`)] }));
    }
    acknowledge(this.role, [
      ...props.buckets.map(({ bucket }) => ({
        id: `AwsSolutions-IAM5[Resource::${nagArn(bucket)}/<aws:PrincipalTag/${TENANT_TAG}>/*]`,
        reason: "The session's own tenant prefix: objects are keyed <tenant>/<id> and the tenant is the session tag the role was assumed with.",
      })),
    ]);

    for (const fn of props.users) {
      fn.function.addEnvironment('GRIDWATCH_TENANT_ROLE_ARN', this.role.roleArn);
      fn.role.addToPrincipalPolicy(
        new PolicyStatement({ sid: 'TenantSessions', actions: ['sts:AssumeRole', 'sts:TagSession'], resources: [this.role.roleArn], conditions: TAG_CONDITIONS }),
      );
    }
  }
}
