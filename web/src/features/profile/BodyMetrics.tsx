import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { getMetrics, memberKeys } from '../../api/members';
import { LineChart } from '../../components/chart/LineChart';
import { useI18n } from '../../i18n';
import { metricRanges, rangeDomain, rangeStart, seriesOf, type MetricRange } from './metrics';
import { LoadFailed } from '../../components/LoadFailed';

interface BodyMetricsProps {
  /** Whose metrics: 'me', or a member's id (their trainer's view). */
  who: number | 'me';
  /** The person's time zone: the days of the range and the dates shown are theirs. */
  timeZone: string;
  /** The section's heading. */
  title: string;
}

const rangeLabel = { '30': 'metrics.range.30', '90': 'metrics.range.90', all: 'metrics.range.all' } as const;

/** Weight and body fat over time, as two line charts, with a choice of period. */
export function BodyMetrics({ who, timeZone, title }: BodyMetricsProps) {
  const { t, language } = useI18n();
  const id = useId();
  const [range, setRange] = useState<MetricRange>('90');
  const from = rangeStart(range, timeZone);
  const query = useQuery({
    queryKey: memberKeys.metrics(who, from),
    queryFn: () => getMetrics(who, from),
    placeholderData: keepPreviousData,
  });

  const formats = useMemo(() => {
    const locale = language === 'ko' ? 'ko-KR' : 'en-GB';
    const make = (options: Intl.DateTimeFormatOptions) => {
      try {
        return new Intl.DateTimeFormat(locale, { ...options, timeZone });
      } catch {
        return new Intl.DateTimeFormat(locale, options);
      }
    };
    const axis = make({ month: 'numeric', day: 'numeric' });
    const point = make({ year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
    const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    return {
      date: (ms: number) => axis.format(ms),
      point: (ms: number) => point.format(ms),
      value: (value: number) => number.format(value),
    };
  }, [language, timeZone]);

  const series = query.data?.series ?? [];
  const weight = seriesOf(series, 'weight_kg');
  const bodyFat = seriesOf(series, 'body_fat_percentage');
  const domain = rangeDomain(range) ?? undefined;

  return (
    <section className="card section section--wide" aria-labelledby={`${id}-title`} aria-busy={query.isFetching || undefined}>
      <h2 id={`${id}-title`}>{title}</h2>
      <fieldset className="segmented">
        <legend className="visually-hidden">{t('metrics.range')}</legend>
        {metricRanges.map((value) => (
          <label key={value} className="segmented-option">
            <input
              type="radio"
              name={`${id}-range`}
              value={value}
              checked={range === value}
              onChange={() => setRange(value)}
            />
            <span>{t(rangeLabel[value])}</span>
          </label>
        ))}
      </fieldset>
      {query.isError ? (
        <LoadFailed message="metrics.loadFailed" onRetry={() => query.refetch()} />
      ) : query.isPending ? (
        <p className="muted">{t('action.loading')}</p>
      ) : weight.length === 0 && bodyFat.length === 0 ? (
        <p className="empty-state">{t(range === 'all' ? 'metrics.empty' : 'metrics.emptyRange')}</p>
      ) : (
        <div className="charts">
          <LineChart
            title={t('metrics.weight')}
            unit="kg"
            points={weight}
            timeDomain={domain}
            formatDate={formats.date}
            formatPoint={formats.point}
            formatValue={formats.value}
          />
          <LineChart
            title={t('metrics.bodyFat')}
            unit="%"
            points={bodyFat}
            timeDomain={domain}
            formatDate={formats.date}
            formatPoint={formats.point}
            formatValue={formats.value}
            tone="accent"
          />
        </div>
      )}
    </section>
  );
}
