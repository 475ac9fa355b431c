/**
 * The stack as each kind of deployment synthesizes it (CDK context, infra/settings.ts): a global
 * region with Cognito, the China regions (cn-north-1, partition aws-cn) with the API's own issuer
 * and an ICP domain, a custom bootstrap qualifier. Each passes cdk-nag's AwsSolutions checks.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { OWN_ISSUER_AUDIENCE, TOKEN_KEY_ACTIONS } from '../../infra/constructs/auth';
import { LOG_RETENTION_DAYS_DEFAULT } from '../../infra/settings';
import { GridwatchWafStack, RATE_LIMIT_PER_IP, WAF_REGION } from '../../infra/waf-stack';
import { actionsOf, type Json, resource, roleOfFunction, statementsOfRole, synth } from './synth';

const CHINA = { env: { account: '111122223333', region: 'cn-north-1' } };
const CHINA_CONTEXT = { 'gridwatch:domainName': 'grid.example.cn', 'gridwatch:iamCertificateId': 'ASCAEXAMPLE1234567890' };
const GLOBAL = { env: { account: '111122223333', region: 'ap-east-1' } };

const nagFindings = (app: App, stack: Json) =>
  new AwsSolutionsChecks(app, { verbose: true }).validateScope(stack).violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
/** Our log groups (aws-cdk-lib's BucketDeployment handler keeps its own for two years). */
const logRetentions = (template: Json) =>
  Object.entries(template.findResources('AWS::Logs::LogGroup') as Record<string, Json>)
    .filter(([id]) => !id.startsWith('CustomCDKBucketDeployment'))
    .map(([, group]) => group.Properties.RetentionInDays);
const apiEnv = (template: Json) => resource(template, 'AWS::Lambda::Function', 'ApiHandlerFunction').props.Environment.Variables;

