-- Route docs (description, parameters, examples, JSON Schemas) per pricing rule; null = undocumented.
ALTER TABLE "pricing_rules" ADD COLUMN "docs" JSONB;
