import type { Metadata } from "next";
import type { ReactNode } from "react";
import { SiteHeader } from "@/components/site-header";
import { TrpcReactProvider } from "@/lib/trpc/client";
import "./globals.css";

// Every page is rendered per request so its scripts carry that response's CSP nonce (proxy.ts).
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Tollbooth — pay-per-call APIs over Lightning", template: "%s · Tollbooth" },
  description: "Sell any HTTP API per call to people and machines, paid over Lightning (L402).",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:shadow"
        >
          Skip to content
        </a>
        <TrpcReactProvider>
          <SiteHeader />
          <main id="main" className="mx-auto w-full max-w-6xl px-4 pb-16 pt-8 sm:px-6">
            {children}
          </main>
          <footer className="border-t border-zinc-200 py-6 text-center text-xs text-zinc-500">
            Tollbooth · APIs paid per call over Lightning (L402) ·{" "}
            <a className="underline hover:text-zinc-800" href="/api/catalog">
              Catalog JSON
            </a>
          </footer>
        </TrpcReactProvider>
      </body>
    </html>
  );
}
