// The JSON Schema of results.json, generated from its one TypeScript description (ResultsFile in
// src/run/results-file.ts, built on src/run/results.ts) by walking the type checker's view of it:
// every property with its doc comment, optional or required, unions, literals, arrays, records.
// `npm run schema` writes schema/results-v<version>.schema.json (shipped in the package);
// test/run/results-schema.test.ts fails when the shipped file and this output differ, so the
// schema cannot drift from the types.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { RESULTS_VERSION } from '../src/run/results.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = path.join(ROOT, 'src', 'run', 'results-file.ts');
const ROOT_TYPE = 'ResultsFile';

export const RESULTS_SCHEMA_FILE = path.join(ROOT, 'schema', `results-v${RESULTS_VERSION}.schema.json`);

/** A JSON Schema node (the keys this generator reads back are typed). */
interface Schema {
  type?: string | string[];
  const?: unknown;
  [key: string]: unknown;
}

/** The schema as JSON text, exactly as shipped. */
export function resultsSchemaText(): string {
  return `${JSON.stringify(generateResultsSchema(), null, 2)}\n`;
}

export function generateResultsSchema(): Schema {
  const program = ts.createProgram([SOURCE], compilerOptions());
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(SOURCE);
  if (!source) throw new Error(`cannot read ${SOURCE}`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  const rootSymbol = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((symbol) => symbol.name === ROOT_TYPE);
  if (!rootSymbol) throw new Error(`${SOURCE} exports no ${ROOT_TYPE}`);
  const walker = new SchemaWalker(checker);
  // A $ref, not the object inline: perSymbol holds ResultsFile too, so it is a definition anyway.
  const root = walker.schemaOf(checker.getDeclaredTypeOfSymbol(rootSymbol));
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `urn:walkforward:results:v${RESULTS_VERSION}`,
    title: `walkforward results.json, format version ${RESULTS_VERSION}`,
    description:
      `What \`walkforward backtest\` and \`compare\` write as results.json (generated from ${ROOT_TYPE} in src/run/results-file.ts). ` +
      'Per-bar series are stored as columns. Any number may be null: NaN and infinite values (a figure that does not exist, ' +
      'such as the Sharpe ratio of a strategy that never trades, or a bar without a decision) are written as null.',
    ...root,
    $defs: walker.definitions(),
  };
}

function compilerOptions(): ts.CompilerOptions {
  const configFile = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), (file) => ts.sys.readFile(file));
  return { ...ts.parseJsonConfigFileContent(configFile.config, ts.sys, ROOT).options, noEmit: true };
}

class SchemaWalker {
  /** Named types (interfaces, aliases) already given a definition, by type, with their name. */
  private readonly named = new Map<ts.Type, string>();
  private readonly defs = new Map<string, Schema>();

  constructor(private readonly checker: ts.TypeChecker) {}

  definitions(): Schema {
    return Object.fromEntries([...this.defs.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  schemaOf(type: ts.Type): Schema {
    const flags = type.flags;
    if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
    if (flags & ts.TypeFlags.Null) return { type: 'null' };
    // NaN and Infinity are written as null (src/core/json-text.ts), so every number may be null.
    if (flags & ts.TypeFlags.Number) return { type: ['number', 'null'] };
    if (flags & ts.TypeFlags.String) return { type: 'string' };
    if (flags & ts.TypeFlags.Boolean) return { type: 'boolean' };
    if (type.isStringLiteral() || type.isNumberLiteral()) return { const: type.value };
    if (flags & ts.TypeFlags.BooleanLiteral) return { const: this.checker.typeToString(type) === 'true' };
    if (type.isUnion()) return this.unionSchema(type.types);
    const element = this.checker.isArrayType(type) ? type.getNumberIndexType() : undefined;
    if (element) return { type: 'array', items: this.schemaOf(element) };
    if (flags & ts.TypeFlags.Object || type.isIntersection()) return this.namedOrInline(type);
    throw new Error(`results schema: no JSON for the type ${this.checker.typeToString(type)}`);
  }

  /** Interfaces and aliases of object types become $defs (referenced by name); anonymous ones are inline. */
  private namedOrInline(type: ts.Type): Schema {
    const name = this.nameOf(type);
    if (!name) return this.objectSchema(type);
    let defined = this.named.get(type);
    if (defined === undefined) {
      defined = name;
      for (let n = 2; this.defs.has(defined); n++) defined = `${name}${n}`;
      this.named.set(type, defined);
      this.defs.set(defined, {}); // reserved: a type that refers to itself finds its name
      this.defs.set(defined, this.objectSchema(type));
    }
    return { $ref: `#/$defs/${defined}` };
  }

  private nameOf(type: ts.Type): string | undefined {
    const symbol = type.aliasSymbol ?? type.getSymbol();
    if (!symbol) return undefined;
    const name = symbol.getName();
    if (name.startsWith('__') || name === 'Omit' || name === 'Pick' || name === 'Record' || name === 'Partial') return undefined;
    return name;
  }

  private unionSchema(members: readonly ts.Type[]): Schema {
    const present = members.filter((member) => !(member.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
    // true | false is boolean (the checker spells `boolean` that way inside unions).
    const booleans = present.filter((member) => member.flags & ts.TypeFlags.BooleanLiteral);
    const others = present.filter((member) => !(member.flags & ts.TypeFlags.BooleanLiteral));
    const schemas = [...(booleans.length === 2 ? [{ type: 'boolean' }] : booleans.map((b) => this.schemaOf(b))), ...others.map((member) => this.schemaOf(member))];
    const consts = schemas.filter((schema) => 'const' in schema && Object.keys(schema).length === 1);
    if (consts.length === schemas.length) return { enum: consts.map((schema) => schema.const) };
    const simpleTypes = schemas.every((schema) => Object.keys(schema).length === 1 && 'type' in schema);
    if (simpleTypes) {
      const types = [...new Set(schemas.flatMap((schema) => schema.type ?? []))];
      return { type: types.length === 1 ? types[0] : types };
    }
    if (schemas.length === 1) return schemas[0];
    return { anyOf: schemas };
  }

  /** An object type: its properties (with doc comments), required unless optional, nothing else allowed. */
  objectSchema(type: ts.Type): Schema {
    const properties: Schema = {};
    const required: string[] = [];
    for (const property of this.checker.getPropertiesOfType(type)) {
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      const propertyType = declaration ? this.checker.getTypeOfSymbolAtLocation(property, declaration) : this.checker.getTypeOfSymbol(property);
      const schema = this.schemaOf(propertyType);
      const description = ts.displayPartsToString(property.getDocumentationComment(this.checker)).trim();
      properties[property.name] = description ? { description, ...schema } : schema;
      if (!(property.flags & ts.SymbolFlags.Optional)) required.push(property.name);
    }
    const index = this.checker.getIndexInfosOfType(type).find((info) => info.keyType.flags & ts.TypeFlags.String);
    const description = ts.displayPartsToString((type.aliasSymbol ?? type.getSymbol())?.getDocumentationComment(this.checker) ?? []).trim();
    return {
      ...(description && this.nameOf(type) ? { description } : {}),
      type: 'object',
      ...(Object.keys(properties).length > 0 ? { properties } : {}),
      ...(required.length > 0 ? { required } : {}),
      additionalProperties: index ? this.schemaOf(index.type) : false,
    };
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(RESULTS_SCHEMA_FILE, resultsSchemaText());
  console.error(`results-schema: wrote ${path.relative(ROOT, RESULTS_SCHEMA_FILE)}`);
}