describe('the China regions (cn-north-1): own issuer, ICP domain', () => {
  const { app, stack, template } = synth(CHINA, CHINA_CONTEXT);
  const json = JSON.stringify(template.toJSON());

  it('has no Cognito user pool, and a KMS RSA key that signs the ID tokens', () => {
    expect(template.findResources('AWS::Cognito::UserPool')).toEqual({});
    const key = resource(template, 'AWS::KMS::Key', 'AuthTokenKey');
    expect(key.props).toMatchObject({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    expect(key.raw.DeletionPolicy).toBe('Retain');
  });

  it('tells the API to be its own issuer at <domain>/api/auth, signing with that key', () => {
    const env = apiEnv(template);
    expect(env).toMatchObject({ GRIDWATCH_SIGN_IN: 'own-issuer', GRIDWATCH_JWT_ISSUER: 'https://grid.example.cn/api/auth', GRIDWATCH_JWT_AUDIENCE: OWN_ISSUER_AUDIENCE, GRIDWATCH_WEB_ORIGIN: 'https://grid.example.cn' });
    expect(env.GRIDWATCH_TOKEN_KEY_ID).toEqual({ 'Fn::GetAtt': [resource(template, 'AWS::KMS::Key', 'AuthTokenKey').id, 'Arn'] });
    expect(env.GRIDWATCH_USER_POOL_ID).toBeUndefined();
  });

  it('lets the API sign with the key and read its public half, and nothing in Cognito', () => {
    const actions = actionsOf(statementsOfRole(template, roleOfFunction(template, 'ApiHandlerFunction')));
    // The token key's actions, and the tenants' personal-data keys (residents, docs/privacy.md).
    expect(actions.filter((a) => a.startsWith('kms:'))).toEqual([...TOKEN_KEY_ACTIONS, 'kms:Decrypt', 'kms:GenerateDataKey'].sort());
    expect(actions.filter((a) => a.startsWith('cognito-idp:'))).toEqual([]);
    const kmsOf = (fn: string) => actionsOf(statementsOfRole(template, roleOfFunction(template, fn))).filter((a) => a.startsWith('kms:'));
    expect(kmsOf('SchedulesDispatcherFunction')).toEqual([]);
    // The worker: tenants' personal-data keys (resident imports seal people's fields), never the token key.
    expect(kmsOf('SchedulesWorkerFunction')).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
  });

  it('serves the ICP domain with its IAM certificate, TLS 1.2 at least', () => {
    const distribution = resource(template, 'AWS::CloudFront::Distribution', 'WebDistribution').props.DistributionConfig;
    expect(distribution.Aliases).toEqual(['grid.example.cn']);
    expect(distribution.ViewerCertificate).toEqual({ IamCertificateId: 'ASCAEXAMPLE1234567890', SslSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' });
  });

  it('names the aws-cn partition and the .cn domains, never the global ones', () => {
    expect(json).toContain('arn:aws-cn:');
    expect(json).not.toMatch(/arn:aws:/);
    // Service principals keep amazonaws.com (as AWS expects in aws-cn too); no endpoint names the global domain.
    expect(json).not.toMatch(/https:\/\/[^"]*\.amazonaws\.com(?!\.cn)/);
    expect(json).toContain('https://*.s3.cn-north-1.');
  });

  it('keeps logs at least six months', () => {
    for (const days of logRetentions(template)) expect(days).toBe(LOG_RETENTION_DAYS_DEFAULT);
  });

  it('passes the AwsSolutions checks', () => {
    expect(nagFindings(app, stack)).toEqual([]);
  });

  it('refuses Cognito, ACM and a missing domain there', () => {
    expect(() => synth(CHINA, { ...CHINA_CONTEXT, 'gridwatch:signIn': 'cognito' })).toThrow(/gridwatch:signIn: Cognito user pools are not available/);
    expect(() => synth(CHINA, {})).toThrow(/gridwatch:domainName/);
    expect(() => synth(CHINA, { 'gridwatch:domainName': 'grid.example.cn', 'gridwatch:certificateArn': 'arn:aws-cn:acm:cn-north-1:111122223333:certificate/x' })).toThrow(/IAM server certificate/);
  });
});

describe('a global region: Cognito', () => {
  const { app, stack, template } = synth(GLOBAL, {});

  it('has the user pool and no token key; the API verifies Cognito tokens', () => {
    resource(template, 'AWS::Cognito::UserPool', 'AuthUserPool');
    expect(template.findResources('AWS::KMS::Key', { Properties: { KeyUsage: 'SIGN_VERIFY' } })).toEqual({});
    expect(apiEnv(template).GRIDWATCH_SIGN_IN).toBe('cognito');
    expect(JSON.stringify(apiEnv(template).GRIDWATCH_JWT_ISSUER)).toContain('"https://cognito-idp.ap-east-1."');
  });

  it('passes the AwsSolutions checks', () => {
    expect(nagFindings(app, stack)).toEqual([]);
  });

  it('can be its own issuer there too, and serve a custom domain with an ACM certificate', () => {
    const own = synth(GLOBAL, {
      'gridwatch:signIn': 'own-issuer',
      'gridwatch:domainName': 'grid.example.com',
      'gridwatch:certificateArn': 'arn:aws:acm:us-east-1:111122223333:certificate/abcd',
    });
    expect(own.template.findResources('AWS::Cognito::UserPool')).toEqual({});
    const distribution = resource(own.template, 'AWS::CloudFront::Distribution', 'WebDistribution').props.DistributionConfig;
    expect(distribution.ViewerCertificate).toMatchObject({ AcmCertificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/abcd', MinimumProtocolVersion: 'TLSv1.2_2021' });
    expect(nagFindings(own.app, own.stack)).toEqual([]);
  });
});

describe('settings from context', () => {
  it('keeps logs for the configured number of days, never under six months', () => {
    const { template } = synth({}, { 'gridwatch:logRetentionDays': '365' });
    expect(new Set(logRetentions(template))).toEqual(new Set([365]));
    expect(() => synth({}, { 'gridwatch:logRetentionDays': '30' })).toThrow(/gridwatch:logRetentionDays: at least 180/);
    expect(() => synth({}, { 'gridwatch:logRetentionDays': '200' })).toThrow(/gridwatch:logRetentionDays: one of/);
  });

  it('names a wrong key or value', () => {
    expect(() => synth({}, { 'gridwatch:signIn': 'ldap' })).toThrow(/gridwatch:signIn/);
    expect(() => synth({}, { 'gridwatch:domainName': 'grid.example.com' })).toThrow(/gridwatch:domainName: a domainName needs a certificate/);
  });

  it('acknowledges the CDK asset bucket of a custom bootstrap qualifier (a fixed qualifier broke synth)', () => {
    const { app, stack } = synth({ webDist: undefined }, { '@aws-cdk/core:bootstrapQualifier': 'gridcn01' });
    expect(nagFindings(app, stack)).toEqual([]);
    const acknowledged = stack.node.findAll().flatMap((c) => c.node.metadata.flatMap((m) => Object.keys((m.data ?? {}) as object)));
    expect(acknowledged.some((id) => id.includes('cdk-gridcn01-assets-'))).toBe(true);
  });
});

describe('the edge', () => {
  it('disables the execute-api endpoint when the API has its own domain, and CloudFront calls it there', () => {
    const { app, stack, template } = synth({}, { 'gridwatch:apiDomainName': 'api.grid.example.com', 'gridwatch:apiCertificateArn': 'arn:aws:acm:ap-east-1:111122223333:certificate/api' });
    expect(resource(template, 'AWS::ApiGatewayV2::Api', 'ApiHttpApi').props.DisableExecuteApiEndpoint).toBe(true);
    expect(resource(template, 'AWS::ApiGatewayV2::DomainName', 'ApiDomain').props).toMatchObject({
      DomainName: 'api.grid.example.com',
      DomainNameConfigurations: [{ CertificateArn: 'arn:aws:acm:ap-east-1:111122223333:certificate/api', EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }],
    });
    resource(template, 'AWS::ApiGatewayV2::ApiMapping', 'ApiDomainMapping');
    const distribution = resource(template, 'AWS::CloudFront::Distribution', 'WebDistribution').props.DistributionConfig;
    const api = distribution.CacheBehaviors.find((b: Json) => b.PathPattern === '/api/*');
    expect(distribution.Origins.find((o: Json) => o.Id === api.TargetOriginId).DomainName).toBe('api.grid.example.com');
    expect(nagFindings(app, stack)).toEqual([]);
    // Without it the endpoint stays (CloudFront needs a host it can reach).
    expect(resource(synth().template, 'AWS::ApiGatewayV2::Api', 'ApiHttpApi').props.DisableExecuteApiEndpoint).toBe(false);
  });

  it('attaches a web ACL from context, and then needs no CFR2 acknowledgement', () => {
    const arn = 'arn:aws:wafv2:us-east-1:111122223333:global/webacl/gridwatch-cloudfront/abcd';
    const { app, stack, template } = synth({}, { 'gridwatch:webAclArn': arn });
    expect(resource(template, 'AWS::CloudFront::Distribution', 'WebDistribution').props.DistributionConfig.WebACLId).toBe(arn);
    expect(nagFindings(app, stack)).toEqual([]);
  });

  it('builds the optional WAF stack in us-east-1 only: rate limit per IP and managed rule groups', () => {
    const app = new App();
    const waf = new GridwatchWafStack(app, 'GridwatchWaf', { env: { region: WAF_REGION } });
    const acl = Template.fromStack(waf).findResources('AWS::WAFv2::WebACL');
    const [props] = Object.values(acl).map((r: Json) => r.Properties);
    expect(props.Scope).toBe('CLOUDFRONT');
    expect(props.Rules[0].Statement.RateBasedStatement).toMatchObject({ Limit: RATE_LIMIT_PER_IP, AggregateKeyType: 'IP' });
    expect(props.Rules.slice(1).map((r: Json) => r.Statement.ManagedRuleGroupStatement.Name)).toEqual([
      'AWSManagedRulesAmazonIpReputationList',
      'AWSManagedRulesKnownBadInputsRuleSet',
      'AWSManagedRulesCommonRuleSet',
    ]);
    expect(new AwsSolutionsChecks(app).validateScope(waf).violations).toEqual([]);
    expect(() => new GridwatchWafStack(new App(), 'Elsewhere', { env: { region: 'cn-north-1' } })).toThrow(/us-east-1/);
  });
});
