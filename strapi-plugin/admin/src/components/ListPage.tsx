import * as React from 'react';
import { Flex, LinkButton, Table, Tbody, Tr } from '@strapi/design-system';
import { Pencil } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { NavLink, useNavigate } from 'react-router-dom';

import { useAdminGet } from '../hooks/useAdminGet';
import { useTranslate } from '../hooks/useTranslate';
import { ProfilesLink } from './EventsLink';
import { ListContent } from './ListContent';
import { TableHead } from './TableHead';

interface ListPageProps<T> {
  /** Translation prefix: `<area>.title`, `.subtitle`, `.loading`, `.empty`, `.column.<name>`. */
  area: 'events' | 'surveys' | 'newsletters';
  /** The admin route that answers `{ results }`. */
  url: string;
  /** The content manager's list of these entries, and the label of the button to it. */
  contentPath: string;
  contentLabel: string;
  columns: readonly string[];
  rowKey: (item: T) => string | number;
  /** Where a row leads (its title cell links there too: the keyboard path). */
  rowPath: (item: T) => string;
  /** The row's cells, in the order of `columns`. */
  cells: (item: T) => React.ReactNode;
}

/** A plugin list page: title, links to the profiles and the content manager, the table of entries. */
export function ListPage<T>({ area, url, contentPath, contentLabel, columns, rowKey, rowPath, cells }: ListPageProps<T>) {
  const t = useTranslate();
  const navigate = useNavigate();
  const list = useAdminGet<{ results: T[] }>(url);
  const { data } = list;

  return (
    <Page.Main>
      <Page.Title>{`${t(`${area}.title`)} | ${t('plugin.name')}`}</Page.Title>
      <Layouts.Header
        title={t(`${area}.title`)}
        subtitle={data ? t(`${area}.subtitle`, { total: data.results.length }) : undefined}
        primaryAction={
          <Flex tag="nav" gap={2} aria-label={t('editorLinks.label')}>
            <ProfilesLink />
            <LinkButton tag={NavLink} to={contentPath} variant="secondary" startIcon={<Pencil />}>
              {contentLabel}
            </LinkButton>
          </Flex>
        }
      />
      <Layouts.Content>
        <ListContent state={list} loadingText={t(`${area}.loading`)} isEmpty={({ results }) => results.length === 0} emptyText={t(`${area}.empty`)}>
          {({ results }) => (
            <Table colCount={columns.length} rowCount={results.length + 1} aria-label={t(`${area}.title`)} aria-busy={list.loading}>
              <TableHead labels={columns.map((column) => t(`${area}.column.${column}`))} />
              <Tbody>
                {results.map((item) => (
                  // The title link is the keyboard path; the row click is a convenience for mice.
                  <Tr key={rowKey(item)} cursor="pointer" onClick={() => navigate(rowPath(item))}>
                    {cells(item)}
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
        </ListContent>
      </Layouts.Content>
    </Page.Main>
  );
}
