import { createRequire as __tsicornCreateRequire } from 'node:module'; const require = __tsicornCreateRequire(import.meta.url);

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
import { readdirSync } from "node:fs";

// lib/buildpack/files.ts
import { accessSync, constants, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
function requireBuildDir(buildDir, usage) {
  if (!buildDir) throw new BuildError([`missing BUILD_DIR argument. Usage: ${usage}`]);
  let isDir = false;
  try {
    isDir = statSync(buildDir).isDirectory();
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
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
function readAppFile(dir, rel) {
  const path = join(dir, rel);
  if (!exists(path)) return null;
  try {
    return readFileSync(path, "utf8");
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
      `${join(dir, rel)} is not valid JSON: ${e.message}.`,
      `Fix the file (\`node -e "JSON.parse(require('fs').readFileSync('${rel}','utf8'))"\` shows the error) and build again.`
    ]);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new BuildError([`${join(dir, rel)} must hold a JSON object, not ${JSON.stringify(value)}.`]);
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
  return findEntry(pkg?.main, new Set(readdirSync(appDir)));
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
