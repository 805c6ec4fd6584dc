import { handleMcpPost, mcpMethodNotAllowed, mcpPreflight } from "@/server/mcp/hosted-mcp";

export const dynamic = "force-dynamic";

/** POST /mcp — MCP Streamable HTTP (stateless): the hub's read-only agent tools. */
export function POST(req: Request) {
  return handleMcpPost(req);
}

export function GET() {
  return mcpMethodNotAllowed();
}

export function DELETE() {
  return mcpMethodNotAllowed();
}

export function OPTIONS() {
  return mcpPreflight();
}
