import { describe, expect, it } from 'vitest';
import { SWITCH_MODES } from '../../../src/ports/traffic-switch.js';

describe('switch modes', () => {
  it('are the contract names, records first (the default)', () => {
    expect(SWITCH_MODES).toEqual(['records', 'arc', 's3-object']);
  });
});
