import { Th, Thead, Tr, Typography } from '@strapi/design-system';

/** The header row of a design-system table, in Strapi's usual small caps. */
export function TableHead({ labels }: { labels: string[] }) {
  return (
    <Thead>
      <Tr>
        {labels.map((label) => (
          <Th key={label}>
            <Typography variant="sigma" textColor="neutral600">
              {label}
            </Typography>
          </Th>
        ))}
      </Tr>
    </Thead>
  );
}
