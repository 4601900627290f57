import { POSTAL_CODE_PATTERN, PREFERENCE_LIMITS } from '@civic-dialog/contracts/rules/limits';
import { isPlaceName } from '@civic-dialog/contracts/rules/names';

/**
 * What is wrong with an alert area as typed (trimmed), the rule of the contracts' district and
 * postal code; both empty mean the whole town. Used by <civic-alerts-signup> and the preference center.
 */
export function areaProblems(district: string, postalCode: string): { district?: 'districtInvalid'; postalCode?: 'postalCodeInvalid' } {
  return {
    ...(district && (district.length > PREFERENCE_LIMITS.districtLength || !isPlaceName(district)) ? { district: 'districtInvalid' as const } : {}),
    // 3 to 10 letters, digits, space or dash, starting and ending with a letter or digit.
    ...(postalCode && (postalCode.length < 3 || postalCode.length > 10 || !POSTAL_CODE_PATTERN.test(postalCode) || /^[ -]|[ -]$/.test(postalCode))
      ? { postalCode: 'postalCodeInvalid' as const }
      : {}),
  };
}
