/** Text and attribute values inside the printable pages the API makes (notice, venue-code sheets). */
export const escapeHtml = (s: string | undefined) =>
  (s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
