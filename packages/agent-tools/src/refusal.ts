/**
 * A tool call that was refused or failed for a reason the agent should read (over budget, above
 * the cap, payment failed, not a hub URL …). The tool answers it as `isError: true` with the code
 * and sentence; nothing was paid unless `paid` says so.
 */
export class ToolRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ToolRefusal";
  }
}
