import { css } from 'lit';

export const signupStyles = css`
  .base {
    display: grid;
    gap: var(--_space);
  }
  .loading {
    margin: 0;
  }
`;
