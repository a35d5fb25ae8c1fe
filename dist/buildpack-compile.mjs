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

// lib/buildpack/compile.ts
var import_node_fs4 = __toESM(require_node_fs(), 1);
var import_node_path3 = __toESM(require_node_path(), 1);

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
function requireWritable(buildDir) {
  try {
    (0, import_node_fs.accessSync)(buildDir, import_node_fs.constants.W_OK);
  } catch (e) {
    const code = e.code;
    const why = code === "EROFS" ? "it is on a read-only file system" : code === "EACCES" ? "permission denied" : code;
    throw new BuildError([
      `BUILD_DIR ${buildDir} is not writable: ${why}.`,
      "The buildpack installs the server into the app directory; build on a writable copy of the app."
    ]);
  }
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

// lib/buildpack/compile.ts
var USAGE = "bin/compile BUILD_DIR CACHE_DIR ENV_DIR";
var SLUG_RUNTIME = ".tsicorn";
function planCompile(buildDir) {
  const entry = defaultWebEntry(buildDir);
  const own = readAppJson(buildDir, "node_modules/tsicorn/package.json");
  if (own !== null && typeof own.version !== "string") {
    throw new BuildError([
      `${(0, import_node_path3.join)(buildDir, "node_modules/tsicorn/package.json")} has no "version".`,
      "Reinstall the dependency (npm ci) so node_modules/tsicorn is complete, then build again."
    ]);
  }
  const webLine = procfileWeb(readAppFile(buildDir, "Procfile"));
  return {
    appTsicorn: own === null ? null : own.version,
    webLine,
    defaultWeb: entry === null ? null : webCommand(entry)
  };
}
function profileScript(sizing, bundled) {
  const path = bundled ? `$HOME/${SLUG_RUNTIME}/bin:$HOME/node_modules/.bin` : "$HOME/node_modules/.bin";
  return `# shellcheck shell=bash
# Installed by the tsicorn buildpack: the server on PATH, then the WEB_CONCURRENCY sizing.
export PATH="${path}:$PATH"
${sizing}`;
}
function configVar(envDir, name) {
  if (!envDir) return null;
  try {
    return (0, import_node_fs4.readFileSync)((0, import_node_path3.join)(envDir, name), "utf8").trim() || null;
  } catch {
    return null;
  }
}
function compile(argv) {
  const buildDir = requireBuildDir(argv[0], USAGE);
  const root = buildpackRoot();
  step(`tsicorn buildpack ${buildpackVersion(root)}`);
  detail(`Node ${process.version} (${process.execPath})`);
  const plan = planCompile(buildDir);
  const sizing = sizingScript(root);
  requireWritable(buildDir);
  if (plan.appTsicorn !== null) {
    step(`Using the app's tsicorn ${plan.appTsicorn} from node_modules/tsicorn`);
  } else {
    step(
      `Installing tsicorn ${buildpackVersion(root)} into ${SLUG_RUNTIME}/ (the app does not depend on it)`
    );
    copyRuntime((0, import_node_path3.join)(buildDir, SLUG_RUNTIME), root);
  }
  (0, import_node_fs4.mkdirSync)((0, import_node_path3.join)(buildDir, ".profile.d"), { recursive: true });
  (0, import_node_fs4.writeFileSync)((0, import_node_path3.join)(buildDir, ".profile.d/tsicorn.sh"), profileScript(sizing, plan.appTsicorn === null));
  detail(".profile.d/tsicorn.sh sizes WEB_CONCURRENCY at every dyno boot");
  detail("rule: min(max(1, memory_MB / 256), 2 * CPUs + 1); a WEB_CONCURRENCY you set is kept");
  const configured = configVar(argv[2], "WEB_CONCURRENCY");
  if (configured) detail(`config var WEB_CONCURRENCY=${configured} is set: dynos will keep it`);
  const exportPath = plan.appTsicorn === null ? (0, import_node_path3.join)(buildDir, SLUG_RUNTIME, "bin") : (0, import_node_path3.join)(buildDir, "node_modules/.bin");
  (0, import_node_fs4.writeFileSync)((0, import_node_path3.join)(root, "export"), `export PATH="${exportPath}:$PATH"
`);
  if (plan.webLine !== null) detail(`Procfile web: ${plan.webLine}`);
  else if (plan.defaultWeb !== null) detail(`no Procfile web line; default: web: ${plan.defaultWeb}`);
  else
    detail(
      `no Procfile web line and no app/index/server file in ${(0, import_node_path3.relative)(process.cwd(), buildDir) || "."}: add a Procfile with "web: tsicorn <module>"`
    );
}

// lib/buildpack/compile-main.ts
process.exitCode = await runPhase(() => compile(process.argv.slice(2)));
