import type { ReactNode } from "react";

export interface DataTableColumn {
  label: string;
  /** Numbers read best right-aligned. */
  align?: "left" | "right";
}

/** The product's one table look: scrolls sideways on phones, a quiet header, divided rows. */
export function DataTable({
  columns,
  testId,
  children,
}: {
  columns: DataTableColumn[];
  testId?: string;
  /** The table's rows (`<tr>` elements). */
  children: ReactNode;
}) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid={testId}>
        <thead className="bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500">
          <tr>
            {columns.map((c) => (
              <th
                key={c.label}
                scope="col"
                className={c.align === "right" ? "px-5 py-2 text-right font-medium" : "px-5 py-2 font-medium"}
              >
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">{children}</tbody>
      </table>
    </div>
  );
}
