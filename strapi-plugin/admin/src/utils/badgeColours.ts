/**
 * Text and background of each badge colour, at least 4.5:1 in the light and the dark theme. The
 * design system's own pairs (700 on 200) fall below WCAG's 4.5:1 for warning, danger and
 * alternative, and primary700 on primary200 reads 2.4:1 in the dark theme (badgeColours.test.ts).
 */
export const BADGE_COLOURS = {
  primary: { textColor: 'primary700', backgroundColor: 'primary100' },
  secondary: { textColor: 'secondary700', backgroundColor: 'secondary200' },
  success: { textColor: 'success700', backgroundColor: 'success200' },
  warning: { textColor: 'neutral800', backgroundColor: 'warning200' },
  danger: { textColor: 'danger700', backgroundColor: 'danger100' },
  neutral: { textColor: 'neutral700', backgroundColor: 'neutral150' },
  alternative: { textColor: 'alternative700', backgroundColor: 'alternative100' },
} as const;
