/** For tests of signed AWS calls (shared/aws/signed-requests.ts): the SDK signer's hash, and a recording network. */
import { createHash, createHmac } from 'node:crypto';

/** SHA-256 and HMAC-SHA-256 from node:crypto, in the shape the SDK's signer (@smithy/signature-v4) takes. */
export class Sha256 {
  private readonly hash;
  constructor(secret?: string | Uint8Array) {
    this.hash = secret ? createHmac('sha256', secret) : createHash('sha256');
  }
  update(data: string | Uint8Array) {
    this.hash.update(data);
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

/** A network that records requests and answers from a list (the last answer repeats). */
export function network(...answers: (() => Response)[]) {
  const requests: Request[] = [];
  return {
    requests,
    send: async (request: Request) => {
      requests.push(request);
      return answers[Math.min(requests.length, answers.length) - 1]();
    },
  };
}

/** The instant a request was signed at, from its x-amz-date header. */
export function signingDateOf(request: Request): Date {
  const d = request.headers.get('x-amz-date')!;
  return new Date(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${d.slice(9, 11)}:${d.slice(11, 13)}:${d.slice(13, 15)}Z`);
}
