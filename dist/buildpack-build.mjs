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

// node-builtin:node:url
var require_node_url = __commonJS({
  "node-builtin:node:url"(exports, module) {
    module.exports = __require("node:url");
  }
});

// lib/buildpack/build.ts
var import_node_fs4 = __toESM(require_node_fs(), 1);
var import_node_path3 = __toESM(require_node_path(), 1);

// node_modules/smol-toml/dist/stringify.js
var BARE_KEY = /^[a-z0-9-_]+$/i;
var HAS_WELLFORMED = !!"".isWellFormed;
function extendedTypeOf(obj) {
  let type = typeof obj;
  if (type === "object") {
    if (Array.isArray(obj))
      return "array";
    if (typeof obj.getUTCDate === "function" && obj instanceof Date)
      return "date";
    if (globalThis.Temporal) {
      if (obj.until) {
        if (obj instanceof Temporal.ZonedDateTime)
          return "temporal/tz+uc";
        if (obj instanceof Temporal.PlainDateTime || obj instanceof Temporal.PlainDate)
          return "temporal/uc";
        if (obj instanceof Temporal.PlainTime || obj instanceof Temporal.Instant)
          return "temporal";
        if (obj instanceof Temporal.PlainYearMonth)
          return "temporal/x";
      } else if (obj.toPlainDate && obj instanceof Temporal.PlainMonthDay || obj.negated && obj instanceof Temporal.Duration) {
        return "temporal/x";
      }
    }
  }
  return type;
}
function isArrayOfTables(obj) {
  for (let i = 0; i < obj.length; i++) {
    if (extendedTypeOf(obj[i]) !== "object")
      return false;
  }
  return obj.length != 0;
}
function formatWellFormedStringUnchecked(s) {
  return JSON.stringify(s).replaceAll("\x7F", "\\u007f");
}
function formatString(s) {
  return formatWellFormedStringUnchecked(HAS_WELLFORMED ? s.toWellFormed() : s);
}
function formatKey(s) {
  if (BARE_KEY.test(s))
    return s;
  if (HAS_WELLFORMED && !s.isWellFormed())
    throw new RangeError("key contains illegal lone surrogates");
  return formatWellFormedStringUnchecked(s);
}
function stringifyValue(val, type, depth, numberAsFloat, strictTemporal) {
  if (depth === 0) {
    throw new Error("Could not stringify the object: maximum object depth exceeded");
  }
  switch (type) {
    // @ts-expect-error -- intentional fallthrough case
    case "number":
      if (isNaN(val))
        return "nan";
      if (val === Infinity)
        return "inf";
      if (val === -Infinity)
        return "-inf";
      if (Number.isInteger(val) && (numberAsFloat || !Number.isSafeInteger(val)))
        return val.toFixed(1);
    case "bigint":
    case "boolean":
    case "temporal":
      return val.toString();
    case "string":
      return formatString(val);
    case "date":
      if (isNaN(val.getTime()))
        throw new TypeError("cannot serialize invalid date");
      return val.toISOString();
    case "object":
      return stringifyInlineTable(val, depth, numberAsFloat, strictTemporal);
    case "array":
      return stringifyArray(val, depth, numberAsFloat, strictTemporal);
    // @ts-expect-error -- intentional fallthrough case
    case "temporal/tz+uc":
      if (strictTemporal) {
        let tz = val.timeZoneId;
        let tzc = tz.charCodeAt(0);
        if (
          // Classic offset
          tzc !== 43 && tzc !== 45 && // Fast pre-check pass; see below for the actually accepted values
          (tzc !== 85 && tzc !== 71 && tzc !== 90 && tzc !== 69 || // UTC and its aliases; Temporal implementations don't all canonicalise unfortunately
          tz !== "UTC" && tz !== "UCT" && tz !== "Universal" && tz !== "Zulu" && // GMT is a TZ but it's for all intents and purposes equivalent to UTC. Safe to downgrade.
          !tz.startsWith("GMT") && tz !== "Greenwich" && // Etc/* are all safe to downgrade to offset (either UTC, GMT, or offset)
          !tz.startsWith("Etc/"))
        ) {
          throw new TypeError("Temporal objects with an IANA timezone are not allowed in Temporal strict mode");
        }
      }
    case "temporal/uc":
      if (strictTemporal && val.calendarId !== "iso8601")
        throw new TypeError("Temporal objects with a non-default calendar are not allowed in Temporal strict mode");
      return val.toString({
        calendarName: "never",
        timeZoneName: "never"
      });
    case "temporal/x":
      throw new TypeError("Unsupported " + val[Symbol.toStringTag]);
  }
}
function stringifyInlineTable(obj, depth, numberAsFloat, strictTemporal) {
  let keys = Object.keys(obj);
  if (keys.length === 0)
    return "{}";
  let res = "{ ";
  for (let i = 0; i < keys.length; i++) {
    let k = keys[i];
    if (i)
      res += ", ";
    res += formatKey(k) + " = " + stringifyValue(obj[k], extendedTypeOf(obj[k]), depth - 1, numberAsFloat, strictTemporal);
  }
  return res + " }";
}
function stringifyArray(array, depth, numberAsFloat, strictTemporal) {
  if (array.length === 0)
    return "[]";
  let res = "[ ";
  for (let i = 0; i < array.length; i++) {
    if (i)
      res += ", ";
    if (array[i] === null || array[i] === void 0) {
      throw new TypeError("arrays cannot contain null or undefined values");
    }
    res += stringifyValue(array[i], extendedTypeOf(array[i]), depth - 1, numberAsFloat, strictTemporal);
  }
  return res + " ]";
}
function stringifyArrayTable(array, key, depth, numberAsFloat, strictTemporal) {
  if (depth === 0) {
    throw new Error("Could not stringify the object: maximum object depth exceeded");
  }
  let res = "";
  for (let i = 0; i < array.length; i++) {
    res += `${res && "\n"}[[${key}]]
`;
    res += stringifyTable(0, array[i], key, depth, numberAsFloat, strictTemporal);
  }
  return res;
}
function stringifyTable(tableKey, obj, prefix, depth, numberAsFloat, strictTemporal) {
  if (depth === 0) {
    throw new Error("Could not stringify the object: maximum object depth exceeded");
  }
  let preamble = "";
  let tables = "";
  let keys = Object.keys(obj);
  for (let i = 0; i < keys.length; i++) {
    let k = keys[i];
    if (obj[k] !== null && obj[k] !== void 0) {
      let type = extendedTypeOf(obj[k]);
      if (type === "symbol" || type === "function") {
        throw new TypeError(`cannot serialize values of type '${type}'`);
      }
      let key = formatKey(k);
      if (type === "array" && isArrayOfTables(obj[k])) {
        tables += (tables && "\n") + stringifyArrayTable(obj[k], prefix ? `${prefix}.${key}` : key, depth - 1, numberAsFloat, strictTemporal);
      } else if (type === "object") {
        let tblKey = prefix ? `${prefix}.${key}` : key;
        tables += (tables && "\n") + stringifyTable(tblKey, obj[k], tblKey, depth - 1, numberAsFloat, strictTemporal);
      } else {
        preamble += key;
        preamble += " = ";
        preamble += stringifyValue(obj[k], type, depth, numberAsFloat, strictTemporal);
        preamble += "\n";
      }
    }
  }
  if (tableKey && (preamble || !tables))
    preamble = preamble ? `[${tableKey}]
${preamble}` : `[${tableKey}]`;
  return preamble && tables ? `${preamble}
${tables}` : preamble || tables;
}
function stringify(obj, { maxDepth = 1e3, numbersAsFloat = false, strictTemporal = false } = {}) {
  if (extendedTypeOf(obj) !== "object") {
    throw new TypeError("stringify can only be called with an object");
  }
  let str = stringifyTable(0, obj, "", maxDepth, numbersAsFloat, strictTemporal);
  if (str[str.length - 1] !== "\n")
    return str + "\n";
  return str;
}

