/** RouteDocsShelf: stored docs are read as the contract's RouteDocs when first asked for. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RouteDocsShelf } from "../src/config/route-docs-shelf";

describe("route docs shelf", () => {
  it("reads stored docs with the contract's defaults, and the same object every time", () => {
    const shelf = new RouteDocsShelf(new Map([["GET /forecast", { description: "Tomorrow's weather." }]]));
    const docs = shelf.get("GET /forecast");
    assert.deepEqual(docs, {
      description: "Tomorrow's weather.",
      parameters: [],
      example_request: null,
      example_response: null,
      request_schema: null,
      response_schema: null,
    });
    assert.equal(shelf.get("GET /forecast"), docs);
  });

  it("has none for an undocumented scope, empty docs, or a stored value not of the shape", () => {
    const shelf = new RouteDocsShelf(
      new Map<string, unknown>([
        ["GET /empty", { description: "  " }],
        ["GET /bad", { parameters: "not a list" }],
      ]),
    );
    assert.equal(shelf.get("GET /missing"), undefined);
    assert.equal(shelf.get("GET /empty"), undefined);
    assert.equal(shelf.get("GET /bad"), undefined);
    assert.equal(shelf.get("GET /bad"), undefined);
    assert.equal(new RouteDocsShelf().get("GET /any"), undefined);
  });
});
