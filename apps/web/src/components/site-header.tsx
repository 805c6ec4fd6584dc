import { cookies } from "next/headers";
import Link from "next/link";
import { getSessionUser } from "@/server/auth/get-session-user";
import { SESSION_COOKIE } from "@/server/auth/session-token";
import { db } from "@/server/db";
import { Logo } from "./logo";
import { SignOutButton } from "./sign-out-button";

export async function SiteHeader() {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  const user = token ? await getSessionUser(db(), token).catch(() => null) : null;
  return (
    <header className="sticky top-0 z-40 border-b border-zinc-200 bg-white/90 backdrop-blur">
      <nav
        aria-label="Main"
        className="mx-auto flex h-14 max-w-6xl items-center justify-between gap-4 px-4 sm:px-6"
      >
        <div className="flex items-center gap-6">
          <Link href="/" aria-label="Tollbooth home">
            <Logo />
          </Link>
          <Link href="/hub" className="text-sm font-medium text-zinc-600 hover:text-zinc-900">
            Hub
          </Link>
          {user && (
            <Link href="/dashboard" className="text-sm font-medium text-zinc-600 hover:text-zinc-900">
              Dashboard
            </Link>
          )}
        </div>
        <div className="flex items-center gap-3 text-sm">
          {user ? (
            <>
              <span className="hidden text-zinc-500 sm:inline" title={user.email}>
                {user.email}
              </span>
              <SignOutButton />
            </>
          ) : (
            <>
              <Link href="/signin" className="font-medium text-zinc-600 hover:text-zinc-900">
                Sign in
              </Link>
              <Link
                href="/signup"
                className="rounded-lg bg-zinc-900 px-3 py-1.5 font-medium text-white hover:bg-zinc-700"
              >
                Sell your API
              </Link>
            </>
          )}
        </div>
      </nav>
    </header>
  );
}
