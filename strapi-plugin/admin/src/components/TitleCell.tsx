import * as React from 'react';
import { Flex, Link, Td, Typography } from '@strapi/design-system';
import { NavLink } from 'react-router-dom';

/**
 * The first cell of a list row: the title as a link (the keyboard path) with a short line below it.
 * The link stops its click so a row that also navigates on click does not navigate twice.
 */
export function TitleCell({ to, title, subtitle }: { to: string; title: string; subtitle?: React.ReactNode }) {
  return (
    <Td>
      <Flex direction="column" alignItems="flex-start">
        <Link tag={NavLink} to={to} onClick={(click: React.MouseEvent) => click.stopPropagation()}>
          {title}
        </Link>
        {subtitle ? (
          <Typography variant="pi" textColor="neutral600">
            {subtitle}
          </Typography>
        ) : null}
      </Flex>
    </Td>
  );
}
