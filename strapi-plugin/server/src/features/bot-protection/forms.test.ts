import { describe, expect, it } from 'vitest';
import { ALTCHA_FORMS as CONTRACT_FORMS } from '@civic-dialog/contracts';
import { ALTCHA_FORMS } from '../../kernel/config';

// The kernel knows the forms (config validation, which imports nothing of ours); the widgets know
// them from the contracts (GET /altcha/forms answers them). Both lists must name the same forms.
describe('ALTCHA forms', () => {
  it('are the same in the plugin config and in the contracts the widgets use', () => {
    expect([...ALTCHA_FORMS]).toEqual([...CONTRACT_FORMS]);
  });
});
