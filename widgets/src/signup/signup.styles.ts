import { css } from '../shared/civic-element.js';

export const signupStyles = css`
  .base {
    display: grid;
    gap: var(--_space);
  }
  .loading {
    margin: 0;
  }
`;
