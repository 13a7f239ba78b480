// Unknown-field check. The kubernetes-models JSON-schema validators accept properties they do not
// know (the schemas have no additionalProperties: false), while the API server with
// `kubectl apply --validate=strict` rejects them. The packages' TypeScript declarations list every
// known property, so they are read here as the field catalogue: a field that is not declared is
// reported, exactly like a typo in `imagePullPolicy` or a field from a newer Kubernetes version.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const cache = new Map();

function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

// Resolves "kubernetes-models/batch/v1/Job" or a relative import to the .d.ts file.
function resolveDts(specifier, fromFile) {
  if (specifier.startsWith(".")) {
    return path.resolve(path.dirname(fromFile), specifier.replace(/\.js$/, ".d.ts"));
  }
  const parts = specifier.split("/");
  const pkgName = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
  const rest = parts.slice(specifier.startsWith("@") ? 2 : 1).join("/");
  const pkgRoot = path.dirname(require.resolve(`${pkgName}/package.json`));
  return path.join(pkgRoot, `${rest.replace(/\.js$/, "")}.d.ts`);
}

function readBalanced(text, start, open, close) {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === open) depth++;
    else if (text[i] === close && --depth === 0) return i;
  }
  throw new Error("unbalanced declaration");
}

// Parses a type expression into { kind: "leaf" | "ref" | "array" | "map" | "object", ... }.
function parseType(expr, file) {
  const t = expr.trim();
  if (t.startsWith("Array<") && t.endsWith(">")) {
    return { kind: "array", of: parseType(t.slice(6, -1), file) };
  }
  if (t.startsWith("{") && readBalanced(t, 0, "{", "}") === t.length - 1) {
    const body = t.slice(1, -1).trim();
    const index = body.match(/^\[key: string\]:\s*([\s\S]*?);?$/);
    if (index) return { kind: "map", of: parseType(index[1], file) };
    return { kind: "object", fields: parseFields(body, file) };
  }
  if (/^I[A-Za-z0-9]+$/.test(t)) return { kind: "ref", name: t, file };
  return { kind: "leaf" };
}

// Splits `"a"?: T; "b": U;` (T may hold nested braces and angle brackets) into a field map.
function parseFields(body, file) {
  const fields = new Map();
  let i = 0;
  while (i < body.length) {
    const m = /"([^"]+)"\??:\s*/y;
    m.lastIndex = i;
    const hit = m.exec(body);
    if (!hit) { i++; continue; }
    let j = m.lastIndex;
    let depthBrace = 0, depthAngle = 0, depthParen = 0;
    for (; j < body.length; j++) {
      const c = body[j];
      if (c === "{") depthBrace++;
      else if (c === "}") depthBrace--;
      else if (c === "<") depthAngle++;
      else if (c === ">") depthAngle--;
      else if (c === "(") depthParen++;
      else if (c === ")") depthParen--;
      else if (c === ";" && depthBrace === 0 && depthAngle === 0 && depthParen === 0) break;
    }
    fields.set(hit[1], parseType(body.slice(m.lastIndex, j), file));
    i = j + 1;
  }
  return fields;
}

// The first interface of a declaration file, with its imports, as an object type.
function loadInterface(file) {
  if (cache.has(file)) return cache.get(file);
  const text = stripComments(readFileSync(file, "utf8"));
  const imports = new Map();
  for (const m of text.matchAll(/import \{([^}]+)\} from "([^"]+)"/g)) {
    for (const name of m[1].split(",").map((s) => s.trim()).filter(Boolean)) {
      const [orig, alias] = name.split(/\s+as\s+/);
      imports.set((alias ?? orig).trim(), m[2]);
    }
  }
  const decl = text.match(/export interface \w+(?: extends [\w, ]+)? \{/);
  if (!decl) {
    // A type alias (IntOrString, Quantity, Time): a scalar, nothing to descend into.
    cache.set(file, { kind: "leaf" });
    return cache.get(file);
  }
  const open = decl.index + decl[0].length - 1;
  const body = text.slice(open + 1, readBalanced(text, open, "{", "}"));
  const type = { kind: "object", fields: parseFields(body, file), imports };
  cache.set(file, type);
  return type;
}

function resolveRef(ref, owner) {
  const spec = owner.imports?.get(ref.name);
  if (!spec) return { kind: "leaf" };
  return loadInterface(resolveDts(spec, ref.file));
}

// Returns the paths of fields in `value` that the type does not declare.
export function unknownFields(value, type, at = "", owner = type) {
  if (value === null || value === undefined) return [];
  switch (type.kind) {
    case "ref": {
      const target = resolveRef(type, owner);
      return unknownFields(value, target, at, target);
    }
    case "array":
      return Array.isArray(value) ? value.flatMap((v, i) => unknownFields(v, type.of, `${at}[${i}]`, owner)) : [];
    case "map":
      return typeof value === "object" ? Object.entries(value).flatMap(([k, v]) => unknownFields(v, type.of, `${at}.${k}`, owner)) : [];
    case "object": {
      if (typeof value !== "object" || Array.isArray(value)) return [];
      const out = [];
      for (const [k, v] of Object.entries(value)) {
        const field = type.fields.get(k);
        if (!field) out.push(`${at}.${k}`.replace(/^\./, ""));
        else out.push(...unknownFields(v, field, `${at}.${k}`, owner));
      }
      return out;
    }
    default:
      return [];
  }
}

// Loads the field catalogue of a model, e.g. ("kubernetes-models/batch/v1/Job").
export function modelType(specifier) {
  return loadInterface(resolveDts(specifier, import.meta.filename ?? ""));
}
