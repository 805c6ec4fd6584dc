import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { DashboardNav } from "@/components/dashboard/dashboard-nav";
import { serverCaller } from "@/server/trpc/server-caller";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const { user } = await serverCaller();
  if (!user) redirect("/signin?next=/dashboard");
  const tenant = user.tenants[0];
  return (
    <div className="grid grid-cols-1 gap-8 md:grid-cols-[12rem_minmax(0,1fr)]">
      <aside>
        <p
          className="mb-3 truncate text-xs font-medium uppercase tracking-wide text-zinc-500"
          title={tenant?.name}
        >
          {tenant?.name ?? "Your team"}
        </p>
        <DashboardNav />
      </aside>
      <div className="min-w-0">{children}</div>
    </div>
  );
}
