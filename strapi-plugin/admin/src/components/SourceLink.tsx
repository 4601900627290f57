import { Link, Typography } from '@strapi/design-system';

import { useTranslate } from '../hooks/useTranslate';
import { originKey } from '../utils/origins';

const DISPLAY_LENGTH = 32;

/** Where a signup or consent came from: a page URL becomes a short external link, a known origin its name. */
export function SourceLink({ source }: { source: string | null }) {
  const t = useTranslate();
  if (!source) {
    return <Typography textColor="neutral500">–</Typography>;
  }
  if (!/^https?:\/\//i.test(source)) {
    const key = originKey(source);
    return <Typography textColor="neutral800">{key ? t(key) : source}</Typography>;
  }
  return (
    <Link href={source} isExternal title={source}>
      {shorten(source)}
    </Link>
  );
}

/** Host and path, short enough for a table cell; the full URL stays in href and title. */
function shorten(url: string) {
  let display = url;
  try {
    const parsed = new URL(url);
    display = `${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    // Not parseable after all: show it as stored.
  }
  return display.length > DISPLAY_LENGTH ? `${display.slice(0, DISPLAY_LENGTH - 1)}…` : display;
}
