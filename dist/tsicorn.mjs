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
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};
var __commonJS = (cb, mod) => function __require2() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
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

// lib/server/contract/roles.ts
function roleOf(env) {
  const r = env[ROLE_ENV];
  return r === ROLES.worker || r === ROLES.checkApp ? r : null;
}
var ROLE_ENV, ROLES, ENV, MASTER_SIGNALS, EXIT_BOOT_ERROR;
var init_roles = __esm({
  "lib/server/contract/roles.ts"() {
    "use strict";
    ROLE_ENV = "TSICORN_ROLE";
    ROLES = {
      /** A worker serving the app on the master's sockets (lib/server/worker.ts). */
      worker: "worker",
      /** Load the app once and report, for --check-config (lib/app/check.ts). */
      checkApp: "check-app"
    };
    ENV = {
      /** The check-app process's settings (encodeSettings): it has no IPC channel. */
      checkSettings: "TSICORN_CHECK_SETTINGS",
      /** Set by a master that starts its successor on USR2: the listening fds it passes on (3,4,...). */
      inheritedFds: "TSICORN_FDS"
    };
    MASTER_SIGNALS = [
      "SIGTERM",
      "SIGINT",
      "SIGQUIT",
      "SIGHUP",
      "SIGTTIN",
      "SIGTTOU",
      "SIGUSR1",
      "SIGUSR2",
      "SIGWINCH"
    ];
    EXIT_BOOT_ERROR = 3;
  }
});

// node-builtin:node:net
var require_node_net = __commonJS({
  "node-builtin:node:net"(exports, module) {
    module.exports = __require("node:net");
  }
});

// node-builtin:node:os
var require_node_os = __commonJS({
  "node-builtin:node:os"(exports, module) {
    module.exports = __require("node:os");
  }
});

// lib/app/app-signals.ts
function deferAppSignals(signals) {
  if (swallowed) {
    for (const s of signals) swallowed.add(s);
  } else {
    swallowed = new Set(signals);
    const realEmit = process.emit;
    const set = swallowed;
    process.emit = function emit(event, ...args) {
      if (typeof event === "string" && set.has(event) && args[0] === event && typeof args[1] === "number")
        return true;
      return realEmit.call(this, event, ...args);
    };
  }
  for (const s of signals) {
    const keep = () => {
    };
    own.add(keep);
    process.on(s, keep);
  }
}
function appSignalHandlers(sig) {
  return process.rawListeners(sig).filter(
    (fn) => !own.has(fn) && !own.has(fn.listener)
  );
}
function shutdownSignal(graceful) {
  const [first, second] = graceful ? ["SIGTERM", "SIGINT"] : ["SIGINT", "SIGTERM"];
  if (appSignalHandlers(first).length) return first;
  if (appSignalHandlers(second).length) return second;
  return null;
}
function endWorker(end) {
  const sig = shutdownSignal(end.graceful);
  if (!sig) process.exit(end.code);
  const handlers = appSignalHandlers(sig);
  process.exitCode = end.code;
  end.log.info(
    `Running the app's ${sig} handler${handlers.length > 1 ? "s" : ""} (${handlers.length}) now that worker ${end.pid} has drained`
  );
  const number = import_node_os.constants.signals[sig];
  for (const fn of handlers) {
    try {
      fn.call(process, sig, number);
    } catch (e) {
      end.log.error(`The app's ${sig} handler threw: ${e?.stack ?? e}`);
    }
  }
  process.channel?.unref();
  const left = Math.max(0, end.deadline - Date.now());
  setTimeout(() => {
    end.log.warning(
      `The app's ${sig} handler had not ended worker ${end.pid} within the graceful timeout; exiting`
    );
    process.exit(end.code);
  }, left).unref();
}
var import_node_os, swallowed, own;
var init_app_signals = __esm({
  "lib/app/app-signals.ts"() {
    "use strict";
    import_node_os = __toESM(require_node_os(), 1);
    swallowed = null;
    own = /* @__PURE__ */ new Set();
  }
});

// lib/app/exit-while-loading.ts
function exitProcess(code) {
  return nodeExit.call(process, code);
}
function guardExitWhileLoading(report, exitWith) {
  const guarded = function exit(code) {
    report(code ?? process.exitCode ?? 0);
    return exitProcess(exitWith);
  };
  process.exit = guarded;
  return () => {
    if (process.exit === guarded) process.exit = nodeExit;
  };
}
var nodeExit;
var init_exit_while_loading = __esm({
  "lib/app/exit-while-loading.ts"() {
    "use strict";
    nodeExit = process.exit;
  }
});

// node-builtin:node:http
var require_node_http = __commonJS({
  "node-builtin:node:http"(exports, module) {
    module.exports = __require("node:http");
  }
});

// node-builtin:node:module
var require_node_module = __commonJS({
  "node-builtin:node:module"(exports, module) {
    module.exports = __require("node:module");
  }
});

// lib/app/listen-capture.ts
function isHttpsServer(server) {
  const https = (0, import_node_module.createRequire)(import.meta.url)("node:https");
  return server instanceof https.Server;
}
function describeListenArgs(args) {
  const last = args[args.length - 1];
  const callback = typeof last === "function" ? last : null;
  const first = args[0];
  const hostArg = typeof args[1] === "string" ? args[1] : null;
  if (typeof first === "number" || typeof first === "string" && /^\d+$/.test(first)) {
    return { target: `port ${Number(first)}`, port: Number(first), host: hostArg, callback };
  }
  if (typeof first === "string") return { target: `unix:${first}`, port: null, host: null, callback };
  if (first && typeof first === "object") {
    const o = first;
    const host = typeof o.host === "string" ? o.host : null;
    if (o.port !== void 0 && o.port !== null && /^\d+$/.test(String(o.port)))
      return { target: `port ${Number(o.port)}`, port: Number(o.port), host, callback };
    if (typeof o.path === "string") return { target: `unix:${o.path}`, port: null, host: null, callback };
    if (o.port === void 0 && o.path === void 0 && !("fd" in o) && !("_handle" in o))
      return { target: "a random port", port: 0, host, callback };
    return { target: "a handle", port: null, host: null, callback };
  }
  return { target: "a random port", port: 0, host: null, callback };
}
function requestedAddress(port, host, target) {
  if (port === null) return target.startsWith("unix:") ? target.slice(5) : "";
  const address = host && host !== "localhost" ? host : host === "localhost" ? "127.0.0.1" : "::";
  return { address, family: address.includes(":") ? "IPv6" : "IPv4", port };
}
function listenUncaptured(server, ...args) {
  return nativeListen.apply(server, args);
}
function fakeListening(server, current) {
  let open = true;
  Object.defineProperty(server, "address", { value: () => open ? current() : null, configurable: true });
  Object.defineProperty(server, "listening", { get: () => open, configurable: true });
  Object.defineProperty(server, "close", {
    configurable: true,
    value: function close(cb) {
      if (open) {
        open = false;
        if (typeof cb === "function") this.once("close", () => cb());
        process.nextTick(() => this.emit("close"));
      } else if (typeof cb === "function") process.nextTick(() => cb());
      return this;
    }
  });
}
function captureListens() {
  const previous = net.Server.prototype.listen;
  const captured = [];
  const subscribers = /* @__PURE__ */ new Set();
  const addresses = /* @__PURE__ */ new Map();
  const requested = /* @__PURE__ */ new Map();
  let released = false;
  net.Server.prototype.listen = function captureListen(...args) {
    const { target, port, host, callback } = describeListenArgs(args);
    const c = {
      server: this,
      target,
      port,
      http: this instanceof http.Server || isHttpsServer(this)
    };
    captured.push(c);
    requested.set(this, requestedAddress(port, host, target));
    if (!addresses.has(this)) addresses.set(this, requested.get(this));
    fakeListening(this, () => addresses.get(this) ?? "");
    if (callback) this.once("listening", callback);
    for (const fn of [...subscribers]) fn(c);
    process.nextTick(() => this.emit("listening"));
    return this;
  };
  return {
    captured,
    subscribe(fn) {
      subscribers.add(fn);
      return () => subscribers.delete(fn);
    },
    markServed(c, served) {
      if (served !== null) addresses.set(c.server, served);
    },
    unmarkServed(c) {
      const asked = requested.get(c.server);
      if (asked !== void 0) addresses.set(c.server, asked);
    },
    release() {
      if (released) return;
      released = true;
      subscribers.clear();
      net.Server.prototype.listen = previous;
    }
  };
}
var http, import_node_module, net, nativeListen;
var init_listen_capture = __esm({
  "lib/app/listen-capture.ts"() {
    "use strict";
    http = __toESM(require_node_http(), 1);
    import_node_module = __toESM(require_node_module(), 1);
    net = __toESM(require_node_net(), 1);
    nativeListen = net.Server.prototype.listen;
  }
});

// node-builtin:node:fs
var require_node_fs = __commonJS({
  "node-builtin:node:fs"(exports, module) {
    module.exports = __require("node:fs");
  }
});

// lib/log/escape.ts
function unicodeEscape(c) {
  return `\\u${hex(c, 4)}`;
}
function textEscape(c) {
  if (c === "\n") return "\\n";
  if (c === "\r") return "\\r";
  if (c === "	") return "\\t";
  return c.charCodeAt(0) > 255 ? unicodeEscape(c) : `\\x${hex(c, 2)}`;
}
function jsonLine(value) {
  return JSON.stringify(value).replace(JSON_LEFTOVERS, unicodeEscape);
}
function escapeMessage(s) {
  return s.replace(TEXT_UNSAFE_KEEP_NEWLINES, textEscape);
}
var UNSAFE_IN_LOGS, hex, JSON_LEFTOVERS, TEXT_UNSAFE_KEEP_NEWLINES;
var init_escape = __esm({
  "lib/log/escape.ts"() {
    "use strict";
    UNSAFE_IN_LOGS = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/;
    hex = (c, width) => c.charCodeAt(0).toString(16).padStart(width, "0");
    JSON_LEFTOVERS = /[\x7f-\x9f\u2028\u2029]/g;
    TEXT_UNSAFE_KEEP_NEWLINES = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]/g;
  }
});

// lib/log/atoms.ts
function tzOffset(d) {
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? "+" : "-";
  return `${sign}${pad(Math.floor(Math.abs(off) / 60))}${pad(Math.abs(off) % 60)}`;
}
function clfTime(d) {
  return `[${pad(d.getDate())}/${MONTHS[d.getMonth()]}/${d.getFullYear()}:${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${tzOffset(d)}]`;
}
function header(v) {
  if (v === void 0) return void 0;
  return Array.isArray(v) ? v.join(", ") : String(v);
}
function basicAuthUser(auth) {
  const m = auth && /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(auth);
  if (!m) return void 0;
  const decoded = Buffer.from(m[1], "base64").toString("utf8");
  const i = decoded.indexOf(":");
  return i > 0 ? decoded.slice(0, i) : void 0;
}
function decodePath(p) {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}
function requestHeader(req, lower) {
  const raw = req.rawHeaders;
  if (!raw || raw.length === 0) return header(req.headers[lower]);
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    if (name.length !== lower.length) continue;
    let same = true;
    for (let j = 0; same && j < lower.length; j++) same = (name.charCodeAt(j) | 32) === lower.charCodeAt(j);
    if (same) return raw[i + 1];
  }
  return void 0;
}
function pathOf(url) {
  const q = url.indexOf("?");
  return q < 0 ? url : url.slice(0, q);
}
function protocolOf(r) {
  return r.req.httpVersion ? `HTTP/${r.req.httpVersion}` : "-";
}
function baseAtoms(r, pid) {
  const out = {};
  for (const name in ATOMS) out[name] = ATOMS[name].get(r, pid);
  return out;
}
function clfTimeCached(d) {
  const second = Math.floor(d.getTime() / 1e3);
  if (second !== clfSecond) {
    clfSecond = second;
    clfText = clfTime(d);
  }
  return clfText;
}
function escapeAtom(s) {
  if (!HAS_UNSAFE.test(s)) return s;
  return s.replace(ATOM_UNSAFE, (c) => c === '"' ? '\\"' : c === "\\" ? "\\\\" : textEscape(c));
}
function parseAccessFormat(format) {
  const parts = [];
  const re = /%%|%\(([^)]*)\)[sd]/g;
  let last = 0;
  for (let m = re.exec(format); m; m = re.exec(format)) {
    if (m.index > last) parts.push(format.slice(last, m.index));
    parts.push(m[0] === "%%" ? "%" : { atom: m[1] });
    last = m.index + m[0].length;
  }
  if (last < format.length) parts.push(format.slice(last));
  return parts;
}
function compileAccessFormat(format, env = process.env, pid = process.pid) {
  const pieces2 = [];
  for (const p of parseAccessFormat(format)) {
    if (typeof p === "string") {
      pieces2.push(() => p);
      continue;
    }
    const m = /^\{([^}]*)\}([ioe])$/.exec(p.atom);
    if (m) {
      const name = m[1];
      const lower = name.toLowerCase();
      if (m[2] === "i") pieces2.push((r) => escapeAtom(header(r.req.headers[lower]) ?? "-"));
      else if (m[2] === "o") pieces2.push((r) => escapeAtom(header(r.res.getHeader(name)) ?? "-"));
      else pieces2.push(() => escapeAtom(env[name] ?? "-"));
      continue;
    }
    const atom = Object.hasOwn(ATOMS, p.atom) ? ATOMS[p.atom] : void 0;
    if (!atom) pieces2.push(() => "-");
    else if (atom.raw) pieces2.push((r) => escapeAtom(atom.get(r, pid)));
    else pieces2.push((r) => atom.get(r, pid));
  }
  return (r) => {
    let out = "";
    for (let i = 0; i < pieces2.length; i++) out += pieces2[i](r);
    return out;
  };
}
function accessFields(r, pid = process.pid) {
  const a = baseAtoms(r, pid);
  const opt = (s) => s === "-" ? null : s;
  return {
    remote_addr: a.h,
    user: opt(a.u),
    method: a.m,
    path: a.U,
    query: a.q,
    protocol: a.H,
    status: r.res.statusCode,
    bytes: r.bytesSent,
    referer: opt(a.f),
    user_agent: opt(a.a),
    duration_ms: Math.round(r.durationUs) / 1e3,
    queue_ms: r.queueMs === null || r.queueMs === void 0 ? null : Math.floor(r.queueMs)
  };
}
var MONTHS, pad, micros, ATOMS, clfSecond, clfText, ATOM_UNSAFE, HAS_UNSAFE;
var init_atoms = __esm({
  "lib/log/atoms.ts"() {
    "use strict";
    init_escape();
    MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    pad = (n, w = 2) => String(n).padStart(w, "0");
    micros = (r) => Math.max(0, Math.round(r.durationUs));
    ATOMS = {
      h: { get: (r) => r.remoteAddr || "-" },
      l: { get: () => "-" },
      u: { get: (r) => basicAuthUser(requestHeader(r.req, "authorization")) ?? "-", raw: true },
      t: { get: (r) => clfTimeCached(r.startTime) },
      r: { get: (r) => `${r.req.method ?? "-"} ${r.req.url ?? ""} ${protocolOf(r)}`, raw: true },
      // A method is a token: llhttp (or requestLineOf's pattern) let nothing else through.
      m: { get: (r) => r.req.method ?? "-" },
      U: { get: (r) => decodePath(pathOf(r.req.url ?? "")), raw: true },
      q: {
        get: (r) => {
          const url = r.req.url ?? "";
          const q = url.indexOf("?");
          return q < 0 ? "" : url.slice(q + 1);
        },
        raw: true
      },
      H: { get: protocolOf },
      s: { get: (r) => String(r.res.statusCode) },
      B: { get: (r) => String(r.bytesSent) },
      // Common Log Format: '-' when no body bytes were sent.
      b: { get: (r) => r.bytesSent > 0 ? String(r.bytesSent) : "-" },
      f: { get: (r) => requestHeader(r.req, "referer") ?? "-", raw: true },
      a: { get: (r) => requestHeader(r.req, "user-agent") ?? "-", raw: true },
      T: { get: (r) => String(Math.floor(micros(r) / 1e6)) },
      M: { get: (r) => String(Math.floor(micros(r) / 1e3)) },
      D: { get: (r) => String(micros(r)) },
      L: {
        get: (r) => {
          const us = micros(r);
          return `${Math.floor(us / 1e6)}.${pad(us % 1e6, 6)}`;
        }
      },
      p: { get: (_r, pid) => `<${pid}>` },
      // Not Gunicorn's: router queue time in whole ms (X-Request-Start), '-' without the header.
      Q: { get: (r) => r.queueMs === null || r.queueMs === void 0 ? "-" : String(Math.floor(r.queueMs)) }
    };
    clfSecond = Number.NaN;
    clfText = "";
    ATOM_UNSAFE = new RegExp(`[\\\\"]|${UNSAFE_IN_LOGS.source}`, "g");
    HAS_UNSAFE = new RegExp(ATOM_UNSAFE.source);
  }
});

// lib/log/format.ts
function errorLogTime(d) {
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())} ${tzOffset(d)}`;
}
function logfmtValue(v) {
  if (v === null || v === void 0) return "";
  const s = typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v);
  if (s !== "" && !LOGFMT_NEEDS_QUOTES.test(s)) return s;
  return `"${s.replace(LOGFMT_ESCAPE, (c) => {
    if (c === "\\") return "\\\\";
    if (c === '"') return '\\"';
    if (c === "\n") return "\\n";
    if (c === "\r") return "\\r";
    if (c === "	") return "\\t";
    return unicodeEscape(c);
  })}"`;
}
function logfmt(fields) {
  return Object.entries(fields).filter(([, v]) => v !== void 0 && v !== null).map(([k, v]) => `${k}=${logfmtValue(v)}`).join(" ");
}
function formatErrorLine(e, format) {
  const fields = e.fields && Object.keys(e.fields).length ? e.fields : void 0;
  if (format === "json")
    return jsonLine({ time: e.time.toISOString(), pid: e.pid, level: e.level, msg: e.msg, ...fields });
  if (format === "logfmt")
    return logfmt({ time: e.time.toISOString(), pid: e.pid, level: e.level, msg: e.msg, ...fields });
  const extra = fields ? ` ${logfmt(fields)}` : "";
  return `[${errorLogTime(e.time)}] [${e.pid}] [${e.level.toUpperCase()}] ${escapeMessage(e.msg)}${extra}`;
}
function formatAccessStructured(time, pid, fields, format) {
  const all = { time: time.toISOString(), pid, level: "info", log: "access", ...fields };
  return format === "json" ? jsonLine(all) : logfmt(all);
}
var pad2, LOGFMT_NEEDS_QUOTES, LOGFMT_ESCAPE;
var init_format = __esm({
  "lib/log/format.ts"() {
    "use strict";
    init_atoms();
    init_escape();
    pad2 = (n) => String(n).padStart(2, "0");
    LOGFMT_NEEDS_QUOTES = new RegExp(`[\\s"=\\\\]|${UNSAFE_IN_LOGS.source}`);
    LOGFMT_ESCAPE = new RegExp(`["\\\\]|${UNSAFE_IN_LOGS.source}`, "g");
  }
});

// lib/log/sink.ts
function openAppend(path, what) {
  try {
    return (0, import_node_fs.openSync)(path, "a");
  } catch (e) {
    throw new Error(
      `cannot open the ${what} ${path}: ${e.message} (check the directory exists and is writable)`
    );
  }
}
function createSink(target, std, what, report = () => {
}, now = Date.now) {
  if (target === "-") return stdSink(std);
  let fd = openAppend(target, what);
  let lost = 0;
  let reportedAt = 0;
  return {
    write(line, lines = 1) {
      try {
        (0, import_node_fs.writeSync)(fd, line);
      } catch (e) {
        lost += lines;
        if (lost === 1 || now() - reportedAt >= WRITE_FAILURE_REPORT_MS) {
          reportedAt = now();
          report(
            `cannot write the ${what} ${target}: ${e.message}; ${lost} line(s) lost so far. Still serving; free space or fix the file, then send USR1 to reopen it`,
            "error"
          );
        }
        return;
      }
      if (lost > 0) {
        report(`writing the ${what} ${target} again after ${lost} lost line(s)`, "info");
        lost = 0;
        reportedAt = 0;
      }
    },
    reopen() {
      const fresh = openAppend(target, what);
      const old = fd;
      fd = fresh;
      (0, import_node_fs.closeSync)(old);
    },
    close() {
      try {
        (0, import_node_fs.closeSync)(fd);
      } catch {
      }
    }
  };
}
function stdSink(fd) {
  let stream;
  const viaStream = (data) => {
    stream ??= fd === 1 ? process.stdout : process.stderr;
    stream.write(data);
  };
  return {
    write(line) {
      if (stream && stream.writableLength > 0) return viaStream(line);
      const buf = Buffer.from(line);
      try {
        const n = (0, import_node_fs.writeSync)(fd, buf);
        if (n < buf.length) viaStream(buf.subarray(n));
      } catch (e) {
        if (e.code === "EAGAIN") viaStream(buf);
      }
    },
    reopen() {
    },
    close() {
    }
  };
}
function batched(sink) {
  let text = "";
  let lines = 0;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    pendingFlushes.delete(flush);
    if (lines === 0) return;
    const t = text;
    const n = lines;
    text = "";
    lines = 0;
    sink.write(t, n);
  };
  return {
    write(line) {
      text += line;
      lines++;
      if (text.length >= BATCH_LIMIT) return flush();
      if (scheduled) return;
      scheduled = true;
      pendingFlushes.add(flush);
      if (!exitHooked) {
        exitHooked = true;
        process.on("exit", () => {
          for (const f of pendingFlushes) f();
        });
      }
      setImmediate(flush);
    },
    reopen() {
      flush();
      sink.reopen();
    },
    close() {
      flush();
      sink.close();
    }
  };
}
var import_node_fs, WRITE_FAILURE_REPORT_MS, pendingFlushes, exitHooked, BATCH_LIMIT;
var init_sink = __esm({
  "lib/log/sink.ts"() {
    "use strict";
    import_node_fs = __toESM(require_node_fs(), 1);
    WRITE_FAILURE_REPORT_MS = 6e4;
    pendingFlushes = /* @__PURE__ */ new Set();
    exitHooked = false;
    BATCH_LIMIT = 64 * 1024;
  }
});

// lib/log/logger.ts
function createLogger(settings, opts = {}) {
  const threshold = LEVELS[settings.loglevel] ?? LEVELS.info;
  const format = settings.logFormat ?? "text";
  const now = opts.now ?? (() => /* @__PURE__ */ new Date());
  const pidOf = () => opts.pid ?? process.pid;
  const errorSink = createSink(settings.errorlog ?? "-", 2, "error log", (msg) => {
    try {
      (0, import_node_fs2.writeSync)(2, `[${pidOf()}] [ERROR] ${msg}
`);
    } catch {
    }
  });
  let accessSink = null;
  try {
    accessSink = settings.accesslog ? batched(createSink(settings.accesslog, 1, "access log", (msg, level) => write(level, msg))) : null;
  } catch (e) {
    errorSink.close();
    throw e;
  }
  const textAccess = compileAccessFormat(
    settings.accessLogFormat ?? '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"',
    opts.env ?? process.env,
    pidOf()
  );
  const write = (level, msg, fields) => {
    if (LEVELS[level] < threshold) return;
    errorSink.write(`${formatErrorLine({ time: now(), pid: pidOf(), level, msg, fields }, format)}
`);
  };
  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warning: (m, f) => write("warning", m, f),
    error: (m, f) => write("error", m, f),
    critical: (m, f) => write("critical", m, f),
    isEnabled: (level) => LEVELS[level] >= threshold,
    access(record) {
      if (!accessSink) return;
      let line;
      try {
        line = format === "text" ? textAccess(record) : formatAccessStructured(now(), pidOf(), accessFields(record, pidOf()), format);
      } catch (e) {
        write("error", `access log entry could not be formatted: ${e.message}`);
        return;
      }
      accessSink.write(`${line}
`);
    },
    reopen() {
      for (const [sink, name] of [
        [errorSink, "error log"],
        [accessSink, "access log"]
      ]) {
        try {
          sink?.reopen();
        } catch (e) {
          write(
            "error",
            `could not reopen the ${name}, still writing to the old file: ${e.message}`
          );
        }
      }
    },
    close() {
      accessSink?.close();
      errorSink.close();
    }
  };
}
var import_node_fs2, LEVELS;
var init_logger = __esm({
  "lib/log/logger.ts"() {
    "use strict";
    import_node_fs2 = __toESM(require_node_fs(), 1);
    init_atoms();
    init_format();
    init_sink();
    LEVELS = { debug: 10, info: 20, warning: 30, error: 40, critical: 50 };
  }
});

// node-builtin:node:path
var require_node_path = __commonJS({
  "node-builtin:node:path"(exports, module) {
    module.exports = __require("node:path");
  }
});

// lib/server/compile-cache.ts
function createCompileCacheDir(env) {
  if (typeof api.enableCompileCache !== "function" || typeof api.flushCompileCache !== "function")
    return null;
  if (env.NODE_COMPILE_CACHE || env.NODE_DISABLE_COMPILE_CACHE) return null;
  try {
    return (0, import_node_fs3.mkdtempSync)((0, import_node_path.join)((0, import_node_os2.tmpdir)(), "tsicorn-compile-cache-"));
  } catch {
    return null;
  }
}
function compileCacheEnv(dir) {
  return dir ? { NODE_COMPILE_CACHE: dir, [OWN_CACHE_ENV]: "1" } : {};
}
function enableCompileCache(dir) {
  api.enableCompileCache?.(dir);
}
function flushCompileCache() {
  try {
    api.flushCompileCache?.();
  } catch {
  }
}
function flushWhenIdle(inFlight, { firstMs = 1e3, everyMs = 500, lastMs = 3e4 } = {}) {
  const startedAt = Date.now();
  const attempt = () => {
    if (inFlight() > 0 && Date.now() - startedAt < lastMs) setTimeout(attempt, everyMs).unref();
    else flushCompileCache();
  };
  setTimeout(attempt, firstMs).unref();
}
function forgetCompileCacheEnv(env) {
  if (env[OWN_CACHE_ENV] !== "1") return;
  delete env[OWN_CACHE_ENV];
  delete env.NODE_COMPILE_CACHE;
}
function removeCompileCacheDir(dir) {
  (0, import_node_fs3.rmSync)(dir, { recursive: true, force: true });
}
var import_node_fs3, nodeModule, import_node_os2, import_node_path, api, OWN_CACHE_ENV;
var init_compile_cache = __esm({
  "lib/server/compile-cache.ts"() {
    "use strict";
    import_node_fs3 = __toESM(require_node_fs(), 1);
    nodeModule = __toESM(require_node_module(), 1);
    import_node_os2 = __toESM(require_node_os(), 1);
    import_node_path = __toESM(require_node_path(), 1);
    api = nodeModule;
    OWN_CACHE_ENV = "TSICORN_COMPILE_CACHE";
  }
});

// lib/server/contract/messages.ts
function typeOf(m) {
  return typeof m === "object" && m !== null ? m.t : void 0;
}
function isWorkerMessage(m) {
  return WORKER_TYPES.has(typeOf(m));
}
function isMasterMessage(m) {
  return MASTER_TYPES.has(typeOf(m));
}
var WORKER_TYPES, MASTER_TYPES;
var init_messages = __esm({
  "lib/server/contract/messages.ts"() {
    "use strict";
    WORKER_TYPES = /* @__PURE__ */ new Set(["ready", "heartbeat", "retire-me"]);
    MASTER_TYPES = /* @__PURE__ */ new Set(["init", "stop", "reopen-logs", "conn"]);
  }
});

// lib/buildpack/output.ts
var BuildError;
var init_output = __esm({
  "lib/buildpack/output.ts"() {
    "use strict";
    BuildError = class extends Error {
      lines;
      constructor(lines) {
        super(lines.join("\n"));
        this.lines = lines;
      }
    };
  }
});

// lib/buildpack/files.ts
function exists(path) {
  try {
    (0, import_node_fs4.statSync)(path);
    return true;
  } catch {
    return false;
  }
}
function readAppFile(dir, rel) {
  const path = (0, import_node_path2.join)(dir, rel);
  if (!exists(path)) return null;
  try {
    return (0, import_node_fs4.readFileSync)(path, "utf8");
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
      `${(0, import_node_path2.join)(dir, rel)} is not valid JSON: ${e.message}.`,
      `Fix the file (\`node -e "JSON.parse(require('fs').readFileSync('${rel}','utf8'))"\` shows the error) and build again.`
    ]);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new BuildError([`${(0, import_node_path2.join)(dir, rel)} must hold a JSON object, not ${JSON.stringify(value)}.`]);
  }
  return value;
}
var import_node_fs4, import_node_path2;
var init_files = __esm({
  "lib/buildpack/files.ts"() {
    "use strict";
    import_node_fs4 = __toESM(require_node_fs(), 1);
    import_node_path2 = __toESM(require_node_path(), 1);
    init_output();
  }
});

// lib/buildpack/entry.ts
function findEntry(main, files) {
  if (typeof main === "string" && main.trim() !== "") return main.trim();
  return CANDIDATES.find((c) => files.has(c)) ?? null;
}
function defaultWebEntry(appDir) {
  const pkg = readAppJson(appDir, "package.json");
  return findEntry(pkg?.main, new Set((0, import_node_fs5.readdirSync)(appDir)));
}
function webCommand(entry) {
  return /^[A-Za-z0-9_./:@-]+$/.test(entry) ? `tsicorn ${entry}` : `tsicorn '${entry.replace(/'/g, `'\\''`)}'`;
}
var import_node_fs5, CANDIDATES;
var init_entry = __esm({
  "lib/buildpack/entry.ts"() {
    "use strict";
    import_node_fs5 = __toESM(require_node_fs(), 1);
    init_files();
    CANDIDATES = ["app", "index", "server"].flatMap(
      (b) => ["js", "mjs", "cjs", "ts", "mts"].map((e) => `${b}.${e}`)
    );
  }
});

// lib/config/errors.ts
var ConfigError;
var init_errors = __esm({
  "lib/config/errors.ts"() {
    "use strict";
    ConfigError = class extends Error {
      name = "ConfigError";
    };
  }
});

// lib/http/ip.ts
function v4(s, start, end) {
  let dots = 0;
  let i = start;
  for (; ; ) {
    const from = i;
    while (i < end && isDigit(s.charCodeAt(i))) i++;
    const n = i - from;
    if (n === 0 || n > 3 || n > 1 && s.charCodeAt(from) === 48) return false;
    if (n === 3 && Number(s.slice(from, i)) > 255) return false;
    if (i === end) return dots === 3;
    if (s.charCodeAt(i) !== 46 || ++dots > 3) return false;
    i++;
  }
}
function hexGroup(s, start, end) {
  const n = end - start;
  if (n < 1 || n > 4) return false;
  for (let i = start; i < end; i++) if (!isHex(s.charCodeAt(i))) return false;
  return true;
}
function pieces(s, start, end, v4Last) {
  if (start === end) return 0;
  let count = 0;
  let from = start;
  for (; ; ) {
    let to = s.indexOf(":", from);
    if (to < 0 || to > end) to = end;
    if (to === end && v4Last && s.lastIndexOf(".", end - 1) >= from) return v4(s, from, end) ? count + 2 : -1;
    if (!hexGroup(s, from, to)) return -1;
    count++;
    if (to === end) return count;
    from = to + 1;
  }
}
function isIPv4(s) {
  return v4(s, 0, s.length);
}
function isIPv6(s) {
  let end = s.indexOf("%");
  if (end < 0) end = s.length;
  else {
    if (end === s.length - 1) return false;
    for (let i = end + 1; i < s.length; i++) if (!isZoneChar(s.charCodeAt(i))) return false;
  }
  const gap = s.indexOf("::");
  if (gap < 0 || gap >= end) return pieces(s, 0, end, true) === 8;
  if (s.indexOf("::", gap + 1) >= 0 && s.indexOf("::", gap + 1) < end) return false;
  const left = pieces(s, 0, gap, false);
  const right = pieces(s, gap + 2, end, true);
  return left >= 0 && right >= 0 && left + right <= 7;
}
function ipFamily(s) {
  return isIPv4(s) ? 4 : isIPv6(s) ? 6 : 0;
}
var isDigit, isHex, isZoneChar;
var init_ip = __esm({
  "lib/http/ip.ts"() {
    "use strict";
    isDigit = (c) => c >= 48 && c <= 57;
    isHex = (c) => isDigit(c) || c >= 97 && c <= 102 || c >= 65 && c <= 70;
    isZoneChar = (c) => isDigit(c) || c >= 97 && c <= 122 || c >= 65 && c <= 90 || c === 45 || c === 46 || c === 58;
  }
});

// lib/server/bind.ts
var bind_exports = {};
__export(bind_exports, {
  BindError: () => BindError,
  formatBind: () => formatBind,
  parseBind: () => parseBind
});
function parsePort(text, whole) {
  if (!/^\d+$/.test(text))
    throw new BindError(`invalid port in bind address "${whole}": "${text}" is not a number`);
  const port = Number(text);
  if (port > 65535) throw new BindError(`invalid port in bind address "${whole}": ${port} is above 65535`);
  return port;
}
function parseBind(value) {
  const v = value.trim();
  if (v === "") throw new BindError("empty bind address; use HOST:PORT, [::]:PORT, unix:/path or fd://N");
  if (v.startsWith("unix:")) {
    const path = v.slice("unix:".length).replace(/^\/\/(?=\/)/, "");
    if (!path) throw new BindError(`bind address "${value}" has no socket path (write unix:/tmp/app.sock)`);
    return { kind: "unix", path };
  }
  if (v.startsWith("fd://")) {
    const n = v.slice("fd://".length);
    if (!/^\d+$/.test(n))
      throw new BindError(`bind address "${value}": fd:// needs a file descriptor number`);
    return { kind: "fd", fd: Number(n) };
  }
  if (v.startsWith("[")) {
    const end = v.indexOf("]");
    if (end < 0) throw new BindError(`bind address "${value}" opens "[" without closing "]"`);
    const host = v.slice(1, end);
    const rest = v.slice(end + 1);
    if (rest !== "" && !rest.startsWith(":"))
      throw new BindError(`bind address "${value}": expected ":PORT" after "]"`);
    return { kind: "tcp", host, port: rest ? parsePort(rest.slice(1), value) : DEFAULT_PORT, ipv6: true };
  }
  const colons = v.split(":").length - 1;
  if (colons > 1) {
    throw new BindError(
      `bind address "${value}" looks like a bare IPv6 address; write it in brackets: [${v}]:PORT`
    );
  }
  if (colons === 1) {
    const [host, port] = v.split(":");
    return { kind: "tcp", host: host || "0.0.0.0", port: parsePort(port, value), ipv6: false };
  }
  if (/^\d+$/.test(v))
    throw new BindError(`bind address "${value}" is only a port; write 0.0.0.0:${v} or 127.0.0.1:${v}`);
  return { kind: "tcp", host: v, port: DEFAULT_PORT, ipv6: false };
}
function formatBind(b, actualPort) {
  if (b.kind === "unix") return `unix:${b.path}`;
  if (b.kind === "fd") return `fd://${b.fd}`;
  const port = actualPort ?? b.port;
  return b.ipv6 ? `http://[${b.host}]:${port}` : `http://${b.host}:${port}`;
}
var BindError, DEFAULT_PORT;
var init_bind = __esm({
  "lib/server/bind.ts"() {
    "use strict";
    BindError = class extends Error {
    };
    DEFAULT_PORT = 8e3;
  }
});

// lib/metrics/endpoint-address.ts
function parseMetricsBind(value) {
  const v = value.trim();
  if (/^\d+$/.test(v)) {
    const port = Number(v);
    if (port < 1 || port > 65535) throw new BindError(`metrics port ${v} is not from 1 to 65535`);
    return { host: "127.0.0.1", port };
  }
  const hint = "use PORT (loopback), HOST:PORT or [IPV6]:PORT, e.g. 9100 or 0.0.0.0:9100";
  let b;
  try {
    b = parseBind(v);
  } catch (e) {
    if (e instanceof BindError) throw new BindError(`${e.message}; ${hint}`);
    throw e;
  }
  if (b.kind !== "tcp") throw new BindError(`"${value}" is not a TCP address; ${hint}`);
  if (!/:\d+$/.test(v)) throw new BindError(`"${value}" has no port; ${hint}`);
  if (b.port < 1) throw new BindError(`"${value}": the metrics endpoint needs a fixed port (not 0)`);
  return { host: b.host, port: b.port };
}
var init_endpoint_address = __esm({
  "lib/metrics/endpoint-address.ts"() {
    "use strict";
    init_bind();
  }
});

// lib/server/contract/timing.ts
function heartbeatIntervalMs(timeoutSeconds) {
  if (timeoutSeconds <= 0) return 1e3;
  return Math.min(1e3, Math.max(50, Math.floor(timeoutSeconds * 1e3 / 4)));
}
function handoffMs(drainMs) {
  return Math.min(HANDOFF_MS, Math.floor(drainMs / 3));
}
function shutdownBudget(gracefulTimeoutSeconds, graceful = true) {
  const t = graceful ? gracefulTimeoutSeconds * 1e3 : QUICK_STOP_MS;
  return {
    timeoutMs: t,
    workerDrainMs: Math.max(0, t - WORKER_MARGIN_MS),
    killAfterMs: t + KILL_AFTER_MS,
    exitAfterMs: t + EXIT_AFTER_MS
  };
}
var DYNO_GRACEFUL_TIMEOUT, DYNO_KEEPALIVE, HANDOFF_MS, QUICK_STOP_MS, WORKER_MARGIN_MS, KILL_AFTER_MS, EXIT_AFTER_MS;
var init_timing = __esm({
  "lib/server/contract/timing.ts"() {
    "use strict";
    DYNO_GRACEFUL_TIMEOUT = 25;
    DYNO_KEEPALIVE = 95;
    HANDOFF_MS = 1e3;
    QUICK_STOP_MS = 2e3;
    WORKER_MARGIN_MS = 500;
    KILL_AFTER_MS = 1e3;
    EXIT_AFTER_MS = 2e3;
  }
});

// lib/config/shellsplit.ts
function shellSplit(input, what = "TSICORN_CMD_ARGS") {
  const words = [];
  let cur = "";
  let inWord = false;
  let quote = null;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (quote === "'") {
      if (c === "'") quote = null;
      else cur += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === "\\" && i + 1 < input.length && '"\\$`\n'.includes(input[i + 1])) cur += input[++i];
      else cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === "\\") {
      if (i + 1 < input.length) cur += input[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = "";
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quote) throw new ConfigError(`${what}: unterminated ${quote} quote in ${JSON.stringify(input)}`);
  if (inWord) words.push(cur);
  return words;
}
function nodeArgWords(text) {
  return shellSplit(text, "--node-args");
}
var init_shellsplit = __esm({
  "lib/config/shellsplit.ts"() {
    "use strict";
    init_errors();
  }
});

// lib/config/settings.ts
function setting(d) {
  return { kind: "setting", ...d };
}
function parseWebConcurrency(raw) {
  if (raw === void 0 || raw.trim() === "") return void 0;
  const t = raw.trim();
  const fix = `set it to the number of worker processes (1 to ${MAX_WORKERS}), or unset it to start 1 worker`;
  if (!/^\d+$/.test(t)) throw new ConfigError(`WEB_CONCURRENCY="${raw}" is not a whole number; ${fix}`);
  const n = Number(t);
  if (n < 1)
    throw new ConfigError(`WEB_CONCURRENCY=${raw} is too small: at least 1 worker is needed; ${fix}`);
  if (n > MAX_WORKERS)
    throw new ConfigError(
      `WEB_CONCURRENCY=${raw} is more than ${MAX_WORKERS} workers, surely a mistake; ${fix}`
    );
  return n;
}
function parsePortEnv(raw) {
  if (raw === void 0 || raw.trim() === "") return void 0;
  const t = raw.trim();
  if (!/^\d+$/.test(t) || Number(t) < 1 || Number(t) > 65535)
    throw new ConfigError(
      `PORT="${raw}" is not a port number (1 to 65535); fix or unset PORT, or pass -b HOST:PORT`
    );
  return Number(t);
}
function validIpOrNet(s) {
  if (s === "*") return true;
  const [rawIp, bits, extra] = s.split("/");
  const ip = rawIp?.replace(/^\[(.*)\]$/, "$1");
  if (extra !== void 0 || !ip) return false;
  const family = ipFamily(ip);
  if (!family) return false;
  if (bits === void 0) return true;
  return /^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}
function splitComma(s) {
  return s.split(",").map((x) => x.trim()).filter(Boolean);
}
function staticDefaults() {
  const out = {};
  for (const s of SETTINGS) out[s.key] = structuredClone(s.default);
  return out;
}
var intRange, DEFAULT_ACCESS_LOG_FORMAT, MAX_WORKERS, SETTINGS, ACTIONS, HOOKS, FILE_ALIASES;
var init_settings = __esm({
  "lib/config/settings.ts"() {
    "use strict";
    init_ip();
    init_endpoint_address();
    init_bind();
    init_timing();
    init_errors();
    init_shellsplit();
    intRange = (min, max, what = "") => (v) => v < min || v > max ? `must be from ${min} to ${max}${what}` : null;
    DEFAULT_ACCESS_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"';
    MAX_WORKERS = 1e3;
    SETTINGS = [
      // ---- App
      setting({
        key: "app",
        names: ["app", "wsgi_app"],
        flags: [],
        positional: true,
        metavar: "MODULE[:EXPORT]",
        type: "string",
        default: "",
        defaultDoc: "(required)",
        validate: (v) => v === "" || /^[^:]+(:[A-Za-z_$][\w$]*)?$/.test(v) ? null : "must be MODULE or MODULE:EXPORT, e.g. app, src/server.ts or app:handler",
        help: "The app to serve: a module resolved from chdir like a relative import (app finds app.js, app.ts, app/index.*), optionally :EXPORT (default: the default export, then `app`).",
        section: "App"
      }),
      setting({
        key: "factory",
        names: ["factory"],
        flags: ["--factory"],
        type: "bool",
        default: false,
        help: "Treat the export as a factory: call it (it may be async) and serve what it returns.",
        section: "App"
      }),
      setting({
        key: "chdir",
        names: ["chdir"],
        flags: ["--chdir"],
        metavar: "DIR",
        type: "string",
        default: ".",
        defaultDoc: "the working directory",
        dynamicDefault: (ctx) => ({ value: ctx.cwd, source: "default", detail: "working directory" }),
        help: "Directory the app is loaded from (workers change into it before loading the app).",
        section: "App"
      }),
      setting({
        key: "preloadApp",
        names: ["preload_app", "preload"],
        flags: ["--preload"],
        type: "bool",
        default: false,
        help: "Load the app in the master before any worker starts, so a broken app stops the master at once (exit 3). Node cannot fork a loaded process, so workers still load the app themselves (no shared memory); on Node 22.10+ they load it with the V8 code cache the master wrote.",
        section: "App"
      }),
      // ---- Server
      setting({
        key: "bind",
        names: ["bind"],
        flags: ["-b", "--bind"],
        metavar: "ADDRESS",
        type: "list",
        listStyle: "repeat",
        default: ["127.0.0.1:8000"],
        defaultDoc: "0.0.0.0:$PORT if PORT is set, else 127.0.0.1:8000",
        env: "PORT",
        dynamicDefault: (ctx) => {
          const port = parsePortEnv(ctx.env.PORT);
          return port === void 0 ? void 0 : { value: [`0.0.0.0:${port}`], source: "env", detail: `PORT=${ctx.env.PORT}` };
        },
        validate: (v) => {
          if (v.length === 0) return "needs at least one address";
          for (const b of v) {
            try {
              parseBind(b);
            } catch (e) {
              if (e instanceof BindError) return e.message;
              throw e;
            }
          }
          return null;
        },
        help: "Address to listen on: HOST:PORT, [IPV6]:PORT, HOST (port 8000), unix:PATH or fd://N (an inherited socket). Repeat to listen on several.",
        section: "Server"
      }),
      setting({
        key: "backlog",
        names: ["backlog"],
        flags: ["--backlog"],
        metavar: "INT",
        type: "int",
        default: 2048,
        validate: intRange(1, 65535),
        help: "Maximum number of pending connections queued on each listening socket.",
        section: "Server"
      }),
      setting({
        key: "distribution",
        names: ["distribution"],
        flags: ["--distribution"],
        type: "enum",
        choices: ["shared", "reuseport", "round-robin"],
        default: "shared",
        help: "How connections reach workers: one listening socket shared by all workers, one SO_REUSEPORT socket per worker, or the master accepting and handing connections round-robin. `reuse_port = true` in a config file means reuseport.",
        section: "Server"
      }),
      setting({
        key: "keepalive",
        names: ["keepalive", "keep_alive"],
        flags: ["--keep-alive"],
        metavar: "INT",
        type: "int",
        default: 5,
        defaultDoc: `5, or ${DYNO_KEEPALIVE} when DYNO is set`,
        env: "DYNO",
        dynamicDefault: (ctx) => ctx.env.DYNO ? {
          value: DYNO_KEEPALIVE,
          source: "env",
          detail: `DYNO=${ctx.env.DYNO} (Heroku's router reuses idle connections for up to 90 s)`
        } : void 0,
        validate: intRange(0, 3600, " seconds"),
        help: `Seconds an idle keep-alive connection is held open waiting for the next request. 0 turns keep-alive off. On Heroku (DYNO set) the default is ${DYNO_KEEPALIVE}: the router reuses an idle connection for up to 90 s, and a server that closes it first makes the request the router sends on it fail (H18/H13).`,
        section: "Server"
      }),
      setting({
        key: "headerTimeout",
        names: ["header_timeout"],
        flags: ["--header-timeout"],
        metavar: "INT",
        type: "int",
        default: 30,
        validate: intRange(1, 3600, " seconds"),
        help: "Seconds a client gets to send a whole request head once its first byte arrived; then it gets 408 and the connection closes (slowloris). A new connection that sends nothing at all is closed after the keep-alive time, or this, whichever is shorter. Heroku's router gives up on a request after 30 s.",
        section: "Server"
      }),
      setting({
        key: "bodyIdleTimeout",
        names: ["body_idle_timeout"],
        flags: ["--body-idle-timeout"],
        metavar: "INT",
        type: "int",
        default: 0,
        validate: intRange(0, 86400, " seconds (0 = off)"),
        help: "Seconds a request body may go without a byte arriving while the app reads it; then the connection is closed. 0 = off (uploads are the app's business; the app pausing its reads never counts).",
        section: "Server"
      }),
      setting({
        key: "pidfile",
        names: ["pidfile", "pid"],
        flags: ["-p", "--pid"],
        metavar: "FILE",
        type: "nullable-string",
        default: null,
        help: "File the master's pid is written to (mode 0644, through a temporary file renamed over the path, never through a symlink); removed on exit.",
        section: "Server"
      }),
      setting({
        key: "unixSocketMode",
        names: ["unix_socket_mode"],
        flags: ["--unix-socket-mode"],
        metavar: "OCTAL",
        type: "mode",
        default: 432,
        defaultDoc: "0660",
        validate: (v) => v < 0 || v > 511 ? "must be a mode from 000 to 777, such as 660, 666 or 600" : null,
        help: "Permissions of each unix:PATH socket, whatever the umask: 0660 lets the owner and its group connect. A proxy running as another user needs to be in that group, or 666 (any local user). Existing sockets are only replaced when nothing answers on them.",
        section: "Server"
      }),
      setting({
        key: "procName",
        names: ["proc_name"],
        flags: ["-n", "--name"],
        metavar: "STRING",
        type: "nullable-string",
        default: null,
        help: "Name in the process titles ps and top show: `tsicorn: master [NAME]` and `tsicorn: worker [NAME]` (default: the app).",
        section: "Server"
      }),
      // ---- Workers
      setting({
        key: "workers",
        names: ["workers"],
        flags: ["-w", "--workers"],
        metavar: "INT",
        type: "int",
        default: 1,
        defaultDoc: "$WEB_CONCURRENCY if set, else 1",
        env: "WEB_CONCURRENCY",
        dynamicDefault: (ctx) => {
          const n = parseWebConcurrency(ctx.env.WEB_CONCURRENCY);
          return n === void 0 ? void 0 : { value: n, source: "env", detail: `WEB_CONCURRENCY=${ctx.env.WEB_CONCURRENCY}` };
        },
        validate: intRange(1, MAX_WORKERS),
        help: "Number of worker processes serving the app.",
        section: "Workers"
      }),
      setting({
        key: "timeout",
        names: ["timeout"],
        flags: ["-t", "--timeout"],
        metavar: "INT",
        type: "int",
        default: 30,
        validate: intRange(0, 86400, " seconds (0 = never)"),
        help: "Seconds a worker's event loop may stay blocked before the worker counts as hung: its JS stack is logged, then it is killed and replaced. 0 disables.",
        section: "Workers"
      }),
      setting({
        key: "gracefulTimeout",
        names: ["graceful_timeout"],
        flags: ["--graceful-timeout"],
        metavar: "INT",
        type: "int",
        default: 30,
        defaultDoc: `30, or ${DYNO_GRACEFUL_TIMEOUT} when DYNO is set`,
        env: "DYNO",
        dynamicDefault: (ctx) => ctx.env.DYNO ? {
          value: DYNO_GRACEFUL_TIMEOUT,
          source: "env",
          detail: `DYNO=${ctx.env.DYNO} (Heroku kills 30 s after TERM)`
        } : void 0,
        validate: intRange(0, 86400, " seconds"),
        help: `Seconds workers get to finish in-flight requests after TERM or a reload before they are killed. On Heroku (DYNO set) the default is ${DYNO_GRACEFUL_TIMEOUT}: the platform sends SIGKILL 30 s after SIGTERM, and the master needs the margin to kill stragglers, log their requests, remove the pid file and exit 0.`,
        section: "Workers"
      }),
      setting({
        key: "bootTimeout",
        names: ["boot_timeout"],
        flags: ["--boot-timeout"],
        metavar: "INT",
        type: "int",
        default: 60,
        validate: intRange(0, 86400, " seconds (0 = never)"),
        help: "Seconds a worker may take to load the app and report ready (Heroku's own limit to bind the port is 60). 0 disables.",
        section: "Workers"
      }),
      setting({
        key: "maxRequests",
        names: ["max_requests"],
        flags: ["--max-requests"],
        metavar: "INT",
        type: "int",
        default: 0,
        validate: intRange(0, Number.MAX_SAFE_INTEGER),
        help: "Replace a worker after it has served about this many requests (new worker ready first). 0 disables.",
        section: "Workers"
      }),
      setting({
        key: "maxRequestsJitter",
        names: ["max_requests_jitter"],
        flags: ["--max-requests-jitter"],
        metavar: "INT",
        type: "int",
        default: 0,
        validate: intRange(0, Number.MAX_SAFE_INTEGER),
        help: "Add a random 0..N to max-requests per worker, so workers are not all recycled at once.",
        section: "Workers"
      }),
      setting({
        key: "maxWorkerMemory",
        names: ["max_worker_memory"],
        flags: ["--max-worker-memory"],
        metavar: "MB",
        type: "int",
        default: 0,
        validate: intRange(0, 16 * 1024 * 1024, " MB"),
        defaultDoc: "each worker's fair share of the memory limit, when it is known; else 0",
        help: "Replace a worker whose resident memory exceeds this many MB (new worker ready first). 0 disables. Unset, with a known memory limit: each worker's fair share, (90 % of the limit - the master's RSS) / workers, recomputed when the count changes (not when that share is below 1.25 x what a worker uses at boot).",
        section: "Workers"
      }),
      setting({
        key: "nodeArgs",
        names: ["node_args"],
        flags: ["--node-args"],
        metavar: "ARGS",
        type: "string",
        default: "",
        defaultDoc: "none",
        validate: (v) => {
          let words;
          try {
            words = nodeArgWords(v);
          } catch (e) {
            return e.message;
          }
          const bad = words.find((w) => !w.startsWith("-"));
          return bad === void 0 ? null : `holds "${bad}", which is not a Node flag (flags start with -)`;
        },
        help: 'Extra Node flags for every worker, split like a shell would: --node-args="--max-old-space-size=300 --enable-source-maps" (with =, as the value starts with a dash). A heap size here (--max-old-space-size, --max-heap-size), in NODE_OPTIONS or on the node command line replaces the V8 heap limit tsicorn gives each worker from its share of the memory limit.',
        section: "Workers"
      }),
      setting({
        key: "hangStacks",
        names: ["hang_stacks"],
        flags: ["--hang-stacks"],
        negatable: true,
        type: "bool",
        default: true,
        help: "Before killing a hung worker, capture and log the JS stack it is stuck in (V8 inspector). --no-hang-stacks turns it off.",
        section: "Workers"
      }),
      // ---- Limits
      setting({
        key: "limitRequestLine",
        names: ["limit_request_line"],
        flags: ["--limit-request-line"],
        metavar: "INT",
        type: "int",
        default: 4094,
        validate: intRange(0, 8190, " bytes (0 = unlimited)"),
        help: "Maximum bytes of the HTTP request line; longer lines get 414. 0 = unlimited.",
        section: "Limits"
      }),
      setting({
        key: "limitRequestFields",
        names: ["limit_request_fields"],
        flags: ["--limit-request-fields"],
        metavar: "INT",
        type: "int",
        default: 100,
        validate: intRange(0, 32768),
        help: "Maximum number of request header fields; more get 431. 0 = unlimited.",
        section: "Limits"
      }),
      setting({
        key: "limitRequestFieldSize",
        names: ["limit_request_field_size"],
        flags: ["--limit-request-field-size"],
        metavar: "INT",
        type: "int",
        default: 8190,
        validate: intRange(0, 1024 * 1024, " bytes (0 = unlimited)"),
        help: "Maximum bytes of one request header field; larger get 431. 0 = unlimited.",
        section: "Limits"
      }),
      setting({
        key: "limitRequestHeadSize",
        names: ["limit_request_head_size"],
        flags: ["--limit-request-head-size"],
        metavar: "INT",
        type: "int",
        default: 65536,
        validate: (v) => v !== 0 && (v < 1024 || v > 16 * 1024 * 1024) ? "must be 0 (no total limit) or from 1024 to 16777216 bytes" : null,
        help: "Maximum bytes of a whole request head (request line and all header fields together); larger get 431, so one connection cannot pin the per-field limits times the field count (about 800 KB by default). 0 = only the per-field limits.",
        section: "Limits"
      }),
      // ---- Proxy
      setting({
        key: "forwardedAllowIps",
        names: ["forwarded_allow_ips"],
        flags: ["--forwarded-allow-ips"],
        metavar: "IPS",
        type: "list",
        listStyle: "comma",
        default: ["127.0.0.1", "::1"],
        env: "FORWARDED_ALLOW_IPS",
        defaultDoc: "$FORWARDED_ALLOW_IPS if set, else 127.0.0.1,::1",
        dynamicDefault: (ctx) => {
          const raw = ctx.env.FORWARDED_ALLOW_IPS;
          if (raw === void 0 || raw.trim() === "") return void 0;
          return { value: splitComma(raw), source: "env", detail: `FORWARDED_ALLOW_IPS=${raw}` };
        },
        validate: (v) => {
          const bad = v.filter((s) => !validIpOrNet(s));
          return bad.length ? `"${bad.join('", "')}" is not an IP address or network; use e.g. 10.0.0.1, 10.0.0.0/8, ::1 or * (trust all)` : null;
        },
        help: "Comma-separated proxy addresses (IPs, CIDR networks, or * for all) whose X-Forwarded-For and X-Forwarded-Proto headers are trusted.",
        section: "Proxy"
      }),
      // ---- Logging
      setting({
        key: "loglevel",
        names: ["loglevel"],
        flags: ["--log-level"],
        type: "enum",
        choices: ["debug", "info", "warning", "error", "critical"],
        default: "info",
        help: "Minimum level written to the error log.",
        section: "Logging"
      }),
      setting({
        key: "logFormat",
        names: ["log_format"],
        flags: ["--log-format"],
        type: "enum",
        choices: ["text", "json", "logfmt"],
        default: "text",
        help: "Line format of both logs: Gunicorn-style text, or one JSON object / logfmt line per entry.",
        section: "Logging"
      }),
      setting({
        key: "errorlog",
        names: ["errorlog"],
        flags: ["--error-logfile", "--log-file"],
        metavar: "FILE",
        type: "string",
        default: "-",
        help: "Error log file; - means stderr. --log-file is the same setting (as in Gunicorn).",
        section: "Logging"
      }),
      setting({
        key: "accesslog",
        names: ["accesslog"],
        flags: ["--access-logfile"],
        metavar: "FILE",
        type: "nullable-string",
        default: null,
        defaultDoc: "off",
        help: "Access log file; - means stdout. Off unless set.",
        section: "Logging"
      }),
      setting({
        key: "accessLogFormat",
        names: ["access_log_format"],
        flags: ["--access-logformat"],
        metavar: "STRING",
        type: "string",
        default: DEFAULT_ACCESS_LOG_FORMAT,
        help: "Access log line in text format, with Gunicorn atoms: h l u t r m U q H s B b f a T M D L p, %({header}i)s, %({header}o)s, %({VAR}e)s; plus Q, the router queue time in ms from X-Request-Start (- without it).",
        section: "Logging"
      }),
      // ---- Metrics
      setting({
        key: "metricsInterval",
        names: ["metrics_interval"],
        flags: ["--metrics-interval"],
        metavar: "SECONDS",
        type: "int",
        default: 0,
        validate: intRange(0, 86400, " seconds (0 = off)"),
        help: "Every this many seconds the master logs one line for the whole dyno in the style of Heroku log-runtime-metrics: `source=tsicorn sample#workers=2 sample#busy_workers=1 sample#requests=... sample#queue_time_p95=3ms ...`. 0 = off.",
        section: "Metrics"
      }),
      setting({
        key: "metricsBind",
        names: ["metrics_bind"],
        flags: ["--metrics-bind"],
        metavar: "HOST:PORT",
        type: "nullable-string",
        default: null,
        defaultDoc: "off",
        validate: (v) => {
          if (v === null) return null;
          try {
            parseMetricsBind(v);
            return null;
          } catch (e) {
            if (e instanceof BindError) return e.message;
            throw e;
          }
        },
        help: "Serve Prometheus metrics (per worker and for the whole dyno) at http://HOST:PORT/metrics from the master process itself, so it answers while every worker is busy. A bare PORT listens on 127.0.0.1 only.",
        section: "Metrics"
      }),
      setting({
        key: "maxQueueTime",
        names: ["max_queue_time"],
        flags: ["--max-queue-time"],
        metavar: "SECONDS",
        type: "int",
        default: 30,
        validate: intRange(0, 3600, " seconds (0 = never)"),
        help: "A request whose X-Request-Start shows it already waited longer than this is answered 503 at once, without running the app, and logged: the router has given up on it (Heroku's router times out at 30 s). 0 = never.",
        section: "Metrics"
      }),
      // ---- Config
      setting({
        key: "configFile",
        names: [],
        flags: ["-c", "--config"],
        metavar: "FILE",
        type: "nullable-string",
        default: null,
        defaultDoc: "tsicorn.config.{ts,mts,js,mjs,cjs,json} in the working directory, if any",
        help: "Config file: a module whose default export (or named exports) holds settings and hooks, or JSON.",
        section: "Config"
      })
    ];
    ACTIONS = [
      { kind: "action", action: "help", flags: ["-h", "--help"], help: "Show this help and exit." },
      { kind: "action", action: "version", flags: ["-v", "--version"], help: "Print the version and exit." },
      {
        kind: "action",
        action: "print-config",
        flags: ["--print-config"],
        help: "Print every resolved setting and where its value came from, then exit."
      },
      {
        kind: "action",
        action: "check-config",
        flags: ["--check-config"],
        help: "Check the settings, load the app in a throwaway process, send it GET /, and exit 0 (answered below 500) or 1 (with the reason)."
      }
    ];
    HOOKS = [
      ["onStarting", "on_starting", "(arbiter)", "master", "Just before the master binds its sockets."],
      [
        "onReload",
        "on_reload",
        "(arbiter)",
        "master",
        "When a reload (HUP) starts, after the config is re-read."
      ],
      ["whenReady", "when_ready", "(arbiter)", "master", "When the first set of workers is ready."],
      [
        "preFork",
        "pre_fork",
        "(arbiter, worker)",
        "master",
        "Just before a worker process is started; `worker` has its `age`."
      ],
      [
        "postFork",
        "post_fork",
        "(arbiter, worker)",
        "worker",
        "First thing in a new worker, before it loads the app; `arbiter` is null (the master's object stays in the master)."
      ],
      [
        "postWorkerInit",
        "post_worker_init",
        "(worker)",
        "worker",
        "After the worker has loaded the app, just before it reports ready."
      ],
      [
        "workerInt",
        "worker_int",
        "(worker)",
        "worker",
        "When the worker is told to stop quickly (the master got INT or QUIT)."
      ],
      [
        "workerAbort",
        "worker_abort",
        "(worker)",
        "master",
        "When a hung worker is aborted (--timeout), after its stack was logged and before it is killed. Runs in the master, with the worker's pid and age: the hung worker's JavaScript thread is blocked and cannot run a hook."
      ],
      ["preRequest", "pre_request", "(worker, req)", "worker", "Before the app handles a request."],
      ["postRequest", "post_request", "(worker, req, res)", "worker", "After a request was handled."],
      ["childExit", "child_exit", "(arbiter, worker)", "master", "Just after a worker process exited."],
      [
        "workerExit",
        "worker_exit",
        "(arbiter, worker)",
        "worker",
        "In a worker stopping gracefully, after its requests drained, just before it exits; `arbiter` is null."
      ],
      [
        "nworkersChanged",
        "nworkers_changed",
        "(arbiter, newValue, oldValue)",
        "master",
        "When the worker count changes (TTIN, TTOU, a policy)."
      ],
      ["onExit", "on_exit", "(arbiter)", "master", "Just before the master exits."]
    ].map(([key, name, signature, runsIn, help]) => ({
      kind: "hook",
      key,
      name,
      signature,
      runsIn,
      help: `${help} Config file only; a hook that throws is logged and ignored.`
    }));
    FILE_ALIASES = [
      {
        name: "reuse_port",
        flag: "--reuse-port",
        target: "distribution",
        type: "bool",
        convert: (v) => v ? "reuseport" : void 0,
        help: "Gunicorn spelling: true (or the flag) means distribution = reuseport."
      }
    ];
  }
});

// lib/config/coerce.ts
function describe(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "function") return "a function";
  if (typeof v === "object") return "an object";
  return String(v);
}
function expected(def) {
  switch (def.type) {
    case "int":
      return "a whole number";
    case "bool":
      return "true or false";
    case "string":
      return "a string";
    case "nullable-string":
      return "a string (or null for none)";
    case "list":
      return def.listStyle === "comma" ? "a comma-separated string or an array of strings" : "a string or an array of strings";
    case "enum":
      return `one of ${def.choices.join(", ")}`;
    case "mode":
      return "an octal file mode such as 660 or 0660";
  }
}
function check(def, value, where) {
  const err = def.validate?.(value);
  if (err)
    throw new ConfigError(`${where}: ${Array.isArray(value) ? "" : `${describe(value)} is invalid: `}${err}`);
  return value;
}
function enumValue(def, s, where) {
  const v = s.trim().toLowerCase();
  if (!def.choices.includes(v))
    throw new ConfigError(`${where}: ${describe(s)} is not valid; expected ${expected(def)}`);
  return v;
}
function intValue(def, s, where) {
  const t = s.trim();
  if (!/^[-+]?\d+$/.test(t)) throw new ConfigError(`${where}: ${describe(s)} is not ${expected(def)}`);
  return Number(t);
}
function modeValue(def, s, where) {
  const m = /^(?:0o?)?([0-7]{1,4})$/i.exec(s.trim());
  if (!m) throw new ConfigError(`${where}: ${describe(s)} is not ${expected(def)}`);
  return Number.parseInt(m[1], 8);
}
function fromString(def, raw, where) {
  switch (def.type) {
    case "int":
      return check(def, intValue(def, raw, where), where);
    case "bool": {
      const t = raw.trim().toLowerCase();
      if (["true", "1", "yes", "on"].includes(t)) return true;
      if (["false", "0", "no", "off"].includes(t)) return false;
      throw new ConfigError(`${where}: ${describe(raw)} is not ${expected(def)}`);
    }
    case "string":
    case "nullable-string":
      return check(def, raw, where);
    case "list":
      return check(def, def.listStyle === "comma" ? splitComma(raw) : [raw.trim()], where);
    case "enum":
      return check(def, enumValue(def, raw, where), where);
    case "mode":
      return check(def, modeValue(def, raw, where), where);
  }
}
function fromFile(def, raw, where) {
  const wrongType = () => new ConfigError(`${where}: got ${describe(raw)}, expected ${expected(def)}`);
  switch (def.type) {
    case "int":
      if (typeof raw === "number") {
        if (!Number.isInteger(raw)) throw wrongType();
        return check(def, raw, where);
      }
      if (typeof raw === "string") return fromString(def, raw, where);
      throw wrongType();
    case "bool":
      if (typeof raw === "boolean") return raw;
      if (typeof raw === "string") return fromString(def, raw, where);
      throw wrongType();
    case "string":
      if (typeof raw !== "string") throw wrongType();
      return check(def, raw, where);
    case "nullable-string":
      if (raw === null || raw === false) return null;
      if (typeof raw !== "string") throw wrongType();
      return check(def, raw, where);
    case "list": {
      if (typeof raw === "string") return fromString(def, raw, where);
      if (!Array.isArray(raw) || raw.some((x) => typeof x !== "string")) throw wrongType();
      const items = def.listStyle === "comma" ? raw.flatMap((x) => splitComma(x)) : raw.map((x) => x.trim());
      return check(def, items, where);
    }
    case "enum":
      if (typeof raw !== "string") throw wrongType();
      return check(def, enumValue(def, raw, where), where);
    case "mode":
      if (typeof raw === "number" && Number.isInteger(raw)) return check(def, raw, where);
      if (typeof raw === "string") return fromString(def, raw, where);
      throw wrongType();
  }
}
var init_coerce = __esm({
  "lib/config/coerce.ts"() {
    "use strict";
    init_errors();
    init_settings();
  }
});

// lib/config/didyoumean.ts
function editDistance(a, b) {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}
function foldName(s) {
  return s.replace(/^-+/, "").replace(/[-_]/g, "").toLowerCase();
}
function didYouMean(input, candidates) {
  const folded = foldName(input);
  let best = null;
  let bestDist = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = editDistance(folded, foldName(c));
    if (d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  if (best === null) return null;
  const limit = Math.max(1, Math.floor(Math.max(folded.length, 3) / 3));
  return bestDist <= limit ? best : null;
}
var init_didyoumean = __esm({
  "lib/config/didyoumean.ts"() {
    "use strict";
  }
});

// lib/config/argv.ts
function flagTable() {
  const t = /* @__PURE__ */ new Map();
  for (const def of SETTINGS) {
    for (const f of def.flags) t.set(f, { kind: "setting", def, negated: false });
    if (def.negatable) {
      for (const f of def.flags)
        if (f.startsWith("--")) t.set(`--no-${f.slice(2)}`, { kind: "setting", def, negated: true });
    }
  }
  for (const def of ACTIONS) for (const f of def.flags) t.set(f, { kind: "action", def });
  for (const alias of FILE_ALIASES) if (alias.flag) t.set(alias.flag, { kind: "alias", alias });
  return t;
}
function parseArgs(words, origin) {
  const table = flagTable();
  const values = /* @__PURE__ */ new Map();
  const actions = [];
  const appDef = SETTINGS.find((s) => s.positional);
  const at = origin === "cli" ? "" : ` (in ${origin})`;
  let positionalOnly = false;
  const set = (def, value, detail) => {
    const prev = values.get(def.key);
    if (def.type === "list" && def.listStyle === "repeat" && prev)
      values.set(def.key, { value: [...prev.value, ...value], detail });
    else values.set(def.key, { value, detail });
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (positionalOnly || !looksLikeFlag(w)) {
      if (values.has(appDef.key))
        throw new ConfigError(
          `unexpected argument "${w}"${at}: the app is already "${values.get(appDef.key).value}"; only one MODULE[:EXPORT] can be given`
        );
      set(appDef, fromString(appDef, w, `app${at}`), "argument");
      continue;
    }
    if (w === "--") {
      positionalOnly = true;
      continue;
    }
    let flag = w;
    let inline;
    if (w.startsWith("--")) {
      const eq = w.indexOf("=");
      if (eq > 0) {
        flag = w.slice(0, eq);
        inline = w.slice(eq + 1);
      }
    } else if (w.length > 2 && !table.has(w)) {
      flag = w.slice(0, 2);
      inline = w.slice(2);
    }
    const target = table.get(flag);
    if (!target) {
      const guess = didYouMean(
        flag,
        [...table.keys()].filter((f) => f.startsWith("--"))
      );
      throw new ConfigError(
        `unknown option ${flag}${at}.${guess ? ` Did you mean ${guess}?` : ""} Run tsicorn --help for the list.`
      );
    }
    const where = `${flag}${at}`;
    if (target.kind === "action") {
      if (inline !== void 0) throw new ConfigError(`${where} takes no value`);
      actions.push(target.def.action);
      continue;
    }
    if (target.kind === "alias") {
      if (inline !== void 0) throw new ConfigError(`${where} takes no value`);
      const v = target.alias.convert(true);
      if (v !== void 0) values.set(target.alias.target, { value: v, detail: flag });
      continue;
    }
    const { def } = target;
    const detail = flag;
    if (def.type === "bool") {
      const v = inline === void 0 ? true : fromString(def, inline, where);
      set(def, target.negated ? !v : v, detail);
      continue;
    }
    let raw = inline;
    if (raw === void 0) {
      const next = words[i + 1];
      if (next === void 0 || looksLikeFlag(next) && next !== "-")
        throw new ConfigError(
          `${where} needs a value${def.metavar ? ` (${def.metavar})` : ""}` + (next === void 0 ? "" : `; a value that starts with - goes after =, e.g. ${flag}="${next}"`)
        );
      raw = next;
      i++;
    }
    set(def, fromString(def, raw, where), detail);
  }
  return { values, actions };
}
var looksLikeFlag;
var init_argv = __esm({
  "lib/config/argv.ts"() {
    "use strict";
    init_coerce();
    init_didyoumean();
    init_errors();
    init_settings();
    looksLikeFlag = (w) => w.length > 1 && w.startsWith("-") && !/^-\d/.test(w);
  }
});

// node-builtin:node:url
var require_node_url = __commonJS({
  "node-builtin:node:url"(exports, module) {
    module.exports = __require("node:url");
  }
});

// node-builtin:node:child_process
var require_node_child_process = __commonJS({
  "node-builtin:node:child_process"(exports, module) {
    module.exports = __require("node:child_process");
  }
});

// lib/app/syntax-location.ts
function lacksLocation(err) {
  const e = err;
  if (e?.name !== "SyntaxError" || typeof e.stack !== "string") return false;
  return !/^(?:file:\/\/)?\/[^\n]*:\d+\n/.test(e.stack);
}
function esmSyntaxLocation(url, node = process.execPath) {
  const r = (0, import_node_child_process.spawnSync)(node, ["--input-type=module", "-e", "await import(process.argv[1])", url], {
    encoding: "utf8",
    timeout: 1e4,
    stdio: ["ignore", "ignore", "pipe"]
  });
  const lines = (r.stderr ?? "").split("\n");
  const at = lines.findIndex((l) => /^(?:file:\/\/)?\/\S*:\d+$/.test(l));
  if (at < 0) return null;
  const [, path, line] = /^(.*)(:\d+)$/.exec(lines[at]);
  const where = (path.startsWith("file://") ? (0, import_node_url.fileURLToPath)(path) : path) + line;
  const source = lines.slice(at + 1, at + 3).filter((l) => l.trim() !== "");
  return [where, ...source].join("\n");
}
var import_node_child_process, import_node_url;
var init_syntax_location = __esm({
  "lib/app/syntax-location.ts"() {
    "use strict";
    import_node_child_process = __toESM(require_node_child_process(), 1);
    import_node_url = __toESM(require_node_url(), 1);
  }
});

// lib/config/configfile.ts
function findConfigFile(cwd) {
  const found = CONFIG_FILE_NAMES.filter((n) => (0, import_node_fs6.existsSync)((0, import_node_path3.join)(cwd, n)));
  if (found.length > 1)
    throw new ConfigError(
      `several config files in ${cwd}: ${found.join(", ")}. Keep one, or choose with -c/--config FILE`
    );
  return found.length ? (0, import_node_path3.join)(cwd, found[0]) : null;
}
function displayPath(file, cwd) {
  const rel = (0, import_node_path3.relative)(cwd, file);
  return rel && !rel.startsWith("..") && !(0, import_node_path3.isAbsolute)(rel) ? rel : file;
}
async function loadConfigObject(file, shown = file) {
  if (!(0, import_node_fs6.existsSync)(file))
    throw new ConfigError(`config file ${shown} does not exist (check the -c/--config path)`);
  if (file.endsWith(".json")) {
    let text;
    try {
      text = (0, import_node_fs6.readFileSync)(file, "utf8");
    } catch (e) {
      throw new ConfigError(`cannot read config file ${shown}: ${e.message}`);
    }
    let data;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new ConfigError(`config file ${shown} is not valid JSON: ${e.message}`);
    }
    if (!isPlainObject(data))
      throw new ConfigError(`config file ${shown} must hold a JSON object of settings, e.g. {"workers": 2}`);
    return data;
  }
  const req = (0, import_node_module2.createRequire)(file);
  delete req.cache[file];
  let ns;
  try {
    ns = await import(`${(0, import_node_url2.pathToFileURL)(file).href}?tsicorn-load=${++generation}`);
  } catch (e) {
    const err = e;
    if (err?.code === "ERR_UNKNOWN_FILE_EXTENSION" && /\.m?ts$/.test(file))
      throw new ConfigError(
        `cannot load ${shown}: Node ${process.version} cannot run TypeScript without a build step (type stripping needs Node 22.18+ or 24). Use a newer Node, or rename it to ${(0, import_node_path3.basename)(file).replace(/ts$/, "js")} without type annotations`
      );
    throw new ConfigError(`config file ${shown} failed to load${describeLoadFailure(e, file, shown)}`);
  }
  const def = ns.default;
  if (def !== void 0) {
    if (!isPlainObject(def))
      throw new ConfigError(
        `config file ${shown}: the default export must be an object of settings (e.g. export default { workers: 2 }), got ${typeof def}`
      );
    return def;
  }
  const named = {};
  for (const [k, v] of Object.entries(ns)) if (k !== "module.exports" && k !== "__esModule") named[k] = v;
  return named;
}
function describeLoadFailure(e, file, shown) {
  const err = e;
  if (!err?.stack) return `: ${String(e)}`;
  const show2 = (path) => {
    const p = path.startsWith("file://") ? (0, import_node_url2.fileURLToPath)(path) : path;
    return p === file ? shown : p;
  };
  if (lacksLocation(err)) {
    const at = esmSyntaxLocation((0, import_node_url2.pathToFileURL)(file).href);
    if (at) {
      const [where2, ...source] = at.split("\n");
      const m = /^(.*)(:\d+)$/.exec(where2);
      return ` at ${show2(m[1])}${m[2]}:
${source.join("\n")}
${err.name}: ${err.message}`;
    }
    return `: ${err.name}: ${err.message}`;
  }
  const lines = err.stack.replace(/\?tsicorn-load=\d+/g, "").split("\n").filter((l) => !/^\s+at /.test(l) || !(l.includes("node:") || l.includes(OWN_CODE)));
  const frame = lines.map((l) => FRAME_LOCATION.exec(l)).find((m) => m);
  const header2 = /^((?:file:\/\/)?\/[^\n]*):(\d+)$/.exec(lines[0] ?? "");
  const where = frame ? `${show2(frame[1])}:${frame[2]}:${frame[3]}` : header2 ? `${show2(header2[1])}:${header2[2]}` : null;
  const body = header2 ? lines.slice(1).join("\n").replace(/^\n/, "") : lines.join("\n");
  return where ? ` at ${where}:
${body}` : `:
${body}`;
}
function isPlainObject(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function nameTable() {
  const t = /* @__PURE__ */ new Map();
  for (const def of SETTINGS) {
    if (def.names.length === 0) continue;
    for (const n of [...def.names, def.key]) t.set(n, { kind: "setting", def });
  }
  for (const h of HOOKS) {
    t.set(h.name, { kind: "hook", key: h.key });
    t.set(h.key, { kind: "hook", key: h.key });
  }
  for (const a of FILE_ALIASES) t.set(a.name, { kind: "alias", alias: a });
  return t;
}
function suggestFileName(input) {
  const canonical = [
    ...SETTINGS.filter((d) => d.names.length).map((d) => d.names[0]),
    ...HOOKS.map((h) => h.name),
    ...FILE_ALIASES.map((a) => a.name)
  ];
  const folded = foldName(input);
  for (const def of SETTINGS) {
    if (!def.names.length) continue;
    const spellings = [...def.names, def.key, ...def.flags.filter((f) => f.startsWith("--"))];
    if (spellings.some((s) => foldName(s) === folded)) return def.names[0];
  }
  return didYouMean(input, canonical);
}
function interpretConfigObject(obj, shown) {
  const table = nameTable();
  const values = /* @__PURE__ */ new Map();
  const hooks = {};
  const seen = /* @__PURE__ */ new Map();
  for (const [name, raw] of Object.entries(obj)) {
    if (raw === void 0) continue;
    const entry = table.get(name);
    if (!entry) {
      if (["config", "configFile", "config_file"].includes(name))
        throw new ConfigError(
          `${shown}: "${name}" cannot be set inside a config file; pass -c/--config FILE`
        );
      const guess = suggestFileName(name);
      throw new ConfigError(
        `${shown}: unknown setting "${name}".${guess ? ` Did you mean "${guess}"?` : ""} See tsicorn --help for the settings.`
      );
    }
    const where = `${shown}: ${name}`;
    const id = entry.kind === "setting" ? entry.def.key : entry.kind === "hook" ? entry.key : entry.alias.target;
    if (seen.has(id) && entry.kind !== "alias")
      throw new ConfigError(`${shown}: "${name}" and "${seen.get(id)}" set the same thing; keep one`);
    seen.set(id, name);
    if (entry.kind === "hook") {
      if (raw === null) continue;
      if (typeof raw !== "function")
        throw new ConfigError(`${where}: a hook must be a function, got ${typeof raw}`);
      hooks[entry.key] = raw;
    } else if (entry.kind === "alias") {
      if (typeof raw !== "boolean") throw new ConfigError(`${where}: expected true or false`);
      const v = entry.alias.convert(raw);
      if (v !== void 0 && !values.has(entry.alias.target))
        values.set(entry.alias.target, { value: v, detail: `${shown} (${name})` });
    } else {
      values.set(entry.def.key, { value: fromFile(entry.def, raw, where), detail: `${shown} (${name})` });
    }
  }
  return { values, hooks };
}
function absolutePath(p, base) {
  return (0, import_node_path3.isAbsolute)(p) ? p : (0, import_node_path3.resolve)(base, p);
}
var import_node_fs6, import_node_module2, import_node_path3, import_node_url2, CONFIG_FILE_NAMES, generation, OWN_CODE, FRAME_LOCATION;
var init_configfile = __esm({
  "lib/config/configfile.ts"() {
    "use strict";
    import_node_fs6 = __toESM(require_node_fs(), 1);
    import_node_module2 = __toESM(require_node_module(), 1);
    import_node_path3 = __toESM(require_node_path(), 1);
    import_node_url2 = __toESM(require_node_url(), 1);
    init_syntax_location();
    init_coerce();
    init_didyoumean();
    init_errors();
    init_settings();
    CONFIG_FILE_NAMES = ["ts", "mts", "js", "mjs", "cjs", "json"].map((e) => `tsicorn.config.${e}`);
    generation = 0;
    OWN_CODE = import.meta.url;
    FRAME_LOCATION = /^\s+at (?:.*\()?((?:file:\/\/)?\/[^()]*?):(\d+):(\d+)\)?$/;
  }
});

// lib/config/resolve.ts
var resolve_exports = {};
__export(resolve_exports, {
  ConfigError: () => ConfigError,
  USAGE: () => USAGE,
  loadHooks: () => loadHooks,
  resolveConfig: () => resolveConfig,
  settingsFromJSON: () => settingsFromJSON,
  settingsToJSON: () => settingsToJSON
});
function defaultsLayer(ctx) {
  const base = staticDefaults();
  const sources = {};
  const env = { kind: "env", values: /* @__PURE__ */ new Map() };
  for (const def of SETTINGS) {
    sources[def.key] = { kind: "default", detail: "default" };
    const d = def.dynamicDefault?.(ctx);
    if (d) env.values.set(def.key, { value: d.value, detail: d.detail });
    if (d && d.source === "default") {
      base[def.key] = d.value;
      env.values.delete(def.key);
    }
  }
  return { base, sources, env };
}
function merge(base, sources, layers) {
  const out = base;
  for (const layer of layers)
    for (const [key, { value, detail }] of layer.values) {
      out[key] = value;
      sources[key] = { kind: layer.kind, detail };
    }
}
function absolutize(s, cwd) {
  s.chdir = absolutePath(s.chdir, cwd);
  if (s.pidfile) s.pidfile = absolutePath(s.pidfile, cwd);
  if (s.errorlog !== "-") s.errorlog = absolutePath(s.errorlog, cwd);
  if (s.accesslog && s.accesslog !== "-") s.accesslog = absolutePath(s.accesslog, cwd);
  if (s.configFile) s.configFile = absolutePath(s.configFile, cwd);
}
async function resolveConfig(input) {
  const { argv, env, cwd } = input;
  const cli = parseArgs(argv, "cli");
  const cliAction = ACTION_ORDER.find((a) => cli.actions.includes(a));
  if (cliAction === "help" || cliAction === "version") {
    let d;
    try {
      d = defaultsLayer({ env, cwd });
    } catch {
      d = defaultsLayer({ env: {}, cwd });
    }
    merge(d.base, d.sources, [d.env]);
    return { action: cliAction, config: { ...d.base, hooks: {} }, sources: d.sources, hookSources: {} };
  }
  const cmdText = env.TSICORN_CMD_ARGS ?? "";
  const cmd = cmdText.trim() ? parseArgs(shellSplit(cmdText, "TSICORN_CMD_ARGS"), "TSICORN_CMD_ARGS") : { values: /* @__PURE__ */ new Map(), actions: [] };
  const { base, sources, env: envLayer } = defaultsLayer({ env, cwd });
  const explicit = (cli.values.get("configFile") ?? cmd.values.get("configFile"))?.value;
  const configPath = explicit ? absolutePath(explicit, cwd) : findConfigFile(cwd);
  const fileLayer = { kind: "config-file", values: /* @__PURE__ */ new Map() };
  let hooks = {};
  const hookSources = {};
  if (configPath) {
    const shown = displayPath(configPath, cwd);
    const obj = await loadConfigObject(configPath, shown);
    const parsed = interpretConfigObject(obj, shown);
    fileLayer.values = parsed.values;
    hooks = parsed.hooks;
    for (const k of Object.keys(hooks)) hookSources[k] = shown;
  }
  merge(base, sources, [
    envLayer,
    fileLayer,
    { kind: "TSICORN_CMD_ARGS", values: cmd.values },
    { kind: "cli", values: cli.values }
  ]);
  if (configPath && !explicit) {
    base.configFile = configPath;
    sources.configFile = { kind: "default", detail: "found in the working directory" };
  }
  absolutize(base, cwd);
  const action = ACTION_ORDER.find((a) => cli.actions.includes(a) || cmd.actions.includes(a)) ?? "run";
  if ((action === "run" || action === "check-config") && !base.app && !input.appOptional)
    throw new ConfigError(
      `no app given. ${USAGE}
  e.g. tsicorn app, tsicorn src/server.ts, tsicorn -w 4 app:handler (or set "app" in the config file). Run tsicorn --help for options.` + entryHint(base.chdir || cwd)
    );
  return { action, config: { ...base, hooks }, sources, hookSources };
}
function entryHint(dir) {
  try {
    const entry = defaultWebEntry(dir);
    return entry ? `
  In ${dir}, the buildpack's default web process would run: ${webCommand(entry)} (package.json "main", else app/index/server.*)` : "";
  } catch {
    return "";
  }
}
async function loadHooks(configFile) {
  if (!configFile) return {};
  return interpretConfigObject(await loadConfigObject(configFile), configFile).hooks;
}
function settingsToJSON(config) {
  const out = {};
  for (const def of SETTINGS) out[def.key] = config[def.key];
  return JSON.stringify(out);
}
function settingsFromJSON(text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`settings JSON is not valid: ${e.message}`);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw new ConfigError("settings JSON must be an object");
  const out = staticDefaults();
  const obj = data;
  for (const def of SETTINGS) {
    if (!(def.key in obj)) continue;
    const v = obj[def.key];
    const d = def.default;
    const ok = def.type === "nullable-string" ? v === null || typeof v === "string" : Array.isArray(d) ? Array.isArray(v) : typeof v === typeof d;
    if (!ok) throw new ConfigError(`settings JSON: ${def.key} has the wrong type (${typeof v})`);
    const problem = def.type === "enum" && !def.choices.includes(v) ? `must be one of ${def.choices.join(", ")}` : def.validate?.(v) ?? null;
    if (problem) throw new ConfigError(`settings JSON: ${def.key} = ${JSON.stringify(v)} ${problem}`);
    out[def.key] = v;
  }
  return out;
}
var ACTION_ORDER, USAGE;
var init_resolve = __esm({
  "lib/config/resolve.ts"() {
    "use strict";
    init_entry();
    init_argv();
    init_configfile();
    init_errors();
    init_settings();
    init_shellsplit();
    init_errors();
    ACTION_ORDER = ["help", "version", "print-config", "check-config"];
    USAGE = "Usage: tsicorn [OPTIONS] MODULE[:EXPORT]";
  }
});

// lib/server/contract/settings.ts
function encodeSettings(config) {
  return settingsToJSON(config);
}
function decodeSettings(text) {
  return settingsFromJSON(text);
}
var init_settings2 = __esm({
  "lib/server/contract/settings.ts"() {
    "use strict";
    init_resolve();
  }
});

// lib/server/hooks.ts
function runHook(log, key, fn, ...args) {
  if (!fn) return void 0;
  const failed = (e) => log.error(`${NAMES.get(key) ?? key} hook failed: ${e?.stack ?? e}`);
  try {
    const r = fn(...args);
    if (r && typeof r.then === "function") return r.then(() => void 0, failed);
  } catch (e) {
    failed(e);
  }
  return void 0;
}
var NAMES;
var init_hooks = __esm({
  "lib/server/hooks.ts"() {
    "use strict";
    init_settings();
    NAMES = new Map(HOOKS.map((h) => [h.key, h.name]));
  }
});

// lib/server/inspector-guard.ts
function watchInspector(log, graceMs, probe2) {
  let openSince = 0;
  return {
    check(now = Date.now()) {
      if (!probe2.url()) {
        openSince = 0;
        return;
      }
      if (!openSince) openSince = now;
      if (now - openSince < graceMs) return;
      openSince = 0;
      probe2.close();
      log.warning(
        "Closed the V8 inspector of this worker: something other than a hang capture opened it (SIGUSR1). While open, any local process could run code in this worker."
      );
    }
  };
}
var INSPECTOR_GRACE_MS;
var init_inspector_guard = __esm({
  "lib/server/inspector-guard.ts"() {
    "use strict";
    INSPECTOR_GRACE_MS = 3500;
  }
});

// lib/app/as-main.ts
function loadAsMain(file) {
  process.argv[1] = file;
  const proto = import_node_module3.default.prototype;
  const original = proto._compile;
  if (typeof original !== "function") return () => {
  };
  const hooked = function(content, filename, ...rest) {
    if (filename === file && proto._compile === hooked) {
      proto._compile = original;
      process.mainModule = this;
      this.id = ".";
    }
    return original.call(this, content, filename, ...rest);
  };
  proto._compile = hooked;
  return () => {
    if (proto._compile === hooked) proto._compile = original;
  };
}
var import_node_module3;
var init_as_main = __esm({
  "lib/app/as-main.ts"() {
    "use strict";
    import_node_module3 = __toESM(require_node_module(), 1);
  }
});

// lib/app/errors.ts
var AppLoadError;
var init_errors2 = __esm({
  "lib/app/errors.ts"() {
    "use strict";
    AppLoadError = class extends Error {
      name = "AppLoadError";
      kind;
      constructor(kind, message, options) {
        super(message, options);
        this.kind = kind;
        const cause = options?.cause;
        if (cause instanceof Error && cause.stack)
          this.stack = `${this.name}: ${message}
Caused by: ${cause.stack}`;
        else this.stack = `${this.name}: ${message}`;
      }
      /** The message plus the original error's stack, when there is one (what the log should show). */
      detail() {
        const cause = this.cause;
        if (cause instanceof Error && cause.stack) return `${this.message}
${cause.stack}`;
        if (cause !== void 0) return `${this.message}
${String(cause)}`;
        return this.message;
      }
    };
  }
});

// lib/app/fastify-plugin.ts
function appFastifyPath(file) {
  try {
    return (0, import_node_module4.createRequire)(file).resolve("fastify");
  } catch {
    return null;
  }
}
async function fastifyFromPlugin(plugin, moduleExports, file) {
  const path = appFastifyPath(file);
  if (!path) throw new Error(`no fastify package can be imported from ${file}`);
  const mod = await import((0, import_node_url3.pathToFileURL)(path).href);
  const factory = typeof mod.default === "function" ? mod.default : mod.fastify;
  const exported = moduleExports.options;
  const usedOptions = exported !== null && typeof exported === "object";
  const instance = factory(usedOptions ? { ...exported } : {});
  let registered = plugin;
  if (plugin[/* @__PURE__ */ Symbol.for("skip-override")] !== true) {
    registered = plugin.length >= 3 ? function(instance2, opts, done) {
      return plugin.call(this, instance2, opts, done);
    } : function(instance2, opts) {
      return plugin.call(this, instance2, opts);
    };
    registered[/* @__PURE__ */ Symbol.for("skip-override")] = true;
    registered[/* @__PURE__ */ Symbol.for("fastify.display-name")] = plugin.name || (0, import_node_path4.basename)(file);
  }
  instance.register(registered, {});
  await instance.ready();
  return { instance, usedOptions };
}
var import_node_module4, import_node_path4, import_node_url3;
var init_fastify_plugin = __esm({
  "lib/app/fastify-plugin.ts"() {
    "use strict";
    import_node_module4 = __toESM(require_node_module(), 1);
    import_node_path4 = __toESM(require_node_path(), 1);
    import_node_url3 = __toESM(require_node_url(), 1);
  }
});

// node-builtin:node:stream
var require_node_stream = __commonJS({
  "node-builtin:node:stream"(exports, module) {
    module.exports = __require("node:stream");
  }
});

// lib/http/forwarded.ts
function normalise(addr) {
  if (addr.charCodeAt(0) !== 58 && addr.charCodeAt(0) !== 91 && addr.indexOf(" ") === -1)
    return addr;
  const a = addr.trim().replace(/^\[|\]$/g, "");
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  return m ? m[1] : a;
}
function parseTrustList(entries) {
  const list = new import_node_net.BlockList();
  let any = false;
  for (const raw of entries.flatMap((e) => e.split(","))) {
    const e = raw.trim();
    if (!e) continue;
    if (e === "*") {
      any = true;
      continue;
    }
    const [ip, bits] = e.split("/");
    const addr = normalise(ip);
    const family = ipFamily(addr);
    if (!family) throw new Error(`forwarded_allow_ips: "${e}" is not an IP address, a CIDR network or '*'`);
    const type = family === 6 ? "ipv6" : "ipv4";
    if (bits !== void 0) {
      const n = Number(bits);
      if (!Number.isInteger(n) || n < 0 || n > (family === 6 ? 128 : 32))
        throw new Error(`forwarded_allow_ips: "${e}" has an invalid prefix length`);
      list.addSubnet(addr, n, type);
    } else list.addAddress(addr, type);
  }
  return {
    any,
    has(addr) {
      const a = normalise(addr);
      const family = ipFamily(a);
      return family !== 0 && list.check(a, family === 6 ? "ipv6" : "ipv4");
    }
  };
}
function headerValue(v) {
  return Array.isArray(v) ? v.join(",") : v;
}
function parseHop(raw) {
  let h = raw.trim();
  if (h.charCodeAt(0) === 91) {
    const end = h.indexOf("]");
    if (end < 0) return null;
    const rest = h.slice(end + 1);
    if (rest !== "" && !/^:\d{1,5}$/.test(rest)) return null;
    h = h.slice(1, end);
    if (ipFamily(h) !== 6) return null;
  } else {
    const colon = h.indexOf(":");
    if (colon >= 0 && colon === h.lastIndexOf(":")) {
      if (!/^\d{1,5}$/.test(h.slice(colon + 1))) return null;
      h = h.slice(0, colon);
      if (ipFamily(h) !== 4) return null;
    }
  }
  if (h.includes("%") || ipFamily(h) === 0) return null;
  return normalise(h);
}
function resolveClient(peer, xff, xfp, trust) {
  let remoteAddr = peer === void 0 ? "" : normalise(peer);
  let scheme = "http";
  if (xff === void 0 && xfp === void 0) return { remoteAddr, scheme };
  const peerTrusted = peer === void 0 || trust.any || trust.has(peer);
  if (!peerTrusted) return { remoteAddr, scheme };
  const forwardedFor = headerValue(xff);
  if (forwardedFor !== void 0) {
    const hops = forwardedFor.split(",");
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = parseHop(hops[i]);
      if (hop === null) break;
      remoteAddr = hop;
      if (trust.any || !trust.has(hop)) break;
    }
  }
  const forwardedProto = headerValue(xfp);
  if (forwardedProto !== void 0) {
    const protos = forwardedProto.split(",");
    for (let i = protos.length - 1; i >= 0; i--) {
      const p = protos[i].trim().toLowerCase();
      if (p !== "http" && p !== "https") break;
      scheme = p;
    }
  }
  return { remoteAddr, scheme };
}
function registerTrust(server, trust) {
  trustByServer.set(server, trust);
}
function resolveFor(req, trust) {
  return resolveClient(
    req.socket.remoteAddress,
    req.headers["x-forwarded-for"],
    req.headers["x-forwarded-proto"],
    trust
  );
}
function peerAddress(socket) {
  return socket.remoteAddress === void 0 ? "" : normalise(socket.remoteAddress);
}
function clientAddress(req, trust) {
  return trust ? resolveFor(req, trust).remoteAddr : peerAddress(req.socket);
}
function clientInfo(req) {
  const socket = req.socket;
  const trust = socket?.server ? trustByServer.get(socket.server) : void 0;
  if (trust) return resolveFor(req, trust);
  return {
    remoteAddr: normalise(socket?.remoteAddress ?? ""),
    scheme: socket?.encrypted ? "https" : "http"
  };
}
var import_node_net, trustByServer;
var init_forwarded = __esm({
  "lib/http/forwarded.ts"() {
    "use strict";
    import_node_net = __toESM(require_node_net(), 1);
    init_ip();
    trustByServer = /* @__PURE__ */ new WeakMap();
  }
});

// lib/app/fetch-adapter.ts
function requestUrl(req) {
  const { scheme } = clientInfo(req);
  const target = req.url ?? "/";
  if (/^https?:\/\//i.test(target)) return target;
  const host = req.headers.host || "localhost";
  try {
    return new URL(target.startsWith("/") ? target : "/", `${scheme}://${host}`).href;
  } catch {
    return new URL(target.startsWith("/") ? target : "/", `${scheme}://localhost`).href;
  }
}
function hasBody(req) {
  if (req.method === "GET" || req.method === "HEAD") return false;
  if (req.headers["transfer-encoding"] !== void 0) return true;
  const len = req.headers["content-length"];
  return len !== void 0 && len !== "0";
}
function toRequest(req, signal) {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i], raw[i + 1]);
    } catch {
    }
  }
  const init = { method: req.method, headers, signal };
  if (hasBody(req)) {
    init.body = import_node_stream.Readable.toWeb(req);
    init.duplex = "half";
  }
  return new Request(requestUrl(req), init);
}
function waitDrain(res) {
  return new Promise((resolve4) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve4();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}
async function writeResponse(response, req, res) {
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  for (const [name, value] of response.headers) if (name !== "set-cookie") res.setHeader(name, value);
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader("set-cookie", cookies);
  const body = response.body;
  if (!body || req.method === "HEAD" || response.status === 204 || response.status === 304) {
    if (body) await body.cancel().catch(() => {
    });
    res.end();
    return;
  }
  const reader = body.getReader();
  let finished = false;
  try {
    for (; ; ) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) return;
      if (!res.write(value)) await waitDrain(res);
    }
    finished = true;
    res.end();
  } finally {
    if (!finished) await reader.cancel().catch(() => {
    });
  }
}
function fetchListener(handler) {
  return async (req, res) => {
    const controller = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) controller.abort(new Error("client closed the connection"));
    });
    let request2;
    try {
      request2 = toRequest(req, controller.signal);
    } catch (err) {
      const forbidden = FORBIDDEN_METHODS.has(req.method ?? "");
      res.statusCode = forbidden ? 501 : 400;
      res.setHeader("content-type", "text/plain");
      res.end(
        forbidden ? `${req.method} is not supported by fetch handlers
` : `Bad Request: ${err.message}
`
      );
      return;
    }
    const response = await handler(request2);
    if (!(response instanceof Response)) {
      const got = response === null ? "null" : typeof response;
      throw new TypeError(`the fetch handler returned ${got} where a Response was expected`);
    }
    try {
      await writeResponse(response, req, res);
    } catch (err) {
      if (controller.signal.aborted || res.destroyed) return;
      throw err;
    }
  };
}
var import_node_stream, FORBIDDEN_METHODS;
var init_fetch_adapter = __esm({
  "lib/app/fetch-adapter.ts"() {
    "use strict";
    import_node_stream = __toESM(require_node_stream(), 1);
    init_forwarded();
    FORBIDDEN_METHODS = /* @__PURE__ */ new Set(["CONNECT", "TRACE", "TRACK"]);
  }
});

// lib/app/late-listen.ts
function chooseServed(captured, preferredPort) {
  const servable = captured.filter((c) => c.http);
  const onPort = preferredPort === null ? void 0 : servable.find((c) => c.port === preferredPort);
  if (onPort) return { served: onPort, onPort: true };
  return servable[0] ? { served: servable[0], onPort: false } : null;
}
function unservedNotes(captured, served) {
  const notes = [];
  const which = served ? "tsicorn serves one server per worker, the one on PORT or else the first" : "tsicorn serves the app the module exports";
  for (const c of captured) {
    if (c === served) continue;
    if (served && c.server === served.server) continue;
    notes.push(
      c.http ? `The app also called listen() on ${c.target}: nothing was bound there (${which})` : `The app called listen() on ${c.target} for a server that is not an HTTP server: nothing was bound there`
    );
  }
  return notes;
}
function waitForListen(capture, opts) {
  let grace = null;
  let deadline = null;
  let done = false;
  let resolve4;
  const outcome = new Promise((r) => {
    resolve4 = r;
  });
  const channel = process.channel;
  let marked = null;
  const mark = (c) => {
    if (marked === c) return;
    if (marked) opts.onUnmark?.(marked);
    marked = c;
    if (c) opts.onMark?.(c);
  };
  const cleanup = () => {
    if (done) return false;
    done = true;
    unsubscribe();
    if (grace) clearTimeout(grace);
    if (deadline) clearTimeout(deadline);
    process.off("beforeExit", onIdle);
    channel?.ref();
    return true;
  };
  const finish = (w) => {
    if (!cleanup()) return;
    mark(w.kind === "listened" ? w.captured : null);
    resolve4(w);
  };
  const onIdle = () => finish({ kind: "idle" });
  const check2 = () => {
    const choice = chooseServed(capture.captured, opts.preferredPort);
    if (!choice) return;
    mark(choice.served);
    if (choice.onPort || opts.preferredPort === null || opts.graceMs <= 0)
      return finish({ kind: "listened", captured: choice.served, onPort: choice.onPort });
    grace ??= setTimeout(() => {
      const now = chooseServed(capture.captured, opts.preferredPort);
      if (now) finish({ kind: "listened", captured: now.served, onPort: now.onPort });
    }, opts.graceMs);
  };
  const unsubscribe = capture.subscribe(check2);
  if (opts.deadline !== null) {
    deadline = setTimeout(() => finish({ kind: "timeout" }), Math.max(0, opts.deadline - Date.now()));
    deadline.unref();
  }
  process.on("beforeExit", onIdle);
  channel?.unref();
  check2();
  return {
    outcome,
    cancel: () => {
      if (cleanup()) mark(null);
    }
  };
}
var init_late_listen = __esm({
  "lib/app/late-listen.ts"() {
    "use strict";
  }
});

// lib/app/nothing-served.ts
function nothingServedMessage(f) {
  const what = f.stillLoading ? `${f.file} was still running its top-level code` : `${f.file} exports nothing tsicorn can serve (${f.exportReason ?? `exports: ${f.exports.length ? f.exports.join(", ") : "none"}`})`;
  const when = f.outcome === "idle" ? ": the app has nothing left to do (no timer, socket or pending work that could still call listen())" : ` within the boot timeout (--boot-timeout ${f.bootTimeout} s)`;
  const notHttp = f.captured.filter((c) => !c.http).map((c) => c.target);
  const lines = [
    `${what}, and it did not call listen() on an HTTP server${when}.`,
    ...notHttp.length ? [`It called listen() on ${notHttp.join(", ")}, but for a server that is not an HTTP server.`] : [],
    ...f.exportReason && f.exports.length ? [`Exports: ${f.exports.join(", ")}.`] : [],
    "Fix it either way:",
    `  - export the app: \`module.exports = app\` (CommonJS) or \`export default app\` (ESM), or name it: tsicorn ${f.file.replace(/\.[cm]?[jt]s$/, "")}:EXPORT;`,
    `  - or let the app call listen() as it does under \`node ${f.file}\`, e.g. \`app.listen(process.env.PORT)\`: tsicorn serves that server on its own sockets.`
  ];
  return lines.join("\n");
}
var init_nothing_served = __esm({
  "lib/app/nothing-served.ts"() {
    "use strict";
  }
});

// node-builtin:node:cluster
var require_node_cluster = __commonJS({
  "node-builtin:node:cluster"(exports, module) {
    module.exports = __require("node:cluster");
  }
});

// lib/app/own-cluster.ts
function refuseOwnCluster(file, cwd) {
  const name = (0, import_node_path5.relative)(cwd, file) || file;
  import_node_cluster.default.fork = function fork2() {
    throw new AppLoadError(
      "own-cluster",
      `The app starts its own workers with node:cluster (cluster.fork() in ${name}, run because cluster.isPrimary holds in a tsicorn worker). tsicorn is the primary here: it already runs your app in -w N workers (or WEB_CONCURRENCY), restarts them and reloads them. Serve the app without the cluster code: keep what the cluster workers ran (the server and its listen()) and drop the fork loop, or run the app with plain \`node\` when you want node:cluster to manage it.`
    );
  };
}
var import_node_cluster, import_node_path5;
var init_own_cluster = __esm({
  "lib/app/own-cluster.ts"() {
    "use strict";
    import_node_cluster = __toESM(require_node_cluster(), 1);
    import_node_path5 = __toESM(require_node_path(), 1);
    init_errors2();
  }
});

// lib/app/resolve.ts
function parseAppSpec(spec) {
  const s = spec.trim();
  if (!s)
    throw new AppLoadError(
      "bad-spec",
      "No app given: pass MODULE[:EXPORT], e.g. `tsicorn app` or `tsicorn src/server.ts:app`."
    );
  const i = s.lastIndexOf(":");
  if (i > 0) {
    const name = s.slice(i + 1);
    if (/^[A-Za-z_$][\w$]*$/.test(name)) return { module: s.slice(0, i), exportName: name };
    if (name === "")
      throw new AppLoadError("bad-spec", `App spec "${spec}" ends with ":"; write MODULE or MODULE:EXPORT.`);
  }
  return { module: s, exportName: null };
}
function candidateFiles(module, cwd) {
  const base = (0, import_node_path6.isAbsolute)(module) ? module : (0, import_node_path6.resolve)(cwd, module);
  return [
    base,
    ...APP_EXTENSIONS.map((e) => base + e),
    ...APP_EXTENSIONS.map((e) => (0, import_node_path6.join)(base, "index" + e))
  ];
}
function isFile(p) {
  try {
    return (0, import_node_fs7.statSync)(p).isFile();
  } catch {
    return false;
  }
}
function isDir(p) {
  try {
    return (0, import_node_fs7.statSync)(p).isDirectory();
  } catch {
    return false;
  }
}
function packageMain(dir) {
  try {
    const pkg = JSON.parse((0, import_node_fs7.readFileSync)((0, import_node_path6.join)(dir, "package.json"), "utf8"));
    return typeof pkg.main === "string" && pkg.main ? (0, import_node_path6.resolve)(dir, pkg.main) : null;
  } catch {
    return null;
  }
}
function resolveAppFile(module, cwd) {
  const tried = [];
  const base = (0, import_node_path6.isAbsolute)(module) ? module : (0, import_node_path6.resolve)(cwd, module);
  for (const c of candidateFiles(module, cwd)) {
    if (c === (0, import_node_path6.join)(base, "index" + APP_EXTENSIONS[0]) && isDir(base)) {
      const main = packageMain(base);
      if (main) {
        for (const m of [main, ...APP_EXTENSIONS.map((e) => main + e)]) {
          if (isFile(m)) return m;
          tried.push(m);
        }
      }
    }
    if (isFile(c)) return c;
    tried.push(c);
  }
  throw new AppLoadError(
    "module-not-found",
    `Cannot find app module "${module}" from ${cwd}. Tried:
  ${tried.join("\n  ")}
Pass the path of your app file relative to the working directory (or --chdir), e.g. \`tsicorn app\` for ./app.js.`
  );
}
var import_node_fs7, import_node_path6, APP_EXTENSIONS;
var init_resolve2 = __esm({
  "lib/app/resolve.ts"() {
    "use strict";
    import_node_fs7 = __toESM(require_node_fs(), 1);
    import_node_path6 = __toESM(require_node_path(), 1);
    init_errors2();
    APP_EXTENSIONS = [".js", ".mjs", ".cjs", ".ts", ".mts", ".cts"];
  }
});

// lib/app/params.ts
function parameterText(source) {
  let s = source.trimStart();
  if (s.startsWith("async")) s = s.slice(5).trimStart();
  const arrow = /^([A-Za-z_$][\w$]*)\s*=>/.exec(s);
  if (arrow) return arrow[1];
  const open = s.indexOf("(");
  if (open < 0) return null;
  let depth = 0;
  let quote = null;
  for (let i = open; i < s.length; i++) {
    const ch = s[i];
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === "`") quote = ch;
    else if (ch === "(" || ch === "[" || ch === "{") depth++;
    else if (ch === ")" || ch === "]" || ch === "}") {
      depth--;
      if (depth === 0) return s.slice(open + 1, i);
    }
  }
  return null;
}
function splitTopLevel(text) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "(" || ch === "[" || ch === "{") depth++;
    else if (ch === ")" || ch === "]" || ch === "}") depth--;
    else if (ch === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
function parameterNames(fn) {
  let source;
  try {
    source = Function.prototype.toString.call(fn);
  } catch {
    return null;
  }
  if (/\{\s*\[native code\]\s*\}\s*$/.test(source)) return null;
  const text = parameterText(source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/[^\n]*/g, ""));
  if (text === null) return null;
  if (text.trim() === "") return [];
  return splitTopLevel(text).map((p) => {
    const m = /^\s*(\.\.\.)?\s*([A-Za-z_$][\w$]*)/.exec(p);
    return m ? `${m[1] ?? ""}${m[2]}` : "";
  });
}
function readParameterNames(names) {
  if (!names || names.length < 2) return null;
  const [a = "", b = ""] = names;
  if (LISTENER_FIRST.test(a) || LISTENER_SECOND.test(b)) return "listener";
  if (PLUGIN_FIRST.test(a) && PLUGIN_SECOND.test(b)) return "plugin";
  return null;
}
var LISTENER_FIRST, LISTENER_SECOND, PLUGIN_FIRST, PLUGIN_SECOND;
var init_params = __esm({
  "lib/app/params.ts"() {
    "use strict";
    LISTENER_FIRST = /^_*(req|request|incoming|incomingMessage)$/i;
    LISTENER_SECOND = /^_*(res|resp|response|serverResponse|outgoing)$/i;
    PLUGIN_FIRST = /^_*(fastify|fastifyInstance|instance|app|server|f|api|root|scope)$/i;
    PLUGIN_SECOND = /^_*(opts|options|pluginOptions|opt|o|config|conf|settings)$/i;
  }
});

// lib/app/shape.ts
function className(value) {
  const name = Object.getPrototypeOf(value)?.constructor?.name;
  return typeof name === "string" && name && name !== "Object" ? name : null;
}
function describe2(value) {
  if (value === null) return "null";
  if (typeof value === "function") return `a function with ${value.length} declared parameter(s)`;
  if (typeof value === "object") {
    const ctor = className(value);
    const keys = Object.keys(value).slice(0, 8);
    return `an object${ctor ? ` (${ctor})` : ""} with keys [${keys.join(", ")}]`;
  }
  return `a ${typeof value}`;
}
function isAsync(f) {
  return f?.constructor?.name === "AsyncFunction";
}
function classifyFunction(f, facts) {
  if (FASTIFY_PLUGIN_MARKERS.some((m) => f[m] !== void 0))
    return { kind: "fastify-plugin", label: "fastify-plugin" };
  const express = typeof f.handle === "function" && typeof f.use === "function" && typeof f.set === "function";
  if (express) return { kind: "listener", label: "express" };
  if (f.length >= 2) {
    const names = parameterNames(f);
    const says = readParameterNames(names);
    const pluginShaped = isAsync(f) && f.length === 2 || !isAsync(f) && f.length === 3;
    if (says === "listener") return { kind: "listener", label: "node-listener" };
    if (says === "plugin") {
      if (facts.fastify) return { kind: "fastify-plugin", label: "fastify-plugin" };
      return {
        kind: "unknown",
        reason: `got a function (${names?.join(", ")}), which reads as a Fastify plugin, but the app has no fastify package to run it with. Add fastify to "dependencies" and install it, or export a request listener (req, res)`
      };
    }
    if (pluginShaped && facts.fastify)
      return {
        kind: "unknown",
        reason: `got ${isAsync(f) ? "an async function" : "a function"} (${names?.join(", ") || `${f.length} parameters`}) that reads two ways: as a Fastify plugin (fastify, opts), since the app has the fastify package, or as a Node request listener (req, res). Say which: name its parameters (fastify, opts) or (req, res), wrap a plugin with fastify-plugin, or export the Fastify instance or http.Server itself`
      };
    return { kind: "listener", label: "node-listener" };
  }
  if (f.length === 1) return { kind: "fetch-function", label: "fetch-function" };
  return {
    kind: "unknown",
    reason: "got a function with no declared parameters, which could be a request listener or a fetch handler. Declare its parameters ((req, res) for a listener, (request) for a fetch handler), export { fetch } for a fetch handler, or pass --factory if it builds the app"
  };
}
function classifyApp(value, facts = { fastify: false }) {
  if (value !== null && typeof value === "object") {
    const o = value;
    if (typeof o.fetch === "function") {
      const ctor = className(value);
      return { kind: "fetch-object", label: ctor ? `fetch (${ctor})` : "fetch" };
    }
    if (typeof o.ready === "function" && typeof o.routing === "function" && o.server !== null && typeof o.server === "object" && typeof o.server.emit === "function")
      return { kind: "fastify", label: "fastify" };
    if (typeof o.callback === "function" && typeof o.use === "function") return { kind: "koa", label: "koa" };
    if (typeof o.listen === "function" && typeof o.emit === "function" && typeof o.listeners === "function" && o.listeners.call(o, "request").length > 0)
      return { kind: "node-server", label: "node-server" };
    return { kind: "unknown", reason: `got ${describe2(value)}` };
  }
  if (typeof value === "function")
    return classifyFunction(
      value,
      facts
    );
  return { kind: "unknown", reason: `got ${describe2(value)}` };
}
var ACCEPTED_SHAPES, FASTIFY_PLUGIN_MARKERS;
var init_shape = __esm({
  "lib/app/shape.ts"() {
    "use strict";
    init_params();
    ACCEPTED_SHAPES = "a Node request listener function (req, res) such as an Express app; a Koa app (has .callback()); a Fastify instance; a Fastify plugin (fastify, opts) as fastify-cli loads it; an http.Server with a request listener; an object with fetch(request) returning a Response (Hono, itty-router, { fetch }); a function (request) => Response; or, with --factory, a function returning one of these (possibly async)";
    FASTIFY_PLUGIN_MARKERS = [
      /* @__PURE__ */ Symbol.for("skip-override"),
      /* @__PURE__ */ Symbol.for("fastify.display-name"),
      /* @__PURE__ */ Symbol.for("plugin-meta")
    ];
  }
});

// lib/app/socketio-polling.ts
function isEnginePolling(url) {
  return typeof url === "string" && url.includes("transport=polling") && url.includes("EIO=");
}
function pollingAdvice(workers, url) {
  return `Socket.IO long-polling request seen (${url.split("&sid=")[0]}): with ${workers} workers, the requests of one polling session reach different workers, which answer "Session ID unknown". Fix either way: let clients use the WebSocket transport only (client: io(url, { transports: ['websocket'] }); server: new Server(server, { transports: ['websocket'] })), which works on every worker, or run one worker (-w 1).`;
}
function watchSocketIoPolling(listener, workers, log) {
  let warned = false;
  return (req, res) => {
    if (!warned && isEnginePolling(req.url)) {
      warned = true;
      log.warning(pollingAdvice(workers, req.url ?? ""));
    }
    return listener(req, res);
  };
}
var init_socketio_polling = __esm({
  "lib/app/socketio-polling.ts"() {
    "use strict";
  }
});

// lib/app/typescript.ts
function isTypeScriptFile(file) {
  return /\.(ts|mts|cts)$/.test(file);
}
function typeScriptUnsupportedReason(facts) {
  if (facts.feature === "strip" || facts.feature === "transform") return null;
  if (facts.flags.some((f) => f === "--experimental-strip-types" || f === "--experimental-transform-types"))
    return null;
  return `Node ${facts.nodeVersion} cannot run TypeScript files directly. Either run on Node 22.18+ / 24 (which strip types with no build step: set "engines": {"node": "24.x"} in package.json), or compile the app to JavaScript (e.g. with tsc or esbuild) and point tsicorn at the .js file.`;
}
function currentTsFacts() {
  const features = process.features;
  return {
    feature: features.typescript,
    nodeVersion: process.version,
    flags: [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/).filter(Boolean)]
  };
}
var init_typescript = __esm({
  "lib/app/typescript.ts"() {
    "use strict";
  }
});

// lib/app/load.ts
var load_exports = {};
__export(load_exports, {
  loadApp: () => loadApp
});
function ownKeepAlive(server) {
  const ms2 = server?.keepAliveTimeout;
  return typeof ms2 === "number" && !DEFAULT_KEEP_ALIVE_MS.has(ms2) ? ms2 : void 0;
}
async function importModule(file, cwd) {
  if (isTypeScriptFile(file)) {
    const reason = typeScriptUnsupportedReason(currentTsFacts());
    if (reason)
      throw new AppLoadError(
        "typescript-unsupported",
        `Cannot load ${(0, import_node_path7.relative)(cwd, file) || file}: ${reason}`
      );
  }
  try {
    return await import((0, import_node_url4.pathToFileURL)(file).href);
  } catch (err) {
    if (err instanceof AppLoadError) throw err;
    const e = err;
    let hint = "";
    if (e?.code === "ERR_MODULE_NOT_FOUND" || e?.code === "MODULE_NOT_FOUND")
      hint = '\nA module the app imports is missing: check the import path, or that the package is in "dependencies" and installed.';
    else if (e instanceof SyntaxError) {
      const at = lacksLocation(e) ? esmSyntaxLocation((0, import_node_url4.pathToFileURL)(file).href) : null;
      hint = at ? `
The syntax error is at ${at}` : "\nThe app (or a module it imports) has a syntax error.";
    }
    throw new AppLoadError(
      "import-failed",
      `Failed to import app module ${file}: ${e?.name ?? "Error"}: ${e?.message ?? String(err)}${hint}`,
      { cause: err }
    );
  }
}
function importError(err, file) {
  if (err instanceof AppLoadError) return err;
  return new AppLoadError("import-failed", `Failed to import app module ${file}: ${String(err)}`, {
    cause: err
  });
}
function exportNames(ns) {
  return Object.keys(ns).filter(
    (k) => k !== "__esModule" && k !== "module.exports" && !(k === "default" && isEmptyExports(ns.default))
  );
}
function isEmptyExports(value) {
  return value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype && Object.keys(value).length === 0;
}
function pickExport(ns, exportName, file) {
  const available = exportNames(ns);
  const list = available.length ? available.join(", ") : "(none)";
  if (exportName !== null) {
    if (ns[exportName] === void 0)
      throw new AppLoadError(
        "export-not-found",
        `${file} has no export named "${exportName}". Available exports: ${list}. Write MODULE:EXPORT with one of them.`
      );
    return { name: exportName, value: ns[exportName] };
  }
  const def = ns.default;
  if (def !== void 0 && (ns.app === void 0 || classifyApp(def).kind !== "unknown"))
    return { name: "default", value: def };
  if (ns.app !== void 0) return { name: "app", value: ns.app };
  throw new AppLoadError(
    "export-not-found",
    `${file} has neither a default export nor an export named "app". Available exports: ${list}. Export the app as default, or name it: MODULE:EXPORT.`
  );
}
function upgradeOf(server) {
  if (typeof server.listenerCount !== "function" || server.listenerCount("upgrade") === 0) return void 0;
  return (req, socket, head) => server.emit("upgrade", req, socket, head);
}
function shapeOf(value, file) {
  const fastify = typeof value === "function" && value.length >= 2 && appFastifyPath(file) !== null;
  return classifyApp(value, { fastify });
}
function serveFastify(inst) {
  const server = inst.server;
  return {
    listener: (req, res) => server.emit("request", req, res),
    upgrade: upgradeOf(server),
    close: async () => {
      await inst.close();
    },
    ownKeepAliveMs: ownKeepAlive(server)
  };
}
async function adapt(value, file, exportName, moduleExports = {}, shape = shapeOf(value, file)) {
  switch (shape.kind) {
    case "listener":
      return { listener: value, shape: shape.label };
    case "koa":
      return { listener: value.callback(), shape: shape.label };
    case "fastify": {
      const inst = value;
      try {
        await inst.ready();
      } catch (err) {
        throw new AppLoadError(
          "not-ready",
          `Fastify app in ${file} failed to become ready: ${err?.message}`,
          {
            cause: err
          }
        );
      }
      return { ...serveFastify(inst), shape: shape.label };
    }
    case "fastify-plugin": {
      try {
        const { instance, usedOptions } = await fastifyFromPlugin(
          value,
          moduleExports,
          file
        );
        return {
          ...serveFastify(instance),
          shape: shape.label,
          notes: [
            `Serving the Fastify plugin "${exportName}" of ${file} on a Fastify instance from the app's own fastify package` + (usedOptions ? ', with the server options the module exports as "options"' : "")
          ]
        };
      } catch (err) {
        throw new AppLoadError(
          "not-ready",
          `The Fastify plugin "${exportName}" in ${file} failed to load: ${err?.message ?? String(err)}`,
          { cause: err }
        );
      }
    }
    case "node-server": {
      const server = value;
      return {
        listener: (req, res) => server.emit("request", req, res),
        upgrade: upgradeOf(value),
        shape: shape.label,
        warnings: tlsDropped(value),
        ownKeepAliveMs: ownKeepAlive(value)
      };
    }
    case "fetch-object": {
      const obj = value;
      return { listener: fetchListener((r) => obj.fetch(r)), shape: shape.label };
    }
    case "fetch-function":
      return { listener: fetchListener(value), shape: shape.label };
    case "unknown":
      throw new AppLoadError(
        "unrecognised-shape",
        `The export "${exportName}" of ${file} is not an app tsicorn can serve: ${shape.reason}. Accepted: ${ACCEPTED_SHAPES}.`
      );
  }
}
async function adaptCaptured(c) {
  const server = c.server;
  await new Promise((r) => setImmediate(r));
  return {
    listener: (req, res) => server.emit("request", req, res),
    upgrade: upgradeOf(server),
    shape: `node-server (app.listen on ${c.target})`
  };
}
function relativeName(file, cwd) {
  return (0, import_node_path7.relative)(cwd, file) || file;
}
function listenDeadline(bootTimeout) {
  if (!bootTimeout || bootTimeout <= 0) return null;
  const margin = Math.min(1e3, bootTimeout * 100);
  return Date.now() + Math.max(0, bootTimeout * 1e3 - performance.now() - margin);
}
async function loadApp(spec, opts) {
  const { module, exportName } = parseAppSpec(spec);
  const file = resolveAppFile(module, opts.cwd);
  const served = opts.served ?? null;
  if (opts.asMain && served && typeof served === "object" && served.port > 0)
    process.env.PORT = String(served.port);
  refuseOwnCluster(file, opts.cwd);
  const signalsBefore = opts.dropSignalListeners ? signalListenerSnapshot() : null;
  const capture = opts.captureListens ? captureListens() : null;
  const undoMain = opts.asMain ? loadAsMain(file) : null;
  let keep = false;
  try {
    let app = capture ? await loadCapturing(file, exportName, opts, capture) : await loadPlain(file, exportName, opts);
    if (opts.log && (opts.workers ?? 1) > 1)
      app = { ...app, listener: watchSocketIoPolling(app.listener, opts.workers ?? 1, opts.log) };
    keep = Boolean(capture && opts.keepCapturing);
    if (keep && capture) {
      const log = opts.log;
      capture.subscribe(
        (c) => log?.info(
          `The app called listen() on ${c.target} while being served: nothing was bound there (tsicorn serves the app on its own sockets)`
        )
      );
    }
    return app;
  } finally {
    undoMain?.();
    if (!keep) capture?.release();
    if (signalsBefore) dropNewSignalListeners(signalsBefore, opts.log);
  }
}
async function loadPlain(file, exportName, opts) {
  const ns = await importModule(file, opts.cwd);
  if (opts.factory) return fromFactory(ns, exportName, file);
  const picked = pickExport(ns, exportName, file);
  return { ...await adapt(picked.value, file, picked.name, ns), file };
}
async function fromFactory(ns, exportName, file) {
  const picked = pickExport(ns, exportName, file);
  if (typeof picked.value !== "function")
    throw new AppLoadError(
      "factory-failed",
      `--factory was given, but the export "${picked.name}" of ${file} is not a function (it is ${typeof picked.value}).`
    );
  let built;
  try {
    built = await picked.value();
  } catch (err) {
    throw new AppLoadError(
      "factory-failed",
      `The app factory "${picked.name}" in ${file} threw: ${err?.message ?? String(err)}`,
      { cause: err }
    );
  }
  const adapted = await adapt(built, file, `${picked.name}() result`);
  return { ...adapted, shape: `factory -> ${adapted.shape}`, file };
}
async function loadCapturing(file, exportName, opts, capture) {
  const served = opts.served ?? null;
  const envPort = Number(process.env.PORT);
  const preferredPort = served && typeof served === "object" && served.port > 0 ? served.port : Number.isInteger(envPort) && envPort > 0 ? envPort : null;
  const settled = importModule(file, opts.cwd).then(
    (ns2) => ({ ok: true, ns: ns2 }),
    (err) => ({ ok: false, err })
  );
  const wait = waitForListen(capture, {
    preferredPort,
    deadline: listenDeadline(opts.bootTimeout),
    graceMs: 250,
    onMark: (c) => capture.markServed(c, served),
    onUnmark: (c) => capture.unmarkServed(c)
  });
  const nothingServed = (f) => new AppLoadError(
    "nothing-served",
    nothingServedMessage({
      ...f,
      file: relativeName(file, opts.cwd),
      bootTimeout: opts.bootTimeout ?? 0,
      captured: capture.captured
    })
  );
  const first = await Promise.race([settled, wait.outcome]);
  if (!("ok" in first)) {
    const soon = await Promise.race([settled, new Promise((r) => setImmediate(() => r(null)))]);
    if (soon && !soon.ok) throw importError(soon.err, file);
    if (first.kind !== "listened") {
      wait.cancel();
      throw nothingServed({
        outcome: first.kind,
        stillLoading: soon === null,
        exports: soon?.ok ? exportNames(soon.ns) : [],
        exportReason: null
      });
    }
    if (!soon)
      void settled.then((r) => {
        if (!r.ok) (opts.onLateFailure ?? ((e) => opts.log?.error(String(e))))(importError(r.err, file));
      });
    return servedCapture(first.captured, capture, file);
  }
  if (!first.ok) {
    wait.cancel();
    throw importError(first.err, file);
  }
  const ns = first.ns;
  if (opts.factory) {
    wait.cancel();
    return withNotes(await fromFactory(ns, exportName, file), unservedNotes(capture.captured, null));
  }
  let exportReason = null;
  const picked = exportName !== null || ns.default !== void 0 && !isEmptyExports(ns.default) || ns.app !== void 0 ? pickExport(ns, exportName, file) : null;
  if (picked) {
    const shape = shapeOf(picked.value, file);
    if (shape.kind !== "unknown" || typeof picked.value === "function") {
      wait.cancel();
      const adapted = await adapt(picked.value, file, picked.name, ns, shape);
      return {
        ...adapted,
        file,
        notes: [...adapted.notes ?? [], ...unservedNotes(capture.captured, null)]
      };
    }
    exportReason = `its export "${picked.name}" ${shape.reason.replace(/^got /, "is ")}`;
  }
  const outcome = await wait.outcome;
  if (outcome.kind === "listened") return servedCapture(outcome.captured, capture, file);
  throw nothingServed({ outcome: outcome.kind, stillLoading: false, exports: exportNames(ns), exportReason });
}
async function servedCapture(c, capture, file) {
  const adapted = await adaptCaptured(c);
  const note2 = `The app called listen() on ${c.target}: nothing was bound there; tsicorn serves that server on its own sockets`;
  return {
    ...adapted,
    file,
    notes: [note2, ...unservedNotes(capture.captured, c)],
    warnings: tlsDropped(c.server),
    ownKeepAliveMs: ownKeepAlive(c.server)
  };
}
function tlsDropped(server) {
  if (!isHttpsServer(server)) return void 0;
  return [
    "The app's server is an https.Server: tsicorn serves it over plain HTTP, without the app's TLS certificate (tsicorn has no TLS). Terminate TLS in front of tsicorn (Heroku's router does) and create the server with http.createServer."
  ];
}
function withNotes(app, notes) {
  return notes.length ? { ...app, notes: [...app.notes ?? [], ...notes] } : app;
}
function signalListenerSnapshot() {
  return new Map(APP_SIGNALS.map((s) => [s, new Set(process.rawListeners(s))]));
}
function dropNewSignalListeners(before, log) {
  for (const [sig, had] of before) {
    const added = process.rawListeners(sig).filter((fn) => !had.has(fn));
    for (const fn of added) process.removeListener(sig, fn);
    if (added.length)
      log?.info(
        `The app's ${sig} handler was removed from the master after --preload; it runs in each worker`
      );
  }
}
var import_node_path7, import_node_url4, DEFAULT_KEEP_ALIVE_MS, APP_SIGNALS;
var init_load = __esm({
  "lib/app/load.ts"() {
    "use strict";
    import_node_path7 = __toESM(require_node_path(), 1);
    import_node_url4 = __toESM(require_node_url(), 1);
    init_as_main();
    init_errors2();
    init_fastify_plugin();
    init_fetch_adapter();
    init_late_listen();
    init_listen_capture();
    init_nothing_served();
    init_own_cluster();
    init_resolve2();
    init_shape();
    init_socketio_polling();
    init_syntax_location();
    init_typescript();
    DEFAULT_KEEP_ALIVE_MS = /* @__PURE__ */ new Set([5e3, 72e3]);
    APP_SIGNALS = ["SIGTERM", "SIGINT", "SIGQUIT", "SIGHUP", "SIGUSR2"];
  }
});

// lib/app/served-address.ts
var served_address_exports = {};
__export(served_address_exports, {
  servedAddressOf: () => servedAddressOf
});
function servedAddressOf(binds) {
  const first = binds[0];
  if (!first) return null;
  let b;
  try {
    b = parseBind(first);
  } catch {
    return null;
  }
  if (b.kind === "unix") return b.path;
  if (b.kind === "fd" || b.port === 0) return null;
  const address = b.host === "localhost" ? "127.0.0.1" : b.host;
  return { address, family: b.ipv6 || address.includes(":") ? "IPv6" : "IPv4", port: b.port };
}
var init_served_address = __esm({
  "lib/app/served-address.ts"() {
    "use strict";
    init_bind();
  }
});

// node-builtin:node:perf_hooks
var require_node_perf_hooks = __commonJS({
  "node-builtin:node:perf_hooks"(exports, module) {
    module.exports = __require("node:perf_hooks");
  }
});

// lib/clock.ts
var import_node_perf_hooks, performance2;
var init_clock = __esm({
  "lib/clock.ts"() {
    "use strict";
    import_node_perf_hooks = __toESM(require_node_perf_hooks(), 1);
    performance2 = import_node_perf_hooks.performance;
  }
});

// node-builtin:node:https
var require_node_https = __commonJS({
  "node-builtin:node:https"(exports, module) {
    module.exports = __require("node:https");
  }
});

// lib/metrics/heroku.ts
function herokuTarget(env) {
  const raw = env.HEROKU_METRICS_URL;
  if (!raw) return { off: "HEROKU_METRICS_URL is not set" };
  if (env.HEROKU_SKIP_NODE_PLUGIN) return { off: "HEROKU_SKIP_NODE_PLUGIN is set" };
  if (env.DYNO?.startsWith("run.")) return { off: `one-off dyno ${env.DYNO}` };
  let url;
  try {
    url = new URL(raw);
  } catch {
    return { off: `HEROKU_METRICS_URL is not a URL: ${raw}` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return { off: `HEROKU_METRICS_URL is not http(s): ${raw}` };
  const override = env.METRICS_INTERVAL_OVERRIDE;
  if (override === void 0 || override === "")
    return { url, intervalMs: HEROKU_DEFAULT_INTERVAL_MS, note: null };
  const ms2 = Number.parseInt(override, 10);
  if (Number.isNaN(ms2))
    return {
      url,
      intervalMs: HEROKU_DEFAULT_INTERVAL_MS,
      note: `METRICS_INTERVAL_OVERRIDE=${override} is not a number of milliseconds; posting every 20 s`
    };
  if (ms2 < HEROKU_MIN_INTERVAL_MS)
    return {
      url,
      intervalMs: HEROKU_MIN_INTERVAL_MS,
      note: `METRICS_INTERVAL_OVERRIDE=${override} is under the 10 s minimum; posting every 10 s`
    };
  return { url, intervalMs: ms2, note: null };
}
function splitHerokuPlugin(nodeOptions) {
  const words = (nodeOptions ?? "").split(/\s+/).filter(Boolean);
  const kept = [];
  let plugin = null;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const next = words[i + 1];
    if ((w === "--require" || w === "-r") && next !== void 0 && PLUGIN_PATH.test(next)) {
      plugin = next;
      i++;
    } else if (w.startsWith("--require=") && PLUGIN_PATH.test(w.slice(10))) plugin = w.slice(10);
    else kept.push(w);
  }
  return { rest: plugin === null ? nodeOptions ?? "" : kept.join(" "), plugin };
}
async function postJson(url, body, timeoutMs) {
  const data = Buffer.from(JSON.stringify(body));
  const send2 = url.protocol === "https:" ? (await Promise.resolve().then(() => __toESM(require_node_https(), 1))).request : (await Promise.resolve().then(() => __toESM(require_node_http(), 1))).request;
  return new Promise((resolve4, reject) => {
    const req = send2(
      url,
      {
        method: "POST",
        headers: { "Content-Type": "application/json", "Content-Length": data.length },
        timeout: timeoutMs
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve4(res.statusCode ?? 0));
        res.on("error", reject);
      }
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(data);
  });
}
var HEROKU_DEFAULT_INTERVAL_MS, HEROKU_MIN_INTERVAL_MS, REMOVED_PLUGIN_ENV, PLUGIN_PATH;
var init_heroku = __esm({
  "lib/metrics/heroku.ts"() {
    "use strict";
    HEROKU_DEFAULT_INTERVAL_MS = 2e4;
    HEROKU_MIN_INTERVAL_MS = 1e4;
    REMOVED_PLUGIN_ENV = "TSICORN_HEROKU_PLUGIN";
    PLUGIN_PATH = /(?:^|\/)(?:metrics_collector\.cjs|heroku-nodejs-plugin\/?)$/;
  }
});

// lib/metrics/histogram.ts
function bucketOf(seconds) {
  let lo = 0;
  let hi = BOUNDS.length;
  while (lo < hi) {
    const mid = lo + hi >>> 1;
    if (seconds <= BOUNDS[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
function addNative(into, h) {
  const count = h.count;
  if (!(count > 0)) return;
  const minS = h.min / 1e9;
  const maxS = h.max / 1e9;
  let prevCum = 0;
  for (let i = 0; i < BOUNDS.length; i++) {
    const bound = BOUNDS[i];
    let cum;
    if (bound < minS) cum = 0;
    else if (bound >= maxS) cum = count;
    else {
      let lo = 0;
      let hi = 100;
      for (let k = 0; k < 12; k++) {
        const mid = (lo + hi) / 2;
        if (h.percentile(mid) / 1e9 <= bound) lo = mid;
        else hi = mid;
      }
      cum = Math.round(count * lo / 100);
    }
    if (cum < prevCum) cum = prevCum;
    into.counts[i] += cum - prevCum;
    prevCum = cum;
    if (cum >= count) break;
  }
  if (prevCum < count) into.counts[BOUNDS.length] += count - prevCum;
  into.sum += h.mean / 1e9 * count;
  into.n += count;
}
var MANTISSAS, BOUNDS, BUCKETS, PROMETHEUS_BOUNDS, Histogram;
var init_histogram = __esm({
  "lib/metrics/histogram.ts"() {
    "use strict";
    MANTISSAS = [1, 1.1, 1.25, 1.4, 1.6, 1.8, 2, 2.25, 2.5, 2.8, 3, 3.5, 4, 4.5, 5, 5.5, 6, 7, 8, 9];
    BOUNDS = (() => {
      const out = [];
      for (let exp = -4; exp <= 1; exp++) for (const m of MANTISSAS) out.push(Number(`${m}e${exp}`));
      out.push(100);
      return out;
    })();
    BUCKETS = BOUNDS.length + 1;
    PROMETHEUS_BOUNDS = [
      1e-3,
      25e-4,
      5e-3,
      0.01,
      0.025,
      0.05,
      0.1,
      0.25,
      0.5,
      1,
      2.5,
      5,
      10,
      30,
      60
    ];
    Histogram = class _Histogram {
      counts = new Float64Array(BUCKETS);
      sum = 0;
      n = 0;
      observe(seconds) {
        this.counts[bucketOf(seconds)]++;
        this.sum += seconds;
        this.n++;
      }
      toWire() {
        const b = [];
        for (let i = 0; i < BUCKETS; i++) if (this.counts[i] > 0) b.push(i, this.counts[i]);
        return { b, sum: this.sum, n: this.n };
      }
      static fromWire(w) {
        const h = new _Histogram();
        h.addWire(w);
        return h;
      }
      addWire(w) {
        for (let i = 0; i + 1 < w.b.length; i += 2) {
          const idx = w.b[i];
          if (idx >= 0 && idx < BUCKETS) this.counts[idx] += w.b[i + 1];
        }
        this.sum += w.sum;
        this.n += w.n;
      }
      add(other) {
        for (let i = 0; i < BUCKETS; i++) this.counts[i] += other.counts[i];
        this.sum += other.sum;
        this.n += other.n;
      }
      /** this - earlier: what was observed since `earlier` (a copy taken from the same running totals). */
      minus(earlier) {
        const d = new _Histogram();
        for (let i = 0; i < BUCKETS; i++) d.counts[i] = Math.max(0, this.counts[i] - earlier.counts[i]);
        d.sum = Math.max(0, this.sum - earlier.sum);
        d.n = Math.max(0, this.n - earlier.n);
        return d;
      }
      clone() {
        const c = new _Histogram();
        c.add(this);
        return c;
      }
      /** The q-quantile (0..1) in seconds, interpolated inside its bucket; null when empty. */
      quantile(q) {
        if (this.n <= 0) return null;
        const rank = Math.min(Math.max(q, 0), 1) * this.n;
        let seen = 0;
        for (let i = 0; i < BUCKETS; i++) {
          const c = this.counts[i];
          if (c <= 0) continue;
          if (seen + c >= rank) {
            const lower = i === 0 ? 0 : BOUNDS[i - 1];
            if (i === BOUNDS.length) return lower;
            const upper = BOUNDS[i];
            return lower + (upper - lower) * Math.max(0, (rank - seen) / c);
          }
          seen += c;
        }
        return BOUNDS[BOUNDS.length - 1];
      }
      /** Cumulative counts at each of `bounds` (each must be one of BOUNDS), for Prometheus `le` buckets. */
      cumulative(bounds = PROMETHEUS_BOUNDS) {
        const out = [];
        let acc = 0;
        let i = 0;
        for (const bound of bounds) {
          const last = bucketOf(bound);
          for (; i <= last; i++) acc += this.counts[i];
          out.push(acc);
        }
        return out;
      }
    };
  }
});

// lib/metrics/collector.ts
var collector_exports = {};
__export(collector_exports, {
  WorkerCollector: () => WorkerCollector,
  loopAndGcWanted: () => loopAndGcWanted
});
function heapStatistics() {
  v8 ??= (0, import_node_module5.createRequire)(import.meta.url)("node:v8");
  return v8.getHeapStatistics();
}
function loopAndGcWanted(settings, env) {
  return settings.metricsInterval > 0 || settings.metricsBind !== null || "url" in herokuTarget(env);
}
var import_node_module5, import_node_perf_hooks2, v8, LOOP_DELAY_RESOLUTION_MS, WorkerCollector;
var init_collector = __esm({
  "lib/metrics/collector.ts"() {
    "use strict";
    import_node_module5 = __toESM(require_node_module(), 1);
    import_node_perf_hooks2 = __toESM(require_node_perf_hooks(), 1);
    init_clock();
    init_heroku();
    init_histogram();
    LOOP_DELAY_RESOLUTION_MS = 10;
    WorkerCollector = class {
      requests = 0;
      inFlight = 0;
      shedCount = 0;
      busyMs = 0;
      busySince = 0;
      queue = new Histogram();
      loopDelay = new Histogram();
      /** Null when no output reports loop delay and GC (see loopAndGcWanted). */
      delayMonitor = null;
      lastLoop;
      gcYoung = 0;
      gcYoungNs = 0;
      gcOld = 0;
      gcOldNs = 0;
      gcObserver = null;
      constructor(opts) {
        this.lastLoop = performance2.eventLoopUtilization();
        if (!opts.loopAndGc) return;
        this.delayMonitor = (0, import_node_perf_hooks2.monitorEventLoopDelay)({ resolution: LOOP_DELAY_RESOLUTION_MS });
        this.delayMonitor.enable();
        this.gcObserver = new import_node_perf_hooks2.PerformanceObserver((list) => {
          for (const e of list.getEntries()) {
            const kind = e.detail?.kind;
            const ns = e.duration * 1e6;
            if (kind === import_node_perf_hooks2.constants.NODE_PERFORMANCE_GC_MINOR) {
              this.gcYoung++;
              this.gcYoungNs += ns;
            } else {
              this.gcOld++;
              this.gcOldNs += ns;
            }
          }
        });
        this.gcObserver.observe({ entryTypes: ["gc"] });
      }
      start(queueMs, now) {
        if (this.inFlight++ === 0) this.busySince = now ?? performance2.now();
        if (queueMs !== null) this.queue.observe(queueMs / 1e3);
      }
      shed() {
        this.shedCount++;
      }
      done() {
        this.requests++;
        if (--this.inFlight === 0) this.busyMs += performance2.now() - this.busySince;
      }
      /** Everything the master wants, read now. Resets the per-window parts (delay max, utilisation). */
      figures() {
        const loop = performance2.eventLoopUtilization();
        const window = performance2.eventLoopUtilization(loop, this.lastLoop);
        this.lastLoop = loop;
        const monitor = this.delayMonitor;
        const delayMaxMs = monitor && monitor.count > 0 ? monitor.max / 1e6 : 0;
        if (monitor) {
          addNative(this.loopDelay, monitor);
          monitor.reset();
        }
        const heap = heapStatistics();
        return {
          requests: this.requests,
          shed: this.shedCount,
          busyMs: this.busyMs + (this.inFlight > 0 ? performance2.now() - this.busySince : 0),
          loopActiveMs: loop.active,
          loopIdleMs: loop.idle,
          gcYoung: this.gcYoung,
          gcYoungNs: this.gcYoungNs,
          gcOld: this.gcOld,
          gcOldNs: this.gcOldNs,
          queue: this.queue.toWire(),
          loopDelay: this.loopDelay.toWire(),
          inFlight: this.inFlight,
          rss: process.memoryUsage.rss(),
          heapUsed: heap.used_heap_size,
          heapTotal: heap.total_heap_size,
          heapLimit: heap.heap_size_limit,
          loopUtilization: window.utilization,
          loopDelayMaxMs: delayMaxMs
        };
      }
      close() {
        this.delayMonitor?.disable();
        this.gcObserver?.disconnect();
      }
    };
  }
});

// node-builtin:node:diagnostics_channel
var require_node_diagnostics_channel = __commonJS({
  "node-builtin:node:diagnostics_channel"(exports, module) {
    module.exports = __require("node:diagnostics_channel");
  }
});

// lib/metrics/request-start.ts
function requestStartMs(header2) {
  if (header2 === void 0) return null;
  let raw = Array.isArray(header2) ? header2[0] : header2;
  if (raw === void 0) return null;
  const comma = raw.indexOf(",");
  if (comma >= 0) raw = raw.slice(0, comma);
  const m = FORMAT.exec(raw);
  if (!m) return null;
  const v = Number(m[1]);
  let ms2;
  if (v < 1e11) ms2 = v * 1e3;
  else if (v < 1e14) ms2 = v;
  else if (v < 1e17) ms2 = v / 1e3;
  else ms2 = v / 1e6;
  return ms2 >= EARLIEST_MS ? ms2 : null;
}
function queueTimeMs(header2, nowMs) {
  const start = requestStartMs(header2);
  if (start === null) return null;
  return nowMs > start ? nowMs - start : 0;
}
var FORMAT, EARLIEST_MS;
var init_request_start = __esm({
  "lib/metrics/request-start.ts"() {
    "use strict";
    FORMAT = /^\s*(?:t=)?(\d{1,20}(?:\.\d{1,9})?)\s*$/;
    EARLIEST_MS = 9466848e5;
  }
});

// lib/http/access.ts
function byteLength(chunk, encoding) {
  if (typeof chunk === "string")
    return Buffer.byteLength(chunk, typeof encoding === "string" ? encoding : "utf8");
  if (chunk && typeof chunk.byteLength === "number") return chunk.byteLength;
  return 0;
}
function accessRecorder(logger) {
  const inFlight = /* @__PURE__ */ new Map();
  function write(chunk, ...rest) {
    const r = inFlight.get(this);
    if (r) r.bytes += byteLength(chunk, rest[0]);
    return nativeWrite.call(this, chunk, ...rest);
  }
  function end(chunk, ...rest) {
    const r = inFlight.get(this);
    if (r && typeof chunk !== "function") r.bytes += byteLength(chunk, rest[0]);
    return nativeEnd.call(this, chunk, ...rest);
  }
  return {
    started(req, res, t0, queueMs, trust) {
      inFlight.set(res, {
        startMs: Date.now(),
        t0,
        queueMs,
        remoteAddr: clientAddress(req, trust),
        bytes: 0
      });
      res.write = write;
      res.end = end;
    },
    finished(req, res) {
      const r = inFlight.get(res);
      if (!r) return;
      inFlight.delete(res);
      try {
        logger.access({
          req,
          res,
          remoteAddr: r.remoteAddr,
          startTime: new Date(r.startMs),
          durationUs: Math.round((performance2.now() - r.t0) * 1e3),
          bytesSent: req.method === "HEAD" ? 0 : r.bytes,
          queueMs: r.queueMs
        });
      } catch (e) {
        logger.error(`access log failed: ${e?.stack ?? e}`);
      }
    },
    forget(res) {
      inFlight.delete(res);
    }
  };
}
var import_node_http, nativeWrite, nativeEnd;
var init_access = __esm({
  "lib/http/access.ts"() {
    "use strict";
    import_node_http = __toESM(require_node_http(), 1);
    init_clock();
    init_forwarded();
    nativeWrite = import_node_http.ServerResponse.prototype.write;
    nativeEnd = import_node_http.ServerResponse.prototype.end;
  }
});

// lib/http/limits.ts
function maxHeaderSize(limits) {
  const line = limits.limitRequestLine > 0 ? limits.limitRequestLine : MAX_HEAD_BYTES;
  const field2 = limits.limitRequestFieldSize > 0 ? limits.limitRequestFieldSize : MAX_HEAD_BYTES;
  const fields = limits.limitRequestFields > 0 ? limits.limitRequestFields : 32768;
  const perField = Math.min(MAX_HEAD_BYTES, Math.max(16 * 1024, line + 2 + (fields + 1) * (field2 + 2) + 2));
  const total = limits.limitRequestHeadSize ?? 0;
  return total > 0 ? Math.min(perField, total) : perField;
}
function checkLineAndCount(head, limits) {
  const lineLength = head.method.length + 1 + head.url.length + 1 + "HTTP/".length + head.httpVersion.length;
  if (limits.limitRequestLine > 0 && lineLength > limits.limitRequestLine)
    return {
      status: 414,
      reason: `request line is ${lineLength} bytes, over limit_request_line ${limits.limitRequestLine}`
    };
  const count = head.rawHeaders.length / 2;
  if (limits.limitRequestFields > 0 && count > limits.limitRequestFields)
    return {
      status: 431,
      reason: `${count} header fields, over limit_request_fields ${limits.limitRequestFields}`
    };
  return null;
}
function fieldTooLarge(name, value, limit) {
  const size = name.length + 2 + value.length + 2;
  if (size <= limit) return null;
  return { status: 431, reason: `header ${name} is ${size} bytes, over limit_request_field_size ${limit}` };
}
function clientErrorStatus(code) {
  switch (code) {
    case "ECONNRESET":
    case "EPIPE":
      return null;
    case "HPE_HEADER_OVERFLOW":
      return { status: 431 };
    case "HPE_URI_TOO_LONG":
      return { status: 414 };
    case "ERR_HTTP_REQUEST_TIMEOUT":
    case "HPE_HEADERS_TIMEOUT":
      return { status: 408 };
    default:
      return { status: 400 };
  }
}
var MAX_HEAD_BYTES;
var init_limits = __esm({
  "lib/http/limits.ts"() {
    "use strict";
    MAX_HEAD_BYTES = 16 * 1024 * 1024;
  }
});

// lib/http/target.ts
function portInRange(port) {
  return port.length < 5 || Number(port) <= 65535;
}
function parseHostPort(value) {
  let host;
  let rest;
  if (value.charCodeAt(0) === 91) {
    const end = value.indexOf("]");
    if (end < 0) return null;
    host = value.slice(0, end + 1);
    rest = value.slice(end + 1);
    const literal = value.slice(1, end);
    if (!IPV_FUTURE.test(literal) && (literal.includes("%") || !isIPv6(literal))) return null;
    if (rest !== "" && rest.charCodeAt(0) !== 58) return null;
  } else {
    const colon = value.indexOf(":");
    host = colon < 0 ? value : value.slice(0, colon);
    rest = colon < 0 ? "" : value.slice(colon);
    if (!REG_NAME.test(host)) return null;
  }
  if (rest === "") return { host, port: null };
  const port = rest.slice(1);
  if (!PORT.test(port) || !portInRange(port)) return null;
  return { host, port };
}
function plainHost(value) {
  let i = 0;
  for (; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 58) break;
    const letterOrDigit = c >= 48 && c <= 57 || (c | 32) >= 97 && (c | 32) <= 122;
    if (!letterOrDigit && c !== 46 && c !== 45 && c !== 95 && c !== 126)
      return false;
  }
  let port = 0;
  for (let j = i + 1; j < value.length; j++) {
    const d = value.charCodeAt(j) - 48;
    if (d < 0 || d > 9) return false;
    port = port * 10 + d;
    if (port > 65535) return false;
  }
  return true;
}
function validHost(value) {
  if (value === lastPlainHost) return true;
  if (plainHost(value)) {
    lastPlainHost = value;
    return true;
  }
  if (PLAIN_HOST.test(value)) return false;
  return parseHostPort(value) !== null;
}
function targetProblem(method, url, host) {
  if (url.charCodeAt(0) === 47)
    return method === "CONNECT" ? "CONNECT needs an authority-form target (host:port)" : null;
  if (method === "CONNECT") {
    const a2 = parseHostPort(url);
    if (!a2 || a2.host === "" || !a2.port) return "CONNECT needs an authority-form target (host:port)";
    return host === void 0 || host.toLowerCase() === url.toLowerCase() ? null : "Host differs from the CONNECT target";
  }
  if (url === "*") return method === "OPTIONS" ? null : `request target * with method ${method}`;
  const m = ABSOLUTE.exec(url);
  if (!m) return "request target is not in origin, absolute, authority or asterisk form";
  const scheme = m[1].toLowerCase();
  if (scheme !== "http" && scheme !== "https") return "absolute-form target with a scheme other than http(s)";
  const authority = m[2];
  const hostPort = authority.slice(authority.lastIndexOf("@") + 1);
  const a = parseHostPort(hostPort);
  if (!a || a.host === "") return "absolute-form target without a valid host";
  if (host !== void 0 && host.toLowerCase() !== hostPort.toLowerCase())
    return "Host differs from the absolute-form target";
  return null;
}
function transferEncodingProblem(value) {
  if (value === "chunked") return null;
  const codings = value.toLowerCase().split(",").map((c) => c.replace(/^[ \t]+|[ \t]+$/g, "")).filter((c) => c !== "");
  if (codings.at(-1) !== "chunked")
    return "Transfer-Encoding without a final chunked: the body length cannot be determined";
  if (codings.indexOf("chunked") !== codings.length - 1) return "Transfer-Encoding applies chunked twice";
  return null;
}
var PLAIN_HOST, REG_NAME, IPV_FUTURE, PORT, ABSOLUTE, lastPlainHost;
var init_target = __esm({
  "lib/http/target.ts"() {
    "use strict";
    init_ip();
    PLAIN_HOST = /^[A-Za-z0-9._~-]*(?::[0-9]*)?$/;
    REG_NAME = /^(?:[A-Za-z0-9._~!$&'()*+,;=-]|%[0-9A-Fa-f]{2})*$/;
    IPV_FUTURE = /^[vV][0-9A-Fa-f]+\.[A-Za-z0-9._~!$&'()*+,;=:-]+$/;
    PORT = /^[0-9]*$/;
    ABSOLUTE = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)/;
    lastPlainHost = "";
  }
});

// lib/http/conformance.ts
function emptyHeadFacts() {
  return { requestStart: void 0, forwarded: false, chunked: false };
}
function nameIs(name, lower) {
  for (let i = lower.length - 1; i >= 0; i--)
    if ((name.charCodeAt(i) | 32) !== lower.charCodeAt(i)) return false;
  return true;
}
function checkHead(head, limits, facts) {
  facts.requestStart = void 0;
  facts.forwarded = false;
  facts.chunked = false;
  const limited = checkLineAndCount(head, limits);
  if (limited) return limited;
  const maxField = limits.limitRequestFieldSize;
  const raw = head.rawHeaders;
  let host;
  let contentType = false;
  let transferEncoding;
  let duplicate;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    if (maxField > 0) {
      const big = fieldTooLarge(name, raw[i + 1], maxField);
      if (big) return big;
    }
    const first = name.charCodeAt(0) | 32;
    switch (name.length) {
      case 4:
        if (first === 104 && nameIs(name, "host")) {
          if (host !== void 0) duplicate ??= name;
          else host = raw[i + 1];
        }
        break;
      case 12:
        if (first === 99 && nameIs(name, "content-type")) {
          if (contentType) duplicate ??= name;
          contentType = true;
        }
        break;
      case 15:
        if (first !== 120) break;
        if (nameIs(name, "x-forwarded-for")) facts.forwarded = true;
        else if (nameIs(name, "x-request-start")) facts.requestStart ??= raw[i + 1];
        break;
      case 17:
        if (first === 116 && nameIs(name, "transfer-encoding")) {
          const value = raw[i + 1];
          transferEncoding = transferEncoding === void 0 ? value : `${transferEncoding}, ${value}`;
        } else if (first === 120 && nameIs(name, "x-forwarded-proto")) facts.forwarded = true;
        break;
    }
  }
  if (head.httpVersionMajor !== 1)
    return { status: 505, reason: `HTTP/${head.httpVersionMajor}.${head.httpVersionMinor} is not supported` };
  if (duplicate !== void 0) return { status: 400, reason: `more than one ${duplicate} header` };
  if (host === void 0) {
    if (head.httpVersionMinor >= 1) return { status: 400, reason: "HTTP/1.1 request without Host" };
  } else if (!validHost(host)) return { status: 400, reason: "Host is not a valid host[:port]" };
  if (transferEncoding !== void 0) {
    facts.chunked = true;
    if (head.httpVersionMinor === 0)
      return { status: 400, reason: "Transfer-Encoding in an HTTP/1.0 request" };
    const problem2 = transferEncodingProblem(transferEncoding);
    if (problem2) return { status: 400, reason: problem2 };
  }
  const problem = targetProblem(head.method ?? "", head.url ?? "", host);
  if (problem) return { status: 400, reason: problem };
  return null;
}
function forbiddenTrailer(rawTrailers) {
  for (let i = 0; i < rawTrailers.length; i += 2)
    if (FORBIDDEN_TRAILERS.has(rawTrailers[i].toLowerCase())) return rawTrailers[i];
  return null;
}
var FORBIDDEN_TRAILERS;
var init_conformance = __esm({
  "lib/http/conformance.ts"() {
    "use strict";
    init_limits();
    init_target();
    FORBIDDEN_TRAILERS = /* @__PURE__ */ new Set([
      "host",
      "content-length",
      "transfer-encoding",
      "content-type",
      "content-encoding",
      "authorization",
      "cookie",
      "expect",
      "te",
      "trailer"
    ]);
  }
});

// lib/http/deadlines.ts
function deadlines(s) {
  const headMs = s.headerTimeout * 1e3;
  const idleS = s.keepalive > 0 ? s.keepalive : FIRST_BYTE_WITHOUT_KEEPALIVE_S;
  const firstByteMs = Math.min(headMs, idleS * 1e3);
  const keepAliveMs = s.keepalive * 1e3;
  const bodyIdleMs = s.bodyIdleTimeout * 1e3;
  const shortest = Math.min(headMs, firstByteMs, bodyIdleMs || Number.POSITIVE_INFINITY);
  const sweepMs = Math.min(1e3, Math.max(50, Math.floor(shortest / 8)));
  return { headMs, firstByteMs, keepAliveMs, bodyIdleMs, sweepMs };
}
function judge(f, d, now) {
  if (f.busy)
    return d.bodyIdleMs > 0 && f.bodyFlowing && now - f.bodySince >= d.bodyIdleMs ? "body-idle" : "keep";
  if (f.headSince) return now - f.headSince >= d.headMs ? "head-timeout" : "keep";
  const idleLimit = f.served ? d.keepAliveMs || d.firstByteMs : d.firstByteMs;
  return now - f.waitingSince >= idleLimit ? "idle" : "keep";
}
var FIRST_BYTE_WITHOUT_KEEPALIVE_S;
var init_deadlines = __esm({
  "lib/http/deadlines.ts"() {
    "use strict";
    FIRST_BYTE_WITHOUT_KEEPALIVE_S = 5;
  }
});

// lib/http/connections.ts
function freshState(now) {
  return {
    busy: false,
    bodyFlowing: false,
    served: false,
    waitingSince: now,
    headSince: 0,
    bodySince: now,
    waitBytes: 0,
    bodyBytes: 0,
    incoming: null,
    written: 0,
    busyBefore: false,
    lastActive: now,
    lastBytes: 0,
    wasBusy: false
  };
}
var IDLE_BEFORE_CLOSE_MS, speaksHttp, UNSEEN, ConnectionTracker;
var init_connections = __esm({
  "lib/http/connections.ts"() {
    "use strict";
    init_deadlines();
    IDLE_BEFORE_CLOSE_MS = 250;
    speaksHttp = (sock) => !!sock.parser;
    UNSEEN = 0;
    ConnectionTracker = class {
      // A connection's state is made by the first sweep that sees it, not when it opens: at
      // Connection: close rates most connections are gone before any sweep, and an object, a clock
      // read and a Map value per connection were a measurable part of each request. Its waits then
      // count from that sweep: a deadline is enforced at most two sweeps late (./deadlines.ts).
      conns = /* @__PURE__ */ new Map();
      opts;
      timer;
      constructor(server, opts) {
        this.opts = opts;
        const conns = this.conns;
        const onClosed = opts.onClosed;
        function forget() {
          conns.delete(this);
          if (onClosed) onClosed(this);
        }
        server.on("connection", (sock) => {
          conns.set(sock, UNSEEN);
          sock.on("close", forget);
        });
        this.timer = setInterval(() => this.sweep(), opts.deadlines.sweepMs).unref();
      }
      get size() {
        return this.conns.size;
      }
      /**
       * Open connections still speaking HTTP. An upgraded one (WebSocket) has no parser: it is the
       * app's, lives as long as the app keeps it, and is neither waited for nor closed by the drain
       * (a busy chat socket held every TERM and reload for the whole graceful timeout, and the app's
       * SIGTERM handler, which runs after the drain, could only find it already cut).
       */
      get httpSize() {
        let n = 0;
        for (const sock of this.conns.keys()) if (speaksHttp(sock)) n++;
        return n;
      }
      /** Every open connection. */
      sockets() {
        return this.conns.keys();
      }
      /** The state of every connection, made now for those no sweep has seen. */
      states(now) {
        for (const [sock, st] of this.conns) if (st === UNSEEN) this.conns.set(sock, freshState(now));
        return this.conns;
      }
      /** Look at every connection once and close those past a deadline. */
      sweep(now = Date.now()) {
        const busy = this.opts.busySockets();
        for (const [sock, st] of this.states(now)) {
          const parser = sock.parser;
          if (!parser || !sock.writable) continue;
          const bytes = sock.bytesRead;
          const incoming = parser.incoming ?? null;
          const written = sock.bytesWritten;
          st.busy = busy.has(sock);
          if (st.busy) {
            const flowing = incoming !== null && incoming.complete === false && !sock.isPaused();
            if (flowing && (!st.bodyFlowing || bytes !== st.bodyBytes)) st.bodySince = now;
            st.bodyFlowing = flowing;
            st.bodyBytes = bytes;
            st.incoming = incoming;
            st.written = written;
            st.busyBefore = true;
          } else if (st.busyBefore || incoming !== st.incoming || written !== st.written) {
            st.busyBefore = false;
            st.incoming = incoming;
            st.written = written;
            st.served = true;
            st.waitingSince = now;
            st.waitBytes = bytes;
            st.headSince = 0;
          } else if (!st.headSince && bytes !== st.waitBytes) st.headSince = now;
          const verdict = judge(st, this.opts.deadlines, now);
          if (verdict !== "keep") this.opts.onExpired(sock, verdict);
        }
      }
      /** Draining starts: every open connection gets a full idle period before it may be closed. */
      startDraining(now = Date.now()) {
        for (const st of this.states(now).values()) {
          st.lastActive = now;
          st.lastBytes = -1;
        }
      }
      /**
       * Close connections with no request in flight (`busy` holds the sockets that have one) that
       * saw no traffic for IDLE_BEFORE_CLOSE_MS. Called every few milliseconds while draining.
       */
      closeIdle(busy, now = Date.now()) {
        for (const [sock, st] of this.states(now)) {
          if (!speaksHttp(sock)) continue;
          const isBusy = busy.has(sock) || sock.writableLength > 0;
          const changed = isBusy || st.wasBusy || sock.bytesRead !== st.lastBytes;
          st.wasBusy = isBusy;
          st.lastBytes = sock.bytesRead;
          if (changed) st.lastActive = now;
          else if (now - st.lastActive >= IDLE_BEFORE_CLOSE_MS) sock.destroy();
        }
      }
      /** Destroy every connection, or with `keepUpgraded` every HTTP one; returns how many were kept. */
      destroyAll(keepUpgraded = false) {
        clearInterval(this.timer);
        let kept = 0;
        for (const sock of this.conns.keys()) {
          if (keepUpgraded && !speaksHttp(sock)) kept++;
          else sock.destroy();
        }
        return kept;
      }
    };
  }
});

// lib/http/server.ts
var server_exports = {};
__export(server_exports, {
  createHttpServer: () => createHttpServer,
  requestLineOf: () => requestLineOf
});
function requestLineOf(raw) {
  if (!raw) return { url: "-", httpVersion: "" };
  const text = raw.subarray(0, 8192).toString("latin1");
  const eol = text.indexOf("\n");
  const m = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) (\S+)(?: HTTP\/(\d\.\d))?\r?$/.exec(
    eol < 0 ? text : text.slice(0, eol)
  );
  if (!m) return { url: "-", httpVersion: "" };
  return { method: m[1], url: m[2].slice(0, MAX_LOGGED_URL), httpVersion: m[3] ?? "" };
}
function onResponseFinish(message) {
  const m = message;
  const onSent = m.server[kOnSent];
  if (onSent !== void 0) onSent(m.response, m.socket);
}
function watchSentResponses(server, onSent) {
  server[kOnSent] = onSent;
  if (watchingSent) return;
  (0, import_node_diagnostics_channel.subscribe)("http.server.response.finish", onResponseFinish);
  watchingSent = true;
}
function lingerThenDestroy(socket) {
  if (lingering.has(socket)) return;
  lingering.add(socket);
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}
function discardRest(socket) {
  const parser = socket.parser;
  parser?.unconsume?.();
  socket.removeAllListeners("data");
  let left = DISCARD_AFTER_REFUSAL;
  const drop = (chunk) => {
    left -= chunk.length;
    if (left > 0) return;
    socket.off("data", drop);
    socket.pause();
  };
  socket.on("data", drop);
  socket.resume();
}
function plainAnswer(res, status, body) {
  for (const name of res.getHeaderNames()) res.removeHeader(name);
  res.shouldKeepAlive = false;
  res.statusCode = status;
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.setHeader("Content-Length", Buffer.byteLength(body));
  res.setHeader("Connection", "close");
  const socket = res.socket;
  if (socket)
    socket.destroySoon = () => {
      socket.end();
      lingerThenDestroy(socket);
    };
  res.end(body);
}
function createHttpServer(app, settings, logger, hooks = {}, events = {}) {
  const trust = parseTrustList(settings.forwardedAllowIps);
  const accessOn = settings.accesslog !== null;
  const keepAlive = settings.keepalive > 0;
  const maxQueueMs = settings.maxQueueTime * 1e3;
  const meter = events.meter;
  const server = (0, import_node_http2.createServer)({
    maxHeaderSize: maxHeaderSize(settings),
    // Long uploads and streams are the app's business; Gunicorn has no overall request deadline.
    requestTimeout: 0,
    // Host is checked in ./conformance.ts instead, in order: Node's own check answers a pipelined
    // request ahead of the one before it.
    requireHostHeader: false
  });
  registerTrust(server, trust);
  if (keepAlive) server.keepAliveTimeout = settings.keepalive * 1e3;
  server.headersTimeout = 0;
  let inFlight = 0;
  const queued = /* @__PURE__ */ new Map();
  const refused = /* @__PURE__ */ new WeakSet();
  let draining = false;
  let handoffStart = 0;
  let handoffSpan = 0;
  const closeFrom = /* @__PURE__ */ new WeakMap();
  const closesNow = (sock, now) => {
    if (handoffSpan <= 0) return true;
    let at = closeFrom.get(sock);
    if (at === void 0) {
      at = handoffStart + Math.random() * handoffSpan;
      closeFrom.set(sock, at);
    }
    return now >= at;
  };
  const eachInFlight = (visit) => {
    for (const sock of connections.sockets()) {
      const s = sock;
      const res = s._httpMessage;
      if (res && servingOn(s)) visit(res, s[kStartedAt]);
    }
    for (const [res, t] of queued) visit(res, t);
  };
  const busySockets = () => {
    const busy = /* @__PURE__ */ new Set();
    eachInFlight((res) => busy.add(res.req.socket));
    return busy;
  };
  const facts = emptyHeadFacts();
  const preRequest = hooks.preRequest;
  const postRequest = hooks.postRequest;
  const onRequestDone = events.onRequestDone;
  const access = accessOn ? accessRecorder(logger) : null;
  const appFailed = (err, req, res) => {
    if (err?.code === "ECONNRESET" && (req.destroyed || res.destroyed)) {
      logger.debug(`Request ${req.method} ${req.url} aborted: ${err.message}`);
      return;
    }
    logger.error(`Error handling request ${req.method} ${req.url}
${err?.stack ?? String(err)}`);
    if (!res.headersSent) plainAnswer(res, 500, "Internal Server Error\n");
    else if (!res.writableEnded) res.destroy();
  };
  const logRawAnswer = (socket, head, remoteAddr, status, bytes) => {
    if (!accessOn) return;
    try {
      const req = new import_node_http2.IncomingMessage(socket);
      req.method = head.method;
      req.url = head.url ?? "-";
      req.httpVersion = head.httpVersion;
      if (head.headers) req.headers = head.headers;
      const res = new import_node_http2.ServerResponse(req);
      res.statusCode = status;
      logger.access({
        req,
        res,
        remoteAddr,
        startTime: /* @__PURE__ */ new Date(),
        durationUs: 0,
        bytesSent: bytes
      });
    } catch (e) {
      logger.error(`access log failed: ${e?.stack ?? e}`);
    }
  };
  const answerRaw = (socket, head, status) => {
    const text = import_node_http2.STATUS_CODES[status];
    const body = `${text}
`;
    logRawAnswer(socket, head, peerAddress(socket), status, Buffer.byteLength(body));
    socket.end(
      `HTTP/1.1 ${status} ${text}\r
Connection: close\r
Content-Type: text/plain; charset=utf-8\r
Content-Length: ${Buffer.byteLength(body)}\r
\r
${body}`
    );
  };
  const reject = (req, res, r) => {
    logger.debug(`Rejected ${req.method} request from ${req.socket.remoteAddress}: ${r.status} ${r.reason}`);
    plainAnswer(res, r.status, `${import_node_http2.STATUS_CODES[r.status]}: ${r.reason}
`);
  };
  const shed = (req, res, waitedMs) => {
    meter?.shed();
    const waited = (waitedMs / 1e3).toFixed(1);
    logger.warning(
      `Shed ${req.method} ${req.url}: it waited ${waited} s before a worker took it (X-Request-Start), over --max-queue-time ${settings.maxQueueTime} s; answered 503 without running the app`
    );
    plainAnswer(
      res,
      503,
      `Service Unavailable: the request waited ${waited} s before a worker could take it
`
    );
  };
  const ended = (res, sent) => {
    const req = res.req;
    inFlight--;
    if (queued.size === 0 || !queued.delete(res)) req.socket[kStartedAt] = NOT_SERVING;
    if (sent) {
      access?.finished(req, res);
      if (!req.complete) {
        req.socket.end();
        lingerThenDestroy(req.socket);
      }
    } else access?.forget(res);
    if (postRequest && !refused.has(res)) runHook(logger, "postRequest", postRequest, req, res);
    meter?.done();
    if (onRequestDone)
      try {
        onRequestDone();
      } catch (e) {
        logger.error(`request accounting failed: ${e?.stack ?? e}`);
      }
  };
  const responseSent = (res, sock) => {
    if (queued.size > 0 && queued.has(res) || servingOn(sock)) ended(res, true);
  };
  watchSentResponses(server, responseSent);
  const connectionClosed = (sock) => {
    const s = sock;
    if (s._httpMessage && servingOn(s)) ended(s._httpMessage, false);
    if (queued.size > 0) {
      for (const res of queued.keys()) if (res.req.socket === sock) ended(res, false);
    }
  };
  function chunkedBodyEnded() {
    const bad = this.rawTrailers.length ? forbiddenTrailer(this.rawTrailers) : null;
    if (!bad) return;
    logger.debug(`Closing connection from ${this.socket.remoteAddress}: forbidden trailer field ${bad}`);
    this.socket.destroy();
  }
  const handle = (req, res, expectsContinue) => {
    const rejection = checkHead(req, settings, facts);
    const now = performance2.now();
    inFlight++;
    if (res.socket !== null) req.socket[kStartedAt] = Math.floor(now);
    else queued.set(res, Math.floor(now));
    let queueMs = null;
    if (facts.requestStart !== void 0) queueMs = queueTimeMs(facts.requestStart, Date.now());
    meter?.start(queueMs, now);
    if (access) access.started(req, res, now, queueMs, facts.forwarded ? trust : null);
    if (draining && closesNow(req.socket, now) || !keepAlive) res.shouldKeepAlive = false;
    const tooLate = !rejection && maxQueueMs > 0 && queueMs !== null && queueMs > maxQueueMs;
    if (rejection || tooLate) {
      refused.add(res);
      if (rejection) return reject(req, res, rejection);
      return shed(req, res, queueMs);
    }
    if (facts.chunked) req.on("end", chunkedBodyEnded);
    if (expectsContinue) res.writeContinue();
    if (preRequest) runHook(logger, "preRequest", preRequest, req);
    try {
      const r = app.listener(req, res);
      if (r && typeof r.then === "function") r.then(void 0, (e) => appFailed(e, req, res));
    } catch (e) {
      appFailed(e, req, res);
    }
  };
  server.on("request", (req, res) => handle(req, res, false));
  if (app.upgrade) {
    const upgrade = app.upgrade;
    server.on("upgrade", (req, socket, head) => {
      const rejection = checkHead(req, settings, facts);
      if (rejection) {
        const remoteAddr = clientAddress(req, facts.forwarded ? trust : null);
        socket.end(
          `HTTP/1.1 ${rejection.status} ${import_node_http2.STATUS_CODES[rejection.status]}\r
Connection: close\r
Content-Length: 0\r
\r
`
        );
        logRawAnswer(socket, req, remoteAddr, rejection.status, 0);
        return;
      }
      try {
        upgrade(req, socket, head);
      } catch (e) {
        logger.error(`Error handling upgrade ${req.url}
${e?.stack ?? e}`);
        socket.destroy();
      }
    });
  }
  server.on("connect", (req, socket) => {
    const res = new import_node_http2.ServerResponse(req);
    res.shouldKeepAlive = false;
    res.assignSocket(socket);
    res.once("finish", () => {
      responseSent(res, socket);
      res.detachSocket(socket);
      socket.end();
      lingerThenDestroy(socket);
      res.emit("close");
    });
    req.push(null);
    handle(req, res, false);
  });
  server.on("checkContinue", (req, res) => handle(req, res, true));
  server.on("clientError", (err, socket) => {
    const decision = clientErrorStatus(err.code);
    logger.debug(
      `Invalid request from ${socket.remoteAddress ?? "unix socket"}: ${err.code ?? ""} ${err.message}`
    );
    const current = socket._httpMessage;
    if (current && !current.writableFinished && !current.destroyed) {
      if (!current.req.complete) {
        if (current.writableEnded) current.once("close", () => socket.destroySoon());
        else if (current.headersSent) socket.destroy();
        else {
          plainAnswer(current, 400, "Bad Request: malformed request body\n");
          current.once("close", () => socket.destroySoon());
        }
        return;
      }
      if (!current.headersSent) current.shouldKeepAlive = false;
      current.once("close", () => socket.destroySoon());
      return;
    }
    if (!socket.writable && !socket.destroyed) {
      lingerThenDestroy(socket);
      return;
    }
    if (!decision || !socket.writable) {
      socket.destroy();
      return;
    }
    answerRaw(socket, requestLineOf(err.rawPacket), decision.status);
    discardRest(socket);
    lingerThenDestroy(socket);
  });
  const connections = new ConnectionTracker(server, {
    deadlines: deadlines(settings),
    busySockets,
    onClosed: connectionClosed,
    onExpired(sock, why) {
      if (why === "head-timeout") {
        logger.debug(
          `Request head from ${peerAddress(sock) || "unix socket"} incomplete after ${settings.headerTimeout} s: 408`
        );
        answerRaw(sock, { url: "-", httpVersion: "" }, 408);
        lingerThenDestroy(sock);
      } else {
        if (why === "body-idle")
          logger.debug(
            `Closing connection from ${peerAddress(sock) || "unix socket"}: no request body byte for ${settings.bodyIdleTimeout} s`
          );
        sock.destroy();
      }
    }
  });
  return {
    server,
    drain(handoffMs2 = 0) {
      draining = true;
      handoffStart = performance2.now();
      handoffSpan = handoffMs2;
      eachInFlight((res) => {
        if (!res.headersSent && closesNow(res.req.socket, handoffStart)) res.shouldKeepAlive = false;
      });
    },
    inFlight: () => inFlight,
    activeRequests: () => {
      const wall = Date.now();
      const mono = performance2.now();
      const list = [];
      eachInFlight(
        (res, t) => list.push({ method: res.req.method ?? "", url: res.req.url ?? "", startedAt: wall - (mono - t) })
      );
      return list;
    },
    busySockets,
    connections
  };
}
var import_node_diagnostics_channel, import_node_http2, MAX_LOGGED_URL, kStartedAt, NOT_SERVING, servingOn, kOnSent, watchingSent, LINGER_MS, lingering, DISCARD_AFTER_REFUSAL;
var init_server = __esm({
  "lib/http/server.ts"() {
    "use strict";
    import_node_diagnostics_channel = __toESM(require_node_diagnostics_channel(), 1);
    import_node_http2 = __toESM(require_node_http(), 1);
    init_clock();
    init_request_start();
    init_hooks();
    init_access();
    init_conformance();
    init_connections();
    init_deadlines();
    init_forwarded();
    init_limits();
    MAX_LOGGED_URL = 4096;
    kStartedAt = /* @__PURE__ */ Symbol("tsicorn.requestStartedAt");
    NOT_SERVING = -1;
    servingOn = (sock) => (sock[kStartedAt] ?? NOT_SERVING) >= 0;
    kOnSent = /* @__PURE__ */ Symbol("tsicorn.onResponseSent");
    watchingSent = false;
    LINGER_MS = 1e3;
    lingering = /* @__PURE__ */ new WeakSet();
    DISCARD_AFTER_REFUSAL = 64 * 1024;
  }
});

// node-builtin:node:inspector
var require_node_inspector = __commonJS({
  "node-builtin:node:inspector"(exports, module) {
    module.exports = __require("node:inspector");
  }
});

// lib/server/worker.ts
var worker_exports = {};
__export(worker_exports, {
  runWorker: () => runWorker
});
function send(msg) {
  if (process.connected) process.send?.(msg);
}
async function runWorker() {
  forgetCompileCacheEnv(process.env);
  deferAppSignals(IGNORED_SIGNALS);
  let gotInit = () => {
  };
  const initArrived = new Promise((resolve4) => {
    gotInit = resolve4;
  });
  let onMaster = (msg, handle) => {
    if (msg.t === "init") gotInit(msg);
    else if (msg.t === "stop") exitProcess(0);
    handle?.destroy();
  };
  process.on("message", (msg, handle) => {
    if (isMasterMessage(msg)) onMaster(msg, handle);
    else handle?.destroy();
  });
  let onMasterGone = () => exitProcess(0);
  process.on("disconnect", () => onMasterGone());
  const init = await initArrived;
  let settings;
  try {
    settings = decodeSettings(init.settings);
  } catch (e) {
    process.stderr.write(`Worker ${process.pid}: ${e.message}
`);
    process.exit(EXIT_BOOT_ERROR);
  }
  const log = createLogger(settings);
  process.title = `tsicorn: worker [${settings.procName ?? settings.app}]`;
  const info = { pid: process.pid, age: init.age, settings, log };
  const { loadHooks: loadHooks2 } = await Promise.resolve().then(() => (init_resolve(), resolve_exports));
  const hooks = await loadHooks2(settings.configFile).catch((e) => {
    log.error(`config hooks not loaded: ${e.message}`);
    return {};
  });
  await runHook(log, "postFork", hooks.postFork, null, info);
  if (settings.chdir) process.chdir(settings.chdir);
  const { loadApp: loadApp2 } = await Promise.resolve().then(() => (init_load(), load_exports));
  const { servedAddressOf: servedAddressOf2 } = await Promise.resolve().then(() => (init_served_address(), served_address_exports));
  let app;
  const unguardExit = guardExitWhileLoading((code) => {
    log.error(
      `The app called process.exit(${code}) while loading, before it was served: a failed boot (its own output above says why)`
    );
    log.info(`Worker exiting (pid: ${process.pid})`);
  }, EXIT_BOOT_ERROR);
  try {
    app = await loadApp2(settings.app, {
      cwd: process.cwd(),
      factory: settings.factory,
      captureListens: true,
      keepCapturing: true,
      served: servedAddressOf2(settings.bind),
      bootTimeout: settings.bootTimeout,
      asMain: true,
      log,
      workers: settings.workers,
      onLateFailure(e) {
        log.error(`The app failed after it was served:
${e?.stack ?? String(e)}`);
        process.exit(1);
      }
    });
  } catch (e) {
    log.error(`Exception in worker process:
${e.stack ?? String(e)}`);
    log.info(`Worker exiting (pid: ${process.pid})`);
    exitProcess(EXIT_BOOT_ERROR);
  }
  unguardExit();
  const maxRequests = init.maxRequests;
  let askedToRetire = false;
  const { WorkerCollector: WorkerCollector2, loopAndGcWanted: loopAndGcWanted2 } = await Promise.resolve().then(() => (init_collector(), collector_exports));
  const collector = new WorkerCollector2({ loopAndGc: loopAndGcWanted2(settings, process.env) });
  let reportServing = () => {
  };
  const { createHttpServer: createHttpServer2 } = await Promise.resolve().then(() => (init_server(), server_exports));
  const front = createHttpServer2(
    app,
    settings,
    log,
    {
      preRequest: hooks.preRequest?.bind(null, info),
      postRequest: hooks.postRequest?.bind(null, info)
    },
    {
      meter: collector,
      onRequestDone() {
        const served = collector.requests;
        if (served === 1) reportServing();
        if (maxRequests > 0 && served >= maxRequests && !askedToRetire) {
          askedToRetire = true;
          log.info(`Served ${served} requests (max-requests budget ${maxRequests}): asking for a successor`);
          send({ t: "retire-me", reason: `max-requests (${served})` });
        }
      }
    }
  );
  const server = front.server;
  const connections = front.connections;
  const listening = [];
  const inherited = init.listenFds;
  for (const f of server.listeners("listening"))
    if (f.name === "setupConnectionsTracking") server.off("listening", f);
  const listenOn = (opts) => new Promise((resolve4, reject) => {
    let s = server;
    if (listening.length > 0) {
      s = net2.createServer({ noDelay: true });
      s.on("connection", (sock) => server.emit("connection", sock));
    }
    s.once("error", reject);
    listenUncaptured(s, opts, () => {
      s.off("error", reject);
      if (s !== server) s.on("error", (e) => log.error(`listener error: ${e.message}`));
      listening.push(s);
      resolve4();
    });
  });
  try {
    if (settings.distribution === "reuseport") {
      const { parseBind: parseBind2 } = await Promise.resolve().then(() => (init_bind(), bind_exports));
      for (const b of settings.bind) {
        const addr = parseBind2(b);
        if (addr.kind !== "tcp") throw new Error(`reuseport distribution needs TCP addresses, not ${b}`);
        await listenOn({
          host: addr.host,
          port: addr.port,
          backlog: settings.backlog,
          reusePort: true
        });
      }
    } else {
      for (let i = 0; i < inherited; i++) await listenOn({ fd: 3 + i, backlog: settings.backlog });
    }
  } catch (e) {
    log.error(`worker cannot listen: ${e.message}`);
    process.exit(EXIT_BOOT_ERROR);
  }
  server.on("error", (e) => log.error(`server error: ${e.stack ?? e}`));
  let stopping = false;
  const stop = async (graceful, drainMs, handoffMs2 = 0) => {
    if (stopping) return;
    stopping = true;
    for (const s of listening) net2.Server.prototype.close.call(s);
    if (!graceful) {
      await runHook(log, "workerInt", hooks.workerInt, info);
      endWorker({ graceful, code: 0, deadline: Date.now() + drainMs, log, pid: process.pid });
      return;
    }
    front.drain(handoffMs2);
    connections.startDraining();
    const deadline = Date.now() + drainMs;
    while ((front.inFlight() > 0 || connections.httpSize > 0) && Date.now() < deadline) {
      connections.closeIdle(front.busySockets());
      await new Promise((r) => setTimeout(r, 25));
    }
    const left = front.activeRequests();
    if (left.length > 0) {
      const now = Date.now();
      const list = left.map((r) => `${r.method} ${r.url} (${((now - r.startedAt) / 1e3).toFixed(1)}s)`).join(", ");
      log.error(`Graceful timeout: abandoning ${left.length} request(s) in flight: ${list}`);
    }
    const upgraded = connections.destroyAll(true);
    if (upgraded > 0) {
      log.info(
        `Worker ${process.pid} drained; ${upgraded} upgraded connection(s) (WebSocket) still open: the app's shutdown handlers may close them, else they end with the worker`
      );
    }
    await app.close?.().catch(() => {
    });
    await runHook(log, "workerExit", hooks.workerExit, null, info);
    await new Promise((resolve4) => {
      if (!process.connected) return resolve4();
      const t = setTimeout(resolve4, 200);
      process.send?.(heartbeat(true), void 0, {}, () => {
        clearTimeout(t);
        resolve4();
      });
    });
    log.info(`Worker exiting (pid: ${process.pid})`);
    endWorker({ graceful, code: left.length > 0 ? 1 : 0, deadline: deadline + 400, log, pid: process.pid });
  };
  onMaster = (msg, handle) => {
    if (msg.t === "conn" && handle) {
      if (stopping) handle.destroy();
      else {
        handle.setNoDelay(true);
        server.emit("connection", handle);
      }
    } else if (msg.t === "stop") void stop(msg.graceful, msg.drainMs, msg.handoffMs);
    else if (msg.t === "reopen-logs") log.reopen();
  };
  onMasterGone = () => void stop(true, shutdownBudget(settings.gracefulTimeout).workerDrainMs);
  let figuresAt = 0;
  function heartbeat(withFigures) {
    const now = Date.now();
    if (withFigures || now - figuresAt >= FIGURES_EVERY_MS) {
      figuresAt = now;
      const figures = collector.figures();
      return {
        t: "heartbeat",
        rss: figures.rss,
        requests: figures.requests,
        inFlight: figures.inFlight,
        figures
      };
    }
    return {
      t: "heartbeat",
      rss: process.memoryUsage.rss(),
      requests: collector.requests,
      inFlight: collector.inFlight
    };
  }
  let inspectorWatch = null;
  const beat = () => {
    inspectorWatch?.check();
    send(heartbeat(false));
  };
  reportServing = beat;
  setInterval(beat, heartbeatIntervalMs(settings.timeout)).unref();
  await runHook(log, "postWorkerInit", hooks.postWorkerInit, info);
  for (const note2 of app.notes ?? []) log.info(note2);
  for (const warning of app.warnings ?? []) log.warning(warning);
  const own2 = app.ownKeepAliveMs;
  if (own2 !== void 0 && own2 !== settings.keepalive * 1e3) {
    log.info(
      `The app sets its server's keepAliveTimeout to ${own2 / 1e3} s; tsicorn's --keep-alive (${settings.keepalive} s) applies to the connections it serves: pass --keep-alive ${Math.ceil(own2 / 1e3)} to keep the app's value`
    );
  }
  log.info(`Booted worker with pid: ${process.pid} (${app.shape})`);
  send({ t: "ready", shape: app.shape });
  beat();
  flushWhenIdle(() => front.inFlight());
  if (process.features.inspector)
    setImmediate(async () => {
      inspectorWatch = watchInspector(
        log,
        settings.hangStacks ? INSPECTOR_GRACE_MS : 0,
        await Promise.resolve().then(() => __toESM(require_node_inspector(), 1))
      );
    });
}
var net2, IGNORED_SIGNALS, FIGURES_EVERY_MS;
var init_worker = __esm({
  "lib/server/worker.ts"() {
    "use strict";
    net2 = __toESM(require_node_net(), 1);
    init_app_signals();
    init_exit_while_loading();
    init_listen_capture();
    init_logger();
    init_compile_cache();
    init_messages();
    init_roles();
    init_settings2();
    init_timing();
    init_hooks();
    init_inspector_guard();
    IGNORED_SIGNALS = MASTER_SIGNALS.filter((s) => s !== "SIGUSR1");
    FIGURES_EVERY_MS = 1e3;
  }
});

// lib/app/check.ts
var check_exports = {};
__export(check_exports, {
  runCheckApp: () => runCheckApp
});
async function probe(app) {
  let thrown = null;
  const server = (0, import_node_http3.createServer)((req, res) => {
    const fail = (e) => {
      thrown ??= e;
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end();
      } else res.destroy();
    };
    try {
      const r = app.listener(req, res);
      if (r && typeof r.then === "function") r.then(void 0, fail);
    } catch (e) {
      fail(e);
    }
  });
  await new Promise((resolve4) => listenUncaptured(server, 0, "127.0.0.1", resolve4));
  const { port } = server.address();
  const started = Date.now();
  let status = null;
  let ms2 = 0;
  let grace;
  try {
    const streaming = await new Promise((resolve4, reject) => {
      const req = (0, import_node_http3.request)(
        { host: "127.0.0.1", port, path: "/", headers: { host: "localhost", connection: "close" } },
        (res) => {
          status = res.statusCode ?? 0;
          ms2 = Date.now() - started;
          grace = setTimeout(() => resolve4(true), STREAM_GRACE_MS);
          res.resume();
          res.on("end", () => resolve4(false));
          res.on("error", reject);
        }
      );
      req.setTimeout(
        PROBE_TIMEOUT_MS,
        () => req.destroy(new Error(`no answer within ${PROBE_TIMEOUT_MS / 1e3} s`))
      );
      req.on("error", reject);
      req.end();
    });
    return { status, ms: ms2, error: thrown, streaming };
  } catch (e) {
    if (status !== null) return { status, ms: ms2, error: thrown ?? e, brokeOff: true };
    return { status: null, ms: Date.now() - started, error: thrown ?? e };
  } finally {
    clearTimeout(grace);
    server.closeAllConnections();
    server.close();
  }
}
function describeError(e) {
  return e?.stack ?? String(e);
}
async function runCheckApp(env = process.env) {
  let settings;
  try {
    settings = decodeSettings(env[ENV.checkSettings] ?? "");
    if (!settings.app) throw new Error('no "app" in it');
  } catch (err) {
    process.stderr.write(
      `check-app: ${ENV.checkSettings} must hold the settings as JSON (${err.message})
`
    );
    return 1;
  }
  const cwd = settings.chdir || process.cwd();
  const say = (level) => (m) => process.stderr.write(`check-app: [${level}] ${m}
`);
  let app;
  const unguardExit = guardExitWhileLoading((code) => {
    process.stderr.write(
      `App failed to load: the app called process.exit(${code}) while loading (its own output above says why)
`
    );
  }, 1);
  try {
    process.chdir(cwd);
    app = await loadApp(settings.app, {
      cwd,
      factory: Boolean(settings.factory),
      captureListens: true,
      keepCapturing: true,
      served: servedAddressOf(settings.bind),
      bootTimeout: settings.bootTimeout,
      asMain: true,
      log: { info: say("INFO"), warning: say("WARNING"), error: say("ERROR") }
    });
  } catch (err) {
    const text = err instanceof AppLoadError ? err.detail() : describeError(err);
    process.stderr.write(`App failed to load: ${text}
`);
    return 1;
  } finally {
    unguardExit();
  }
  for (const note2 of app.notes ?? []) say("INFO")(note2);
  for (const warning of app.warnings ?? []) say("WARNING")(warning);
  const from = (0, import_node_path8.relative)(cwd, app.file) || app.file;
  const p = await probe(app);
  await app.close?.().catch(() => {
  });
  if (p.status === null || p.status >= 500 || p.brokeOff) {
    const answer = p.status === null ? "got no answer" : `answered ${p.status}${p.brokeOff ? " and its body broke off" : ""}`;
    process.stderr.write(
      `App failed: it loaded (${app.shape} from ${from}) but GET / ${answer}` + (p.error ? `:
${describeError(p.error)}
` : "\n")
    );
    return 1;
  }
  const still = p.streaming ? ` (still streaming after ${STREAM_GRACE_MS / 1e3} s: not waiting for its end)` : "";
  process.stdout.write(
    `App OK: ${app.shape} from ${from}; GET / answered ${p.status} in ${p.ms} ms${still}
`
  );
  return 0;
}
var import_node_http3, import_node_path8, PROBE_TIMEOUT_MS, STREAM_GRACE_MS;
var init_check = __esm({
  "lib/app/check.ts"() {
    "use strict";
    import_node_http3 = __toESM(require_node_http(), 1);
    import_node_path8 = __toESM(require_node_path(), 1);
    init_roles();
    init_settings2();
    init_errors2();
    init_exit_while_loading();
    init_listen_capture();
    init_load();
    init_served_address();
    PROBE_TIMEOUT_MS = 1e4;
    STREAM_GRACE_MS = 1e3;
  }
});

// lib/config/doc.ts
function flagSpelling(def) {
  const value = def.type === "bool" ? "" : ` ${def.metavar ?? (def.choices ? `{${def.choices.join(",")}}` : "VALUE")}`;
  const flags = def.flags.join(", ") + value;
  return def.negatable ? `${flags}, --no-${def.flags.at(-1).slice(2)}` : flags;
}
function defaultText(def) {
  if (def.defaultDoc) return def.defaultDoc;
  const d = def.default;
  if (d === null) return "none";
  if (Array.isArray(d)) return d.join(",");
  return String(d);
}
function wrap(text, width, indent) {
  const words = text.split(/\s+/);
  const lines = [];
  let line = "";
  for (const w of words) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l).join("\n");
}
function renderHelp(version) {
  const out = [
    `tsicorn ${version}: a pre-fork HTTP server for Node (Gunicorn for Node)`,
    "",
    "Usage: tsicorn [OPTIONS] MODULE[:EXPORT]",
    "       tsicorn doctor [--json] [OPTIONS]   what the autotuner sees here, and a running master (-p FILE)",
    "",
    "  MODULE is resolved from --chdir like a relative import (app, src/server.ts, app/index.js);",
    "  EXPORT defaults to the default export, then `app`.",
    "",
    "Precedence: command line > TSICORN_CMD_ARGS > config file > environment (PORT, WEB_CONCURRENCY, DYNO) > defaults."
  ];
  for (const section of SECTIONS) {
    const defs = SETTINGS.filter((d) => d.section === section && d.flags.length);
    if (!defs.length) continue;
    out.push("", `${section}:`);
    for (const d of defs) {
      out.push(`  ${flagSpelling(d)}`);
      out.push(wrap(`${d.help} [default: ${defaultText(d)}]`, 90, "      "));
    }
  }
  out.push("", "Actions:");
  for (const a of ACTIONS) {
    out.push(`  ${a.flags.join(", ")}`);
    out.push(wrap(a.help, 90, "      "));
  }
  out.push(
    "",
    "Environment:",
    "  PORT               default bind 0.0.0.0:$PORT",
    "  WEB_CONCURRENCY    default worker count (1 to 1000; empty = unset)",
    "  DYNO               set on Heroku: default graceful timeout 25 s (KILL comes 30 s after TERM)",
    "  FORWARDED_ALLOW_IPS  default trusted proxies",
    "  TSICORN_CMD_ARGS   extra command-line arguments, split like a shell would"
  );
  for (const a of FILE_ALIASES) if (a.flag) out.push("", `  ${a.flag}: ${a.help}`);
  out.push(
    "",
    "Config-file hooks (functions; snake_case or camelCase names):",
    wrap(HOOKS.map((h) => h.name).join(", "), 90, "  "),
    ""
  );
  return out.join("\n");
}
function show(v, def) {
  if (def?.type === "mode" && typeof v === "number") return `0${v.toString(8).padStart(3, "0")}`;
  if (typeof v === "string") return JSON.stringify(v);
  return JSON.stringify(v) ?? String(v);
}
function renderPrintConfig(r) {
  const rows = SETTINGS.map((d) => {
    const src = r.sources[d.key];
    const from = src.kind === "default" ? src.detail : `${src.kind}: ${src.detail}`;
    return [d.names[0] ?? "config", show(r.config[d.key], d), from];
  });
  const hooks = HOOKS.filter((h) => r.config.hooks[h.key]);
  for (const h of hooks) rows.push([h.name, "<function>", `config-file: ${r.hookSources[h.key] ?? ""}`]);
  const w0 = Math.max(...rows.map((x) => x[0].length));
  const w1 = Math.min(50, Math.max(...rows.map((x) => x[1].length)));
  return `${rows.map(([n, v, s]) => `${n.padEnd(w0)} = ${v.padEnd(w1)}  # ${s}`).join("\n")}
`;
}
var SECTIONS;
var init_doc = __esm({
  "lib/config/doc.ts"() {
    "use strict";
    init_settings();
    SECTIONS = ["App", "Server", "Workers", "Limits", "Proxy", "Logging", "Metrics", "Config"];
  }
});

// lib/version.ts
var VERSION;
var init_version = __esm({
  "lib/version.ts"() {
    "use strict";
    VERSION = true ? "0.1.0" : "0.0.0-dev";
  }
});

// lib/server/launch.ts
var launch_exports = {};
__export(launch_exports, {
  childEnv: () => childEnv,
  currentLaunch: () => currentLaunch
});
function currentLaunch(entryUrl) {
  return {
    argv: process.argv.slice(2),
    env: { ...process.env },
    cwd: process.cwd(),
    entry: (0, import_node_url5.fileURLToPath)(entryUrl),
    execPath: process.execPath,
    execArgv: [...process.execArgv]
  };
}
function childEnv(base, extra = {}, drop = []) {
  const out = {};
  for (const [k, v] of Object.entries({ ...base, ...extra }))
    if (v !== void 0 && !drop.includes(k)) out[k] = v;
  return out;
}
var import_node_url5;
var init_launch = __esm({
  "lib/server/launch.ts"() {
    "use strict";
    import_node_url5 = __toESM(require_node_url(), 1);
  }
});

// lib/cli/checkconfig.ts
function checkAppInChild(settings, launch) {
  return new Promise((resolve4) => {
    const env = childEnv(launch.env, {
      [ROLE_ENV]: ROLES.checkApp,
      [ENV.checkSettings]: encodeSettings(settings)
    });
    const child = (0, import_node_child_process2.spawn)(launch.execPath, [...launch.execArgv, launch.entry], {
      env,
      cwd: settings.chdir,
      stdio: "inherit"
    });
    child.on("error", (e) => {
      process.stderr.write(`Error: could not start the app check process: ${e.message}
`);
      resolve4(1);
    });
    child.on("exit", (code, signal) => {
      if (signal) process.stderr.write(`Error: the app check process was killed by ${signal}
`);
      resolve4(code === 0 ? 0 : 1);
    });
  });
}
var import_node_child_process2;
var init_checkconfig = __esm({
  "lib/cli/checkconfig.ts"() {
    "use strict";
    import_node_child_process2 = __toESM(require_node_child_process(), 1);
    init_roles();
    init_settings2();
    init_launch();
  }
});

// lib/metrics/aggregate.ts
function emptyTotals() {
  return {
    requests: 0,
    shed: 0,
    busyMs: 0,
    loopActiveMs: 0,
    loopIdleMs: 0,
    gcYoung: 0,
    gcYoungNs: 0,
    gcOld: 0,
    gcOldNs: 0,
    queue: new Histogram(),
    loopDelay: new Histogram()
  };
}
function addFigures(into, f) {
  for (const k of COUNTERS) into[k] += f[k];
  into.queue.addWire(f.queue);
  into.loopDelay.addWire(f.loopDelay);
}
function zeroRestarts() {
  return { crash: 0, timeout: 0, "max-requests": 0, memory: 0, reload: 0 };
}
function restartReason(f) {
  if (f.shuttingDown) return null;
  if (f.expected) {
    const why = f.retiring ?? "";
    if (why.includes("reload")) return "reload";
    if (why.startsWith("max-requests")) return "max-requests";
    if (why.includes("memory")) return "memory";
    return null;
  }
  if (f.oomKilled) return "memory";
  return f.timedOut ? "timeout" : "crash";
}
function dynoReport(m, master) {
  return {
    workers: m.workers(),
    readyWorkers: m.readyWorkers(),
    busyWorkers: m.busyWorkers(),
    inFlight: m.inFlight(),
    totals: m.totals(),
    restarts: { ...m.restarts },
    masterPid: master.pid,
    masterRss: master.rss,
    memoryLimitBytes: master.memoryLimitBytes
  };
}
var COUNTERS, DynoMetrics;
var init_aggregate = __esm({
  "lib/metrics/aggregate.ts"() {
    "use strict";
    init_histogram();
    COUNTERS = [
      "requests",
      "shed",
      "busyMs",
      "loopActiveMs",
      "loopIdleMs",
      "gcYoung",
      "gcYoungNs",
      "gcOld",
      "gcOldNs"
    ];
    DynoMetrics = class {
      live = /* @__PURE__ */ new Map();
      gone = emptyTotals();
      restarts = zeroRestarts();
      windows = /* @__PURE__ */ new Set();
      workerStarted(pid, age) {
        this.live.set(pid, { pid, age, ready: false, inFlight: 0, rss: 0, figures: null });
      }
      /** Ready to serve (added now if its start was not reported). */
      workerReady(pid, age) {
        if (!this.live.has(pid)) this.workerStarted(pid, age);
        this.live.get(pid).ready = true;
      }
      /** A heartbeat: in-flight and RSS every time, full figures when it carries them. */
      heartbeat(pid, inFlight, rss, figures) {
        const w = this.live.get(pid);
        if (!w) return;
        w.inFlight = inFlight;
        w.rss = rss;
        if (!figures) return;
        w.figures = figures;
        for (const win of this.windows)
          if (figures.loopDelayMaxMs > win.loopDelayMaxMs) win.loopDelayMaxMs = figures.loopDelayMaxMs;
      }
      /** The worker is gone; its last totals stay in the dyno's. A reason counts it as a restart. */
      workerExited(pid, reason) {
        const w = this.live.get(pid);
        if (!w) return;
        this.live.delete(pid);
        if (w.figures) addFigures(this.gone, w.figures);
        if (reason) this.restarts[reason]++;
      }
      /** Live workers, oldest first. */
      workers() {
        return [...this.live.values()].sort((a, b) => a.age - b.age);
      }
      readyWorkers() {
        let n = 0;
        for (const w of this.live.values()) if (w.ready) n++;
        return n;
      }
      /** Ready workers with at least one request in flight at their last heartbeat. */
      busyWorkers() {
        let n = 0;
        for (const w of this.live.values()) if (w.ready && w.inFlight > 0) n++;
        return n;
      }
      inFlight() {
        let n = 0;
        for (const w of this.live.values()) n += w.inFlight;
        return n;
      }
      /** Totals since the master started, over every worker it ever ran. */
      totals() {
        const t = emptyTotals();
        for (const k of COUNTERS) t[k] = this.gone[k];
        t.queue.add(this.gone.queue);
        t.loopDelay.add(this.gone.loopDelay);
        for (const w of this.live.values()) if (w.figures) addFigures(t, w.figures);
        return t;
      }
      /** Start an interval now (see closeWindow). */
      openWindow(now = Date.now()) {
        const win = {
          startedAt: now,
          base: this.totals(),
          restartsBase: { ...this.restarts },
          loopDelayMaxMs: 0
        };
        this.windows.add(win);
        return win;
      }
      /** What happened since the window opened (or was last closed); the window then starts again. */
      closeWindow(win, now = Date.now()) {
        const t = this.totals();
        const b = win.base;
        const restarts = zeroRestarts();
        for (const r of Object.keys(restarts))
          restarts[r] = this.restarts[r] - win.restartsBase[r];
        const out = {
          seconds: Math.max(0, (now - win.startedAt) / 1e3),
          requests: Math.max(0, t.requests - b.requests),
          shed: Math.max(0, t.shed - b.shed),
          busyMs: Math.max(0, t.busyMs - b.busyMs),
          loopActiveMs: Math.max(0, t.loopActiveMs - b.loopActiveMs),
          loopIdleMs: Math.max(0, t.loopIdleMs - b.loopIdleMs),
          gcYoung: Math.max(0, t.gcYoung - b.gcYoung),
          gcYoungNs: Math.max(0, t.gcYoungNs - b.gcYoungNs),
          gcOld: Math.max(0, t.gcOld - b.gcOld),
          gcOldNs: Math.max(0, t.gcOldNs - b.gcOldNs),
          queue: t.queue.minus(b.queue),
          loopDelay: t.loopDelay.minus(b.loopDelay),
          loopDelayMaxMs: win.loopDelayMaxMs,
          restarts
        };
        win.startedAt = now;
        win.base = t;
        win.restartsBase = { ...this.restarts };
        win.loopDelayMaxMs = 0;
        return out;
      }
      dropWindow(win) {
        this.windows.delete(win);
      }
    };
  }
});

// lib/metrics/heroku-payload.ts
function herokuPayload(i) {
  const loopTime = i.loopActiveMs + i.loopIdleMs;
  return {
    counters: {
      "node.gc.collections": i.gcYoung + i.gcOld,
      "node.gc.pause.ns": Math.round(i.gcYoungNs + i.gcOldNs),
      "node.gc.old.collections": i.gcOld,
      "node.gc.old.pause.ns": Math.round(i.gcOldNs),
      "node.gc.young.collections": i.gcYoung,
      "node.gc.young.pause.ns": Math.round(i.gcYoungNs)
    },
    gauges: {
      "node.eventloop.usage.percent": loopTime > 0 ? i.loopActiveMs / loopTime : 0,
      "node.eventloop.delay.ms.median": ms(i.loopDelay.quantile(0.5)),
      "node.eventloop.delay.ms.p95": ms(i.loopDelay.quantile(0.95)),
      "node.eventloop.delay.ms.p99": ms(i.loopDelay.quantile(0.99)),
      "node.eventloop.delay.ms.max": i.loopDelayMaxMs
    }
  };
}
var ms;
var init_heroku_payload = __esm({
  "lib/metrics/heroku-payload.ts"() {
    "use strict";
    ms = (seconds) => seconds === null ? 0 : seconds * 1e3;
  }
});

// lib/metrics/prometheus.ts
function labelText(labels) {
  const parts = Object.entries(labels).map(
    ([k, v]) => `${k}="${String(v).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`
  );
  return parts.length ? `{${parts.join(",")}}` : "";
}
function num(v) {
  if (Number.isNaN(v)) return "NaN";
  if (v === Number.POSITIVE_INFINITY) return "+Inf";
  if (v === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(v);
}
function gcCount(t, g) {
  return g === "young" ? t.gcYoung : t.gcOld;
}
function gcSeconds(t, g) {
  return (g === "young" ? t.gcYoungNs : t.gcOldNs) / 1e9;
}
function renderPrometheus(r) {
  const e = new Exposition();
  const t = r.totals;
  const workers = r.workers.map((w) => ({ w, labels: { worker: w.age, pid: w.pid } }));
  const withFigures = workers.filter((x) => x.w.figures !== null);
  e.family("tsicorn_workers", "gauge", "Workers that are ready (booted and serving).");
  e.sample("tsicorn_workers", {}, r.readyWorkers);
  e.family(
    "tsicorn_busy_workers",
    "gauge",
    "Ready workers with at least one request in flight at their last heartbeat (at most 1 s old)."
  );
  e.sample("tsicorn_busy_workers", {}, r.busyWorkers);
  e.family("tsicorn_requests_in_flight", "gauge", "Requests being served by all workers.");
  e.sample("tsicorn_requests_in_flight", {}, r.inFlight);
  e.family("tsicorn_requests_total", "counter", "Requests answered by every worker this master ran.");
  e.sample("tsicorn_requests_total", {}, t.requests);
  e.family(
    "tsicorn_requests_shed_total",
    "counter",
    "Requests answered 503 without running the app: they had waited longer than --max-queue-time."
  );
  e.sample("tsicorn_requests_shed_total", {}, t.shed);
  e.family(
    "tsicorn_busy_seconds_total",
    "counter",
    "Worker time with at least one request in flight, summed."
  );
  e.sample("tsicorn_busy_seconds_total", {}, t.busyMs / 1e3);
  e.family("tsicorn_restarts_total", "counter", "Workers replaced, by reason.");
  for (const [reason, n] of Object.entries(r.restarts)) e.sample("tsicorn_restarts_total", { reason }, n);
  e.family("tsicorn_queue_time_seconds", "histogram", "Router queue time from X-Request-Start, all workers.");
  e.histogram("tsicorn_queue_time_seconds", {}, t.queue);
  e.family(
    "tsicorn_event_loop_delay_seconds",
    "histogram",
    "Event-loop delay samples (10 ms timer, raw as perf_hooks reports them), all workers."
  );
  e.histogram("tsicorn_event_loop_delay_seconds", {}, t.loopDelay);
  e.family(
    "tsicorn_event_loop_active_seconds_total",
    "counter",
    "Event-loop time spent running, all workers."
  );
  e.sample("tsicorn_event_loop_active_seconds_total", {}, t.loopActiveMs / 1e3);
  e.family("tsicorn_gc_collections_total", "counter", "Garbage collections, all workers.");
  for (const g of GENERATIONS) e.sample("tsicorn_gc_collections_total", { generation: g }, gcCount(t, g));
  e.family("tsicorn_gc_pause_seconds_total", "counter", "Time paused in garbage collection, all workers.");
  for (const g of GENERATIONS) e.sample("tsicorn_gc_pause_seconds_total", { generation: g }, gcSeconds(t, g));
  let rss = r.masterRss;
  let heap = 0;
  for (const { w } of workers) {
    rss += w.rss;
    heap += w.figures?.heapUsed ?? 0;
  }
  e.family("tsicorn_resident_memory_bytes", "gauge", "Resident memory of the master and all workers.");
  e.sample("tsicorn_resident_memory_bytes", {}, rss);
  e.family("tsicorn_master_resident_memory_bytes", "gauge", "Resident memory of the master.");
  e.sample("tsicorn_master_resident_memory_bytes", { pid: r.masterPid }, r.masterRss);
  e.family("tsicorn_heap_used_bytes", "gauge", "V8 heap in use, all workers.");
  e.sample("tsicorn_heap_used_bytes", {}, heap);
  if (r.memoryLimitBytes !== null) {
    e.family("tsicorn_memory_limit_bytes", "gauge", "The dyno's memory limit (cgroup).");
    e.sample("tsicorn_memory_limit_bytes", {}, r.memoryLimitBytes);
  }
  e.family("tsicorn_worker_requests_in_flight", "gauge", "Requests this worker is serving.");
  for (const { w, labels } of workers) e.sample("tsicorn_worker_requests_in_flight", labels, w.inFlight);
  e.family("tsicorn_worker_resident_memory_bytes", "gauge", "Resident memory of this worker.");
  for (const { w, labels } of workers) e.sample("tsicorn_worker_resident_memory_bytes", labels, w.rss);
  const perWorker = (name, kind, help, value) => {
    e.family(name, kind, help);
    for (const { w, labels } of withFigures) e.sample(name, labels, value(w.figures));
  };
  perWorker("tsicorn_worker_requests_total", "counter", "Requests this worker answered.", (f) => f.requests);
  perWorker(
    "tsicorn_worker_requests_shed_total",
    "counter",
    "Requests this worker answered 503 for waiting longer than --max-queue-time.",
    (f) => f.shed
  );
  perWorker(
    "tsicorn_worker_busy_seconds_total",
    "counter",
    "Time this worker had at least one request in flight.",
    (f) => f.busyMs / 1e3
  );
  perWorker(
    "tsicorn_worker_event_loop_utilization",
    "gauge",
    "Event-loop utilisation 0..1 over the last heartbeat window.",
    (f) => f.loopUtilization
  );
  perWorker(
    "tsicorn_worker_event_loop_active_seconds_total",
    "counter",
    "Event-loop time spent running.",
    (f) => f.loopActiveMs / 1e3
  );
  perWorker("tsicorn_worker_heap_used_bytes", "gauge", "V8 heap in use.", (f) => f.heapUsed);
  perWorker("tsicorn_worker_heap_total_bytes", "gauge", "V8 heap reserved.", (f) => f.heapTotal);
  perWorker("tsicorn_worker_heap_limit_bytes", "gauge", "V8 heap size limit.", (f) => f.heapLimit);
  e.family("tsicorn_worker_gc_collections_total", "counter", "Garbage collections in this worker.");
  for (const { w, labels } of withFigures)
    for (const g of GENERATIONS)
      e.sample("tsicorn_worker_gc_collections_total", { ...labels, generation: g }, gcCount(w.figures, g));
  e.family(
    "tsicorn_worker_gc_pause_seconds_total",
    "counter",
    "Time this worker paused in garbage collection."
  );
  for (const { w, labels } of withFigures)
    for (const g of GENERATIONS)
      e.sample(
        "tsicorn_worker_gc_pause_seconds_total",
        { ...labels, generation: g },
        gcSeconds(w.figures, g)
      );
  e.family(
    "tsicorn_worker_queue_time_seconds",
    "histogram",
    "Router queue time of requests this worker took."
  );
  for (const { w, labels } of withFigures)
    e.histogram("tsicorn_worker_queue_time_seconds", labels, Histogram.fromWire(w.figures.queue));
  e.family(
    "tsicorn_worker_event_loop_delay_seconds",
    "histogram",
    "Event-loop delay samples of this worker."
  );
  for (const { w, labels } of withFigures)
    e.histogram("tsicorn_worker_event_loop_delay_seconds", labels, Histogram.fromWire(w.figures.loopDelay));
  return e.text();
}
var Exposition, GENERATIONS;
var init_prometheus = __esm({
  "lib/metrics/prometheus.ts"() {
    "use strict";
    init_histogram();
    Exposition = class {
      out = [];
      family(name, kind, help) {
        this.out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${kind}`);
      }
      sample(name, labels, value) {
        this.out.push(`${name}${labelText(labels)} ${num(value)}`);
      }
      histogram(name, labels, h) {
        const cum = h.cumulative(PROMETHEUS_BOUNDS);
        PROMETHEUS_BOUNDS.forEach((le, i) => {
          this.sample(`${name}_bucket`, { ...labels, le: num(le) }, cum[i]);
        });
        this.sample(`${name}_bucket`, { ...labels, le: "+Inf" }, h.n);
        this.sample(`${name}_sum`, labels, h.sum);
        this.sample(`${name}_count`, labels, h.n);
      }
      text() {
        return `${this.out.join("\n")}
`;
      }
    };
    GENERATIONS = ["young", "old"];
  }
});

// lib/metrics/sample-line.ts
function sampleFields(r, i) {
  let rss = r.masterRss;
  let heap = 0;
  for (const w of r.workers) {
    rss += w.rss;
    heap += w.figures?.heapUsed ?? 0;
  }
  const restarts = Object.values(i.restarts).reduce((a, b) => a + b, 0);
  const loopTime = i.loopActiveMs + i.loopIdleMs;
  const out = {
    source: "tsicorn",
    "sample#workers": r.readyWorkers,
    "sample#busy_workers": r.busyWorkers,
    "sample#requests": i.requests,
    "sample#requests_in_flight": r.inFlight,
    "sample#requests_shed": i.shed,
    "sample#restarts": restarts,
    "sample#memory_rss": mb(rss),
    "sample#memory_heap_used": mb(heap)
  };
  if (r.memoryLimitBytes !== null) out["sample#memory_limit"] = mb(r.memoryLimitBytes);
  if (i.queue.n > 0) {
    out["sample#queue_time_p50"] = msText(i.queue.quantile(0.5));
    out["sample#queue_time_p95"] = msText(i.queue.quantile(0.95));
    out["sample#queue_time_p99"] = msText(i.queue.quantile(0.99));
  }
  if (i.loopDelay.n > 0) {
    out["sample#event_loop_delay_p50"] = msText(i.loopDelay.quantile(0.5));
    out["sample#event_loop_delay_p99"] = msText(i.loopDelay.quantile(0.99));
    out["sample#event_loop_delay_max"] = msText(i.loopDelayMaxMs / 1e3);
  }
  if (loopTime > 0) out["sample#event_loop_utilization"] = Number((i.loopActiveMs / loopTime).toFixed(3));
  out["sample#gc_pause"] = msText((i.gcYoungNs + i.gcOldNs) / 1e9);
  return out;
}
function sampleLine(r, i) {
  return Object.entries(sampleFields(r, i)).map(([k, v]) => `${k}=${v}`).join(" ");
}
var MB, mb, msText;
var init_sample_line = __esm({
  "lib/metrics/sample-line.ts"() {
    "use strict";
    MB = 1024 * 1024;
    mb = (bytes) => `${(bytes / MB).toFixed(2)}MB`;
    msText = (seconds) => `${Number((seconds * 1e3).toFixed(2))}ms`;
  }
});

// lib/metrics/master.ts
var POST_TIMEOUT_MS, LISTEN_RETRY_MS, MasterMetrics;
var init_master = __esm({
  "lib/metrics/master.ts"() {
    "use strict";
    init_aggregate();
    init_endpoint_address();
    init_heroku();
    init_heroku_payload();
    init_prometheus();
    init_sample_line();
    POST_TIMEOUT_MS = 5e3;
    LISTEN_RETRY_MS = 3e3;
    MasterMetrics = class {
      dyno = new DynoMetrics();
      opts;
      timers = [];
      windows = [];
      endpoint = null;
      posting = false;
      constructor(opts) {
        this.opts = opts;
      }
      /** Opens the endpoint and starts the timers. Throws (with the address) when the endpoint cannot listen. */
      async start() {
        const { settings, log, env } = this.opts;
        if (settings.metricsBind) await this.listenRetrying(settings.metricsBind, this.opts.handover);
        if (settings.metricsInterval > 0) {
          const win = this.open();
          this.every(settings.metricsInterval * 1e3, () => this.logSample(win));
        }
        const target = herokuTarget(env);
        const removed = env[REMOVED_PLUGIN_ENV];
        const stillLoaded = splitHerokuPlugin(env.NODE_OPTIONS).plugin;
        if ("url" in target) {
          if (target.note) log.warning(target.note);
          const win = this.open();
          this.every(target.intervalMs, () => void this.postHeroku(target.url, win));
          log.info(
            `Heroku runtime metrics: posting one series for the whole dyno every ${target.intervalMs / 1e3} s` + (removed ? ` (Heroku's per-process plugin ${removed} kept out of the master and workers)` : "")
          );
        }
        if (stillLoaded)
          log.warning(
            `Heroku's Node metrics plugin ${stillLoaded} was loaded into this master through NODE_OPTIONS (start tsicorn through bin/tsicorn, which keeps it out): it posts the master\u2019s own figures beside the dyno\u2019s. Workers are started without it.`
          );
      }
      /** Environment overrides for a worker: never Heroku's per-process plugin (the master posts for the dyno). */
      workerEnv() {
        const { rest, plugin } = splitHerokuPlugin(this.opts.env.NODE_OPTIONS);
        return plugin ? { NODE_OPTIONS: rest || void 0 } : {};
      }
      workerStarted(pid, age) {
        this.dyno.workerStarted(pid, age);
      }
      workerReady(pid, age) {
        this.dyno.workerReady(pid, age);
      }
      heartbeat(pid, inFlight, rss, figures) {
        this.dyno.heartbeat(pid, inFlight, rss, figures);
      }
      workerExited(pid, reason) {
        this.dyno.workerExited(pid, reason);
      }
      stop() {
        for (const t of this.timers) clearInterval(t);
        this.timers = [];
        for (const w of this.windows) this.dyno.dropWindow(w);
        this.windows = [];
        this.endpoint?.close();
        this.endpoint?.closeAllConnections();
        this.endpoint = null;
      }
      open() {
        const w = this.dyno.openWindow();
        this.windows.push(w);
        return w;
      }
      every(ms2, fn) {
        const t = setInterval(() => {
          try {
            fn();
          } catch (e) {
            this.opts.log.error(`metrics: ${e.stack ?? e}`);
          }
        }, ms2);
        t.unref();
        this.timers.push(t);
      }
      report() {
        return dynoReport(this.dyno, {
          pid: process.pid,
          rss: process.memoryUsage.rss(),
          memoryLimitBytes: this.opts.memoryLimitBytes()
        });
      }
      logSample(win) {
        const interval = this.dyno.closeWindow(win);
        const report = this.report();
        if (this.opts.settings.logFormat === "text") this.opts.log.info(sampleLine(report, interval));
        else this.opts.log.info("metrics", sampleFields(report, interval));
      }
      async postHeroku(url, win) {
        const payload = herokuPayload(this.dyno.closeWindow(win));
        if (this.posting) return;
        this.posting = true;
        try {
          const status = await postJson(url, payload, POST_TIMEOUT_MS);
          if (status !== 200) this.opts.log.warning(`Heroku runtime metrics: ${url.host} answered ${status}`);
        } catch (e) {
          this.opts.log.warning(`Heroku runtime metrics: post to ${url.host} failed: ${e.message}`);
        } finally {
          this.posting = false;
        }
      }
      /** A master started by USR2 may get here before its predecessor has let go of the port: wait a little. */
      async listenRetrying(bind, handover) {
        const giveUpAt = Date.now() + (handover ? LISTEN_RETRY_MS : 0);
        for (; ; ) {
          try {
            return await this.listen(bind);
          } catch (e) {
            if (e.code !== "EADDRINUSE" || Date.now() > giveUpAt) throw e;
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      }
      async listen(bind) {
        const addr = parseMetricsBind(bind);
        const { createServer: createServer6 } = await Promise.resolve().then(() => __toESM(require_node_http(), 1));
        const server = createServer6((req, res) => {
          const path = (req.url ?? "/").split("?")[0];
          if (path !== "/metrics" && path !== "/") {
            res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
            res.end("Not found: metrics are at /metrics\n");
            return;
          }
          if (req.method !== "GET" && req.method !== "HEAD") {
            res.writeHead(405, { Allow: "GET, HEAD", "Content-Type": "text/plain; charset=utf-8" });
            res.end("Method not allowed\n");
            return;
          }
          const body = renderPrometheus(this.report());
          res.writeHead(200, {
            "Content-Type": "text/plain; version=0.0.4; charset=utf-8",
            "Content-Length": Buffer.byteLength(body)
          });
          res.end(req.method === "HEAD" ? void 0 : body);
        });
        return new Promise((resolve4, reject) => {
          server.once(
            "error",
            (e) => reject(
              Object.assign(
                new Error(`cannot serve metrics on ${addr.host}:${addr.port} (--metrics-bind): ${e.message}`),
                { code: e.code }
              )
            )
          );
          server.listen(addr.port, addr.host, () => {
            server.removeAllListeners("error");
            server.on("error", (e) => this.opts.log.error(`metrics endpoint: ${e.message}`));
            this.endpoint = server;
            this.opts.log.info(
              `Metrics at: http://${addr.host.includes(":") ? `[${addr.host}]` : addr.host}:${addr.port}/metrics (${process.pid})`
            );
            resolve4();
          });
        });
      }
    };
  }
});

// node-builtin:node:util
var require_node_util = __commonJS({
  "node-builtin:node:util"(exports, module) {
    module.exports = __require("node:util");
  }
});

// lib/server/socket-owner.ts
function listeningInodes(procNetUnix, path) {
  const wanted = (0, import_node_path9.resolve)(path);
  const inodes = [];
  for (const line of procNetUnix.split("\n").slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 8) continue;
    const bound = cols.slice(7).join(" ");
    if ((Number.parseInt(cols[3], 16) & LISTENING) === 0) continue;
    if (bound === path || bound === wanted) inodes.push(cols[6]);
  }
  return inodes;
}
function parentPid(pid) {
  try {
    const stat = (0, import_node_fs8.readFileSync)(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return 0;
  }
}
function findSocketOwner(path) {
  let inodes;
  try {
    inodes = new Set(
      listeningInodes((0, import_node_fs8.readFileSync)("/proc/net/unix", "utf8"), path).map((i) => `socket:[${i}]`)
    );
  } catch {
    return null;
  }
  if (inodes.size === 0) return null;
  const holders = [];
  for (const entry of (0, import_node_fs8.readdirSync)("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let fds;
    try {
      fds = (0, import_node_fs8.readdirSync)(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (inodes.has((0, import_node_fs8.readlinkSync)(`/proc/${entry}/fd/${fd}`))) {
          holders.push(Number(entry));
          break;
        }
      } catch {
      }
    }
  }
  if (holders.length === 0) return null;
  const pid = holders.find((p) => !holders.includes(parentPid(p))) ?? holders[0];
  let title = "";
  try {
    title = (0, import_node_fs8.readFileSync)(`/proc/${pid}/cmdline`, "utf8").replace(/\0+$/, "").replace(/\0/g, " ");
  } catch {
  }
  return { pid, title };
}
var import_node_fs8, import_node_path9, LISTENING;
var init_socket_owner = __esm({
  "lib/server/socket-owner.ts"() {
    "use strict";
    import_node_fs8 = __toESM(require_node_fs(), 1);
    import_node_path9 = __toESM(require_node_path(), 1);
    LISTENING = 65536;
  }
});

// node-builtin:node:dns/promises
var require_promises = __commonJS({
  "node-builtin:node:dns/promises"(exports, module) {
    module.exports = __require("node:dns/promises");
  }
});

// lib/server/listeners.ts
function describeErrno(code, what) {
  const name = (0, import_node_util.getSystemErrorName)(code);
  const hint = name === "EADDRINUSE" ? " (another process is listening there: stop it or choose another port)" : name === "EACCES" ? " (ports below 1024 need privileges: use a higher port)" : name === "EADDRNOTAVAIL" ? " (that address is not on this machine)" : "";
  return new ListenError(`cannot bind ${what}: ${name}${hint}`);
}
async function openOne(bind, opts) {
  if (!createServerHandle)
    throw new ListenError("this Node has no net._createServerHandle; use --distribution reuseport");
  if (bind.kind === "fd") {
    return { bind, fd: bind.fd, label: formatBind(bind), close: () => safeClose(bind.fd) };
  }
  if (bind.kind === "unix") {
    await clearSocketPath(bind.path);
    const handle2 = createServerHandle(bind.path, -1, -1);
    if (typeof handle2 === "number") throw describeErrno(handle2, `unix:${bind.path}`);
    let ours;
    try {
      (0, import_node_fs9.chmodSync)(bind.path, opts.unixSocketMode ?? DEFAULT_UNIX_SOCKET_MODE);
      ours = (0, import_node_fs9.lstatSync)(bind.path);
    } catch (e) {
      handle2.close();
      throw new ListenError(`cannot set the mode of unix:${bind.path}: ${e.message}`);
    }
    return {
      bind,
      fd: handle2.fd,
      label: formatBind(bind),
      close: (keepPath) => {
        handle2.close();
        if (!keepPath) removeOwnSocket(bind.path, ours);
      }
    };
  }
  let address = bind.host;
  let family = bind.ipv6 ? 6 : 4;
  if (ipFamily(address) === 0) {
    const { lookup } = await Promise.resolve().then(() => __toESM(require_promises(), 1));
    const found = await lookup(address).catch(() => null);
    if (!found)
      throw new ListenError(
        `cannot bind ${bind.host}:${bind.port}: host name "${bind.host}" does not resolve`
      );
    address = found.address;
    family = found.family;
  } else family = ipFamily(address);
  const handle = createServerHandle(address, bind.port, family);
  if (typeof handle === "number") throw describeErrno(handle, `${bind.host}:${bind.port}`);
  const out = {};
  handle.getsockname?.(out);
  const port = typeof out.port === "number" ? out.port : 0;
  if (port === 0 || bind.port !== 0 && port !== bind.port) {
    handle.close();
    throw describeErrno(-import_node_os3.constants.errno.EADDRINUSE, `${bind.host}:${bind.port}`);
  }
  return {
    bind: { ...bind, port },
    fd: handle.fd,
    label: formatBind(bind, port),
    close: () => handle.close()
  };
}
function probeSocket(path) {
  return new Promise((resolve4) => {
    const sock = net3.connect({ path });
    const done = (verdict) => {
      sock.destroy();
      resolve4(verdict);
    };
    sock.setTimeout(PROBE_TIMEOUT_MS2, () => done("live"));
    sock.once("connect", () => done("live"));
    sock.once("error", (e) => {
      done(
        e.code === "ECONNREFUSED" || e.code === "ENOENT" ? "stale" : e.code === "EAGAIN" ? "live" : e.code ?? "error"
      );
    });
  });
}
function describeFileType(st) {
  if (st.isFile()) return "a regular file";
  if (st.isDirectory()) return "a directory";
  if (st.isSymbolicLink()) return "a symbolic link";
  if (st.isFIFO()) return "a named pipe";
  return "not a socket";
}
async function clearSocketPath(path) {
  let st;
  try {
    st = (0, import_node_fs9.lstatSync)(path);
  } catch (e) {
    if (e.code === "ENOENT") return;
    throw new ListenError(`cannot bind unix:${path}: ${e.message}`);
  }
  if (!st.isSocket())
    throw new ListenError(
      `cannot bind unix:${path}: the path exists and is ${describeFileType(st)}, not a socket; remove it or choose another path`
    );
  const verdict = await probeSocket(path);
  if (verdict === "live") {
    const owner = findSocketOwner(path);
    const who = owner ? `process ${owner.pid}${owner.title ? ` (${owner.title})` : ""}` : "another process";
    throw new ListenError(
      `cannot bind unix:${path}: EADDRINUSE (${who} is listening there: stop it or choose another path)`
    );
  }
  if (verdict !== "stale")
    throw new ListenError(
      `cannot bind unix:${path}: an existing socket there could not be probed (${verdict}); remove it if it is stale`
    );
  try {
    (0, import_node_fs9.unlinkSync)(path);
  } catch (e) {
    throw new ListenError(
      `cannot bind unix:${path}: cannot remove the stale socket: ${e.message}`
    );
  }
}
function removeOwnSocket(path, ours) {
  try {
    const now = (0, import_node_fs9.lstatSync)(path);
    if (now.isSocket() && now.ino === ours.ino && now.dev === ours.dev) (0, import_node_fs9.unlinkSync)(path);
  } catch {
  }
}
function safeClose(fd) {
  try {
    (0, import_node_fs9.closeSync)(fd);
  } catch {
  }
}
async function openListeners(binds, opts = {}) {
  const opened = [];
  try {
    for (const b of binds) opened.push(await openOne(parseBind(b), opts));
  } catch (e) {
    for (const l of opened) l.close();
    throw e;
  }
  return opened;
}
function adoptInheritedListeners(fds, binds) {
  return fds.map((fd, i) => {
    const bind = parseBind(binds[i] ?? `fd://${fd}`);
    const label = formatBind(bind);
    return { bind, fd, label, close: () => safeClose(fd) };
  });
}
var import_node_fs9, net3, import_node_os3, import_node_util, createServerHandle, ListenError, DEFAULT_UNIX_SOCKET_MODE, PROBE_TIMEOUT_MS2;
var init_listeners = __esm({
  "lib/server/listeners.ts"() {
    "use strict";
    import_node_fs9 = __toESM(require_node_fs(), 1);
    net3 = __toESM(require_node_net(), 1);
    import_node_os3 = __toESM(require_node_os(), 1);
    import_node_util = __toESM(require_node_util(), 1);
    init_ip();
    init_bind();
    init_socket_owner();
    createServerHandle = net3._createServerHandle;
    ListenError = class extends Error {
    };
    DEFAULT_UNIX_SOCKET_MODE = 432;
    PROBE_TIMEOUT_MS2 = 1e3;
  }
});

// lib/server/pidfile.ts
function randomHex(bytes) {
  return (0, import_node_module6.createRequire)(import.meta.url)("node:crypto").randomBytes(bytes).toString("hex");
}
function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}
function replaceFile(path, text, mode) {
  const tmp = (0, import_node_path10.join)((0, import_node_path10.dirname)(path), `.${(0, import_node_path10.basename)(path)}.${process.pid}.${randomHex(6)}.tmp`);
  let fd;
  try {
    fd = (0, import_node_fs10.openSync)(tmp, import_node_fs10.constants.O_WRONLY | import_node_fs10.constants.O_CREAT | import_node_fs10.constants.O_EXCL, mode);
  } catch (e) {
    throw new ReplaceFileError(true, e);
  }
  try {
    (0, import_node_fs10.fchmodSync)(fd, mode);
    (0, import_node_fs10.writeSync)(fd, text);
    (0, import_node_fs10.closeSync)(fd);
    (0, import_node_fs10.renameSync)(tmp, path);
  } catch (e) {
    try {
      (0, import_node_fs10.closeSync)(fd);
    } catch {
    }
    try {
      (0, import_node_fs10.unlinkSync)(tmp);
    } catch {
    }
    throw new ReplaceFileError(false, e);
  }
}
function readPidfile(path) {
  let fd;
  try {
    fd = (0, import_node_fs10.openSync)(path, import_node_fs10.constants.O_RDONLY | import_node_fs10.constants.O_NOFOLLOW | import_node_fs10.constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    if (!(0, import_node_fs10.fstatSync)(fd).isFile()) return null;
    const buf = Buffer.alloc(32);
    const text = buf.subarray(0, (0, import_node_fs10.readSync)(fd, buf, 0, buf.length, 0)).toString("latin1").trim();
    return /^\d{1,10}$/.test(text) ? Number(text) : null;
  } catch {
    return null;
  } finally {
    (0, import_node_fs10.closeSync)(fd);
  }
}
function writePidfile(path) {
  const old = readPidfile(path);
  if (old !== null && old > 0 && old !== process.pid && processAlive(old)) {
    throw new PidfileError(`pid file ${path} names a running process (${old}); is tsicorn already running?`);
  }
  try {
    replaceFile(path, `${process.pid}
`, PIDFILE_MODE);
  } catch (e) {
    const hint = e.creating ? " (check the directory exists and is writable)" : "";
    throw new PidfileError(`cannot write pid file ${path}: ${e.message}${hint}`);
  }
}
function removePidfile(path) {
  for (const p of [path, `${path}.oldbin`]) {
    if (readPidfile(p) !== process.pid) continue;
    try {
      (0, import_node_fs10.unlinkSync)(p);
    } catch {
    }
  }
}
function moveAsideForUpgrade(path) {
  const aside = `${path}.oldbin`;
  try {
    (0, import_node_fs10.renameSync)(path, aside);
  } catch {
  }
  return aside;
}
var import_node_fs10, import_node_module6, import_node_path10, PidfileError, PIDFILE_MODE, ReplaceFileError;
var init_pidfile = __esm({
  "lib/server/pidfile.ts"() {
    "use strict";
    import_node_fs10 = __toESM(require_node_fs(), 1);
    import_node_module6 = __toESM(require_node_module(), 1);
    import_node_path10 = __toESM(require_node_path(), 1);
    PidfileError = class extends Error {
    };
    PIDFILE_MODE = 420;
    ReplaceFileError = class extends Error {
      creating;
      constructor(creating, cause) {
        super(cause.message);
        this.creating = creating;
      }
    };
  }
});

// lib/concurrency/dynos.ts
function workersFor(memoryMb, cpus) {
  return Math.min(Math.max(1, Math.floor(memoryMb / MB_PER_WORKER)), 2 * cpus + 1);
}
function workersForUnknownMemory(cpus, memTotalMb) {
  const byCpu = 2 * cpus + 1;
  return memTotalMb === null ? byCpu : Math.min(byCpu, Math.max(1, Math.floor(memTotalMb / MB_PER_WORKER)));
}
var MB_PER_WORKER;
var init_dynos = __esm({
  "lib/concurrency/dynos.ts"() {
    "use strict";
    MB_PER_WORKER = 256;
  }
});

// lib/concurrency/heroku-nodejs.ts
function parseUnsigned(text) {
  if (!/^\+?[0-9]+$/.test(text)) return null;
  const n = BigInt(text.replace(/^\+/, ""));
  return n <= U64_MAX ? n : null;
}
function nodejsMemoryMb(cgroup, memoryRaw) {
  const bytes = cgroup === "none" || memoryRaw === null ? null : parseUnsigned(memoryRaw.trim());
  if (bytes === null) return NODEJS_DEFAULT_MEMORY_MB;
  const mb5 = bytes / 1048576n;
  return mb5 > BigInt(NODEJS_MAX_MEMORY_MB) ? NODEJS_MAX_MEMORY_MB : Number(mb5);
}
function nodejsExecdComputes(cgroup, memoryRaw, webMemory) {
  const memoryMb = nodejsMemoryMb(cgroup, memoryRaw);
  const given = webMemory === void 0 ? null : parseUnsigned(webMemory);
  const webMemoryMb = given ?? (memoryMb > BREAKPOINT_MB ? 2048n : 512n);
  if (webMemoryMb === 0n) return null;
  const q = BigInt(memoryMb) / webMemoryMb;
  return { memoryMb, webMemoryMb, workers: q < 1n ? 1 : Number(q) };
}
var NODEJS_DEFAULT_MEMORY_MB, NODEJS_MAX_MEMORY_MB, BREAKPOINT_MB, U64_MAX;
var init_heroku_nodejs = __esm({
  "lib/concurrency/heroku-nodejs.ts"() {
    "use strict";
    NODEJS_DEFAULT_MEMORY_MB = 512;
    NODEJS_MAX_MEMORY_MB = 129024;
    BREAKPOINT_MB = 16384;
    U64_MAX = 18446744073709551615n;
  }
});

// lib/concurrency/decide.ts
function memoryFile(cgroup) {
  return cgroup === "v2" ? "memory.max" : "memory.limit_in_bytes";
}
function parseMemory(cgroup, raw, memTotalKb) {
  if (cgroup === "none") return { known: false, why: "no memory cgroup" };
  const file = memoryFile(cgroup);
  if (raw === null) return { known: false, why: `cannot read ${file}` };
  const v = raw.trim();
  if (v === "max" || DIGITS.test(v) && v.length > 15) return { known: false, why: "no limit" };
  if (!DIGITS.test(v)) return { known: false, why: `invalid value in ${file}` };
  const mb5 = Math.floor(Number(v) / 1048576);
  if (memTotalKb !== null && Number(v) > memTotalKb * 1024) {
    return { known: false, why: `limit ${mb5} MB above MemTotal ${Math.floor(memTotalKb / 1024)} MB` };
  }
  return { known: true, mb: mb5 };
}
function positiveInt(s) {
  if (s === void 0 || !DIGITS.test(s) || s.length > 9) return null;
  const n = Number(s);
  return n > 0 ? n : null;
}
function nprocFrom(affinityCpus, env) {
  let n = Math.max(1, affinityCpus);
  const omp = positiveInt(env.OMP_NUM_THREADS?.split(",")[0]);
  if (omp !== null) n = omp;
  const limit = positiveInt(env.OMP_THREAD_LIMIT);
  if (limit !== null && limit < n) n = limit;
  return n;
}
function parseQuota(raw) {
  if (raw === null) return null;
  const [q, p] = raw.trim().split(/\s+/);
  const quota = positiveInt(q);
  const period = positiveInt(p);
  if (quota === null || period === null) return null;
  return Math.ceil(quota / period);
}
function cpusFrom(facts) {
  const nproc = nprocFrom(facts.affinityCpus, facts.env);
  const quota = parseQuota(facts.cpuQuotaRaw);
  if (quota !== null && quota < nproc) return { count: quota, nproc, quota };
  return { count: nproc, nproc, quota: null };
}
function describe3(mem, cpus, cgroup, memTotalKb) {
  const cpuText = cpus.quota === null ? `${cpus.count} CPUs` : `${cpus.count} CPUs (nproc ${cpus.nproc}, quota ${cpus.quota})`;
  const cgText = cgroup === "none" ? "no cgroup" : `cgroup ${cgroup}`;
  if (mem.known) {
    const n2 = workersFor(mem.mb, cpus.count);
    const rule2 = `min(max(1, ${mem.mb}/${MB_PER_WORKER}), 2*${cpus.count}+1) = ${n2}`;
    return { n: n2, basis: `memory ${mem.mb} MB, ${cpuText}, ${cgText}`, rule: rule2 };
  }
  const totalMb = memTotalKb === null ? null : Math.floor(memTotalKb / 1024);
  const n = workersForUnknownMemory(cpus.count, totalMb);
  const rule = totalMb === null ? `2*${cpus.count}+1 = ${n}` : `min(2*${cpus.count}+1, max(1, MemTotal ${totalMb}/${MB_PER_WORKER})) = ${n}`;
  return { n, basis: `memory unknown (${mem.why}), ${cpuText}, ${cgText}`, rule };
}
function firNodejsDefault(facts) {
  const { WEB_CONCURRENCY: current = "", WEB_CONCURRENCY_SET_BY: setBy = "", WEB_MEMORY: web } = facts.env;
  if (current === "" || setBy !== "" || facts.env.MEMORY_AVAILABLE !== void 0) return null;
  if (web === void 0 || !CANONICAL.test(web)) return null;
  const computed = nodejsExecdComputes(facts.cgroup, facts.memoryRaw, web);
  if (computed === null || String(computed.workers) !== current) return null;
  return `${computed.memoryMb} MB / WEB_MEMORY ${web}`;
}
function tableDecision(facts) {
  const env = {
    ...facts.env,
    WEB_CONCURRENCY: void 0,
    WEB_CONCURRENCY_SET_BY: void 0,
    DYNO: void 0
  };
  return decide({ ...facts, env });
}
function decide(facts) {
  const mem = parseMemory(facts.cgroup, facts.memoryRaw, facts.memTotalKb);
  const cpus = cpusFrom(facts);
  const { n, basis, rule } = describe3(mem, cpus, facts.cgroup, facts.memTotalKb);
  const current = facts.env.WEB_CONCURRENCY ?? "";
  const setBy = facts.env.WEB_CONCURRENCY_SET_BY ?? "";
  let action;
  let reason;
  const fir = firNodejsDefault(facts);
  if (fir !== null) {
    action = "replace";
    reason = `WEB_CONCURRENCY=${n}, replacing ${current} that heroku/nodejs's exec.d computed (${fir}) (${basis}: ${rule})`;
  } else if (current !== "" && setBy === "") {
    action = "keep";
    reason = `keeping WEB_CONCURRENCY=${current} set by the user (${basis} would give ${n})`;
  } else if (current !== "") {
    action = "replace";
    reason = `WEB_CONCURRENCY=${n}, replacing ${current} from ${setBy} (${basis}: ${rule})`;
  } else {
    action = "set";
    reason = `WEB_CONCURRENCY=${n} (${basis}: ${rule})`;
  }
  const exports = {};
  if (action !== "keep") {
    exports.WEB_CONCURRENCY = String(n);
    exports.WEB_CONCURRENCY_SET_BY = "tsicorn";
    if (mem.known) exports.DYNO_RAM = String(mem.mb);
  }
  const web = (facts.env.DYNO ?? "").startsWith("web.");
  return { action, workers: n, exports, reason, logLine: web ? `tsicorn: ${reason}` : null };
}
var DIGITS, CANONICAL;
var init_decide = __esm({
  "lib/concurrency/decide.ts"() {
    "use strict";
    init_dynos();
    init_heroku_nodejs();
    DIGITS = /^[0-9]+$/;
    CANONICAL = /^(0|[1-9][0-9]*)$/;
  }
});

// lib/autotune/share.ts
function budgetMb(limitMb, masterMb) {
  return HEADROOM * limitMb - masterMb;
}
function fairShareMb(limitMb, masterMb, workers) {
  return Math.max(1, Math.floor(budgetMb(limitMb, masterMb) / Math.max(1, workers)));
}
function heapLimitMb(limitMb, masterMb, workers, nonHeapMb) {
  const n = Math.max(1, workers);
  const raw = Math.floor((limitMb - masterMb) / n - nonHeapMb);
  const mb5 = Math.max(MIN_HEAP_MB, raw);
  const formula = `(${limitMb} MB limit - ${Math.round(masterMb)} MB master) / ${n} worker${n === 1 ? "" : "s"} - ${Math.round(nonHeapMb)} MB non-heap = ${raw} MB` + (mb5 !== raw ? `, raised to the ${MIN_HEAP_MB} MB minimum` : "");
  return { mb: mb5, formula };
}
function splitNodeOptions(text) {
  const out = [];
  for (const m of text.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)) out.push(m[1] ?? m[2]);
  return out;
}
function userHeapSetting(sources) {
  const found = (args) => args.find((a) => HEAP_FLAG.test(a));
  const fromOptions = found(splitNodeOptions(sources.nodeOptions ?? ""));
  if (fromOptions) return `${fromOptions} in NODE_OPTIONS`;
  const fromArgs = found(sources.nodeArgs ?? []);
  if (fromArgs) return `${fromArgs} in --node-args`;
  const fromMaster = found(sources.masterExecArgv ?? []);
  if (fromMaster) return `${fromMaster} on the node command line`;
  return null;
}
function workerLimits(f) {
  const n = Math.max(1, f.workers);
  let heapMb = null;
  let heapReason;
  if (f.userHeap !== null) heapReason = `heap size set by the user (${f.userHeap})`;
  else if (f.limitMb === null) heapReason = "memory limit unknown: V8's default heap size";
  else {
    const nonHeap = f.nonHeapMb ?? DEFAULT_NON_HEAP_MB;
    const h = heapLimitMb(f.limitMb, f.masterMb, n, nonHeap);
    const floor = f.bootHeapUsedMb ? Math.ceil(BOOT_HEAP_FACTOR * f.bootHeapUsedMb) : 0;
    heapMb = Math.max(h.mb, floor);
    heapReason = `V8 heap limit ${heapMb} MB per worker: ${h.formula}` + (f.nonHeapMb === null ? " (non-heap not measured yet: default)" : "") + (floor > h.mb ? `, raised to ${BOOT_HEAP_FACTOR} x the ${Math.round(f.bootHeapUsedMb)} MB of heap the first worker used at boot` : "");
  }
  let maxWorkerMemoryMb = 0;
  let maxWorkerMemoryReason;
  if (f.userMaxWorkerMemory !== null) {
    maxWorkerMemoryMb = f.userMaxWorkerMemory;
    maxWorkerMemoryReason = `--max-worker-memory ${f.userMaxWorkerMemory} set by the user`;
  } else if (f.limitMb === null) {
    maxWorkerMemoryReason = "memory limit unknown: no --max-worker-memory";
  } else {
    const share = fairShareMb(f.limitMb, f.masterMb, n);
    const formula = `(${HEADROOM * 100} % of ${f.limitMb} MB - ${Math.round(f.masterMb)} MB master) / ${n}`;
    if (f.bootRssMb && share < BOOT_RSS_FACTOR * f.bootRssMb) {
      maxWorkerMemoryReason = `no default --max-worker-memory: the fair share ${formula} = ${share} MB leaves no room over the ${Math.round(f.bootRssMb)} MB a worker uses at boot (every worker would be replaced)`;
    } else {
      maxWorkerMemoryMb = share;
      maxWorkerMemoryReason = `--max-worker-memory ${share} MB, each worker's fair share: ${formula}`;
    }
  }
  return { heapMb, heapReason, maxWorkerMemoryMb, maxWorkerMemoryReason };
}
var HEADROOM, DEFAULT_NON_HEAP_MB, MIN_HEAP_MB, HEAP_FLAG, BOOT_HEAP_FACTOR, BOOT_RSS_FACTOR;
var init_share = __esm({
  "lib/autotune/share.ts"() {
    "use strict";
    HEADROOM = 0.9;
    DEFAULT_NON_HEAP_MB = 64;
    MIN_HEAP_MB = 64;
    HEAP_FLAG = /^--max[-_](?:old[-_]space|heap)[-_]size(?:=|$)/;
    BOOT_HEAP_FACTOR = 1.5;
    BOOT_RSS_FACTOR = 1.25;
  }
});

// lib/autotune/boot-fit.ts
function dynoMemory(facts) {
  const mem = parseMemory(facts.cgroup, facts.memoryRaw, facts.memTotalKb);
  const tableWorkers = tableDecision(facts).workers;
  const cpus = cpusFrom(facts).count;
  return mem.known ? { limitMb: mem.mb, text: `${mem.mb} MB limit (cgroup ${facts.cgroup})`, tableWorkers, cpus } : { limitMb: null, text: `memory limit unknown (${mem.why})`, tableWorkers, cpus };
}
function bootFit(f) {
  const { dyno, requested, origin } = f;
  if (dyno.limitMb === null) {
    return {
      workers: requested,
      log: `Boot-time fit: keeping ${plural(requested, "worker")} (${origin.detail}): ${dyno.text}, nothing to fit`,
      warning: null
    };
  }
  const budget = HEADROOM * dyno.limitMb;
  const room = budget - f.masterRssMb;
  const fits = Math.max(0, Math.floor(room / Math.max(1, f.workerRssMb)));
  const cost = `the first worker uses ${mb2(f.workerRssMb)} MB RSS and the master ${mb2(f.masterRssMb)} MB`;
  const rule = `${HEADROOM * 100} % of the ${dyno.text} = ${mb2(budget)} MB holds floor((${mb2(budget)} - ${mb2(f.masterRssMb)}) / ${mb2(f.workerRssMb)}) = ${fits}`;
  if (origin.kind === "user") {
    const log = `Boot-time fit: ${plural(requested, "worker")} as asked (${origin.detail}); ${cost}; ${rule}`;
    if (requested <= fits) return { workers: requested, log, warning: null };
    const need = f.masterRssMb + requested * f.workerRssMb;
    return {
      workers: requested,
      log,
      warning: `Memory: ${plural(requested, "worker")} (${origin.detail}) of about ${mb2(f.workerRssMb)} MB each plus the master need about ${mb2(need)} MB, more than ${HEADROOM * 100} % of the ${dyno.text} (${mb2(budget)} MB): expect swapping (R14) or an out-of-memory kill (R15). ${plural(Math.max(1, fits), "worker")} fit. Lower the count, or drop it and let tsicorn size the dyno.`
    };
  }
  const workers = Math.min(Math.max(1, fits), dyno.tableWorkers);
  const bound = fits < 1 ? ", at least 1" : fits > dyno.tableWorkers ? `, capped at the dyno table's ${dyno.tableWorkers}` : "";
  return {
    workers,
    log: `Boot-time fit: ${plural(workers, "worker")} (${origin.detail}${requested !== workers ? `, was ${requested}` : ""}): ${cost}; ${rule}${bound}`,
    warning: null
  };
}
var mb2, plural;
var init_boot_fit = __esm({
  "lib/autotune/boot-fit.ts"() {
    "use strict";
    init_decide();
    init_share();
    mb2 = (n) => Math.round(n);
    plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  }
});

// lib/autotune/run-fit.ts
function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
function inUseMb(s) {
  if (s.usageMb !== null) return { mb: s.usageMb, what: "cgroup usage" };
  return { mb: s.masterRssMb + s.workers.reduce((a, w) => a + w.rssMb, 0), what: "master + worker RSS" };
}
function runFit(state, s, target) {
  const { ceiling } = target;
  if (target.origin.kind === "user" || s.limitMb === null || s.workers.length === 0 || s.settling)
    return { state, action: { kind: "none" } };
  const limit = s.limitMb;
  const used = inUseMb(s);
  const ratio = used.mb / limit;
  const count = s.workers.length;
  const next = { ...state, grows: state.grows.filter((t) => s.now - t < WINDOW_MS) };
  next.highStreak = ratio > RETIRE_ABOVE ? state.highStreak + 1 : 0;
  if (next.highStreak === 0 && next.noted === "floor") next.noted = null;
  if (next.highStreak >= RETIRE_SAMPLES) {
    next.roomStreak = 0;
    if (count <= 1)
      return note(
        next,
        "floor",
        `Run-time fit: ${used.what} ${mb3(used.mb)} is ${pct(ratio)} of the ${mb3(limit)} limit with 1 worker left; not retiring below 1`
      );
    const largest = [...s.workers].sort((a, b) => b.rssMb - a.rssMb || b.pid - a.pid)[0];
    next.highStreak = 0;
    next.lastChangeAt = s.now;
    next.noted = null;
    return {
      state: next,
      action: {
        kind: "retire",
        pid: largest.pid,
        reason: `Run-time fit: ${used.what} ${mb3(used.mb)} is ${pct(ratio)} of the ${mb3(limit)} limit, above ${pct(RETIRE_ABOVE)} for ${RETIRE_SAMPLES} checks; retiring the largest worker ${largest.pid} (${mb3(largest.rssMb)} RSS): ${count} -> ${count - 1} workers`
      }
    };
  }
  const per = median(s.workers.map((w) => w.rssMb));
  const projected = (used.mb + per) / limit;
  next.roomStreak = count < ceiling && projected < GROW_BELOW ? state.roomStreak + 1 : 0;
  if (next.roomStreak === 0 && next.noted === "grows") next.noted = null;
  if (next.roomStreak < GROW_SAMPLES) return { state: next, action: { kind: "none" } };
  if (next.lastChangeAt !== null && s.now - next.lastChangeAt < GROW_COOLDOWN_MS)
    return { state: next, action: { kind: "none" } };
  if (next.grows.length >= MAX_GROWS_PER_WINDOW)
    return note(
      next,
      "grows",
      `Run-time fit: there is room for another worker, but ${MAX_GROWS_PER_WINDOW} were added in the last ${WINDOW_MS / 6e4} min; holding at ${count}`
    );
  next.roomStreak = 0;
  next.lastChangeAt = s.now;
  next.grows = [...next.grows, s.now];
  next.noted = null;
  return {
    state: next,
    action: {
      kind: "grow",
      reason: `Run-time fit: ${used.what} ${mb3(used.mb)} of the ${mb3(limit)} limit; one more worker of about ${mb3(per)} (median) keeps it at ${pct(projected)}, under ${pct(GROW_BELOW)} for ${GROW_SAMPLES} checks: ${count} -> ${count + 1} workers (target ${ceiling})`
    }
  };
}
function note(state, kind, reason) {
  if (state.noted === kind) return { state, action: { kind: "none" } };
  return { state: { ...state, noted: kind }, action: { kind: "note", reason } };
}
var RETIRE_ABOVE, GROW_BELOW, RETIRE_SAMPLES, GROW_SAMPLES, GROW_COOLDOWN_MS, WINDOW_MS, MAX_GROWS_PER_WINDOW, initialRunFit, pct, mb3;
var init_run_fit = __esm({
  "lib/autotune/run-fit.ts"() {
    "use strict";
    RETIRE_ABOVE = 0.9;
    GROW_BELOW = 0.8;
    RETIRE_SAMPLES = 2;
    GROW_SAMPLES = 5;
    GROW_COOLDOWN_MS = 6e4;
    WINDOW_MS = 10 * 6e4;
    MAX_GROWS_PER_WINDOW = 3;
    initialRunFit = () => ({
      highStreak: 0,
      roomStreak: 0,
      lastChangeAt: null,
      grows: [],
      noted: null
    });
    pct = (x) => `${Math.round(x * 100)} %`;
    mb3 = (n) => `${Math.round(n)} MB`;
  }
});

// lib/autotune/state.ts
var DECISIONS_KEPT, initialTuneState;
var init_state = __esm({
  "lib/autotune/state.ts"() {
    "use strict";
    init_run_fit();
    DECISIONS_KEPT = 20;
    initialTuneState = () => ({
      bootFit: "pending",
      masterMb: null,
      bootRssMb: null,
      bootHeapUsedMb: null,
      canaryPid: null,
      canarySwapped: false,
      run: initialRunFit(),
      lastSampleAt: 0,
      loggedLimits: null,
      decisions: []
    });
  }
});

// lib/server/policy/autotune.ts
function startupSettled(state) {
  return state.bootFit === "done" && state.canaryPid === null;
}
function autotunePolicy(f, _ev) {
  const t = f.tune;
  let state = t.state;
  const out = [];
  const after = [];
  const decided = [];
  const say = (level, text) => {
    out.push({ do: "say", level, text });
    decided.push(text);
  };
  if (state.bootFit === "pending") {
    const first = f.workers.find((w) => w.state === "ready" && w.rss > 0 && w.heapUsed > 0);
    if (t.dyno.limitMb === null || first) {
      const masterMb = f.memory.masterRss / MB2;
      const workerRssMb = first ? first.rss / MB2 : 0;
      const fit = bootFit({
        origin: t.origin,
        requested: f.target,
        dyno: t.dyno,
        masterRssMb: masterMb,
        workerRssMb
      });
      say("info", fit.log);
      if (fit.warning) say("warning", fit.warning);
      state = {
        ...state,
        bootFit: "done",
        masterMb: first ? masterMb : null,
        bootRssMb: first ? workerRssMb : null,
        bootHeapUsedMb: first ? first.heapUsed / MB2 : null,
        canaryPid: first && first.heapLimitMb !== null ? first.pid : null
      };
      if (fit.workers !== f.target)
        after.push({ do: "set-target", workers: fit.workers, reason: "boot-time fit" });
    }
  } else {
    const line = `${t.limits.heapReason}; ${t.limits.maxWorkerMemoryReason}`;
    if (line !== state.loggedLimits) {
      say("info", `Worker memory: ${line}`);
      state = { ...state, loggedLimits: line };
    }
    if (state.canaryPid !== null) {
      const canary = f.workers.find((w) => w.pid === state.canaryPid);
      const ready = f.workers.filter((w) => w.state === "ready" && !w.retiring).length;
      if (!canary) state = { ...state, canaryPid: null };
      else if (canary.state === "ready" && !canary.retiring) {
        if (state.canarySwapped) {
          state = { ...state, canaryPid: null };
          say(
            "warning",
            `Worker ${canary.pid} keeps its V8 heap limit of ${canary.heapLimitMb} MB: its successor did not boot`
          );
        } else if (ready >= f.target && f.pendingSpawns === 0) {
          const heapMb = t.limits.heapMb;
          if (heapMb !== null && canary.heapLimitMb !== null && canary.heapLimitMb > heapMb) {
            const reason = `its V8 heap limit ${canary.heapLimitMb} MB was for one worker; ${f.target} workers get ${heapMb} MB each`;
            after.push({ do: "replace", pid: canary.pid, reason });
            decided.push(`Replacing worker ${canary.pid}: ${reason}`);
            state = { ...state, canarySwapped: true };
          } else state = { ...state, canaryPid: null };
        }
      }
    }
    if (t.usage !== null && t.usage.at > state.lastSampleAt) {
      const serving = f.workers.filter((w) => w.state === "ready" && !w.retiring);
      const settling = f.pendingSpawns > 0 || f.workers.some((w) => w.state !== "ready" || w.retiring !== null);
      const r = runFit(
        state.run,
        {
          now: f.now,
          limitMb: t.dyno.limitMb,
          usageMb: t.usage.inUseMb,
          masterRssMb: f.memory.masterRss / MB2,
          workers: serving.map((w) => ({ pid: w.pid, rssMb: w.rss / MB2 })),
          settling
        },
        { ceiling: t.dyno.tableWorkers, origin: t.origin }
      );
      state = { ...state, run: r.state, lastSampleAt: t.usage.at };
      const a = r.action;
      if (a.kind === "retire") {
        after.push({ do: "retire", pid: a.pid, reason: a.reason });
        decided.push(a.reason);
        after.push({ do: "set-target", workers: Math.max(1, f.target - 1), reason: "run-time fit" });
      } else if (a.kind === "grow") {
        say("info", a.reason);
        after.push({ do: "set-target", workers: f.target + 1, reason: "run-time fit" });
      } else if (a.kind === "note") {
        say("warning", a.reason);
      }
    }
  }
  if (decided.length > 0)
    state = {
      ...state,
      decisions: [...state.decisions, ...decided.map((text) => ({ at: f.now, text }))].slice(-DECISIONS_KEPT)
    };
  return state === t.state ? [...out, ...after] : [{ do: "tune", state }, ...out, ...after];
}
var MB2;
var init_autotune = __esm({
  "lib/server/policy/autotune.ts"() {
    "use strict";
    init_boot_fit();
    init_run_fit();
    init_state();
    MB2 = 1024 * 1024;
  }
});

// lib/server/policy/count.ts
function countPolicy(f) {
  const out = [];
  const active = f.workers.filter((w) => w.state !== "stopping" && !w.retiring);
  const running = active.length + f.pendingSpawns;
  const measuring = f.tune.state.bootFit === "pending" && f.tune.dyno.limitMb !== null;
  const canary = !f.everReady && !f.settings.preloadApp || measuring;
  const want = canary ? Math.min(1, f.target) : f.target;
  if (canary && f.target > 1 && f.said.canary === void 0)
    out.push({
      do: "say",
      level: "info",
      text: "Booting one worker first; the others start as soon as it has loaded the app",
      key: "canary"
    });
  if (running < want && f.now >= f.crash.notBefore) {
    for (let i = running; i < want; i++)
      out.push({ do: "spawn", reason: `${running} of ${want} worker(s) running or booting` });
  } else if (running > want) {
    for (const w of surplusOrder(active).slice(0, running - want)) {
      out.push({ do: "retire", pid: w.pid, reason: "more workers than wanted" });
      if (w.replaces !== null)
        out.push({ do: "retire", pid: w.replaces, reason: "more workers than wanted" });
    }
  }
  return out;
}
function surplusOrder(active) {
  return [...active].sort((a, b) => a.generation - b.generation || b.age - a.age);
}
var init_count = __esm({
  "lib/server/policy/count.ts"() {
    "use strict";
  }
});

// lib/server/backoff.ts
function nextCrashStreak(previousStreak, livedMs, served = 0) {
  return served > 0 || livedMs !== null && livedMs >= STABLE_AFTER_MS ? 1 : previousStreak + 1;
}
function respawnDelayMs(streak) {
  if (streak <= 1) return 0;
  return Math.min(250 * 2 ** (streak - 2), MAX_BACKOFF_MS);
}
function requestBudget(maxRequests, jitter, random = Math.random) {
  if (maxRequests <= 0) return 0;
  return maxRequests + (jitter > 0 ? Math.floor(random() * (jitter + 1)) : 0);
}
var STABLE_AFTER_MS, MAX_BACKOFF_MS;
var init_backoff = __esm({
  "lib/server/backoff.ts"() {
    "use strict";
    STABLE_AFTER_MS = 1e4;
    MAX_BACKOFF_MS = 3e4;
  }
});

// lib/server/policy/crash.ts
function crashPolicy(f, ev) {
  if (ev.type !== "exit" || ev.worker.expected) return [];
  const streak = nextCrashStreak(f.crash.streak, ev.worker.livedMs, ev.worker.served);
  const delay = respawnDelayMs(streak);
  return [
    {
      do: "backoff",
      streak,
      notBefore: f.now + delay,
      reason: delay > 0 ? `${streak} worker failures in a row: next worker starts in ${(delay / 1e3).toFixed(2)} s` : ""
    }
  ];
}
var init_crash = __esm({
  "lib/server/policy/crash.ts"() {
    "use strict";
    init_backoff();
  }
});

// lib/server/policy/health.ts
function healthPolicy(f) {
  const out = [];
  const { timeout, bootTimeout } = f.settings;
  for (const w of f.workers) {
    if (w.aborting) continue;
    if (w.state === "booting" && bootTimeout > 0 && f.now - w.spawnedAt > bootTimeout * 1e3) {
      out.push({
        do: "kill",
        pid: w.pid,
        level: "critical",
        reason: `WORKER BOOT TIMEOUT (pid:${w.pid}): the app did not get ready within ${bootTimeout} s`
      });
    } else if (w.state === "ready" && timeout > 0 && f.now - w.lastBeat > timeout * 1e3) {
      const silent = ((f.now - w.lastBeat) / 1e3).toFixed(1);
      out.push({ do: "abort", pid: w.pid, reason: `no heartbeat for ${silent} s (--timeout ${timeout})` });
    } else if (w.state === "stopping" && w.stopDeadline !== null && f.now > w.stopDeadline) {
      out.push({
        do: "kill",
        pid: w.pid,
        level: "warning",
        reason: `Worker ${w.pid} did not stop within the graceful timeout; killing it`
      });
    }
  }
  return out;
}
var init_health = __esm({
  "lib/server/policy/health.ts"() {
    "use strict";
  }
});

// lib/server/memory.ts
function median2(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
function memoryReport(sample, limit) {
  const per = median2(sample.workerRss);
  const total = sample.masterRss + sample.workerRss.reduce((a, b) => a + b, 0);
  let line = `Memory: master ${mb4(sample.masterRss)} MB RSS, workers ${mb4(per)} MB each (median of ${sample.workerRss.length}, max ${mb4(Math.max(...sample.workerRss))})`;
  if (limit.mb === null) return `${line}; dyno memory limit unknown (${limit.source})`;
  const room = per > 0 ? Math.floor((limit.mb * MB3 - sample.masterRss) / per) : 0;
  line += `; limit ${limit.mb} MB (${limit.source}): ${mb4(total)} MB in use, room for about ${room} workers of this size`;
  return line;
}
function memoryPressure(sample, limit) {
  if (limit.mb === null) return null;
  const total = sample.masterRss + sample.workerRss.reduce((a, b) => a + b, 0);
  const ratio = total / (limit.mb * MB3);
  if (ratio <= WARN_RATIO) return null;
  const biggest = Math.max(...sample.workerRss);
  return `Memory: master and workers use ${mb4(total)} MB RSS of the ${limit.mb} MB limit (${Math.round(ratio * 100)} %); past the limit the dyno swaps (R14) and is killed at twice it (R15). Largest worker: ${mb4(biggest)} MB. Lower WEB_CONCURRENCY or set --max-worker-memory.`;
}
var WARN_RATIO, MB3, mb4;
var init_memory = __esm({
  "lib/server/memory.ts"() {
    "use strict";
    WARN_RATIO = 0.9;
    MB3 = 1024 * 1024;
    mb4 = (bytes) => Math.round(bytes / MB3);
  }
});

// lib/server/policy/memory.ts
function memoryPolicy(f, ev) {
  const out = [];
  const limitMb = f.settings.maxWorkerMemory;
  if (limitMb > 0) {
    for (const w of f.workers)
      if (w.state === "ready" && !w.retiring && w.rss > limitMb * MB4) {
        out.push({
          do: "say",
          level: "warning",
          text: `Worker ${w.pid} uses ${(w.rss / MB4).toFixed(0)} MB RSS, above --max-worker-memory ${limitMb} MB`
        });
        out.push({ do: "replace", pid: w.pid, reason: "max-worker-memory" });
      }
  }
  if (ev.type !== "tick") return out;
  const ready = f.workers.filter((w) => w.state === "ready" && w.rss > 0);
  if (ready.length === 0) return out;
  const sample = { masterRss: f.memory.masterRss, workerRss: ready.map((w) => w.rss) };
  if (f.said["memory-report"] === void 0 && f.allReadyAnnounced && ready.length >= f.target)
    out.push({ do: "say", level: "info", text: memoryReport(sample, f.memory.limit), key: "memory-report" });
  const pressure = memoryPressure(sample, f.memory.limit);
  const last = f.said["memory-pressure"];
  if (pressure && (last === void 0 || f.now - last >= PRESSURE_WARNING_EVERY_MS))
    out.push({ do: "say", level: "warning", text: pressure, key: "memory-pressure" });
  return out;
}
var MB4, PRESSURE_WARNING_EVERY_MS;
var init_memory2 = __esm({
  "lib/server/policy/memory.ts"() {
    "use strict";
    init_memory();
    MB4 = 1024 * 1024;
    PRESSURE_WARNING_EVERY_MS = 6e4;
  }
});

// lib/server/policy/reload.ts
function reloadPolicy(f, ev) {
  if (f.phase !== "running" || f.settledGeneration >= f.generation) return [];
  const stale = f.workers.filter(isStale(f));
  const out = [];
  if (ev.type === "reload")
    out.push({
      do: "say",
      level: "info",
      text: `Reloading: replacing ${stale.length} worker(s) one at a time`
    });
  if (ev.type === "exit" && !ev.worker.expected && !ev.worker.wasReady && ev.worker.generation === f.generation)
    return [
      {
        do: "settle-reload",
        outcome: "abandoned",
        reason: `Reload aborted: the new version did not boot (${ev.worker.how}). Old workers keep serving.`
      }
    ];
  for (const w of stale)
    if (w.state === "booting")
      out.push({
        do: "retire",
        pid: w.pid,
        reason: "it was booting when the reload came, maybe with the old code"
      });
  const replacing = f.workers.some((w) => w.retiring && w.state !== "stopping");
  if (replacing) return out;
  const next = stale.filter((w) => w.state === "ready").sort((a, b) => a.age - b.age)[0];
  if (next) out.push({ do: "replace", pid: next.pid, reason: "reload" });
  else if (stale.length === 0 && f.pendingSpawns === 0 && !f.workers.some((w) => w.state === "booting"))
    out.push({ do: "settle-reload", outcome: "complete", reason: "Reload complete" });
  return out;
}
var isStale;
var init_reload = __esm({
  "lib/server/policy/reload.ts"() {
    "use strict";
    isStale = (f) => (w) => w.generation < f.generation && w.state !== "stopping";
  }
});

// lib/server/policy/index.ts
var POLICIES;
var init_policy = __esm({
  "lib/server/policy/index.ts"() {
    "use strict";
    init_autotune();
    init_count();
    init_crash();
    init_health();
    init_memory2();
    init_reload();
    POLICIES = [
      { name: "crash-backoff", decide: crashPolicy },
      { name: "health", decide: healthPolicy },
      { name: "memory", decide: memoryPolicy },
      { name: "reload", decide: reloadPolicy },
      // Before `count`, so a new target is filled in the same round.
      { name: "autotune", decide: autotunePolicy },
      { name: "count", decide: countPolicy }
    ];
  }
});

// lib/server/free-port.ts
function freePortSync(host = "127.0.0.1") {
  if (!createServerHandle2) throw new Error("this Node has no net._createServerHandle");
  const handle = createServerHandle2(host, 0, ipFamily(host) || 4);
  if (typeof handle === "number") throw new Error(`cannot bind ${host}:0 (errno ${handle})`);
  const out = {};
  handle.getsockname?.(out);
  handle.close();
  if (typeof out.port !== "number" || out.port === 0) throw new Error(`no port bound on ${host}`);
  return out.port;
}
function freePort(host = "127.0.0.1") {
  try {
    return Promise.resolve(freePortSync(host));
  } catch {
    return new Promise((resolve4, reject) => {
      const s = net4.createServer();
      s.once("error", reject);
      s.listen(0, host, () => {
        const { port } = s.address();
        s.close(() => resolve4(port));
      });
    });
  }
}
var net4, createServerHandle2;
var init_free_port = __esm({
  "lib/server/free-port.ts"() {
    "use strict";
    net4 = __toESM(require_node_net(), 1);
    init_ip();
    createServerHandle2 = net4._createServerHandle;
  }
});

// lib/server/pool.ts
var import_node_child_process3, WorkerPool;
var init_pool = __esm({
  "lib/server/pool.ts"() {
    "use strict";
    import_node_child_process3 = __toESM(require_node_child_process(), 1);
    init_backoff();
    init_compile_cache();
    init_messages();
    init_roles();
    init_settings2();
    init_timing();
    init_free_port();
    init_launch();
    WorkerPool = class {
      ctx;
      byPid = /* @__PURE__ */ new Map();
      ageCounter = 0;
      /** Forks asked for that have not happened yet (waiting for an inspector port or pre_fork). */
      pending = 0;
      constructor(ctx) {
        this.ctx = ctx;
      }
      get(pid) {
        return this.byPid.get(pid);
      }
      all() {
        return [...this.byPid.values()];
      }
      get size() {
        return this.byPid.size;
      }
      /** Ready workers not on their way out. */
      readyCount() {
        let n = 0;
        for (const w of this.byPid.values()) if (w.state === "ready" && !w.retiring) n++;
        return n;
      }
      facts() {
        return this.all().map(({ child: _c, inspectPort: _i, stopRequested: _s, ...f }) => f);
      }
      async spawn(replaces = null) {
        this.pending++;
        try {
          const s = this.ctx.config();
          const inspectPort = s.hangStacks ? await freePort() : null;
          if (!this.ctx.mayFork()) return null;
          const age = ++this.ageCounter;
          await this.ctx.preFork(age);
          if (!this.ctx.mayFork()) return null;
          const { launch } = this.ctx;
          const env = childEnv(
            launch.env,
            { [ROLE_ENV]: ROLES.worker, ...compileCacheEnv(this.ctx.compileCacheDir()) },
            [ENV.inheritedFds]
          );
          const extra = this.ctx.workerArgs();
          const execArgv = [...launch.execArgv.filter((a) => !a.startsWith("--inspect")), ...extra.args];
          if (inspectPort) execArgv.push(`--inspect-port=127.0.0.1:${inspectPort}`);
          execArgv.push("--inspect-publish-uid=http");
          const fds = this.ctx.listenFds();
          const child = (0, import_node_child_process3.fork)(launch.entry, [], {
            cwd: launch.cwd,
            env,
            execPath: launch.execPath,
            execArgv,
            stdio: ["inherit", "inherit", "inherit", ...fds, "ipc"]
          });
          this.send(child, {
            t: "init",
            age,
            maxRequests: requestBudget(s.maxRequests, s.maxRequestsJitter),
            listenFds: fds.length,
            settings: encodeSettings(s)
          });
          const now = Date.now();
          const w = {
            pid: child.pid ?? -1,
            age,
            generation: this.ctx.generation(),
            state: "booting",
            spawnedAt: now,
            readyAt: null,
            lastBeat: now,
            rss: 0,
            requests: 0,
            inFlight: 0,
            heapUsed: 0,
            heapLimitMb: extra.heapLimitMb,
            retiring: null,
            replaces: replaces !== null && this.byPid.has(replaces) ? replaces : null,
            aborting: false,
            stopDeadline: null,
            child,
            inspectPort,
            stopRequested: false
          };
          this.byPid.set(w.pid, w);
          child.on("message", (msg) => {
            if (isWorkerMessage(msg)) this.ctx.onMessage(w, msg);
          });
          child.on("exit", (code, signal) => this.ctx.onExit(w, code, signal));
          child.on("error", (e) => this.ctx.log.error(`worker ${w.pid}: ${e.message}`));
          this.ctx.log.info(`Booting worker with pid: ${w.pid}`);
          return w;
        } finally {
          this.pending--;
        }
      }
      /** Start a successor for `pid`; the worker keeps serving until the successor is ready. */
      replace(pid, reason) {
        const old = this.byPid.get(pid);
        if (!old || old.retiring || old.state !== "ready") return;
        old.retiring = reason;
        this.ctx.log.info(`Replacing worker ${old.pid} (${reason}): starting its successor first`);
        void this.spawn(old.pid);
      }
      /** Tell a worker to stop (graceful: drain within the budget; quick: exit now). `again` re-sends a
       * quick stop to a worker already stopping gracefully. A graceful stop while the master still
       * runs is a retirement: others serve on, so its keep-alive connections move to them gradually
       * (handoffMs); in a shutdown they close at once. */
      stop(pid, graceful, again = false) {
        const w = this.byPid.get(pid);
        if (!w || w.stopRequested && !again) return;
        w.stopRequested = true;
        w.state = "stopping";
        const budget = shutdownBudget(this.ctx.config().gracefulTimeout, graceful);
        w.stopDeadline = Date.now() + budget.killAfterMs;
        const handoff = graceful && this.ctx.mayFork() ? handoffMs(budget.workerDrainMs) : 0;
        const msg = { t: "stop", graceful, drainMs: budget.workerDrainMs, handoffMs: handoff };
        if (!this.send(w.child, msg)) this.kill(pid);
      }
      kill(pid, sig = "SIGKILL") {
        try {
          process.kill(pid, sig);
        } catch {
        }
      }
      /** A kill is under way: policies leave the worker alone until it exits. */
      markAborting(pid) {
        const w = this.byPid.get(pid);
        if (w) {
          w.aborting = true;
          w.stopDeadline = null;
        }
      }
      /** Returns false if the worker was not booting (a duplicate or late message). */
      markReady(w) {
        if (w.state !== "booting") return false;
        w.state = "ready";
        w.readyAt = w.lastBeat = Date.now();
        const old = w.replaces === null ? void 0 : this.byPid.get(w.replaces);
        w.replaces = null;
        if (old) {
          this.ctx.log.info(`Worker ${w.pid} is ready; retiring ${old.pid} (${old.retiring})`);
          this.stop(old.pid, true);
        }
        return true;
      }
      heartbeat(w, msg) {
        w.lastBeat = Date.now();
        w.rss = msg.rss;
        w.requests = msg.requests;
        w.inFlight = msg.inFlight;
        if (msg.figures) w.heapUsed = msg.figures.heapUsed;
      }
      /** Bookkeeping of an exit. `how` says why, for the log when a replacement failed. */
      remove(w, how) {
        this.byPid.delete(w.pid);
        for (const other of this.byPid.values()) if (other.replaces === w.pid) other.replaces = null;
        const old = w.replaces === null ? void 0 : this.byPid.get(w.replaces);
        if (old && old.state === "ready") {
          if (!w.stopRequested)
            this.ctx.log.error(`Replacement for worker ${old.pid} failed (${how}); ${old.pid} keeps serving`);
          old.retiring = null;
        }
      }
      broadcast(msg) {
        for (const w of this.byPid.values()) this.send(w.child, msg);
      }
      /** Hands a socket to a worker (round-robin); false when its channel is gone. */
      sendSocket(w, sock) {
        return this.send(w.child, { t: "conn" }, sock);
      }
      killAll() {
        for (const w of this.byPid.values()) this.kill(w.pid);
      }
      send(child, msg, handle) {
        if (!child.connected) return false;
        try {
          child.send(msg, handle);
          return true;
        } catch {
          return false;
        }
      }
    };
  }
});

// lib/server/reuseport-migrate.ts
function migrateWarning(value) {
  if (value?.trim() === "1") return null;
  const state = value === null ? "net.ipv4.tcp_migrate_req is not available (Linux before 5.14?)" : "net.ipv4.tcp_migrate_req is 0";
  return `${state}: with --distribution reuseport, a worker that retires (HUP, TTOU, max-requests, memory) resets the connections still queued on its socket; set it to 1 (sysctl -w net.ipv4.tcp_migrate_req=1) or use --distribution shared`;
}
function readMigrateSysctl(path = MIGRATE_SYSCTL) {
  try {
    return (0, import_node_fs11.readFileSync)(path, "utf8");
  } catch {
    return null;
  }
}
var import_node_fs11, MIGRATE_SYSCTL;
var init_reuseport_migrate = __esm({
  "lib/server/reuseport-migrate.ts"() {
    "use strict";
    import_node_fs11 = __toESM(require_node_fs(), 1);
    MIGRATE_SYSCTL = "/proc/sys/net/ipv4/tcp_migrate_req";
  }
});

// lib/server/round-robin.ts
var net5, RoundRobin;
var init_round_robin = __esm({
  "lib/server/round-robin.ts"() {
    "use strict";
    net5 = __toESM(require_node_net(), 1);
    RoundRobin = class {
      servers = [];
      next = 0;
      readyTargets;
      log;
      /** Each target hands a socket to one currently ready worker; false when it could not. (No
       * parameter properties: Node's type stripping, which runs the sources, does not support them.) */
      constructor(readyTargets, log) {
        this.readyTargets = readyTargets;
        this.log = log;
      }
      start(listeners, backlog) {
        for (const l of listeners) {
          const srv = net5.createServer({ pauseOnConnect: true }, (sock) => this.dispatch(sock));
          srv.on("error", (e) => this.log.error(`round-robin listener: ${e.message}`));
          srv.listen({ fd: l.fd, backlog });
          this.servers.push(srv);
        }
      }
      dispatch(sock) {
        const targets = this.readyTargets();
        for (let i = 0; i < targets.length; i++) {
          if (targets[(this.next++ + i) % targets.length](sock)) return;
        }
        sock.destroy();
      }
      close() {
        for (const srv of this.servers.splice(0)) srv.close();
      }
    };
  }
});

// lib/server/status-file.ts
function writeStatus(pidfile, status) {
  const path = statusPath(pidfile);
  try {
    replaceFile(path, `${JSON.stringify(status)}
`, 420);
  } catch {
  }
}
function removeStatus(pidfile, pid = process.pid) {
  if (readStatus(pidfile)?.pid !== pid) return;
  try {
    (0, import_node_fs12.unlinkSync)(statusPath(pidfile));
  } catch {
  }
}
function readStatus(pidfile) {
  try {
    const data = JSON.parse((0, import_node_fs12.readFileSync)(statusPath(pidfile), "utf8"));
    return typeof data?.pid === "number" && Array.isArray(data.workers) ? data : null;
  } catch {
    return null;
  }
}
var import_node_fs12, statusPath;
var init_status_file = __esm({
  "lib/server/status-file.ts"() {
    "use strict";
    import_node_fs12 = __toESM(require_node_fs(), 1);
    init_pidfile();
    statusPath = (pidfile) => `${pidfile}.status`;
  }
});

// lib/autotune/origin.ts
function countOrigin(source, facts) {
  if (source.kind === "default") return { kind: "none", detail: "no -w and no WEB_CONCURRENCY" };
  if (source.kind !== "env") return { kind: "user", detail: source.detail };
  const setBy = facts.env.WEB_CONCURRENCY_SET_BY ?? "";
  if (setBy !== "") return { kind: "platform", detail: `${source.detail} from ${setBy}` };
  if (firNodejsDefault(facts) !== null)
    return { kind: "platform", detail: `${source.detail} from heroku/nodejs's exec.d` };
  return { kind: "user", detail: `${source.detail} set by the user` };
}
var init_origin = __esm({
  "lib/autotune/origin.ts"() {
    "use strict";
    init_decide();
  }
});

// lib/concurrency/facts.ts
function firstLine(path) {
  try {
    return (0, import_node_fs13.readFileSync)(path, "utf8").split("\n")[0].trim();
  } catch {
    return null;
  }
}
function isDir2(path) {
  try {
    return (0, import_node_fs13.statSync)(path).isDirectory();
  } catch {
    return false;
  }
}
function countCpuList(list) {
  let n = 0;
  for (const part of list.trim().split(",")) {
    const m = /^([0-9]+)(?:-([0-9]+))?$/.exec(part);
    if (!m) return null;
    const lo = Number(m[1]);
    const hi = m[2] === void 0 ? lo : Number(m[2]);
    if (hi < lo) return null;
    n += hi - lo + 1;
  }
  return n > 0 ? n : null;
}
function field(path, name) {
  let text;
  try {
    text = (0, import_node_fs13.readFileSync)(path, "utf8");
  } catch {
    return null;
  }
  for (const line of text.split("\n")) {
    const [k, ...rest] = line.trim().split(/\s+/);
    if (k === `${name}:`) return rest[0] ?? null;
  }
  return null;
}
function countCpuinfoProcessors(text) {
  let n = 0;
  for (const line of text.split("\n")) if (line.trim().split(/\s+/)[0] === "processor") n++;
  return n;
}
function fallbackCpuList(root) {
  if (root === "/" || root === "") return null;
  let cpuinfo = null;
  try {
    cpuinfo = (0, import_node_fs13.readFileSync)((0, import_node_path11.join)(root, "proc/cpuinfo"), "utf8");
  } catch {
    return field("/proc/self/status", "Cpus_allowed_list");
  }
  const n = countCpuinfoProcessors(cpuinfo);
  return n > 0 ? `0-${n - 1}` : null;
}
function readFacts(root, env) {
  const cg = (0, import_node_path11.join)(root, "sys/fs/cgroup");
  const cgroup = (0, import_node_fs13.existsSync)((0, import_node_path11.join)(cg, "cgroup.controllers")) ? "v2" : isDir2((0, import_node_path11.join)(cg, "memory")) ? "v1" : "none";
  let memoryRaw = null;
  let cpuQuotaRaw = null;
  if (cgroup === "v2") {
    memoryRaw = firstLine((0, import_node_path11.join)(cg, "memory.max"));
    cpuQuotaRaw = firstLine((0, import_node_path11.join)(cg, "cpu.max"));
  } else if (cgroup === "v1") {
    memoryRaw = firstLine((0, import_node_path11.join)(cg, "memory/memory.limit_in_bytes"));
    const q = firstLine((0, import_node_path11.join)(cg, "cpu/cpu.cfs_quota_us"));
    const p = firstLine((0, import_node_path11.join)(cg, "cpu/cpu.cfs_period_us"));
    cpuQuotaRaw = q !== null && p !== null ? `${q} ${p}` : null;
  }
  const kb = field((0, import_node_path11.join)(root, "proc/meminfo"), "MemTotal");
  const memTotalKb = kb !== null && /^[0-9]+$/.test(kb) ? Number(kb) : null;
  const list = field((0, import_node_path11.join)(root, "proc/self/status"), "Cpus_allowed_list") ?? fallbackCpuList(root);
  const affinityCpus = (list === null ? null : countCpuList(list)) ?? 1;
  return { cgroup, memoryRaw, memTotalKb, affinityCpus, cpuQuotaRaw, env };
}
var import_node_fs13, import_node_path11;
var init_facts = __esm({
  "lib/concurrency/facts.ts"() {
    "use strict";
    import_node_fs13 = __toESM(require_node_fs(), 1);
    import_node_path11 = __toESM(require_node_path(), 1);
  }
});

// lib/concurrency/usage.ts
function read(path) {
  try {
    return (0, import_node_fs14.readFileSync)(path, "utf8");
  } catch {
    return null;
  }
}
function statField(text, key) {
  for (const line of text.split("\n")) {
    const [k, v] = line.split(" ");
    if (k === key && v !== void 0 && /^[0-9]+$/.test(v)) return Number(v);
  }
  return null;
}
function readCgroupUsage(root, cgroup) {
  if (cgroup === "none") return null;
  const dir = (0, import_node_path12.join)(root, "sys/fs/cgroup", cgroup === "v1" ? "memory" : "");
  const raw = read((0, import_node_path12.join)(dir, cgroup === "v1" ? "memory.usage_in_bytes" : "memory.current"))?.trim();
  if (raw === void 0 || !/^[0-9]+$/.test(raw)) return null;
  const usage = Number(raw);
  const stat = read((0, import_node_path12.join)(dir, "memory.stat"));
  const inactive = stat === null ? null : statField(stat, cgroup === "v1" ? "total_inactive_file" : "inactive_file");
  const inUse = inactive === null || inactive > usage ? usage : usage - inactive;
  return { usageMb: usage / 1048576, inUseMb: inUse / 1048576 };
}
function readOomKills(root, cgroup) {
  if (cgroup === "none") return null;
  const dir = (0, import_node_path12.join)(root, "sys/fs/cgroup", cgroup === "v1" ? "memory" : "");
  const text = read((0, import_node_path12.join)(dir, cgroup === "v1" ? "memory.oom_control" : "memory.events"));
  return text === null ? null : statField(text, "oom_kill");
}
var import_node_fs14, import_node_path12;
var init_usage = __esm({
  "lib/concurrency/usage.ts"() {
    "use strict";
    import_node_fs14 = __toESM(require_node_fs(), 1);
    import_node_path12 = __toESM(require_node_path(), 1);
  }
});

// lib/server/dyno-limit.ts
function dynoLimit(facts) {
  const memory = parseMemory(facts.cgroup, facts.memoryRaw, facts.memTotalKb);
  return memory.known ? { mb: memory.mb, source: `cgroup ${facts.cgroup}` } : { mb: null, source: memory.why };
}
var init_dyno_limit = __esm({
  "lib/server/dyno-limit.ts"() {
    "use strict";
    init_decide();
  }
});

// lib/server/tuner.ts
var USAGE_EVERY_MS, MB5, MasterTuner;
var init_tuner = __esm({
  "lib/server/tuner.ts"() {
    "use strict";
    init_boot_fit();
    init_origin();
    init_share();
    init_state();
    init_facts();
    init_usage();
    init_shellsplit();
    init_dyno_limit();
    USAGE_EVERY_MS = 2e3;
    MB5 = 1024 * 1024;
    MasterTuner = class {
      root;
      facts;
      dyno;
      /** The same memory limit as the master's memory report and metrics state it. */
      limit;
      origin;
      userMaxWorkerMemory;
      state = initialTuneState();
      usage = null;
      launch;
      constructor(launch, sources) {
        this.launch = launch;
        this.root = launch.env.TSICORN_CGROUP_ROOT || "/";
        this.facts = readFacts(this.root, launch.env);
        this.dyno = dynoMemory(this.facts);
        this.limit = dynoLimit(this.facts);
        this.origin = countOrigin(sources.workers, this.facts);
        this.userMaxWorkerMemory = sources.maxWorkerMemory.kind !== "default";
      }
      /** After HUP: the count and --max-worker-memory may come from elsewhere now. */
      reconfigured(sources) {
        if (!(this.origin.kind === "user" && sources.workers.kind === "default"))
          this.origin = countOrigin(sources.workers, this.facts);
        this.userMaxWorkerMemory = sources.maxWorkerMemory.kind !== "default";
      }
      /** TTIN/TTOU: the operator chose the count; the autotuner leaves it alone from now on. */
      operatorChose(detail) {
        this.origin = { kind: "user", detail };
      }
      /** OOM kills counted in the dyno's memory cgroup so far (null: no cgroup, or it does not count them). */
      oomKills() {
        return readOomKills(this.root, this.facts.cgroup);
      }
      /** Reads cgroup usage when the last sample is older than USAGE_EVERY_MS; true when it did. */
      sample(now) {
        if (this.usage !== null && now - this.usage.at < USAGE_EVERY_MS) return false;
        const u = readCgroupUsage(this.root, this.facts.cgroup);
        this.usage = { inUseMb: u === null ? null : u.inUseMb, at: now };
        return true;
      }
      /** The live figures `tsicorn doctor` shows (lib/server/status-file.ts). */
      status(settings, workers, masterRss, now) {
        const limits = this.limits(settings, this.workers(settings), masterRss);
        return {
          pid: process.pid,
          at: now,
          target: settings.workers,
          countChosenBy: `${this.origin.kind === "none" ? "nobody" : this.origin.kind}: ${this.origin.detail}`,
          masterRssMb: masterRss / MB5,
          inUseMb: this.usage?.inUseMb ?? null,
          heapLimitMb: limits.heapMb,
          maxWorkerMemoryMb: limits.maxWorkerMemoryMb,
          workers: workers.map((w) => ({
            pid: w.pid,
            age: w.age,
            state: w.retiring ? `${w.state}, retiring` : w.state,
            rssMb: w.rss / MB5,
            heapUsedMb: w.heapUsed / MB5,
            heapLimitMb: w.heapLimitMb
          })),
          decisions: [...this.state.decisions]
        };
      }
      limits(settings, workers, masterRss) {
        const s = this.state;
        return workerLimits({
          limitMb: this.dyno.limitMb,
          masterMb: s.masterMb ?? masterRss / MB5,
          workers,
          nonHeapMb: s.bootRssMb !== null && s.bootHeapUsedMb !== null ? s.bootRssMb - s.bootHeapUsedMb : null,
          userHeap: userHeapSetting({
            nodeOptions: this.launch.env.NODE_OPTIONS,
            masterExecArgv: this.launch.execArgv,
            nodeArgs: nodeArgWords(settings.nodeArgs)
          }),
          userMaxWorkerMemory: this.userMaxWorkerMemory ? settings.maxWorkerMemory : null,
          bootRssMb: s.bootRssMb,
          bootHeapUsedMb: s.bootHeapUsedMb
        });
      }
      /** While the first worker is being measured it is alone: its limits are those of one worker. */
      workers(settings) {
        return this.state.bootFit === "pending" ? 1 : settings.workers;
      }
      tuneFacts(settings, masterRss) {
        return {
          origin: this.origin,
          dyno: this.dyno,
          usage: this.usage,
          limits: this.limits(settings, this.workers(settings), masterRss),
          state: this.state
        };
      }
      /** Flags for the worker about to start: --node-args, then the heap limit for the current count. */
      workerArgs(settings, masterRss) {
        const heap = this.limits(settings, this.workers(settings), masterRss).heapMb;
        const args = nodeArgWords(settings.nodeArgs);
        if (heap !== null) args.push(`--max-heap-size=${heap}`);
        return { args, heapLimitMb: heap };
      }
    };
  }
});

// lib/server/upgrade.ts
function startNewMaster(launch, listeners, pidfile) {
  const fds = listeners.map((l) => l.fd);
  const env = childEnv(launch.env, { [ENV.inheritedFds]: fds.map((_, i) => String(3 + i)).join(",") });
  if (pidfile) moveAsideForUpgrade(pidfile);
  const child = (0, import_node_child_process4.spawn)(launch.execPath, [...launch.execArgv, launch.entry, ...launch.argv], {
    env,
    stdio: ["inherit", "inherit", "inherit", ...fds],
    cwd: launch.cwd
  });
  child.unref();
  return child.pid;
}
var import_node_child_process4;
var init_upgrade = __esm({
  "lib/server/upgrade.ts"() {
    "use strict";
    import_node_child_process4 = __toESM(require_node_child_process(), 1);
    init_roles();
    init_launch();
    init_pidfile();
  }
});

// node-builtin:node:crypto
var require_node_crypto = __commonJS({
  "node-builtin:node:crypto"(exports, module) {
    module.exports = __require("node:crypto");
  }
});

// lib/server/hang-stack.ts
var hang_stack_exports = {};
__export(hang_stack_exports, {
  FrameReader: () => FrameReader,
  captureHungStack: () => captureHungStack,
  formatStack: () => formatStack
});
function sleep(ms2) {
  return new Promise((r) => setTimeout(r, ms2));
}
async function fetchJson(port, path) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(500) });
  return res.json();
}
function encodeFrame(text) {
  const payload = Buffer.from(text, "utf8");
  const mask = (0, import_node_crypto.randomBytes)(4);
  let header2;
  if (payload.length < 126) {
    header2 = Buffer.from([129, 128 | payload.length]);
  } else if (payload.length < 65536) {
    header2 = Buffer.alloc(4);
    header2[0] = 129;
    header2[1] = 128 | 126;
    header2.writeUInt16BE(payload.length, 2);
  } else {
    header2 = Buffer.alloc(10);
    header2[0] = 129;
    header2[1] = 128 | 127;
    header2.writeBigUInt64BE(BigInt(payload.length), 2);
  }
  for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
  return Buffer.concat([header2, mask, payload]);
}
async function openWebSocket(port, path, timeoutMs) {
  const sock = (0, import_node_net2.connect)({ host: "127.0.0.1", port });
  const key = (0, import_node_crypto.randomBytes)(16).toString("base64");
  return new Promise((resolve4, reject) => {
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error("websocket handshake timed out"));
    }, timeoutMs);
    let head = Buffer.alloc(0);
    const onData = (d) => {
      head = Buffer.concat([head, d]);
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) return;
      sock.off("data", onData);
      clearTimeout(timer);
      const status = head.subarray(0, head.indexOf("\r\n")).toString();
      if (!/ 101 /.test(status)) {
        sock.destroy();
        reject(new Error(`inspector refused the websocket: ${status}`));
        return;
      }
      const rest = head.subarray(end + 4);
      if (rest.length) sock.unshift(rest);
      resolve4(sock);
    };
    sock.on("data", onData);
    sock.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    sock.write(
      `GET ${path} HTTP/1.1\r
Host: 127.0.0.1:${port}\r
Upgrade: websocket\r
Connection: Upgrade\r
Sec-WebSocket-Key: ${key}\r
Sec-WebSocket-Version: 13\r
\r
`
    );
  });
}
async function captureHungStack(pid, port, timeoutMs = 3e3) {
  const deadline = Date.now() + timeoutMs;
  process.kill(pid, "SIGUSR1");
  let wsPath = null;
  while (Date.now() < deadline && !wsPath) {
    try {
      const list = await fetchJson(port, "/json/list");
      const url = list[0]?.webSocketDebuggerUrl;
      if (url) wsPath = new URL(url).pathname;
    } catch {
      await sleep(50);
    }
  }
  if (!wsPath) throw new Error(`inspector did not open on 127.0.0.1:${port}`);
  const sock = await openWebSocket(port, wsPath, Math.max(100, deadline - Date.now()));
  try {
    return await new Promise((resolve4, reject) => {
      const timer = setTimeout(
        () => reject(new Error("Debugger.pause gave no call frames in time")),
        Math.max(100, deadline - Date.now())
      );
      const reader = new FrameReader();
      const scripts = /* @__PURE__ */ new Map();
      sock.on("data", (d) => {
        for (const text of reader.push(d)) {
          let msg;
          try {
            msg = JSON.parse(text);
          } catch {
            continue;
          }
          if (msg.method === "Debugger.scriptParsed" && msg.params?.scriptId) {
            scripts.set(msg.params.scriptId, msg.params.url || "");
          } else if (msg.method === "Debugger.paused") {
            clearTimeout(timer);
            resolve4(
              (msg.params?.callFrames ?? []).map((f) => ({
                functionName: f.functionName || "<anonymous>",
                url: f.url || scripts.get(f.location?.scriptId) || "<unknown>",
                line: (f.location?.lineNumber ?? 0) + 1,
                column: (f.location?.columnNumber ?? 0) + 1
              }))
            );
          }
        }
      });
      sock.on("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
      sock.write(encodeFrame(JSON.stringify({ id: 1, method: "Debugger.enable" })));
      sock.write(encodeFrame(JSON.stringify({ id: 2, method: "Debugger.pause" })));
    });
  } finally {
    sock.destroy();
  }
}
function formatStack(frames) {
  return frames.map((f) => `    at ${f.functionName} (${f.url}:${f.line}:${f.column})`).join("\n");
}
var import_node_crypto, import_node_net2, FrameReader;
var init_hang_stack = __esm({
  "lib/server/hang-stack.ts"() {
    "use strict";
    import_node_crypto = __toESM(require_node_crypto(), 1);
    import_node_net2 = __toESM(require_node_net(), 1);
    FrameReader = class {
      buf = Buffer.alloc(0);
      fragments = [];
      push(chunk) {
        this.buf = Buffer.concat([this.buf, chunk]);
        const messages = [];
        for (; ; ) {
          if (this.buf.length < 2) break;
          const b0 = this.buf[0];
          const b1 = this.buf[1];
          let len = b1 & 127;
          let off = 2;
          if (len === 126) {
            if (this.buf.length < 4) break;
            len = this.buf.readUInt16BE(2);
            off = 4;
          } else if (len === 127) {
            if (this.buf.length < 10) break;
            len = Number(this.buf.readBigUInt64BE(2));
            off = 10;
          }
          const masked = (b1 & 128) !== 0;
          const maskOff = off;
          if (masked) off += 4;
          if (this.buf.length < off + len) break;
          const payload = Buffer.from(this.buf.subarray(off, off + len));
          if (masked) for (let i = 0; i < payload.length; i++) payload[i] ^= this.buf[maskOff + i % 4];
          this.buf = this.buf.subarray(off + len);
          const opcode = b0 & 15;
          const fin = (b0 & 128) !== 0;
          if (opcode === 1 || opcode === 0) {
            this.fragments.push(payload);
            if (fin) {
              messages.push(Buffer.concat(this.fragments).toString("utf8"));
              this.fragments = [];
            }
          }
        }
        return messages;
      }
    };
  }
});

// lib/server/arbiter.ts
var arbiter_exports = {};
__export(arbiter_exports, {
  Arbiter: () => Arbiter,
  runArbiter: () => runArbiter
});
function describeExit(code, signal, oom, limitMb) {
  if (oom)
    return `was killed by the kernel's OOM killer: the dyno's memory cgroup reached its limit${limitMb === null ? "" : ` of ${limitMb} MB`} (SIGKILL)`;
  if (oom === null) return "was killed by signal SIGKILL (perhaps out of memory?)";
  return signal ? `was killed by signal ${signal}` : `exited with code ${code}`;
}
async function runArbiter(config, launch, sources) {
  let arbiter;
  try {
    arbiter = new Arbiter(config, launch, sources);
  } catch (e) {
    process.stderr.write(`Error: ${e.message}
`);
    return 1;
  }
  return arbiter.run();
}
var TICK_MS, Arbiter;
var init_arbiter = __esm({
  "lib/server/arbiter.ts"() {
    "use strict";
    init_exit_while_loading();
    init_logger();
    init_aggregate();
    init_master();
    init_version();
    init_compile_cache();
    init_roles();
    init_timing();
    init_hooks();
    init_listeners();
    init_pidfile();
    init_autotune();
    init_policy();
    init_pool();
    init_reuseport_migrate();
    init_round_robin();
    init_status_file();
    init_tuner();
    init_upgrade();
    TICK_MS = 250;
    Arbiter = class {
      state = "booting";
      config;
      log;
      launch;
      pool;
      metrics;
      listeners = [];
      roundRobin = null;
      queue = [];
      draining = false;
      ticker = null;
      signalHandlers = /* @__PURE__ */ new Map();
      finish;
      stopDeadline = 0;
      handedOff = false;
      compileCacheDir = null;
      // What the policies remember between events (they read it back through Facts).
      everReady = false;
      announcedReady = false;
      generation = 0;
      settledGeneration = 0;
      crash = { streak: 0, notBefore: 0 };
      said = {};
      tuner;
      /** The dyno cgroup's OOM-kill count at the last look (null: it keeps none). */
      oomKillsSeen = null;
      constructor(config, launch, sources) {
        this.config = config;
        this.launch = launch;
        this.log = createLogger(config);
        this.tuner = new MasterTuner(launch, sources);
        this.metrics = new MasterMetrics({
          settings: config,
          env: launch.env,
          log: this.log,
          memoryLimitBytes: () => this.tuner.limit.mb === null ? null : this.tuner.limit.mb * 1024 * 1024,
          handover: Boolean(launch.env[ENV.inheritedFds])
        });
        this.pool = new WorkerPool({
          // Workers start without Heroku's per-process metrics plugin: the master posts for the dyno.
          launch: { ...launch, env: { ...launch.env, ...this.metrics.workerEnv() } },
          log: this.log,
          config: () => this.config,
          listenFds: () => this.config.distribution === "shared" ? this.listeners.map((l) => l.fd) : [],
          generation: () => this.generation,
          mayFork: () => this.state === "booting" || this.state === "running",
          compileCacheDir: () => this.compileCacheDir,
          preFork: (age) => this.hook("preFork", this.facade, { age }),
          workerArgs: () => this.tuner.workerArgs(this.config, process.memoryUsage.rss()),
          onMessage: (worker, msg) => this.push({ type: "message", worker, msg }),
          onExit: (worker, code, signal) => this.push({ type: "exit", worker, code, signal })
        });
      }
      /** What master hooks receive as their `arbiter` argument. */
      get facade() {
        return {
          pid: process.pid,
          config: this.config,
          log: this.log,
          workers: this.pool.all().map((w) => ({ pid: w.pid, age: w.age, state: w.state }))
        };
      }
      async hook(name, ...args) {
        await runHook(this.log, name, this.config.hooks?.[name], ...args);
      }
      async run() {
        const done = new Promise((resolve4) => {
          this.finish = resolve4;
        });
        const s = this.config;
        process.title = `tsicorn: master [${s.procName ?? s.app}]`;
        this.log.info(`Starting tsicorn ${VERSION} (Node ${process.version})`);
        await this.hook("onStarting", this.facade);
        try {
          const inherited = this.launch.env[ENV.inheritedFds];
          if (s.distribution === "reuseport") {
            const [major, minor] = process.versions.node.split(".").map(Number);
            if (major < 22 || major === 22 && minor < 12) {
              throw new Error(
                `--distribution reuseport needs Node 22.12 or newer (this is ${process.version}); use shared`
              );
            }
          } else if (inherited) {
            this.listeners = adoptInheritedListeners(inherited.split(",").map(Number), s.bind);
          } else {
            this.listeners = await openListeners(s.bind, { unixSocketMode: s.unixSocketMode });
          }
          await this.metrics.start();
          if (s.pidfile) writePidfile(s.pidfile);
        } catch (e) {
          this.log.error(e.message);
          for (const l of this.listeners) l.close();
          this.metrics.stop();
          return 1;
        }
        for (const l of this.listeners) this.log.info(`Listening at: ${l.label} (${process.pid})`);
        if (s.distribution === "reuseport") {
          for (const b of s.bind) this.log.info(`Listening at: ${b} (SO_REUSEPORT, one socket per worker)`);
          const warning = migrateWarning(readMigrateSysctl());
          if (warning) this.log.warning(warning);
        }
        this.log.info(`Connection distribution: ${s.distribution}`);
        this.compileCacheDir = createCompileCacheDir(this.launch.env);
        this.oomKillsSeen = this.tuner.oomKills();
        if (s.preloadApp && !await this.preload()) {
          this.cleanup();
          return EXIT_BOOT_ERROR;
        }
        for (const sig of MASTER_SIGNALS) {
          const h = () => this.push({ type: "signal", signal: sig });
          this.signalHandlers.set(sig, h);
          process.on(sig, h);
        }
        this.ticker = setInterval(() => this.push({ type: "tick" }), TICK_MS);
        this.push({ type: "tick" });
        return done;
      }
      /** Load the app once in the master: fail fast before forking, and warm Node's compile cache for workers. */
      async preload() {
        if (this.compileCacheDir) enableCompileCache(this.compileCacheDir);
        const unguardExit = guardExitWhileLoading((code) => {
          this.log.error(
            `Failed to preload the app: it called process.exit(${code}) while loading (its own output above says why)`
          );
          this.cleanup();
          this.log.close();
        }, EXIT_BOOT_ERROR);
        try {
          const { loadApp: loadApp2 } = await Promise.resolve().then(() => (init_load(), load_exports));
          const cwd = this.config.chdir || this.launch.cwd;
          const app = await loadApp2(this.config.app, {
            cwd,
            factory: this.config.factory,
            captureListens: true,
            bootTimeout: this.config.bootTimeout,
            dropSignalListeners: true,
            log: this.log
          });
          flushCompileCache();
          this.log.info(
            `Preloaded app (${app.shape}) in the master. Node cannot fork a loaded process, so workers load it again` + (this.compileCacheDir || this.launch.env.NODE_COMPILE_CACHE ? " from the warmed compile cache." : "; this Node has no compile cache to share.")
          );
          return true;
        } catch (e) {
          this.log.error(`Failed to preload the app:
${e.stack ?? e}`);
          return false;
        } finally {
          unguardExit();
        }
      }
      push(ev) {
        this.queue.push(ev);
        if (this.draining) return;
        this.draining = true;
        try {
          while (this.queue.length) this.handle(this.queue.shift());
        } finally {
          this.draining = false;
        }
      }
      handle(ev) {
        if (this.state === "done") return;
        switch (ev.type) {
          case "signal":
            this.onSignal(ev.signal);
            return;
          case "message":
            this.onMessage(ev.worker, ev.msg);
            return;
          case "exit":
            this.onExit(ev.worker, ev.code, ev.signal);
            return;
          case "tick":
            this.onTick();
            return;
        }
      }
      // ---- policies ------------------------------------------------------------------------
      facts() {
        const s = this.config;
        const masterRss = process.memoryUsage.rss();
        const tune = this.tuner.tuneFacts(s, masterRss);
        return {
          now: Date.now(),
          phase: this.state === "booting" ? "booting" : "running",
          target: s.workers,
          settings: {
            timeout: s.timeout,
            bootTimeout: s.bootTimeout,
            // The user's, or the autotuner's default: each worker's fair share of the memory limit.
            maxWorkerMemory: tune.limits.maxWorkerMemoryMb,
            preloadApp: s.preloadApp
          },
          workers: this.pool.facts(),
          pendingSpawns: this.pool.pending,
          everReady: this.everReady,
          allReadyAnnounced: this.announcedReady,
          generation: this.generation,
          settledGeneration: this.settledGeneration,
          crash: { ...this.crash },
          memory: { masterRss, limit: this.tuner.limit },
          said: { ...this.said },
          tune
        };
      }
      /** Ask each policy in turn, applying its actions before the next one looks. */
      evaluate(ev) {
        let facts = this.facts();
        for (const policy of POLICIES) {
          if (this.state !== "booting" && this.state !== "running") return;
          const actions = policy.decide(facts, ev);
          for (const action of actions) this.apply(action);
          if (actions.length > 0) facts = this.facts();
        }
        this.announceIfAllReady();
      }
      apply(a) {
        switch (a.do) {
          case "spawn":
            this.log.debug(`Starting a worker: ${a.reason}`);
            void this.pool.spawn();
            return;
          case "replace":
            this.pool.replace(a.pid, a.reason);
            return;
          case "retire": {
            const w = this.pool.get(a.pid);
            if (!w || w.stopRequested) return;
            this.log.info(`Retiring worker ${a.pid}: ${a.reason}`);
            w.retiring ??= a.reason;
            this.pool.stop(a.pid, true);
            return;
          }
          case "kill":
            this.log[a.level](a.reason);
            this.pool.markAborting(a.pid);
            this.pool.kill(a.pid);
            return;
          case "abort":
            this.pool.markAborting(a.pid);
            void this.abortHungWorker(a.pid, a.reason);
            return;
          case "set-target":
            this.setWorkerCount(a.workers, a.reason);
            return;
          case "backoff":
            this.crash = { streak: a.streak, notBefore: a.notBefore };
            if (a.reason) this.log.warning(a.reason);
            return;
          case "settle-reload":
            this.settledGeneration = this.generation;
            if (a.outcome === "complete") this.log.info(a.reason);
            else this.log.error(a.reason);
            return;
          case "say":
            this.log[a.level](a.text);
            if (a.key) this.said[a.key] = Date.now();
            return;
          case "tune":
            this.tuner.state = a.state;
            return;
        }
      }
      // ---- signals -------------------------------------------------------------------------
      onSignal(sig) {
        this.log.info(`Handling signal: ${sig.replace("SIG", "").toLowerCase()}`);
        switch (sig) {
          case "SIGTERM":
            this.stop(true);
            return;
          case "SIGINT":
          case "SIGQUIT":
            this.stop(false);
            return;
          case "SIGHUP":
            void this.reload();
            return;
          case "SIGTTIN":
            this.tuner.operatorChose("TTIN");
            this.setWorkerCount(this.config.workers + 1);
            return;
          case "SIGTTOU":
            if (this.config.workers <= 1) this.log.info("Already at one worker; TTOU ignored");
            else {
              this.tuner.operatorChose("TTOU");
              this.setWorkerCount(this.config.workers - 1);
            }
            return;
          case "SIGUSR1":
            this.log.reopen();
            this.pool.broadcast({ t: "reopen-logs" });
            return;
          case "SIGUSR2":
            this.reexec();
            return;
          case "SIGWINCH":
            return;
        }
      }
      setWorkerCount(n, reason) {
        const old = this.config.workers;
        if (n === old) return;
        this.config = { ...this.config, workers: n };
        this.log.info(`Number of workers: ${old} -> ${n}${reason ? ` (${reason})` : ""}`);
        void this.hook("nworkersChanged", this.facade, n, old);
        this.announceIfAllReady();
        this.evaluate({ type: "target-changed" });
      }
      /** "All N worker(s) ready", once: when the first set is ready and the autotuner's start-up is
       * over (the count fitted, the first worker's heap limit settled), so N workers and no more run. */
      announceIfAllReady() {
        if (this.announcedReady || !this.everReady || this.pool.readyCount() < this.config.workers) return;
        if (!startupSettled(this.tuner.state)) return;
        this.announcedReady = true;
        this.log.info(`All ${this.config.workers} worker(s) ready`);
        void this.hook("whenReady", this.facade);
      }
      // ---- worker events -------------------------------------------------------------------
      onMessage(w, msg) {
        switch (msg.t) {
          case "ready": {
            if (!this.pool.markReady(w)) return;
            this.metrics.workerReady(w.pid, w.age);
            if (!this.everReady) {
              this.everReady = true;
              this.state = "running";
              if (this.config.distribution === "round-robin") {
                const targets = () => this.pool.all().filter((r) => r.state === "ready").map((r) => (sock) => this.pool.sendSocket(r, sock));
                this.roundRobin = new RoundRobin(targets, this.log);
                this.roundRobin.start(this.listeners, this.config.backlog);
              }
            }
            this.announceIfAllReady();
            this.evaluate({ type: "ready", pid: w.pid });
            return;
          }
          case "heartbeat":
            this.pool.heartbeat(w, msg);
            this.metrics.heartbeat(w.pid, msg.inFlight, msg.rss, msg.figures);
            this.evaluate({ type: "heartbeat", pid: w.pid });
            return;
          case "retire-me":
            this.pool.replace(w.pid, msg.reason);
            return;
        }
      }
      /** Did the kernel's OOM killer just act in this dyno's memory cgroup? True when its count rose
       * since the last look (a SIGKILL the master did not send, with the count up, is an OOM kill);
       * null when the cgroup keeps no count. */
      oomKillCounted() {
        const now = this.tuner.oomKills();
        if (now === null) return null;
        const rose = this.oomKillsSeen !== null && now > this.oomKillsSeen;
        this.oomKillsSeen = now;
        return rose;
      }
      onExit(w, code, signal) {
        const wasReady = w.readyAt !== null;
        const bootError = !wasReady && code === EXIT_BOOT_ERROR;
        const oom = signal === "SIGKILL" && !w.stopRequested && !w.aborting ? this.oomKillCounted() : false;
        const exit = {
          pid: w.pid,
          generation: w.generation,
          wasReady,
          expected: w.stopRequested,
          code,
          signal,
          livedMs: w.readyAt ? Date.now() - w.readyAt : null,
          served: w.requests,
          how: bootError ? "it could not load the app" : describeExit(code, signal, oom, this.tuner.limit.mb)
        };
        this.pool.remove(w, exit.how);
        this.metrics.workerExited(
          w.pid,
          restartReason({
            shuttingDown: this.state === "stopping" || this.state === "done",
            expected: w.stopRequested,
            timedOut: w.aborting,
            retiring: w.retiring,
            oomKilled: oom === true
          })
        );
        void this.hook("childExit", this.facade, { pid: w.pid, age: w.age });
        if (exit.expected) {
          this.log.info(`Worker exited (pid: ${w.pid})`);
        } else if (bootError) {
          if (!this.everReady) {
            this.log.error(
              `Worker (pid:${w.pid}) failed to boot: the app could not be loaded (see the error above).`
            );
            this.halt(EXIT_BOOT_ERROR, "Worker failed to boot.");
            return;
          }
        } else {
          this.log.error(`Worker (pid:${w.pid}) ${exit.how}${wasReady ? "" : " before it was ready"}`);
        }
        if (this.state === "stopping") {
          this.maybeFinishStop();
          return;
        }
        this.evaluate({ type: "exit", worker: exit });
      }
      onTick() {
        if (this.state === "stopping") {
          const now2 = Date.now();
          for (const w of this.pool.all()) if (w.stopDeadline && now2 > w.stopDeadline) this.pool.kill(w.pid);
          if (now2 > this.stopDeadline) this.maybeFinishStop(true);
          return;
        }
        const now = Date.now();
        const sampled = this.tuner.sample(now);
        this.evaluate({ type: "tick" });
        if (sampled && this.config.pidfile && this.state === "running" && !this.handedOff)
          writeStatus(
            this.config.pidfile,
            this.tuner.status(this.config, this.pool.facts(), process.memoryUsage.rss(), now)
          );
      }
      async abortHungWorker(pid, reason) {
        const w = this.pool.get(pid);
        if (!w) return;
        this.log.critical(`WORKER TIMEOUT (pid:${pid}): ${reason}`);
        if (w.inspectPort) {
          try {
            const { captureHungStack: captureHungStack2, formatStack: formatStack2 } = await Promise.resolve().then(() => (init_hang_stack(), hang_stack_exports));
            const frames = await captureHungStack2(pid, w.inspectPort, 3e3);
            this.log.critical(`Worker ${pid} was stuck in:
${formatStack2(frames)}`);
          } catch (e) {
            this.log.error(`Could not capture the stack of hung worker ${pid}: ${e.message}`);
          }
        }
        await this.hook("workerAbort", { pid, age: w.age });
        this.pool.kill(pid);
      }
      // ---- reload --------------------------------------------------------------------------
      async reload() {
        if (this.state !== "running") return;
        try {
          const { resolveConfig: resolveConfig2 } = await Promise.resolve().then(() => (init_resolve(), resolve_exports));
          const fresh = await resolveConfig2({
            argv: this.launch.argv,
            env: this.launch.env,
            cwd: this.launch.cwd
          });
          const keep = { bind: this.config.bind, distribution: this.config.distribution };
          if (fresh.config.bind.join() !== keep.bind.join())
            this.log.warning("bind changed in the config: restart tsicorn to apply it");
          this.tuner.reconfigured(fresh.sources);
          const workers = this.tuner.origin.kind === "user" ? fresh.config.workers : this.config.workers;
          this.config = { ...fresh.config, ...keep, workers };
        } catch (e) {
          this.log.error(`Reload: config not reloaded, keeping the old one: ${e.message}`);
        }
        await this.hook("onReload", this.facade);
        if (this.state !== "running") return;
        this.generation++;
        this.evaluate({ type: "reload" });
      }
      // ---- binary upgrade (USR2) ---------------------------------------------------------------
      reexec() {
        if (this.config.distribution === "reuseport") {
          this.log.warning(
            "USR2 needs master-held sockets; with --distribution reuseport start a new master instead"
          );
          return;
        }
        this.metrics.stop();
        const pid = startNewMaster(this.launch, this.listeners, this.config.pidfile);
        this.handedOff = true;
        this.log.info(
          `Started a new master (pid: ${pid}) on the same sockets; send TERM to this one (${process.pid}) when it is ready`
        );
      }
      // ---- shutdown --------------------------------------------------------------------------
      stop(graceful) {
        if (this.state === "stopping" && graceful) return;
        const wasStopping = this.state === "stopping";
        this.state = "stopping";
        if (!wasStopping) {
          this.roundRobin?.close();
          for (const l of this.listeners) l.close(this.handedOff);
          this.listeners = [];
        }
        this.stopDeadline = Date.now() + shutdownBudget(this.config.gracefulTimeout, graceful).exitAfterMs;
        this.log.info(
          graceful ? `Shutting down gracefully (up to ${this.config.gracefulTimeout} s)` : "Shutting down quickly"
        );
        for (const w of this.pool.all()) this.pool.stop(w.pid, graceful, !graceful);
        this.maybeFinishStop();
      }
      maybeFinishStop(force = false) {
        if (this.pool.size > 0 && !force) return;
        this.pool.killAll();
        this.log.info("Shutting down: Master");
        this.halt(0);
      }
      halt(code, reason) {
        if (this.state === "done") return;
        if (reason) this.log.info(`Reason: ${reason}`);
        this.pool.killAll();
        this.state = "done";
        this.cleanup();
        void this.hook("onExit", this.facade).finally(() => {
          this.log.close();
          this.finish(code);
        });
      }
      cleanup() {
        if (this.ticker) clearInterval(this.ticker);
        this.metrics.stop();
        for (const [sig, h] of this.signalHandlers) process.off(sig, h);
        this.signalHandlers.clear();
        this.roundRobin?.close();
        for (const l of this.listeners) l.close(this.handedOff);
        this.listeners = [];
        if (this.config.pidfile) {
          removePidfile(this.config.pidfile);
          removeStatus(this.config.pidfile);
        }
        if (this.compileCacheDir) removeCompileCacheDir(this.compileCacheDir);
      }
    };
  }
});

// lib/cli/cli.ts
var cli_exports = {};
__export(cli_exports, {
  runCli: () => runCli
});
async function runCli(launch) {
  if (launch.argv[0] === "doctor") {
    const { runDoctor } = await import("./tsicorn-doctor.mjs");
    return runDoctor(launch, launch.argv.slice(1));
  }
  let resolved;
  try {
    resolved = await resolveConfig({ argv: launch.argv, env: launch.env, cwd: launch.cwd });
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`Error: ${e.message}
`);
      return 1;
    }
    process.stderr.write(`Error: ${e?.stack ?? String(e)}
`);
    return 1;
  }
  const { action, config } = resolved;
  switch (action) {
    case "help":
      process.stdout.write(renderHelp(VERSION));
      return 0;
    case "version":
      process.stdout.write(`tsicorn ${VERSION}
`);
      return 0;
    case "print-config":
      process.stdout.write(renderPrintConfig(resolved));
      return 0;
    case "check-config": {
      process.stdout.write(`Config OK${config.configFile ? ` (${config.configFile})` : ""}
`);
      return checkAppInChild(config, launch);
    }
    case "run": {
      const { runArbiter: runArbiter2 } = await Promise.resolve().then(() => (init_arbiter(), arbiter_exports));
      return runArbiter2(config, launch, resolved.sources);
    }
  }
}
var init_cli = __esm({
  "lib/cli/cli.ts"() {
    "use strict";
    init_doc();
    init_errors();
    init_resolve();
    init_version();
    init_checkconfig();
  }
});

// lib/cli/main.ts
init_roles();
var role = roleOf(process.env);
if (role === ROLES.worker) {
  const { runWorker: runWorker2 } = await Promise.resolve().then(() => (init_worker(), worker_exports));
  await runWorker2();
} else if (role === ROLES.checkApp) {
  const { runCheckApp: runCheckApp2 } = await Promise.resolve().then(() => (init_check(), check_exports));
  process.exit(await runCheckApp2());
} else {
  const { runCli: runCli2 } = await Promise.resolve().then(() => (init_cli(), cli_exports));
  const { currentLaunch: currentLaunch2 } = await Promise.resolve().then(() => (init_launch(), launch_exports));
  process.exitCode = await runCli2(currentLaunch2(import.meta.url));
}
