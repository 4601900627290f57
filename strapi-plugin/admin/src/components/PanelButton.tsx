import * as React from 'react';
import { Button, type ButtonProps } from '@strapi/design-system';

/**
 * A full-width button of the content manager's narrow side panel. Its label may wrap (German ones do
 * at 1280 px: "Versand abbrechen …"); the button then grows instead of letting the second line
 * spill out of the design system's fixed height.
 */
export const PanelButton = React.forwardRef<HTMLButtonElement, ButtonProps>(({ style, ...props }, ref) => (
  <Button ref={ref} fullWidth paddingTop={2} paddingBottom={2} {...props} style={{ height: 'auto', ...style }} />
));
