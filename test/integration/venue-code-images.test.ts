/** Venue codes (场所码) as printable images: PNG and SVG, for admins and supervisors in scope. */
import { beforeAll, describe, expect, it } from 'vitest';
import { venueCodePath, venueCodePng } from '../../shared/domain/venues/venue-code-image';
import { checkInUrl } from '../../functions/api/routes/web-links';
import { type Api, testApi, WEB_ORIGIN } from '../support/api';
import { createVenue } from '../support/field';
import { createTestTenant, type TestTenant } from '../support/tenant';

let api: Api;
let t: TestTenant;
beforeAll(async () => {
  api = await testApi();
  t = await createTestTenant(api, 'qr');
});

describe('venue code images', () => {
  it('renders the current token as a PNG QR code', async () => {
    const venue = await createVenue(api, t);
    const { token } = (await api.call('GET', `/api/venues/${venue.id}/code`, { token: t.tokens.admin })).body;
    const res = await api.app.request(`/api/venues/${venue.id}/code.png?size=300`, { headers: { authorization: `Bearer ${t.tokens.supervisor}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const png = new Uint8Array(await res.arrayBuffer());
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // The same picture as the token's, and it changes when the code is rotated.
    expect(png).toEqual(await venueCodePng(checkInUrl(WEB_ORIGIN, token), 300));
    await api.call('POST', `/api/venues/${venue.id}/code/rotate`, { token: t.tokens.admin, body: { version: venue.version } });
    const rotated = new Uint8Array(await (await api.app.request(`/api/venues/${venue.id}/code.png?size=300`, { headers: { authorization: `Bearer ${t.tokens.admin}` } })).arrayBuffer());
    expect(rotated).not.toEqual(png);
    expect((await api.call('GET', `/api/venues/${venue.id}/code.png?size=5000`, { token: t.tokens.admin })).status).toBe(400);
  });

  it('renders a printable SVG with the venue name beneath, escaped', async () => {
    const venue = await createVenue(api, t, { name: '好又多超市 <东区> & 二部（这是一个很长的名字需要换行显示）' });
    const res = await api.app.request(`/api/venues/${venue.id}/code.svg`, { headers: { authorization: `Bearer ${t.tokens.admin}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    const svg = await res.text();
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('&lt;东区&gt; &amp; 二部');
    expect(svg).not.toContain('<东区>');
    expect(svg.match(/<text /g)?.length).toBeGreaterThanOrEqual(3); // two or more name lines and the caption
    expect(svg).toContain('场所码 Venue code · v1');
    expect(svg).toMatch(/<path d="(M\d+ \d+h\d+v1h-\d+z)+"/);
  });

  it('keeps to the caller scope', async () => {
    const south = await createVenue(api, t, { gridId: t.grids.southVillage });
    expect((await api.call('GET', `/api/venues/${south.id}/code.svg`, { token: t.tokens.northSupervisor })).status).toBe(403);
    expect((await api.call('GET', `/api/venues/${south.id}/code.png`, { token: t.tokens.inspector })).status).toBe(403);
    expect((await api.call('GET', '/api/venues/no-such-venue/code.png', { token: t.tokens.admin })).status).toBe(404);
  });

  it('prints one venue large and a grid subtree six to a page, each code the venue\'s current token', async () => {
    const venue = await createVenue(api, t, { name: '龙湖<超市>', address: '龙湖镇 泰山路 8 号', gridId: t.grids.northVillage });
    const other = await createVenue(api, t, { name: '南村小卖部', gridId: t.grids.southVillage });
    const { token } = (await api.call('GET', `/api/venues/${venue.id}/code`, { token: t.tokens.admin })).body;

    const one = await api.app.request(`/api/venues/${venue.id}/code.html`, { headers: { authorization: `Bearer ${t.tokens.supervisor}` } });
    expect(one.status).toBe(200);
    expect(one.headers.get('content-type')).toMatch(/^text\/html/);
    expect(one.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await one.text();
    expect(page).toContain('<body class="single">');
    expect(page).toContain('龙湖&lt;超市&gt;');
    expect(page).not.toContain('<超市>');
    expect(page).toContain('龙湖镇 泰山路 8 号');
    expect(page).not.toMatch(/<script/i);
    // The QR is the visitor check-in page's link with the token (the configured web origin here).
    expect(page).toContain(`<path d="${(await venueCodePath(checkInUrl(WEB_ORIGIN, token))).d}"`);
    expect(page).not.toContain(`<path d="${(await venueCodePath(token)).d}"`);
    // The web app names its own origin (CloudFront's domain, which the files function cannot know).
    const named = await (await api.app.request(`/api/venues/${venue.id}/code.html?origin=https://gw.example.cn`, { headers: { authorization: `Bearer ${t.tokens.supervisor}` } })).text();
    expect(named).toContain(`<path d="${(await venueCodePath(`https://gw.example.cn/#/check-in?c=${encodeURIComponent(token)}`)).d}"`);
    expect((await api.call('GET', `/api/venues/${venue.id}/code.html?origin=javascript:alert(1)`, { token: t.tokens.supervisor })).status).toBe(400);

    const sheet = await (await api.app.request(`/api/grids/${t.grids.north}/codes.html`, { headers: { authorization: `Bearer ${t.tokens.admin}` } })).text();
    expect(sheet).toContain(`data-venue-id="${venue.id}"`);
    expect(sheet).not.toContain(`data-venue-id="${other.id}"`);
    expect(sheet).toContain(`<path d="${(await venueCodePath(checkInUrl(WEB_ORIGIN, token))).d}"`);
    // A rotated code prints the new token.
    await api.call('POST', `/api/venues/${venue.id}/code/rotate`, { token: t.tokens.admin, body: { version: venue.version } });
    const rotated = (await api.call('GET', `/api/venues/${venue.id}/code`, { token: t.tokens.admin })).body.token;
    const again = await (await api.app.request(`/api/grids/${t.grids.north}/codes.html`, { headers: { authorization: `Bearer ${t.tokens.admin}` } })).text();
    expect(again).toContain(`<path d="${(await venueCodePath(checkInUrl(WEB_ORIGIN, rotated))).d}"`);
    expect(again).toContain('场所码 Venue code · v2');
  });

  it('prints only in the caller\'s scope and role', async () => {
    expect((await api.call('GET', `/api/grids/${t.grids.south}/codes.html`, { token: t.tokens.northSupervisor })).status).toBe(403);
    expect((await api.call('GET', `/api/grids/${t.grids.north}/codes.html`, { token: t.tokens.inspector })).status).toBe(403);
    expect((await api.call('GET', '/api/grids/no-such-grid/codes.html', { token: t.tokens.admin })).status).toBe(404);
    const south = await createVenue(api, t, { gridId: t.grids.southVillage });
    expect((await api.call('GET', `/api/venues/${south.id}/code.html`, { token: t.tokens.northSupervisor })).status).toBe(403);
  });
});
