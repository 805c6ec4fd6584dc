import { jsonError } from "@/server/errors";

/** Unknown JSON API paths answer in JSON too, never with the HTML 404 page. */
function notFound(req: Request) {
  return jsonError("not_found", `No API endpoint at ${new URL(req.url).pathname}.`, 404);
}

export { notFound as DELETE, notFound as GET, notFound as PATCH, notFound as POST, notFound as PUT };
