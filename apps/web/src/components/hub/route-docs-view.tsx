import type { RouteDocs } from "@tollbooth/contract";
import { Card, CardBody, CardHeader } from "../ui/card";

interface DocumentedRoute {
  method: string;
  path: string;
  docs: RouteDocs | null;
}

/**
 * Each route's docs as its provider wrote them. Provider text is only ever rendered as text
 * (React escapes it; examples and schemas sit in <pre>), never as HTML or markdown.
 */
export function RouteDocsView({ routes, openapiUrl }: { routes: DocumentedRoute[]; openapiUrl: string }) {
  const documented = routes.filter((r) => r.docs);
  if (documented.length === 0) return null;
  return (
    <Card>
      <CardHeader
        title="Route docs"
        description="What each route takes and answers, from the provider. Machine-readable as OpenAPI 3.1 too."
        action={
          <a
            href={openapiUrl}
            className="text-sm font-medium text-amber-700 underline"
            rel="nofollow noopener"
          >
            openapi.json
          </a>
        }
      />
      <CardBody className="space-y-5">
        {documented.map((r) => (
          <section key={`${r.method} ${r.path}`} aria-label={`${r.method} ${r.path}`} data-testid="route-doc">
            <h3 className="font-mono text-sm font-semibold text-zinc-900">
              {r.method === "*" ? "ANY" : r.method} {r.path}
            </h3>
            {r.docs?.description && (
              <p className="mt-1 whitespace-pre-line text-sm text-zinc-700">{r.docs.description}</p>
            )}
            {(r.docs?.parameters.length ?? 0) > 0 && (
              <table className="mt-2 w-full text-left text-xs">
                <thead className="text-zinc-500">
                  <tr>
                    <th className="py-1 pr-3 font-medium">Parameter</th>
                    <th className="py-1 pr-3 font-medium">In</th>
                    <th className="py-1 pr-3 font-medium">Type</th>
                    <th className="py-1 font-medium">Description</th>
                  </tr>
                </thead>
                <tbody>
                  {r.docs?.parameters.map((p) => (
                    <tr key={`${p.in}:${p.name}`} className="border-t border-zinc-100">
                      <td className="py-1 pr-3 font-mono text-zinc-900">
                        {p.name}
                        {p.required && <span className="text-red-700"> *</span>}
                      </td>
                      <td className="py-1 pr-3 text-zinc-600">{p.in}</td>
                      <td className="py-1 pr-3 text-zinc-600">{p.type}</td>
                      <td className="py-1 text-zinc-700">{p.description}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <Example title="Example request" text={r.docs?.example_request ?? null} />
            <Example title="Example response" text={r.docs?.example_response ?? null} />
            <Example title="Request body schema" text={schemaText(r.docs?.request_schema)} />
            <Example title="Response schema" text={schemaText(r.docs?.response_schema)} />
          </section>
        ))}
      </CardBody>
    </Card>
  );
}

function schemaText(schema: Record<string, unknown> | null | undefined): string | null {
  return schema ? JSON.stringify(schema, null, 2) : null;
}

function Example({ title, text }: { title: string; text: string | null }) {
  if (text === null) return null;
  return (
    <details className="mt-2">
      <summary className="cursor-pointer text-xs font-medium text-zinc-600">{title}</summary>
      <pre className="mt-1 max-h-64 overflow-auto rounded-lg bg-zinc-50 p-3 font-mono text-xs text-zinc-800">
        {text}
      </pre>
    </details>
  );
}
