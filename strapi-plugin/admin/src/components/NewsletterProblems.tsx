import { Box, Typography } from '@strapi/design-system';

import { useTranslate } from '../hooks/useTranslate';
import { newsletterProblemText, type NewsletterProblemItem } from '../utils/newsletters';

/** What keeps the newsletter from going out, one item per problem, in the editor's language. */
export function NewsletterProblems({ id, problems }: { id?: string; problems: NewsletterProblemItem[] }) {
  const t = useTranslate();
  return (
    <Box id={id} role="alert">
      <Typography variant="pi" fontWeight="bold" textColor="danger700">
        {t('newsletter.problems.intro')}
      </Typography>
      <ProblemList texts={problems.map((problem) => newsletterProblemText(t, problem))} variant="pi" />
    </Box>
  );
}

/** The problems as a bulleted list (a screen reader announces how many there are). */
export function ProblemList({ texts, variant }: { texts: string[]; variant: 'pi' | 'omega' }) {
  return (
    <Box tag="ul" paddingLeft={4} style={{ listStyle: 'disc' }}>
      {texts.map((text, index) => (
        <li key={index}>
          <Typography variant={variant} textColor="danger700">
            {text}
          </Typography>
        </li>
      ))}
    </Box>
  );
}
