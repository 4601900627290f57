import * as React from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';

interface DetailSectionProps {
  /** Used for the heading id, which the section's table references as its label. */
  id: string;
  title: string;
  description?: string;
  /** Shown instead of the children when there is nothing to list. */
  emptyText?: string;
  isEmpty?: boolean;
  children: React.ReactNode;
}

/** A titled block of the profile page (level-2 heading below the page's h1). */
export function DetailSection({ id, title, description, emptyText, isEmpty, children }: DetailSectionProps) {
  return (
    <Flex tag="section" direction="column" alignItems="stretch" gap={3} aria-labelledby={headingId(id)}>
      <Flex direction="column" alignItems="flex-start" gap={1}>
        <Typography tag="h2" variant="delta" id={headingId(id)}>
          {title}
        </Typography>
        {description ? (
          <Typography variant="pi" textColor="neutral600">
            {description}
          </Typography>
        ) : null}
      </Flex>
      {isEmpty ? (
        <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
          <Typography textColor="neutral600">{emptyText}</Typography>
        </Box>
      ) : (
        children
      )}
    </Flex>
  );
}

/** The id of a section's heading, for `aria-labelledby` on its table. */
export const headingId = (sectionId: string) => `civic-dialog-${sectionId}-heading`;
