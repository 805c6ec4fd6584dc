import { ButtonLink } from "@/components/ui/button";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-md py-16 text-center">
      <p className="text-sm font-semibold text-amber-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-zinc-900">
        We could not find that page
      </h1>
      <p className="mt-2 text-zinc-600">The API may have been unpublished or renamed.</p>
      <div className="mt-6">
        <ButtonLink href="/hub">Back to the hub</ButtonLink>
      </div>
    </div>
  );
}
