/**
 * Links printed in QR codes that a phone's own camera opens in the web app: a venue code (场所码)
 * opens the visitor check-in page, a registration poster the self-registration form. The signed
 * token travels in the link; the in-app scanner reads it back out (web/src/screens/scan-token.ts).
 */
import * as z from 'zod';

/**
 * The web app's origin as the web app says it (`location.origin`): the files function behind
 * CloudFront cannot know the distribution's domain (infra/constructs/api.ts STREAM_ENVIRONMENT);
 * without it, the configured origin (`Deps.webOrigin`, which locally is where `npm start` serves).
 */
export const WebOriginQuery = z.object({
  origin: z
    .string()
    .regex(/^https:\/\/[a-z0-9.-]+(:\d+)?$|^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/, 'the web app’s origin, https://host')
    .optional(),
});

/** What a printed venue code opens: the public check-in page. */
export const checkInUrl = (webOrigin: string, token: string) => `${webOrigin}/#/check-in?c=${encodeURIComponent(token)}`;

/** What a registration poster opens: the public self-registration form. */
export const registrationUrl = (webOrigin: string, token: string) => `${webOrigin}/#/register?code=${encodeURIComponent(token)}`;