// lib/buildpack/entry.ts
var import_node_fs2 = __toESM(require_node_fs(), 1);

// lib/buildpack/files.ts
var import_node_fs = __toESM(require_node_fs(), 1);
var import_node_path = __toESM(require_node_path(), 1);

// lib/buildpack/output.ts
var BuildError = class extends Error {
  lines;
  constructor(lines) {
    super(lines.join("\n"));
    this.lines = lines;
  }
};
function step(msg) {
  process.stdout.write(`-----> ${msg}
`);
}
function detail(msg) {
  process.stdout.write(`      ${msg}
`);
}
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

// lib/buildpack/files.ts
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
function procfileWeb(procfile) {
  if (procfile === null) return null;
  for (const line of procfile.split("\n")) {
    const m = /^web:\s*(.*\S)\s*$/.exec(line);
    if (m) return m[1];
  }
  return null;
}

// lib/buildpack/runtime.ts
var import_node_fs3 = __toESM(require_node_fs(), 1);
var import_node_path2 = __toESM(require_node_path(), 1);
var import_node_url = __toESM(require_node_url(), 1);
function buildpackRoot() {
  let dir = (0, import_node_path2.dirname)((0, import_node_url.fileURLToPath)(import.meta.url));
  while (!(0, import_node_fs3.existsSync)((0, import_node_path2.join)(dir, "buildpack.toml"))) {
    const up = (0, import_node_path2.dirname)(dir);
    if (up === dir) throw new Error("tsicorn buildpack: cannot find buildpack.toml above " + import.meta.url);
    dir = up;
  }
  return dir;
}
var RUNTIME_FILES = ["bin/tsicorn", "dist/tsicorn.mjs", "dist/tsicorn-doctor.mjs", "package.json"];
function buildpackVersion(root = buildpackRoot()) {
  return JSON.parse((0, import_node_fs3.readFileSync)((0, import_node_path2.join)(root, "package.json"), "utf8")).version;
}
function copyRuntime(dest, root = buildpackRoot()) {
  for (const f of RUNTIME_FILES) {
    (0, import_node_fs3.mkdirSync)((0, import_node_path2.dirname)((0, import_node_path2.join)(dest, f)), { recursive: true });
    (0, import_node_fs3.copyFileSync)((0, import_node_path2.join)(root, f), (0, import_node_path2.join)(dest, f));
  }
  (0, import_node_fs3.chmodSync)((0, import_node_path2.join)(dest, "bin/tsicorn"), 493);
}
function sizingScript(root = buildpackRoot()) {
  return (0, import_node_fs3.readFileSync)((0, import_node_path2.join)(root, "profile.d/tsicorn.sh"), "utf8");
}

