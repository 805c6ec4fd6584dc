/** OpenAPI documents the import tests read: a well-formed one and malformed ones with the error each must name. */

/** Two operations: one documents an existing route, one (with its own x-l402 price) is new. */
export const WEATHER_OPENAPI_YAML = `
openapi: 3.0.3
info: { title: Weather, version: "1" }
paths:
  /v1/forecast:
    get:
      summary: Forecast for a city
      description: Hourly, up to 7 days.
      parameters:
        - { name: city, in: query, required: true, schema: { type: string }, description: City name }
        - { name: days, in: query, schema: { type: integer } }
        - { name: session, in: cookie, schema: { type: string } }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Forecast" }
              example: { city: Lisbon, hours: [{ t: 21.5 }] }
  /v1/stations/{id}:
    parameters:
      - { name: id, in: path, required: true, schema: { type: string }, description: Station id }
    post:
      summary: Report a reading
      x-l402: { kind: per_call, price_sats: 7, calls_per_token: 3 }
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [celsius]
              properties:
                celsius: { type: number, description: Temperature }
                note: { type: string }
            example: { celsius: 20.1 }
      responses:
        "201": { description: stored }
components:
  schemas:
    Forecast:
      type: object
      properties:
        city: { type: string }
        hours: { type: array, items: { $ref: "#/components/schemas/Hour" } }
    Hour:
      type: object
      properties: { t: { type: number } }
`;

/** Each document and what its 400 must say: where (JSON pointer, or line and column) and why. */
export const MALFORMED_OPENAPI: [string, RegExp][] = [
  ["{ not json", /not valid JSON/],
  ["openapi: 3.1.0\npaths:\n  /a: [\n", /not valid YAML \(line \d+, column \d+\)/],
  [JSON.stringify({ swagger: "2.0", paths: {} }), /at \/openapi: must be an OpenAPI 3 version/],
  [JSON.stringify({ openapi: "3.1.0" }), /at \/paths: must be an object/],
  [
    JSON.stringify({ openapi: "3.1.0", paths: { "/files/{id}.json": { get: {} } } }),
    /at \/paths\/~1files~1\{id\}\.json: .*whole-segment parameters/,
  ],
  [
    JSON.stringify({
      openapi: "3.1.0",
      paths: { "/a": { get: { parameters: [{ name: "x", in: "nowhere" }] } } },
    }),
    /at \/paths\/~1a\/get\/parameters\/0\/in: must be query, path, header or cookie/,
  ],
  [
    JSON.stringify({
      openapi: "3.1.0",
      paths: { "/a": { get: { responses: { "200": { $ref: "https://evil.example/x.json" } } } } },
    }),
    /points outside the document/,
  ],
  [
    JSON.stringify({
      openapi: "3.1.0",
      paths: { "/b": { get: { "x-l402": { kind: "per_call", price_sats: 0 } } } },
    }),
    /at \/paths\/~1b\/get\/x-l402: .*at least 1 sat/,
  ],
  [JSON.stringify({ openapi: "3.1.0", paths: {} }), /no operations to import/],
  [
    // Ten properties each naming the same schema, nested: a $ref fan-out that would expand to
    // ten billion nodes is refused, not expanded.
    JSON.stringify({
      openapi: "3.1.0",
      paths: {
        "/bomb": {
          post: {
            requestBody: {
              content: { "application/json": { schema: { $ref: "#/components/schemas/A" } } },
            },
          },
        },
      },
      components: {
        schemas: {
          A: {
            type: "object",
            properties: Object.fromEntries(
              Array.from({ length: 10 }, (_, i) => [`p${i}`, { $ref: "#/components/schemas/A" }]),
            ),
          },
        },
      },
    }),
    /at \/paths\/~1bomb\/post\/requestBody: the schema is too large once its \$refs are inlined/,
  ],
];
