export const TEST_TABLE = 'gridwatch-test';
export const TEST_ISSUER = 'https://issuer.test/api/auth';
export const TEST_AUDIENCE = 'gridwatch-test';