// lib/buildpack/build.ts
var LAYER = "tsicorn";
function execdProgram(sizing) {
  return `#!/usr/bin/env bash
# Generated by the tsicorn buildpack (bin/build): exec.d sizes WEB_CONCURRENCY at launch.
${sizing}
if [ "\${WEB_CONCURRENCY_SET_BY:-}" = tsicorn ]; then
  printf 'WEB_CONCURRENCY = "%s"\\nWEB_CONCURRENCY_SET_BY = "tsicorn"\\n' "$WEB_CONCURRENCY" >&3
  if [ -n "\${DYNO_RAM:-}" ]; then printf 'DYNO_RAM = "%s"\\n' "$DYNO_RAM" >&3; fi
fi
`;
}
function launchToml(command) {
  const [cmd, ...args] = command;
  return stringify({ processes: [{ type: "web", command: [cmd], args, default: true }] });
}
function layerToml(version) {
  return stringify({ types: { launch: true, build: false, cache: false }, metadata: { version } });
}
function webProcess(appDir) {
  const web = procfileWeb(readAppFile(appDir, "Procfile"));
  if (web !== null) return ["bash", "-c", web];
  const entry = defaultWebEntry(appDir);
  if (entry === null) {
    throw new BuildError([
      `no web process: ${appDir} has no Procfile web line, no package.json "main" and no app/index/server file.`,
      'Add a Procfile with "web: tsicorn <module>" or set "main" in package.json.'
    ]);
  }
  return ["tsicorn", entry];
}
function build(env, appDir) {
  const layers = env.CNB_LAYERS_DIR;
  if (!layers) throw new BuildError(["CNB_LAYERS_DIR is not set: bin/build must be run by a CNB lifecycle."]);
  try {
    if (!(0, import_node_fs4.statSync)(layers).isDirectory()) throw new Error("not a directory");
  } catch {
    throw new BuildError([`CNB_LAYERS_DIR ${layers} is not a directory.`]);
  }
  const root = buildpackRoot();
  const version = buildpackVersion(root);
  step(`tsicorn buildpack ${version} (CNB)`);
  const web = webProcess(appDir);
  const layer = (0, import_node_path3.join)(layers, LAYER);
  copyRuntime(layer, root);
  (0, import_node_fs4.mkdirSync)((0, import_node_path3.join)(layer, "exec.d"), { recursive: true });
  const program = (0, import_node_path3.join)(layer, "exec.d/web-concurrency");
  (0, import_node_fs4.writeFileSync)(program, execdProgram(sizingScript(root)));
  (0, import_node_fs4.chmodSync)(program, 493);
  (0, import_node_fs4.writeFileSync)((0, import_node_path3.join)(layers, `${LAYER}.toml`), layerToml(version));
  (0, import_node_fs4.writeFileSync)((0, import_node_path3.join)(layers, "launch.toml"), launchToml(web));
  detail(`layer ${LAYER}: server on PATH, exec.d/web-concurrency sizes WEB_CONCURRENCY at launch`);
  detail(`web: ${web.join(" ")}`);
}

// lib/buildpack/build-main.ts
process.exitCode = await runPhase(() => build(process.env, process.cwd()));
