import * as React from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import type { SubscriberStats } from '@civic-dialog/contracts';
import { useIntl } from 'react-intl';
import { useTheme } from 'styled-components';

import { useAdminGet } from '../hooks/useAdminGet';
import { useTranslate } from '../hooks/useTranslate';
import { PLUGIN_ID } from '../pluginId';

/*
 * The dashboard's figures over time as small inline SVG charts (no chart library in the admin
 * bundle). Each chart has a visible heading, a summary sentence it is described by, and the same
 * numbers as a table behind "Show as table". Series colours are theme tokens with at least 3:1
 * against the card in the light and the dark theme; lines also differ by dash and marker, so
 * colour is never the only difference.
 */

const WIDTH = 360;
const HEIGHT = 140;
const PAD = { left: 28, right: 8, top: 8, bottom: 22 };
const SERIES = ['primary600', 'success600', 'danger600', 'secondary600', 'alternative600', 'neutral800'] as const;
const DASHES = [undefined, '6 3', '2 3', '8 3 2 3'];

type Week = SubscriberStats['weeks'][number];

export function NewslettersHistory() {
  const t = useTranslate();
  const { data, error } = useAdminGet<SubscriberStats>(`/${PLUGIN_ID}/subscriptions/stats`);
  if (error) return <Typography textColor="danger600">{error.message}</Typography>;
  if (!data) return <Typography textColor="neutral600">{t('widget.loading')}</Typography>;
  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      {data.topics.length ? <TopicLines stats={data} /> : null}
      <SignupBars weeks={data.weeks} />
      <UnsubscribeBars weeks={data.weeks} />
    </Flex>
  );
}

/** Short week labels ("6.10." / "10/6") from the Monday dates; UTC so the browser's zone cannot shift the day. */
function useWeekLabel() {
  const { formatDate } = useIntl();
  return (week: Week) => formatDate(`${week.start}T00:00:00Z`, { day: 'numeric', month: 'numeric', timeZone: 'UTC' });
}

const plotWidth = WIDTH - PAD.left - PAD.right;
const plotHeight = HEIGHT - PAD.top - PAD.bottom;
const yOf = (value: number, max: number) => PAD.top + plotHeight - (value / max) * plotHeight;

/** Axes: the baseline, the top value, and every other week's label. */
function Axes({ weeks, max }: { weeks: Week[]; max: number }) {
  const { colors } = useTheme();
  const { formatNumber } = useIntl();
  const label = useWeekLabel();
  const step = plotWidth / weeks.length;
  return (
    <g fontSize="10" fill={colors.neutral600}>
      <line x1={PAD.left} x2={WIDTH - PAD.right} y1={yOf(0, max)} y2={yOf(0, max)} stroke={colors.neutral600} />
      <line x1={PAD.left} x2={WIDTH - PAD.right} y1={yOf(max, max)} y2={yOf(max, max)} stroke={colors.neutral600} strokeDasharray="2 4" />
      <text x={PAD.left - 4} y={yOf(max, max) + 4} textAnchor="end">{formatNumber(max)}</text>
      <text x={PAD.left - 4} y={yOf(0, max)} textAnchor="end">0</text>
      {weeks.map((week, index) =>
        (weeks.length - 1 - index) % 2 === 0 ? (
          <text key={week.start} x={PAD.left + step * (index + 0.5)} y={HEIGHT - 6} textAnchor="middle">
            {label(week)}
          </text>
        ) : null,
      )}
    </g>
  );
}

