/**
 * A small server-rendered bar chart (SVG) with the same numbers as a table for screen readers.
 */
export function BarChart({
  title,
  data,
  format = (v) => String(v),
  color = "fill-zinc-800",
}: {
  title: string;
  data: { label: string; value: number }[];
  format?: (v: number) => string;
  color?: string;
}) {
  const max = Math.max(1, ...data.map((d) => d.value));
  const w = 100 / Math.max(1, data.length);
  const total = data.reduce((s, d) => s + d.value, 0);
  return (
    <figure className="min-w-0">
      <figcaption className="flex items-baseline justify-between text-sm">
        <span className="font-medium text-zinc-700">{title}</span>
      </figcaption>
      <svg viewBox="0 0 100 40" preserveAspectRatio="none" className="mt-2 h-28 w-full" aria-hidden="true">
        <line x1="0" y1="39.8" x2="100" y2="39.8" className="stroke-zinc-200" strokeWidth="0.4" />
        {data.map((d, i) => {
          const h = (d.value / max) * 38;
          return (
            <rect
              key={d.label}
              x={i * w + w * 0.15}
              y={40 - h}
              width={w * 0.7}
              height={h}
              rx="0.6"
              className={color}
            >
              <title>{`${d.label}: ${format(d.value)}`}</title>
            </rect>
          );
        })}
      </svg>
      <div className="mt-1 flex justify-between text-[11px] text-zinc-400" aria-hidden="true">
        <span>{data[0]?.label.slice(5)}</span>
        <span>{data.at(-1)?.label.slice(5)}</span>
      </div>
      <table className="sr-only">
        <caption>{title}</caption>
        <tbody>
          {data.map((d) => (
            <tr key={d.label}>
              <th scope="row">{d.label}</th>
              <td>{format(d.value)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">Total</th>
            <td>{format(total)}</td>
          </tr>
        </tbody>
      </table>
    </figure>
  );
}
