/**
 * cdk-nag (v3) AwsSolutions checks over the whole stack: no error and no warning may be left
 * unacknowledged, and every acknowledgement carries a written reason.
 *
 * cdk-nag 3 is a policy-validation plugin, not an aspect: it reports violations instead of adding
 * annotations, so `Annotations.fromStack(...).findError('*', /AwsSolutions-/)` would always be
 * empty. The pack is run directly (`validateScope`) and also the way `cdk synth` runs it.
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addNagChecks } from '../../infra/nag';
import { synth } from './synth';

// A stand-in web build, so both site deployments (assets and shell) are checked too.
const webDist = mkdtempSync(join(tmpdir(), 'gridwatch-nag-web-'));
mkdirSync(join(webDist, 'assets'));
writeFileSync(join(webDist, 'index.html'), '<!doctype html>');
writeFileSync(join(webDist, 'assets', 'index-abc.js'), '');
afterAll(() => rmSync(webDist, { recursive: true, force: true }));

const { app, stack } = synth({ webDist });

describe('cdk-nag AwsSolutions', () => {
  it('leaves no unacknowledged error or warning', () => {
    const report = new AwsSolutionsChecks(app, { verbose: true }).validateScope(stack);
    const findings = report.violations.map((v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('really runs: it flags an unlogged bucket in a scratch stack', () => {
    const scratch = new Stack(new App(), 'Scratch');
    new Bucket(scratch, 'Unlogged', { enforceSSL: true });
    const rules = new AwsSolutionsChecks(scratch).validateScope(scratch).violations.map((v) => v.ruleName);
    expect(rules).toContain('AwsSolutions-S1');
  });

  it('checks topics too: one that accepts publishing without TLS is flagged (the alert topic does not)', () => {
    // The pack has no topic-encryption rule (SNS2 is not in AwsSolutions): stack.test.ts checks the key.
    const scratch = new Stack(new App(), 'Scratch');
    new Topic(scratch, 'Plain');
    const rules = new AwsSolutionsChecks(scratch).validateScope(scratch).violations.map((v) => v.ruleName);
    expect(rules).toContain('AwsSolutions-SNS3');
  });

  it('gives every acknowledgement a reason', () => {
    const acknowledgements = stack.node
      .findAll()
      .flatMap((c) =>
        c.node.metadata
          .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ path: c.node.path, id, reason }))),
      );
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { id, reason } of acknowledgements) {
      expect(id).toMatch(/AwsSolutions-[A-Z]+\d+/);
      expect(reason.length, id).toBeGreaterThan(40);
    }
    // Acknowledged where the finding is, never for the whole stack or app.
    expect(acknowledgements.filter((a) => a.path === 'Gridwatch' || a.path === '')).toEqual([]);
  });

  it('lets a synth with the checks registered (as infra/app.ts does) succeed', () => {
    const checked = synth({ webDist });
    addNagChecks(checked.app);
    expect(() => checked.app.synth({ force: true })).not.toThrow();
  });
});
