import { createRequire as __tsicornCreateRequire } from 'node:module'; const require = __tsicornCreateRequire(import.meta.url);
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __require = /* @__PURE__ */ ((x) => typeof require !== "undefined" ? require : typeof Proxy !== "undefined" ? new Proxy(x, {
  get: (a, b) => (typeof require !== "undefined" ? require : a)[b]
}) : x)(function(x) {
  if (typeof require !== "undefined") return require.apply(this, arguments);
  throw Error('Dynamic require of "' + x + '" is not supported');
});
var __commonJS = (cb, mod) => function __require2() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// node-builtin:node:fs
var require_node_fs = __commonJS({
  "node-builtin:node:fs"(exports, module) {
    module.exports = __require("node:fs");
  }
});

// node-builtin:node:path
var require_node_path = __commonJS({
  "node-builtin:node:path"(exports, module) {
    module.exports = __require("node:path");
  }
});

// lib/buildpack/output.ts
var BuildError = class extends Error {
  lines;
  constructor(lines) {
    super(lines.join("\n"));
    this.lines = lines;
  }
};
function formatError(lines) {
  return lines.map((l) => ` !     ${l}
`).join("");
}
async function runPhase(phase) {
  try {
    await phase();
    return 0;
  } catch (e) {
    const lines = e instanceof BuildError ? e.lines : [`tsicorn buildpack failed unexpectedly: ${String(e)}`];
    process.stderr.write(formatError(lines));
    return 1;
  }
}

// lib/buildpack/entry.ts
var import_node_fs2 = __toESM(require_node_fs(), 1);

// lib/buildpack/files.ts
var import_node_fs = __toESM(require_node_fs(), 1);
var import_node_path = __toESM(require_node_path(), 1);
function requireBuildDir(buildDir, usage) {
  if (!buildDir) throw new BuildError([`missing BUILD_DIR argument. Usage: ${usage}`]);
  let isDir = false;
  try {
    isDir = (0, import_node_fs.statSync)(buildDir).isDirectory();
  } catch {
    throw new BuildError([
      `BUILD_DIR ${buildDir} does not exist.`,
      `The platform passes the app's directory as the first argument; check the path. Usage: ${usage}`
    ]);
  }
  if (!isDir) throw new BuildError([`BUILD_DIR ${buildDir} is not a directory. Usage: ${usage}`]);
  return buildDir;
}
function exists(path) {
  try {
    (0, import_node_fs.statSync)(path);
    return true;
  } catch {
    return false;
  }
}
function readAppFile(dir, rel) {
  const path = (0, import_node_path.join)(dir, rel);
  if (!exists(path)) return null;
  try {
    return (0, import_node_fs.readFileSync)(path, "utf8");
  } catch (e) {
    const code = e.code ?? String(e);
    const why = code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : code;
    throw new BuildError([
      `cannot read ${path}: ${why}.`,
      `Make ${rel} a readable file (check its permissions and that it is committed), then build again.`
    ]);
  }
}
function readAppJson(dir, rel) {
  const text = readAppFile(dir, rel);
  if (text === null) return null;
  let value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new BuildError([
      `${(0, import_node_path.join)(dir, rel)} is not valid JSON: ${e.message}.`,
      `Fix the file (\`node -e "JSON.parse(require('fs').readFileSync('${rel}','utf8'))"\` shows the error) and build again.`
    ]);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new BuildError([`${(0, import_node_path.join)(dir, rel)} must hold a JSON object, not ${JSON.stringify(value)}.`]);
  }
  return value;
}

// lib/buildpack/entry.ts
var CANDIDATES = ["app", "index", "server"].flatMap(
  (b) => ["js", "mjs", "cjs", "ts", "mts"].map((e) => `${b}.${e}`)
);
function findEntry(main, files) {
  if (typeof main === "string" && main.trim() !== "") return main.trim();
  return CANDIDATES.find((c) => files.has(c)) ?? null;
}
function defaultWebEntry(appDir) {
  const pkg = readAppJson(appDir, "package.json");
  return findEntry(pkg?.main, new Set((0, import_node_fs2.readdirSync)(appDir)));
}
function webCommand(entry) {
  return /^[A-Za-z0-9_./:@-]+$/.test(entry) ? `tsicorn ${entry}` : `tsicorn '${entry.replace(/'/g, `'\\''`)}'`;
}

// lib/buildpack/release.ts
function releaseYaml(web) {
  if (web === null) return "---\n{}\n";
  return `---
default_process_types:
  web: ${JSON.stringify(web)}
`;
}
function release(argv) {
  const buildDir = requireBuildDir(argv[0], "bin/release BUILD_DIR");
  const entry = defaultWebEntry(buildDir);
  process.stdout.write(releaseYaml(entry === null ? null : webCommand(entry)));
}

// lib/buildpack/release-main.ts
process.exitCode = await runPhase(() => release(process.argv.slice(2)));
