import { css } from 'lit';

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
