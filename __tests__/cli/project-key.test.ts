import { createHmac } from 'node:crypto';
import { loadProjectKey } from '../../src/cli/project-key.js';

// The key's id (which baselines and shards record) is made when first asked for, not at every
// scan (issue 16): it must be what it always was, the same each time it is read.
describe('the project key', () => {
  it('is named by an HMAC of a constant under it, made on first use', () => {
    const k = loadProjectKey({ LEAKGATE_KEY: 'project-key-test-secret-0123456789' });
    const expected = createHmac('sha256', k.key).update('leakgate key id').digest('hex').slice(0, 16);
    expect(k.id).toBe(expected);
    expect(k.id).toBe(expected);
    expect({ ...k }).toEqual({ key: k.key, id: expected, source: 'LEAKGATE_KEY', lasting: true });
    // another secret, another key and id
    expect(loadProjectKey({ LEAKGATE_KEY: 'project-key-test-secret-9876543210' }).id).not.toBe(expected);
  });
});
