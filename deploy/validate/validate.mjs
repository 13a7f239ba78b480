#!/usr/bin/env node
// Offline validation of TTG's Kubernetes manifests: every object must match the Kubernetes (or KEDA)
// OpenAPI schema of kubernetes-models (KEDA and Prometheus Operator CRDs included) and may not carry a field the API does not know.
//
//   node validate.mjs --render DIR...        kubectl kustomize each DIR, validate every object
//   node validate.mjs FILE...                validate YAML files
//   node validate.mjs --expect-failure FILE  succeed only if FILE is rejected (checks the checker)
//
// Exit codes: 0 valid (or, with --expect-failure, rejected), 1 invalid, 2 usage or render error.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { modelType, unknownFields } from "./strict-fields.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));

// apiVersion -> module holding its models.
function modelModule(apiVersion) {
  if (apiVersion.startsWith("keda.sh/") || apiVersion.startsWith("eventing.keda.sh/")) {
    return `@kubernetes-models/keda/${apiVersion}`;
  }
  if (apiVersion.startsWith("monitoring.coreos.com/")) {
    return `@kubernetes-models/prometheus-operator/${apiVersion}`;
  }
  return `kubernetes-models/${apiVersion}`;
}

async function validateObject(obj) {
  const errors = [];
  if (!obj || typeof obj !== "object") return ["document is not an object"];
  const { apiVersion, kind } = obj;
  if (typeof apiVersion !== "string" || typeof kind !== "string") return ["apiVersion and kind are required"];
  if (!obj.metadata?.name) errors.push("metadata.name is required");
  let Model;
  try {
    Model = (await import(modelModule(apiVersion)))[kind];
  } catch {
    Model = undefined;
  }
  if (typeof Model !== "function") return [...errors, `no schema for ${apiVersion} ${kind}`];
  try {
    new Model(obj).validate();
  } catch (e) {
    errors.push(...String(e.message).split("\n").filter(Boolean));
  }
  const unknown = unknownFields(obj, modelType(`${modelModule(apiVersion)}/${kind}`));
  errors.push(...unknown.map((f) => `unknown field "${f}"`));
  return errors;
}

function render(dir) {
  try {
    return execFileSync("kubectl", ["kustomize", dir], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    if (e.code === "ENOENT") throw new Error("kubectl is not installed (needed for `kubectl kustomize`)");
    throw new Error(`kubectl kustomize ${dir} failed:\n${e.stderr || e.message}`);
  }
}

async function validateText(label, text) {
  let docs;
  try {
    docs = yaml.loadAll(text).filter((d) => d !== null && d !== undefined);
  } catch (e) {
    console.log(`✗ ${label}: YAML error: ${e.message}`);
    return 1;
  }
  let failed = 0;
  for (const doc of docs) {
    const name = `${doc?.kind ?? "?"}/${doc?.metadata?.name ?? "?"}`;
    const errors = await validateObject(doc);
    if (errors.length === 0) {
      console.log(`✓ ${label}: ${name}`);
    } else {
      failed++;
      console.log(`✗ ${label}: ${name}`);
      for (const err of errors) console.log(`    ${err}`);
    }
  }
  if (docs.length === 0) {
    console.log(`✗ ${label}: no objects`);
    return 1;
  }
  return failed;
}

async function main(argv) {
  const args = argv.slice(2);
  if (args.length === 0 || args.includes("-h") || args.includes("--help")) {
    console.log("usage: validate.mjs --render DIR... | FILE... | --expect-failure FILE...");
    return args.length === 0 ? 2 : 0;
  }
  const mode = args[0] === "--render" ? "render" : args[0] === "--expect-failure" ? "expect-failure" : "files";
  const targets = mode === "files" ? args : args.slice(1);
  let failures = 0;
  for (const target of targets) {
    const resolved = path.resolve(here, target);
    let text;
    try {
      text = mode === "render" ? render(resolved) : readFileSync(resolved, "utf8");
    } catch (e) {
      console.error(`error: ${e.message}`);
      return 2;
    }
    const label = path.relative(path.resolve(here, "../.."), resolved) || target;
    const failed = await validateText(label, text);
    if (mode === "expect-failure") {
      if (failed === 0) {
        console.log(`✗ ${label} was accepted, but it is broken on purpose: the validator misses errors`);
        failures++;
      } else {
        console.log(`✓ ${label} rejected as expected`);
      }
    } else {
      failures += failed;
    }
  }
  if (failures > 0) {
    console.log(`\n${failures} problem(s)`);
    return 1;
  }
  console.log(mode === "expect-failure" ? "\nrejected as expected" : "\nall valid");
  return 0;
}

process.exitCode = await main(process.argv);