/** A chart with its heading, summary (the SVG's description) and the table behind a toggle. */
function Chart({
  id,
  title,
  summary,
  legend,
  children,
  table,
}: {
  id: string;
  title: string;
  summary: string;
  legend?: React.ReactNode;
  children: React.ReactNode;
  table: React.ReactNode;
}) {
  const t = useTranslate();
  return (
    <Box>
      <Typography tag="h3" variant="sigma" textColor="neutral600" id={`${id}-title`}>
        {title}
      </Typography>
      <Typography tag="p" variant="pi" textColor="neutral800" id={`${id}-summary`}>
        {summary}
      </Typography>
      <svg
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-summary`}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="xMinYMin meet"
        width="100%"
        style={{ maxWidth: `${WIDTH * 1.5}px`, display: 'block', marginTop: 8 }}
      >
        {children}
      </svg>
      {legend}
      <details>
        <summary>
          <Typography variant="pi" textColor="primary600">
            {t('widget.showTable')}
          </Typography>
        </summary>
        <Box paddingTop={2} style={{ overflowX: 'auto' }}>
          {table}
        </Box>
      </details>
    </Box>
  );
}

const cell: React.CSSProperties = { padding: '2px 8px', textAlign: 'right', whiteSpace: 'nowrap' };
const headCell: React.CSSProperties = { ...cell, textAlign: 'left' };

/** A plain table: one row per week, one column per series. */
function WeekTable({ labelledBy, weeks, columns }: { labelledBy: string; weeks: Week[]; columns: Array<{ label: string; values: number[] }> }) {
  const t = useTranslate();
  const { formatNumber } = useIntl();
  const label = useWeekLabel();
  return (
    <Typography tag="div" variant="pi" textColor="neutral800">
      <table aria-labelledby={labelledBy} style={{ borderCollapse: 'collapse' }}>
        <thead>
          <tr>
            <th scope="col" style={headCell}>{t('widget.weekOf')}</th>
            {columns.map((column) => (
              <th key={column.label} scope="col" style={cell}>{column.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week, index) => (
            <tr key={week.start}>
              <th scope="row" style={headCell}>
                <time dateTime={week.start}>{label(week)}</time>
              </th>
              {columns.map((column) => (
                <td key={column.label} style={cell}>{formatNumber(column.values[index] ?? 0)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </Typography>
  );
}

function Legend({ items }: { items: Array<{ label: string; color: string; dash?: string }> }) {
  return (
    <Flex gap={3} wrap="wrap" paddingTop={1} aria-hidden="true">
      {items.map((item) => (
        <Flex key={item.label} gap={1}>
          <svg width="18" height="8" focusable="false">
            <line x1="0" x2="18" y1="4" y2="4" stroke={item.color} strokeWidth="3" strokeDasharray={item.dash} />
          </svg>
          <Typography variant="pi" textColor="neutral800">{item.label}</Typography>
        </Flex>
      ))}
    </Flex>
  );
}

function TopicLines({ stats }: { stats: SubscriberStats }) {
  const t = useTranslate();
  const { formatNumber, formatList } = useIntl();
  const { colors } = useTheme();
  const { weeks, topics } = stats;
  const max = Math.max(1, ...topics.flatMap((topic) => topic.subscribers));
  const step = plotWidth / weeks.length;
  const xOf = (index: number) => PAD.left + step * (index + 0.5);
  // Colour and dash cycle with different periods (6, 4): twelve topics, twelve different lines.
  const style = (index: number) => ({ color: colors[SERIES[index % SERIES.length]!], dash: DASHES[index % DASHES.length] });
  const summary = t('widget.history.topicsSummary', {
    weeks: weeks.length,
    topics: formatList(
      topics.map((topic) => t('widget.history.topicChange', {
        topic: topic.name,
        first: formatNumber(topic.subscribers[0] ?? 0),
        last: formatNumber(topic.subscribers[topic.subscribers.length - 1] ?? 0),
      })),
      { type: 'conjunction' },
    ),
  });
  return (
    <Chart
      id="civic-dialog-history-topics"
      title={t('widget.history.topics')}
      summary={summary}
      legend={<Legend items={topics.map((topic, index) => ({ label: topic.name, color: style(index).color, dash: style(index).dash }))} />}
      table={
        <WeekTable
          labelledBy="civic-dialog-history-topics-title"
          weeks={weeks}
          columns={topics.map((topic) => ({ label: topic.name, values: topic.subscribers }))}
        />
      }
    >
      <Axes weeks={weeks} max={max} />
      {topics.map((topic, index) => {
        const { color, dash } = style(index);
        const points = topic.subscribers.map((value, week) => `${xOf(week)},${yOf(value, max)}`).join(' ');
        return (
          <g key={topic.slug}>
            <polyline points={points} fill="none" stroke={color} strokeWidth="2" strokeDasharray={dash} />
            {topic.subscribers.map((value, week) => (
              <circle key={week} cx={xOf(week)} cy={yOf(value, max)} r="2.5" fill={color} />
            ))}
          </g>
        );
      })}
    </Chart>
  );
}

/** Bars per week; several series stand side by side in a fixed order (the legend's). */
function Bars({ weeks, series }: { weeks: Week[]; series: Array<{ values: number[]; color: string }> }) {
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const step = plotWidth / weeks.length;
  const barWidth = Math.max(2, (step - 4) / series.length);
  return (
    <>
      <Axes weeks={weeks} max={max} />
      {weeks.map((week, index) =>
        series.map((s, n) => {
          const value = s.values[index] ?? 0;
          const y = yOf(value, max);
          return (
            <rect
              key={`${week.start}-${n}`}
              x={PAD.left + step * index + 2 + n * barWidth}
              y={y}
              width={barWidth}
              height={Math.max(0, yOf(0, max) - y)}
              fill={s.color}
            />
          );
        }),
      )}
    </>
  );
}

const total = (values: number[]) => values.reduce((sum, value) => sum + value, 0);

function SignupBars({ weeks }: { weeks: Week[] }) {
  const t = useTranslate();
  const { colors } = useTheme();
  const signups = weeks.map((week) => week.signups);
  const confirmations = weeks.map((week) => week.confirmations);
  const labels = { signups: t('widget.history.signups'), confirmations: t('widget.history.confirmations') };
  return (
    <Chart
      id="civic-dialog-history-signups"
      title={t('widget.history.signupsTitle')}
      summary={t('widget.history.signupsSummary', { weeks: weeks.length, signups: total(signups), confirmations: total(confirmations) })}
      legend={<Legend items={[{ label: labels.signups, color: colors.primary600 }, { label: labels.confirmations, color: colors.success600 }]} />}
      table={
        <WeekTable
          labelledBy="civic-dialog-history-signups-title"
          weeks={weeks}
          columns={[{ label: labels.signups, values: signups }, { label: labels.confirmations, values: confirmations }]}
        />
      }
    >
      <Bars weeks={weeks} series={[{ values: signups, color: colors.primary600 }, { values: confirmations, color: colors.success600 }]} />
    </Chart>
  );
}

function UnsubscribeBars({ weeks }: { weeks: Week[] }) {
  const t = useTranslate();
  const { colors } = useTheme();
  const unsubscribes = weeks.map((week) => week.unsubscribes);
  return (
    <Chart
      id="civic-dialog-history-unsubscribes"
      title={t('widget.history.unsubscribesTitle')}
      summary={t('widget.history.unsubscribesSummary', { weeks: weeks.length, count: total(unsubscribes) })}
      table={
        <WeekTable
          labelledBy="civic-dialog-history-unsubscribes-title"
          weeks={weeks}
          columns={[{ label: t('widget.history.unsubscribes'), values: unsubscribes }]}
        />
      }
    >
      <Bars weeks={weeks} series={[{ values: unsubscribes, color: colors.danger600 }]} />
    </Chart>
  );
}

