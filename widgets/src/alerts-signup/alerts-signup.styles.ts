import { css } from '../shared/civic-element.js';

export const alertsSignupStyles = css`
  .base {
    display: grid;
    gap: var(--_space);
  }
  .loading,
  .intro {
    margin: 0;
  }
`;
