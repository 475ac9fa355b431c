/**
 * What differs between deployments, read from CDK context (`cdk.json`, or `-c gridwatch:…=…` on
 * the command line): the sign-in mode, the web domain and its certificate, log retention, alarm
 * e-mail, the optional WAF and API domain. Everything else is the same in every partition and region.
 * Checked here once, so a wrong value stops `cdk synth` with the key's name instead of deploying.
 */
import type { Node } from 'constructs';
import * as z from 'zod';
import { parseRateLimits } from '../shared/domain/rate-limits';

const validRateLimits = (value: string) => {
  try {
    parseRateLimits(value);
    return true;
  } catch {
    return false;
  }
};

/**
 * `cognito`: a Cognito user pool holds passwords and issues ID tokens (global regions).
 * `own-issuer`: the API keeps scrypt password hashes in the table (as locally) and signs ID tokens
 * with an AWS KMS asymmetric key (RS256), publishing its JWKS at /api/auth/jwks.json. Cognito user
 * pools do not exist in the China regions, so there it is the only mode.
 */
export const SIGN_IN_MODES = ['cognito', 'own-issuer'] as const;
export type SignInMode = (typeof SIGN_IN_MODES)[number];

/** China's Cybersecurity Law asks network operators to keep network logs for six months. */
export const LOG_RETENTION_DAYS_DEFAULT = 180;
/**
 * The job worker's SQS maximum concurrency, sized by the day-start wave (npm run bench -- midnight,
 * docs/scheduling.md): 2,500 tenants planned and swept within 5 minutes, the table under its quota.
 */
export const WORKER_MAX_CONCURRENCY = 200;
/** The files function's URL has no throttle of its own: at most this many run at once. */
export const FILES_CONCURRENCY_DEFAULT = 10;

const DomainName = z.string().regex(/^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a lower-case DNS name such as grid.example.cn');
const Arn = z.string().regex(/^arn:aws(-cn|-us-gov)?:[a-z0-9-]+:/, 'an ARN');
const Count = z.coerce.number().int().positive();
/** The retention periods CloudWatch Logs accepts. */
export const LOG_RETENTION_CHOICES = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

const Settings = z
  .strictObject({
    signIn: z.enum(SIGN_IN_MODES).optional(),
    /** The web app's custom domain (required in the China regions: an ICP-registered domain). */
    domainName: DomainName.optional(),
    /** Its certificate in ACM us-east-1 (global regions). */
    certificateArn: Arn.optional(),
    /** Its certificate uploaded to IAM (the China regions: CloudFront there takes IAM server certificates). */
    iamCertificateId: z.string().regex(/^[A-Z0-9]{16,}$/, 'an IAM server certificate id (ASCA…)').optional(),
    logRetentionDays: Count.refine((days) => (LOG_RETENTION_CHOICES as readonly number[]).includes(days), `one of ${LOG_RETENTION_CHOICES.join(', ')}`)
      .refine((days) => days >= LOG_RETENTION_DAYS_DEFAULT, `at least ${LOG_RETENTION_DAYS_DEFAULT} days (six months of network logs)`)
      .default(LOG_RETENTION_DAYS_DEFAULT),
    /** Subscribed to the alert topic (confirm the e-mail AWS sends). */
    alarmEmail: z.email().optional(),
    /** A CLOUDFRONT-scope web ACL (made by the GridwatchWaf stack in us-east-1). */
    webAclArn: Arn.optional(),
    /** A custom domain for the HTTP API with a regional ACM certificate: the execute-api endpoint is then disabled. */
    apiDomainName: DomainName.optional(),
    apiCertificateArn: Arn.optional(),
    filesConcurrency: Count.default(FILES_CONCURRENCY_DEFAULT),
    /** The API's rate limits (GRIDWATCH_RATE_LIMITS): `off` or JSON overriding the defaults (shared/domain/rate-limits.ts). */
    rateLimits: z
      .union([z.string(), z.record(z.string(), z.unknown())])
      .transform((value) => (typeof value === 'string' ? value : JSON.stringify(value)))
      .refine((value) => validRateLimits(value), 'off, or JSON like {"tenant":{"capacity":400,"refillPerSecond":80}}')
      .optional(),
  })
  .refine((s) => !(s.certificateArn && s.iamCertificateId), { message: 'certificateArn and iamCertificateId: give one, not both', path: ['iamCertificateId'] })
  .refine((s) => !s.domainName === !(s.certificateArn || s.iamCertificateId), { message: 'a domainName needs a certificate (certificateArn or iamCertificateId), and a certificate a domainName', path: ['domainName'] })
  .refine((s) => !s.apiDomainName === !s.apiCertificateArn, { message: 'apiDomainName and apiCertificateArn go together', path: ['apiDomainName'] });

export type DeploymentSettings = Omit<z.output<typeof Settings>, 'signIn'> & { signIn: SignInMode };

/** The context keys, all under `gridwatch:` (e.g. `-c gridwatch:signIn=own-issuer`). */
export const SETTING_KEYS = ['signIn', 'domainName', 'certificateArn', 'iamCertificateId', 'logRetentionDays', 'alarmEmail', 'webAclArn', 'apiDomainName', 'apiCertificateArn', 'filesConcurrency', 'rateLimits'] as const;

/**
 * The settings from context. `region` is the stack's region when it is known at synth time
 * (a token otherwise): a China region defaults to the own issuer and refuses Cognito and WAF.
 */
export function deploymentSettings(node: Node, region: string | undefined): DeploymentSettings {
  const raw = Object.fromEntries(SETTING_KEYS.map((key) => [key, node.tryGetContext(`gridwatch:${key}`)]).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = Settings.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`CDK context: ${parsed.error.issues.map((i) => `gridwatch:${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const china = region?.startsWith('cn-') ?? false;
  const settings = { ...parsed.data, signIn: parsed.data.signIn ?? (china ? 'own-issuer' : 'cognito') } as DeploymentSettings;
  if (china && settings.signIn === 'cognito') throw new Error('CDK context: gridwatch:signIn: Cognito user pools are not available in the China regions; use own-issuer');
  if (china && !settings.domainName) throw new Error('CDK context: gridwatch:domainName: CloudFront in the China regions serves only an ICP-registered domain; give it with its IAM certificate (gridwatch:iamCertificateId)');
  if (china && settings.certificateArn) throw new Error('CDK context: gridwatch:certificateArn: CloudFront in the China regions takes an IAM server certificate (gridwatch:iamCertificateId), not ACM');
  return settings;
}
