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

// node-builtin:node:module
var require_node_module = __commonJS({
  "node-builtin:node:module"(exports, module) {
    module.exports = __require("node:module");
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

// node_modules/systeminformation/lib/util.js
var require_util = __commonJS({
  "node_modules/systeminformation/lib/util.js"(exports) {
    "use strict";
    var os = __require("os");
    var fs = __require("fs");
    var path = __require("path");
    var spawn = __require("child_process").spawn;
    var exec = __require("child_process").exec;
    var execSync = __require("child_process").execSync;
    var util = __require("util");
    var _platform = process.platform;
    var _linux = _platform === "linux" || _platform === "android";
    var _darwin = _platform === "darwin";
    var _windows = _platform === "win32";
    var _freebsd = _platform === "freebsd";
    var _openbsd = _platform === "openbsd";
    var _netbsd = _platform === "netbsd";
    var _cores = 0;
    var codepage = "";
    var _smartMonToolsInstalled = null;
    var _rpi_cpuinfo = null;
    var WINDIR = process.env.WINDIR || "C:\\Windows";
    var _psChild;
    var _psResult = "";
    var _psCmds = [];
    var _psPersistent = false;
    var _powerShell = "";
    var _psToUTF8 = "$OutputEncoding = [System.Console]::OutputEncoding = [System.Console]::InputEncoding = [System.Text.Encoding]::UTF8 ; ";
    var _psCmdStart = "--###START###--";
    var _psError = "--ERROR--";
    var _psCmdSeperator = "--###ENDCMD###--";
    var _psIdSeperator = "--##ID##--";
    var _winSysDir = WINDIR + "\\system32";
    var execOptsWin = {
      windowsHide: true,
      maxBuffer: 1024 * 102400,
      encoding: "UTF-8",
      env: Object.assign({}, process.env, { LANG: "en_US.UTF-8" }),
      cwd: _windows && fs.existsSync(_winSysDir) ? _winSysDir : void 0
    };
    function winCwd(options) {
      if (!execOptsWin.cwd || options && options.cwd) {
        return options;
      }
      return Object.assign({}, options, { cwd: execOptsWin.cwd });
    }
    function execCwd(cmd, opts, callback) {
      if (typeof opts === "function") {
        callback = opts;
        opts = void 0;
      }
      return exec(cmd, winCwd(opts), callback);
    }
    var execOptsLinux = {
      maxBuffer: 1024 * 102400,
      encoding: "UTF-8",
      stdio: ["pipe", "pipe", "ignore"]
    };
    function toInt(value) {
      let result = parseInt(value, 10);
      if (isNaN(result)) {
        result = 0;
      }
      return result;
    }
    function splitByNumber(str) {
      let numberStarted = false;
      let num = "";
      let cpart = "";
      for (const c of str) {
        if (c >= "0" && c <= "9" || numberStarted) {
          numberStarted = true;
          num += c;
        } else {
          cpart += c;
        }
      }
      return [cpart, num];
    }
    var stringObj = new String();
    var stringReplace = new String().replace;
    var stringToLower = new String().toLowerCase;
    var stringToString = new String().toString;
    var stringSubstr = new String().substr;
    var stringSubstring = new String().substring;
    var stringTrim = new String().trim;
    var stringStartWith = new String().startsWith;
    var stringSplit = new String().split;
    var mathMin = Math.min;
    function isFunction(functionToCheck) {
      return typeof functionToCheck === "function";
    }
    function unique(obj) {
      const uniques = [];
      const stringify = {};
      for (let i = 0; i < obj.length; i++) {
        const keys = Object.keys(obj[i]);
        keys.sort((a, b) => {
          return a - b;
        });
        let str = "";
        for (let j = 0; j < keys.length; j++) {
          str += JSON.stringify(keys[j]);
          str += JSON.stringify(obj[i][keys[j]]);
        }
        if (!{}.hasOwnProperty.call(stringify, str)) {
          uniques.push(obj[i]);
          stringify[str] = true;
        }
      }
      return uniques;
    }
    function sortByKey(array, keys) {
      return array.sort((a, b) => {
        let x = "";
        let y = "";
        keys.forEach((key) => {
          x = x + a[key];
          y = y + b[key];
        });
        return x < y ? -1 : x > y ? 1 : 0;
      });
    }
    function cores() {
      if (_cores === 0) {
        _cores = os.cpus().length;
      }
      return _cores;
    }
    function getValue(lines, property, separator, trimmed, lineMatch) {
      separator = separator || ":";
      property = property.toLowerCase();
      trimmed = trimmed || false;
      lineMatch = lineMatch || false;
      let result = "";
      lines.some((line) => {
        let lineLower = line.toLowerCase().replace(/\t/g, "");
        if (trimmed) {
          lineLower = lineLower.trim();
        }
        if (lineLower.startsWith(property) && (lineMatch ? lineLower.match(property + separator) || lineLower.match(property + " " + separator) : true)) {
          const parts = trimmed ? line.trim().split(separator) : line.split(separator);
          if (parts.length >= 2) {
            parts.shift();
            result = parts.join(separator).trim();
            return true;
          }
        }
        return false;
      });
      return result;
    }
    function decodeEscapeSequence(str, base) {
      base = base || 16;
      return str.replace(/\\x([0-9A-Fa-f]{2})/g, function() {
        return String.fromCharCode(parseInt(arguments[1], base));
      });
    }
    function detectSplit(str) {
      let seperator = "";
      let part = 0;
      str.split("").forEach((element) => {
        if (element >= "0" && element <= "9") {
          if (part === 1) {
            part++;
          }
        } else {
          if (part === 0) {
            part++;
          }
          if (part === 1) {
            seperator += element;
          }
        }
      });
      return seperator;
    }
    function parseTime(t, pmDesignator) {
      pmDesignator = pmDesignator || "";
      t = t.toUpperCase();
      let hour = 0;
      let min = 0;
      const splitter = detectSplit(t);
      const parts = t.split(splitter);
      if (parts.length >= 2) {
        if (parts[2]) {
          parts[1] += parts[2];
        }
        const p1 = (parts[1] || "").toLowerCase();
        const isPM = p1.indexOf("pm") > -1 || p1.indexOf("p.m.") > -1 || p1.indexOf("p. m.") > -1 || p1.indexOf("n") > -1 || p1.indexOf("ch") > -1 || p1.indexOf("\xF6s") > -1 || pmDesignator && p1.indexOf(pmDesignator) > -1;
        hour = parseInt(parts[0], 10);
        min = parseInt(parts[1], 10);
        hour = isPM && hour < 12 ? hour + 12 : hour;
        return ("0" + hour).substr(-2) + ":" + ("0" + min).substr(-2);
      }
    }
    function parseDateTime(dt, culture) {
      const result = {
        date: "",
        time: ""
      };
      culture = culture || {};
      const dateFormat = (culture.dateFormat || "").toLowerCase();
      const pmDesignator = culture.pmDesignator || "";
      const parts = dt.split(" ");
      if (parts[0]) {
        if (parts[0].indexOf("/") >= 0) {
          const dtparts = parts[0].split("/");
          if (dtparts.length === 3) {
            if (dtparts[0].length === 4) {
              result.date = dtparts[0] + "-" + ("0" + dtparts[1]).substr(-2) + "-" + ("0" + dtparts[2]).substr(-2);
            } else if (dtparts[2].length === 2) {
              if (dateFormat.indexOf("/d/") > -1 || dateFormat.indexOf("/dd/") > -1) {
                result.date = "20" + dtparts[2] + "-" + ("0" + dtparts[1]).substr(-2) + "-" + ("0" + dtparts[0]).substr(-2);
              } else {
                result.date = "20" + dtparts[2] + "-" + ("0" + dtparts[1]).substr(-2) + "-" + ("0" + dtparts[0]).substr(-2);
              }
            } else {
              const isEN = dt.toLowerCase().indexOf("pm") > -1 || dt.toLowerCase().indexOf("p.m.") > -1 || dt.toLowerCase().indexOf("p. m.") > -1 || dt.toLowerCase().indexOf("am") > -1 || dt.toLowerCase().indexOf("a.m.") > -1 || dt.toLowerCase().indexOf("a. m.") > -1;
              if ((isEN || dateFormat.indexOf("/d/") > -1 || dateFormat.indexOf("/dd/") > -1) && dateFormat.indexOf("dd/") !== 0) {
                result.date = dtparts[2] + "-" + ("0" + dtparts[0]).substr(-2) + "-" + ("0" + dtparts[1]).substr(-2);
              } else {
                result.date = dtparts[2] + "-" + ("0" + dtparts[1]).substr(-2) + "-" + ("0" + dtparts[0]).substr(-2);
              }
            }
          }
        }
        if (parts[0].indexOf(".") >= 0) {
          const dtparts = parts[0].split(".");
          if (dtparts.length === 3) {
            if (dateFormat.indexOf(".d.") > -1 || dateFormat.indexOf(".dd.") > -1) {
              result.date = dtparts[2] + "-" + ("0" + dtparts[0]).substr(-2) + "-" + ("0" + dtparts[1]).substr(-2);
            } else {
              result.date = dtparts[2] + "-" + ("0" + dtparts[1]).substr(-2) + "-" + ("0" + dtparts[0]).substr(-2);
            }
          }
        }
        if (parts[0].indexOf("-") >= 0) {
          const dtparts = parts[0].split("-");
          if (dtparts.length === 3) {
            result.date = dtparts[0] + "-" + ("0" + dtparts[1]).substr(-2) + "-" + ("0" + dtparts[2]).substr(-2);
          }
        }
      }
      if (parts[1]) {
        parts.shift();
        const time = parts.join(" ");
        result.time = parseTime(time, pmDesignator);
      }
      return result;
    }
    function parseHead(head, rights) {
      let space = rights > 0;
      let count = 1;
      let from = 0;
      let to = 0;
      const result = [];
      for (let i = 0; i < head.length; i++) {
        if (count <= rights) {
          if (/\s/.test(head[i]) && !space) {
            to = i - 1;
            result.push({
              from,
              to: to + 1,
              cap: head.substring(from, to + 1)
            });
            from = to + 2;
            count++;
          }
          space = head[i] === " ";
        } else {
          if (!/\s/.test(head[i]) && space) {
            to = i - 1;
            if (from < to) {
              result.push({
                from,
                to,
                cap: head.substring(from, to)
              });
            }
            from = to + 1;
            count++;
          }
          space = head[i] === " ";
        }
      }
      to = 5e3;
      result.push({
        from,
        to,
        cap: head.substring(from, to)
      });
      let len = result.length;
      for (let i = 0; i < len; i++) {
        if (result[i].cap.replace(/\s/g, "").length === 0) {
          if (i + 1 < len) {
            result[i].to = result[i + 1].to;
            result[i].cap = result[i].cap + result[i + 1].cap;
            result.splice(i + 1, 1);
            len = len - 1;
          }
        }
      }
      return result;
    }
    function findObjectByKey(array, key, value) {
      for (let i = 0; i < array.length; i++) {
        if (array[i][key] === value) {
          return i;
        }
      }
      return -1;
    }
    function getPowershell() {
      _powerShell = "powershell.exe";
      if (_windows) {
        const defaultPath = `${WINDIR}\\system32\\WindowsPowerShell\\v1.0\\powershell.exe`;
        if (fs.existsSync(defaultPath)) {
          _powerShell = defaultPath;
        }
      }
    }
    function getVboxmanage() {
      const vboxPath = (process.env.VBOX_INSTALL_PATH || process.env.VBOX_MSI_INSTALL_PATH || "").replace(/["%!^&|<>`$;\r\n]/g, "");
      return _windows ? vboxPath ? `"${vboxPath}\\VBoxManage.exe"` : "VBoxManage.exe" : "vboxmanage";
    }
    function powerShellProceedResults(data) {
      let id = "";
      let parts;
      let res = "";
      if (data.indexOf(_psCmdStart) >= 0) {
        parts = data.split(_psCmdStart);
        const parts2 = parts[1].split(_psIdSeperator);
        id = parts2[0];
        if (parts2.length > 1) {
          data = parts2.slice(1).join(_psIdSeperator);
        }
      }
      if (data.indexOf(_psCmdSeperator) >= 0) {
        parts = data.split(_psCmdSeperator);
        res = parts[0];
      }
      let remove = -1;
      for (let i = 0; i < _psCmds.length; i++) {
        if (_psCmds[i].id === id) {
          remove = i;
          _psCmds[i].callback(res);
        }
      }
      if (remove >= 0) {
        _psCmds.splice(remove, 1);
      }
    }
    function powerShellStart() {
      if (!_psChild) {
        _psChild = spawn(_powerShell, ["-NoProfile", "-NoLogo", "-InputFormat", "Text", "-NoExit", "-Command", "-"], {
          stdio: "pipe",
          windowsHide: true,
          maxBuffer: 1024 * 102400,
          encoding: "UTF-8",
          env: Object.assign({}, process.env, { LANG: "en_US.UTF-8" }),
          cwd: execOptsWin.cwd
        });
        if (_psChild && _psChild.pid) {
          _psPersistent = true;
          _psChild.stdout.on("data", (data) => {
            _psResult = _psResult + data.toString("utf8");
            let sepIndex = _psResult.indexOf(_psCmdSeperator);
            while (sepIndex >= 0) {
              const end = sepIndex + _psCmdSeperator.length;
              powerShellProceedResults(_psResult.slice(0, end));
              _psResult = _psResult.slice(end);
              sepIndex = _psResult.indexOf(_psCmdSeperator);
            }
          });
          _psChild.stderr.on("data", () => {
            powerShellProceedResults(_psResult + _psError);
          });
          _psChild.on("error", () => {
            powerShellProceedResults(_psResult + _psError);
          });
          _psChild.on("close", () => {
            if (_psChild) {
              _psChild.kill();
            }
          });
        }
      }
    }
    function powerShellRelease() {
      try {
        if (_psChild) {
          _psChild.stdin.write("exit" + os.EOL);
          _psChild.stdin.end();
        }
      } catch {
        if (_psChild) {
          _psChild.kill();
        }
      }
      _psPersistent = false;
      _psChild = null;
    }
    function powerShell(cmd) {
      if (_psPersistent) {
        const id = Math.random().toString(36).substring(2, 12);
        return new Promise((resolve2) => {
          process.nextTick(() => {
            function callback(data) {
              resolve2(data);
            }
            _psCmds.push({
              id,
              cmd,
              callback,
              start: /* @__PURE__ */ new Date()
            });
            try {
              if (_psChild && _psChild.pid) {
                _psChild.stdin.write(_psToUTF8 + "echo " + _psCmdStart + id + _psIdSeperator + "; " + os.EOL + cmd + os.EOL + "echo " + _psCmdSeperator + os.EOL);
              }
            } catch {
              resolve2("");
            }
          });
        });
      } else {
        let result = "";
        return new Promise((resolve2) => {
          process.nextTick(() => {
            try {
              const osVersion = os.release().split(".").map(Number);
              const spanOptions = osVersion[0] < 10 ? ["-NoProfile", "-NoLogo", "-InputFormat", "Text", "-NoExit", "-ExecutionPolicy", "Unrestricted", "-Command", "-"] : ["-NoProfile", "-NoLogo", "-InputFormat", "Text", "-ExecutionPolicy", "Unrestricted", "-Command", _psToUTF8 + cmd];
              const child = spawn(_powerShell, spanOptions, {
                stdio: "pipe",
                windowsHide: true,
                maxBuffer: 1024 * 102400,
                encoding: "UTF-8",
                env: Object.assign({}, process.env, { LANG: "en_US.UTF-8" }),
                cwd: execOptsWin.cwd
              });
              if (child && !child.pid) {
                child.on("error", () => {
                  resolve2(result);
                });
              }
              if (child && child.pid) {
                child.stdout.on("data", (data) => {
                  result = result + data.toString("utf8");
                });
                child.stderr.on("data", () => {
                  child.kill();
                  resolve2(result);
                });
                child.on("close", () => {
                  child.kill();
                  resolve2(result);
                });
                child.on("error", () => {
                  child.kill();
                  resolve2(result);
                });
                if (osVersion[0] < 10) {
                  try {
                    child.stdin.write(_psToUTF8 + cmd + os.EOL);
                    child.stdin.write("exit" + os.EOL);
                    child.stdin.end();
                  } catch {
                    child.kill();
                    resolve2(result);
                  }
                }
              } else {
                resolve2(result);
              }
            } catch {
              resolve2(result);
            }
          });
        });
      }
    }
    function execSafe(cmd, args, options) {
      let result = "";
      options = winCwd(options || {});
      return new Promise((resolve2) => {
        process.nextTick(() => {
          try {
            const child = spawn(cmd, args, options);
            if (child && !child.pid) {
              child.on("error", () => {
                resolve2(result);
              });
            }
            if (child && child.pid) {
              child.stdout.on("data", (data) => {
                result += data.toString();
              });
              child.on("close", () => {
                child.kill();
                resolve2(result);
              });
              child.on("error", () => {
                child.kill();
                resolve2(result);
              });
            } else {
              resolve2(result);
            }
          } catch {
            resolve2(result);
          }
        });
      });
    }
    function getCodepage() {
      if (_windows) {
        if (!codepage) {
          try {
            const stdout = execSync("chcp", execOptsWin);
            const lines = stdout.toString().split("\r\n");
            const parts = lines[0].split(":");
            codepage = parts.length > 1 ? parts[1].replace(".", "").trim() : "";
          } catch {
            codepage = "437";
          }
        }
        return codepage;
      }
      if (_linux || _darwin || _freebsd || _openbsd || _netbsd) {
        if (!codepage) {
          try {
            const stdout = execSync("echo $LANG", execOptsLinux);
            const lines = stdout.toString().split("\r\n");
            const parts = lines[0].split(".");
            codepage = parts.length > 1 ? parts[1].trim() : "";
            if (!codepage) {
              codepage = "UTF-8";
            }
          } catch {
            codepage = "UTF-8";
          }
        }
        return codepage;
      }
    }
    function smartMonToolsInstalled() {
      if (_smartMonToolsInstalled !== null) {
        return _smartMonToolsInstalled;
      }
      _smartMonToolsInstalled = false;
      if (_windows) {
        try {
          const pathArray = execSync("WHERE smartctl 2>nul", execOptsWin).toString().split("\r\n");
          if (pathArray && pathArray.length) {
            _smartMonToolsInstalled = pathArray[0].indexOf(":\\") >= 0;
          } else {
            _smartMonToolsInstalled = false;
          }
        } catch {
          _smartMonToolsInstalled = false;
        }
      }
      if (_linux || _darwin || _freebsd || _openbsd || _netbsd) {
        try {
          const pathArray = execSync("which smartctl 2>/dev/null", execOptsLinux).toString().split("\r\n");
          _smartMonToolsInstalled = pathArray.length > 0;
        } catch {
          noop();
        }
      }
      return _smartMonToolsInstalled;
    }
    function isRaspberry(cpuinfo) {
      const PI_MODEL_NO = ["BCM2708", "BCM2709", "BCM2710", "BCM2711", "BCM2712", "BCM2835", "BCM2836", "BCM2837", "BCM2837B0"];
      if (_rpi_cpuinfo !== null) {
        cpuinfo = _rpi_cpuinfo;
      } else if (cpuinfo === void 0) {
        try {
          cpuinfo = fs.readFileSync("/proc/cpuinfo", { encoding: "utf8" }).toString().split("\n");
          _rpi_cpuinfo = cpuinfo;
        } catch {
          return false;
        }
      }
      const hardware = getValue(cpuinfo, "hardware");
      const model = getValue(cpuinfo, "model");
      return hardware && PI_MODEL_NO.indexOf(hardware) > -1 || model && model.indexOf("Raspberry Pi") > -1;
    }
    function isRaspbian() {
      let osrelease = [];
      try {
        osrelease = fs.readFileSync("/etc/os-release", { encoding: "utf8" }).toString().split("\n");
      } catch {
        return false;
      }
      const id = getValue(osrelease, "id", "=");
      return id && id.indexOf("raspbian") > -1;
    }
    function execWin(cmd, opts, callback) {
      if (!callback) {
        callback = opts;
        opts = execOptsWin;
      }
      const newCmd = "chcp 65001 > nul && cmd /C " + cmd + " && chcp " + codepage + " > nul";
      exec(newCmd, winCwd(opts), (error, stdout) => {
        callback(error, stdout);
      });
    }
    function darwinXcodeExists() {
      const cmdLineToolsExists = fs.existsSync("/Library/Developer/CommandLineTools/usr/bin/");
      const xcodeAppExists = fs.existsSync("/Applications/Xcode.app/Contents/Developer/Tools");
      const xcodeExists = fs.existsSync("/Library/Developer/Xcode/");
      return cmdLineToolsExists || xcodeExists || xcodeAppExists;
    }
    function nanoSeconds() {
      const time = process.hrtime();
      if (!Array.isArray(time) || time.length !== 2) {
        return 0;
      }
      return +time[0] * 1e9 + +time[1];
    }
    function countUniqueLines(lines, startingWith) {
      startingWith = startingWith || "";
      const uniqueLines = [];
      lines.forEach((line) => {
        if (line.startsWith(startingWith)) {
          if (uniqueLines.indexOf(line) === -1) {
            uniqueLines.push(line);
          }
        }
      });
      return uniqueLines.length;
    }
    function countLines(lines, startingWith) {
      startingWith = startingWith || "";
      const uniqueLines = [];
      lines.forEach((line) => {
        if (line.startsWith(startingWith)) {
          uniqueLines.push(line);
        }
      });
      return uniqueLines.length;
    }
    function sanitizeShellString(str, strict) {
      if (typeof strict === "undefined") {
        strict = false;
      }
      const s = str || "";
      let result = "";
      const l = mathMin(s.length, 2e3);
      for (let i = 0; i <= l; i++) {
        if (!(s[i] === void 0 || s[i] === ">" || s[i] === "<" || s[i] === "*" || s[i] === "?" || s[i] === "[" || s[i] === "]" || s[i] === "|" || s[i] === "\u02DA" || s[i] === "$" || s[i] === ";" || s[i] === "&" || s[i] === "]" || s[i] === "#" || s[i] === "%" || s[i] === "!" || s[i] === "^" || s[i] === "\\" || s[i] === "	" || s[i] === "\n" || s[i] === "\r" || s[i] === "'" || s[i] === "`" || s[i] === '"' || // unicode quotes (U+2018-U+201E) and dashes (U+2013-U+2015) are treated as ' " - by PowerShell
        s[i] >= "\u2018" && s[i] <= "\u201E" || s[i] >= "\u2013" && s[i] <= "\u2015" || s[i].length > 1 || strict && s[i] === "(" || strict && s[i] === ")" || strict && s[i] === "@" || strict && s[i] === " " || strict && s[i] === "{" || strict && s[i] === ";" || strict && s[i] === "}")) {
          result = result + s[i];
        }
      }
      return result;
    }
    function sanitizeContainerID(str) {
      const s = String(str || "").substring(0, 2e3).replace(/[^a-zA-Z0-9_.,*-]/g, "");
      return s.indexOf("..") === -1 ? s : "";
    }
    function sanitizeDriveLetter(str) {
      const match = /^\s*([a-zA-Z]):?[\\/]?\s*$/.exec(String(str || ""));
      return match ? match[1] + ":" : "";
    }
    function sanitizeImageID(str) {
      const s = String(str || "").substring(0, 2e3).replace(/[^a-zA-Z0-9_.,:@/-]/g, "");
      return s.indexOf("..") === -1 ? s : "";
    }
    function isPrototypePolluted() {
      const s = "1234567890abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
      let notPolluted = true;
      let st = "";
      try {
        st.__proto__.replace = stringReplace;
        st.__proto__.toLowerCase = stringToLower;
        st.__proto__.toString = stringToString;
        st.__proto__.substr = stringSubstr;
        st.__proto__.substring = stringSubstring;
        st.__proto__.split = stringSplit;
        st.__proto__.trim = stringTrim;
        st.__proto__.startsWith = stringStartWith;
      } catch (e) {
        Object.setPrototypeOf(st, stringObj);
      }
      notPolluted = notPolluted || s.length !== 62;
      const ms = Date.now();
      if (typeof ms === "number" && ms > 16e11) {
        const l = ms % 100 + 15;
        for (let i = 0; i < l; i++) {
          const r = Math.random() * 61.99999999 + 1;
          const rs = parseInt(Math.floor(r).toString(), 10);
          const rs2 = parseInt(r.toString().split(".")[0], 10);
          const q = Math.random() * 61.99999999 + 1;
          const qs = parseInt(Math.floor(q).toString(), 10);
          const qs2 = parseInt(q.toString().split(".")[0], 10);
          notPolluted = notPolluted && r !== q;
          notPolluted = notPolluted && rs === rs2 && qs === qs2;
          st += s[rs - 1];
        }
        notPolluted = notPolluted && st.length === l;
        let p = Math.random() * l * 0.9999999999;
        let stm = st.substr(0, p) + " " + st.substr(p, 2e3);
        try {
          stm.__proto__.replace = stringReplace;
        } catch (e) {
          Object.setPrototypeOf(stm, stringObj);
        }
        let sto = stm.replace(/ /g, "");
        notPolluted = notPolluted && st === sto;
        p = Math.random() * l * 0.9999999999;
        stm = st.substr(0, p) + "{" + st.substr(p, 2e3);
        sto = stm.replace(/{/g, "");
        notPolluted = notPolluted && st === sto;
        p = Math.random() * l * 0.9999999999;
        stm = st.substr(0, p) + "*" + st.substr(p, 2e3);
        sto = stm.replace(/\*/g, "");
        notPolluted = notPolluted && st === sto;
        p = Math.random() * l * 0.9999999999;
        stm = st.substr(0, p) + "$" + st.substr(p, 2e3);
        sto = stm.replace(/\$/g, "");
        notPolluted = notPolluted && st === sto;
        const stl = st.toLowerCase();
        notPolluted = notPolluted && stl.length === l && stl[l - 1] && !stl[l];
        for (let i = 0; i < l; i++) {
          const s1 = st[i];
          try {
            s1.__proto__.toLowerCase = stringToLower;
          } catch {
            Object.setPrototypeOf(st, stringObj);
          }
          const s2 = stl ? stl[i] : "";
          const s1l = s1.toLowerCase();
          notPolluted = notPolluted && s1l[0] === s2 && s1l[0] && !s1l[1];
        }
      }
      return !notPolluted;
    }
    function sanitizeString(str, strict) {
      if (typeof strict === "undefined") {
        strict = false;
      }
      let result = "";
      const s = isPrototypePolluted() ? "---" : sanitizeShellString(str, strict);
      const l = mathMin(s.length, 2e3);
      for (let i = 0; i <= l; i++) {
        if (s[i] !== void 0) {
          result = result + s[i];
        }
      }
      return result;
    }
    function hex2bin(hex) {
      return ("00000000" + parseInt(hex, 16).toString(2)).substr(-8);
    }
    function getFilesInPath(source) {
      const lstatSync = fs.lstatSync;
      const readdirSync2 = fs.readdirSync;
      const join6 = path.join;
      function isDirectory(source2) {
        return lstatSync(source2).isDirectory();
      }
      function isFile(source2) {
        return lstatSync(source2).isFile();
      }
      function getDirectories(source2) {
        return readdirSync2(source2).map((name) => {
          return join6(source2, name);
        }).filter(isDirectory);
      }
      function getFiles(source2) {
        return readdirSync2(source2).map((name) => {
          return join6(source2, name);
        }).filter(isFile);
      }
      function getFilesRecursively(source2) {
        try {
          const dirs = getDirectories(source2);
          const files = dirs.map((dir) => {
            return getFilesRecursively(dir);
          }).reduce((a, b) => {
            return a.concat(b);
          }, []);
          return files.concat(getFiles(source2));
        } catch {
          return [];
        }
      }
      if (fs.existsSync(source)) {
        return getFilesRecursively(source);
      } else {
        return [];
      }
    }
    function decodePiCpuinfo(lines) {
      if (_rpi_cpuinfo === null) {
        _rpi_cpuinfo = lines;
      } else if (lines === void 0) {
        lines = _rpi_cpuinfo;
      }
      const oldRevisionCodes = {
        "0002": {
          type: "B",
          revision: "1.0",
          memory: 256,
          manufacturer: "Egoman",
          processor: "BCM2835"
        },
        "0003": {
          type: "B",
          revision: "1.0",
          memory: 256,
          manufacturer: "Egoman",
          processor: "BCM2835"
        },
        "0004": {
          type: "B",
          revision: "2.0",
          memory: 256,
          manufacturer: "Sony UK",
          processor: "BCM2835"
        },
        "0005": {
          type: "B",
          revision: "2.0",
          memory: 256,
          manufacturer: "Qisda",
          processor: "BCM2835"
        },
        "0006": {
          type: "B",
          revision: "2.0",
          memory: 256,
          manufacturer: "Egoman",
          processor: "BCM2835"
        },
        "0007": {
          type: "A",
          revision: "2.0",
          memory: 256,
          manufacturer: "Egoman",
          processor: "BCM2835"
        },
        "0008": {
          type: "A",
          revision: "2.0",
          memory: 256,
          manufacturer: "Sony UK",
          processor: "BCM2835"
        },
        "0009": {
          type: "A",
          revision: "2.0",
          memory: 256,
          manufacturer: "Qisda",
          processor: "BCM2835"
        },
        "000d": {
          type: "B",
          revision: "2.0",
          memory: 512,
          manufacturer: "Egoman",
          processor: "BCM2835"
        },
        "000e": {
          type: "B",
          revision: "2.0",
          memory: 512,
          manufacturer: "Sony UK",
          processor: "BCM2835"
        },
        "000f": {
          type: "B",
          revision: "2.0",
          memory: 512,
          manufacturer: "Egoman",
          processor: "BCM2835"
        },
        "0010": {
          type: "B+",
          revision: "1.2",
          memory: 512,
          manufacturer: "Sony UK",
          processor: "BCM2835"
        },
        "0011": {
          type: "CM1",
          revision: "1.0",
          memory: 512,
          manufacturer: "Sony UK",
          processor: "BCM2835"
        },
        "0012": {
          type: "A+",
          revision: "1.1",
          memory: 256,
          manufacturer: "Sony UK",
          processor: "BCM2835"
        },
        "0013": {
          type: "B+",
          revision: "1.2",
          memory: 512,
          manufacturer: "Embest",
          processor: "BCM2835"
        },
        "0014": {
          type: "CM1",
          revision: "1.0",
          memory: 512,
          manufacturer: "Embest",
          processor: "BCM2835"
        },
        "0015": {
          type: "A+",
          revision: "1.1",
          memory: 256,
          manufacturer: "512MB	Embest",
          processor: "BCM2835"
        }
      };
      const processorList = ["BCM2835", "BCM2836", "BCM2837", "BCM2711", "BCM2712"];
      const manufacturerList = ["Sony UK", "Egoman", "Embest", "Sony Japan", "Embest", "Stadium"];
      const typeList = {
        "00": "A",
        "01": "B",
        "02": "A+",
        "03": "B+",
        "04": "2B",
        "05": "Alpha (early prototype)",
        "06": "CM1",
        "08": "3B",
        "09": "Zero",
        "0a": "CM3",
        "0c": "Zero W",
        "0d": "3B+",
        "0e": "3A+",
        "0f": "Internal use only",
        10: "CM3+",
        11: "4B",
        12: "Zero 2 W",
        13: "400",
        14: "CM4",
        15: "CM4S",
        16: "Internal use only",
        17: "5",
        18: "CM5",
        19: "500/500+",
        "1a": "CM5 Lite"
      };
      const revisionCode = getValue(lines, "revision", ":", true);
      const model = getValue(lines, "model:", ":", true);
      const serial = getValue(lines, "serial", ":", true);
      let result = {};
      if ({}.hasOwnProperty.call(oldRevisionCodes, revisionCode)) {
        result = {
          model,
          serial,
          revisionCode,
          memory: oldRevisionCodes[revisionCode].memory,
          manufacturer: oldRevisionCodes[revisionCode].manufacturer,
          processor: oldRevisionCodes[revisionCode].processor,
          type: oldRevisionCodes[revisionCode].type,
          revision: oldRevisionCodes[revisionCode].revision
        };
      } else {
        const revision = ("00000000" + getValue(lines, "revision", ":", true).toLowerCase()).substr(-8);
        const memSizeCode = parseInt(hex2bin(revision.substr(2, 1)).substr(5, 3), 2) || 0;
        const manufacturer = manufacturerList[parseInt(revision.substr(3, 1), 10)];
        const processor = processorList[parseInt(revision.substr(4, 1), 10)];
        const typeCode = revision.substr(5, 2);
        result = {
          model,
          serial,
          revisionCode,
          memory: 256 * 2 ** memSizeCode,
          manufacturer,
          processor,
          type: {}.hasOwnProperty.call(typeList, typeCode) ? typeList[typeCode] : "",
          revision: "1." + revision.substr(7, 1)
        };
      }
      return result;
    }
    function getRpiGpu(cpuinfo) {
      if (_rpi_cpuinfo === null && cpuinfo !== void 0) {
        _rpi_cpuinfo = cpuinfo;
      } else if (cpuinfo === void 0 && _rpi_cpuinfo !== null) {
        cpuinfo = _rpi_cpuinfo;
      } else {
        try {
          cpuinfo = fs.readFileSync("/proc/cpuinfo", { encoding: "utf8" }).toString().split("\n");
          _rpi_cpuinfo = cpuinfo;
        } catch {
          return false;
        }
      }
      const rpi = decodePiCpuinfo(cpuinfo);
      if (rpi.type === "4B" || rpi.type === "CM4" || rpi.type === "CM4S" || rpi.type === "400") {
        return "VideoCore VI";
      }
      if (rpi.type === "5" || rpi.type === "500") {
        return "VideoCore VII";
      }
      return "VideoCore IV";
    }
    function promiseAll(promises) {
      const resolvingPromises = promises.map(
        (promise) => new Promise((resolve2) => {
          const payload = new Array(2);
          promise.then((result) => {
            payload[0] = result;
          }).catch((error) => {
            payload[1] = error;
          }).then(() => {
            resolve2(payload);
          });
        })
      );
      const errors = [];
      const results = [];
      return Promise.all(resolvingPromises).then((items) => {
        items.forEach((payload) => {
          if (payload[1]) {
            errors.push(payload[1]);
            results.push(null);
          } else {
            errors.push(null);
            results.push(payload[0]);
          }
        });
        return {
          errors,
          results
        };
      });
    }
    function promisify(nodeStyleFunction) {
      return function() {
        const args = Array.prototype.slice.call(arguments);
        return new Promise((resolve2, reject) => {
          args.push((err, data) => {
            if (err) {
              reject(err);
            } else {
              resolve2(data);
            }
          });
          nodeStyleFunction.apply(null, args);
        });
      };
    }
    function promisifySave(nodeStyleFunction) {
      return function() {
        const args = Array.prototype.slice.call(arguments);
        return new Promise((resolve2) => {
          args.push((err, data) => {
            resolve2(data);
          });
          nodeStyleFunction.apply(null, args);
        });
      };
    }
    function linuxVersion() {
      let result = "";
      if (_linux) {
        try {
          result = execSync("uname -v", execOptsLinux).toString();
        } catch {
          result = "";
        }
      }
      return result;
    }
    function plistParser(xmlStr) {
      const tags = ["array", "dict", "key", "string", "integer", "date", "real", "data", "boolean", "arrayEmpty"];
      const startStr = "<plist version";
      let pos = xmlStr.indexOf(startStr);
      const len = xmlStr.length;
      while (xmlStr[pos] !== ">" && pos < len) {
        pos++;
      }
      let depth = 0;
      let inTagStart = false;
      let inTagContent = false;
      let inTagEnd = false;
      const metaData = [{ tagStart: "", tagEnd: "", tagContent: "", key: "", data: null }];
      let c = "";
      let cn = xmlStr[pos];
      while (pos < len) {
        c = cn;
        if (pos + 1 < len) {
          cn = xmlStr[pos + 1];
        }
        if (c === "<") {
          inTagContent = false;
          if (cn === "/") {
            inTagEnd = true;
          } else if (metaData[depth].tagStart) {
            metaData[depth].tagContent = "";
            if (!metaData[depth].data) {
              metaData[depth].data = metaData[depth].tagStart === "array" ? [] : {};
            }
            depth++;
            metaData.push({ tagStart: "", tagEnd: "", tagContent: "", key: null, data: null });
            inTagStart = true;
            inTagContent = false;
          } else if (!inTagStart) {
            inTagStart = true;
          }
        } else if (c === ">") {
          if (metaData[depth].tagStart === "true/") {
            inTagStart = false;
            inTagEnd = true;
            metaData[depth].tagStart = "";
            metaData[depth].tagEnd = "/boolean";
            metaData[depth].data = true;
          }
          if (metaData[depth].tagStart === "false/") {
            inTagStart = false;
            inTagEnd = true;
            metaData[depth].tagStart = "";
            metaData[depth].tagEnd = "/boolean";
            metaData[depth].data = false;
          }
          if (metaData[depth].tagStart === "array/") {
            inTagStart = false;
            inTagEnd = true;
            metaData[depth].tagStart = "";
            metaData[depth].tagEnd = "/arrayEmpty";
            metaData[depth].data = [];
          }
          if (inTagContent) {
            inTagContent = false;
          }
          if (inTagStart) {
            inTagStart = false;
            inTagContent = true;
            if (metaData[depth].tagStart === "array") {
              metaData[depth].data = [];
            }
            if (metaData[depth].tagStart === "dict") {
              metaData[depth].data = {};
            }
          }
          if (inTagEnd) {
            inTagEnd = false;
            if (metaData[depth].tagEnd && tags.indexOf(metaData[depth].tagEnd.substr(1)) >= 0) {
              if (metaData[depth].tagEnd === "/dict" || metaData[depth].tagEnd === "/array") {
                if (depth > 1 && metaData[depth - 2].tagStart === "array") {
                  metaData[depth - 2].data.push(metaData[depth - 1].data);
                }
                if (depth > 1 && metaData[depth - 2].tagStart === "dict" && !isProtoKey(metaData[depth - 1].key)) {
                  metaData[depth - 2].data[metaData[depth - 1].key] = metaData[depth - 1].data;
                }
                depth--;
                metaData.pop();
                metaData[depth].tagContent = "";
                metaData[depth].tagStart = "";
                metaData[depth].tagEnd = "";
              } else {
                if (metaData[depth].tagEnd === "/key" && metaData[depth].tagContent) {
                  metaData[depth].key = metaData[depth].tagContent;
                } else {
                  if (metaData[depth].tagEnd === "/real" && metaData[depth].tagContent) {
                    metaData[depth].data = parseFloat(metaData[depth].tagContent) || 0;
                  }
                  if (metaData[depth].tagEnd === "/integer" && metaData[depth].tagContent) {
                    metaData[depth].data = parseInt(metaData[depth].tagContent) || 0;
                  }
                  if (metaData[depth].tagEnd === "/string" && metaData[depth].tagContent) {
                    metaData[depth].data = metaData[depth].tagContent || "";
                  }
                  if (metaData[depth].tagEnd === "/boolean") {
                    metaData[depth].data = metaData[depth].tagContent || false;
                  }
                  if (metaData[depth].tagEnd === "/arrayEmpty") {
                    metaData[depth].data = metaData[depth].tagContent || [];
                  }
                  if (depth > 0 && metaData[depth - 1].tagStart === "array") {
                    metaData[depth - 1].data.push(metaData[depth].data);
                  }
                  if (depth > 0 && metaData[depth - 1].tagStart === "dict" && !isProtoKey(metaData[depth].key)) {
                    metaData[depth - 1].data[metaData[depth].key] = metaData[depth].data;
                  }
                }
                metaData[depth].tagContent = "";
                metaData[depth].tagStart = "";
                metaData[depth].tagEnd = "";
              }
            }
            metaData[depth].tagEnd = "";
            inTagStart = false;
            inTagContent = false;
          }
        } else {
          if (inTagStart) {
            metaData[depth].tagStart += c;
          }
          if (inTagEnd) {
            metaData[depth].tagEnd += c;
          }
          if (inTagContent) {
            metaData[depth].tagContent += c;
          }
        }
        pos++;
      }
      return metaData[0].data;
    }
    function strIsNumeric(str) {
      return typeof str === "string" && !isNaN(str) && !isNaN(parseFloat(str));
    }
    function plistReader(output) {
      const lines = output.split("\n");
      for (let i = 0; i < lines.length; i++) {
        if (lines[i].indexOf(" = ") >= 0) {
          const lineParts = lines[i].split(" = ");
          lineParts[0] = lineParts[0].trim();
          if (!lineParts[0].startsWith('"')) {
            lineParts[0] = '"' + lineParts[0] + '"';
          }
          lineParts[1] = lineParts[1].trim();
          if (lineParts[1].indexOf('"') === -1 && lineParts[1].endsWith(";")) {
            const valueString = lineParts[1].substring(0, lineParts[1].length - 1);
            if (!strIsNumeric(valueString)) {
              lineParts[1] = `"${valueString}";`;
            }
          }
          if (lineParts[1].indexOf('"') >= 0 && lineParts[1].endsWith(";")) {
            const valueString = lineParts[1].substring(0, lineParts[1].length - 1).replace(/"/g, "");
            if (strIsNumeric(valueString)) {
              lineParts[1] = `${valueString};`;
            }
          }
          lines[i] = lineParts.join(" : ");
        }
        lines[i] = lines[i].replace(/\(/g, "[").replace(/\)/g, "]").replace(/;/g, ",").trim();
        if (lines[i].startsWith("}") && lines[i - 1] && lines[i - 1].endsWith(",")) {
          lines[i - 1] = lines[i - 1].substring(0, lines[i - 1].length - 1);
        }
      }
      output = lines.join("");
      let obj = {};
      try {
        obj = JSON.parse(output);
      } catch (e) {
        noop();
      }
      return obj;
    }
    function semverCompare(v1, v2) {
      let res = 0;
      const parts1 = v1.split(".").map((p) => parseInt(p, 10) || 0);
      const parts2 = v2.split(".").map((p) => parseInt(p, 10) || 0);
      if (parts1[0] < parts2[0]) {
        res = 1;
      } else if (parts1[0] > parts2[0]) {
        res = -1;
      } else if (parts1[0] === parts2[0] && parts1.length >= 2 && parts2.length >= 2) {
        if (parts1[1] < parts2[1]) {
          res = 1;
        } else if (parts1[1] > parts2[1]) {
          res = -1;
        } else if (parts1[1] === parts2[1]) {
          if (parts1.length >= 3 && parts2.length >= 3) {
            if (parts1[2] < parts2[2]) {
              res = 1;
            } else if (parts1[2] > parts2[2]) {
              res = -1;
            }
          } else if (parts2.length >= 3) {
            res = 1;
          }
        }
      }
      return res;
    }
    function getAppleModel(key) {
      const appleModelIds = [
        {
          key: "Mac18,5",
          name: "Mac mini",
          size: "",
          processor: "M6",
          year: "2026",
          additional: ""
        },
        {
          key: "Mac17,16",
          name: "Mac mini",
          size: "",
          processor: "M5 Pro",
          year: "2026",
          additional: ""
        },
        {
          key: "Mac17,15",
          name: "Mac Studio",
          size: "",
          processor: "M5 Ultra",
          year: "2026",
          additional: ""
        },
        {
          key: "Mac17,14",
          name: "Mac Studio",
          size: "",
          processor: "M5 Max",
          year: "2026",
          additional: ""
        },
        {
          key: "Mac17,9",
          name: "MacBook Pro",
          size: "14-inch",
          processor: "M5 Pro",
          year: "2026",
          additional: ""
        },
        {
          key: "Mac17,8",
          name: "MacBook Pro",
          size: "16-inch",
          processor: "M5 Pro",
          year: "2026",
          additional: ""
        },
        {
          key: "Mac17,7",
          name: "MacBook Pro",
          size: "14-inch",
          processor: "M5 Max",
          year: "2026",
          additional: ""
        },
        {
          key: "Mac17,6",
          name: "MacBook Pro",
          size: "16-inch",
          processor: "M5 Max",
          year: "2026",
          additional: ""
        },
        {
          key: "Mac17,5",
          name: "MacBook Pro",
          size: "16-inch",
          processor: "M5 Pro",
          year: "2026",
          additional: ""
        },
        {
          key: "Mac17,4",
          name: "MacBook Pro",
          size: "14-inch",
          processor: "M5 Pro",
          year: "2026",
          additional: ""
        },
        {
          key: "Mac17,1",
          name: "MacBook Neo",
          size: "14-inch",
          processor: "A18 Pro",
          year: "2026",
          additional: ""
        },
        {
          key: "Mac17,3",
          name: "MacBook Pro",
          size: "16-inch",
          processor: "M5",
          year: "2025",
          additional: ""
        },
        {
          key: "Mac17,2",
          name: "MacBook Pro",
          size: "14-inch",
          processor: "M5",
          year: "2025",
          additional: ""
        },
        {
          key: "Mac16,13",
          name: "MacBook Air",
          size: "15-inch",
          processor: "M4",
          year: "2025",
          additional: ""
        },
        {
          key: "Mac16,12",
          name: "MacBook Air",
          size: "13-inch",
          processor: "M4",
          year: "2025",
          additional: ""
        },
        {
          key: "Mac15,13",
          name: "MacBook Air",
          size: "15-inch",
          processor: "M3",
          year: "2024",
          additional: ""
        },
        {
          key: "Mac15,12",
          name: "MacBook Air",
          size: "13-inch",
          processor: "M3",
          year: "2024",
          additional: ""
        },
        {
          key: "Mac14,15",
          name: "MacBook Air",
          size: "15-inch",
          processor: "M2",
          year: "2024",
          additional: ""
        },
        {
          key: "Mac14,2",
          name: "MacBook Air",
          size: "13-inch",
          processor: "M2",
          year: "2022",
          additional: ""
        },
        {
          key: "MacBookAir10,1",
          name: "MacBook Air",
          size: "13-inch",
          processor: "M1",
          year: "2020",
          additional: ""
        },
        {
          key: "MacBookAir9,1",
          name: "MacBook Air",
          size: "13-inch",
          processor: "",
          year: "2020",
          additional: ""
        },
        {
          key: "MacBookAir8,2",
          name: "MacBook Air",
          size: "13-inch",
          processor: "",
          year: "2019",
          additional: ""
        },
        {
          key: "MacBookAir8,1",
          name: "MacBook Air",
          size: "13-inch",
          processor: "",
          year: "2018",
          additional: ""
        },
        {
          key: "MacBookAir7,2",
          name: "MacBook Air",
          size: "13-inch",
          processor: "",
          year: "2017",
          additional: ""
        },
        {
          key: "MacBookAir7,2",
          name: "MacBook Air",
          size: "13-inch",
          processor: "",
          year: "Early 2015",
          additional: ""
        },
        {
          key: "MacBookAir7,1",
          name: "MacBook Air",
          size: "11-inch",
          processor: "",
          year: "Early 2015",
          additional: ""
        },
        {
          key: "MacBookAir6,2",
          name: "MacBook Air",
          size: "13-inch",
          processor: "",
          year: "Early 2014",
          additional: ""
        },
        {
          key: "MacBookAir6,1",
          name: "MacBook Air",
          size: "11-inch",
          processor: "",
          year: "Early 2014",
          additional: ""
        },
        {
          key: "MacBookAir6,2",
          name: "MacBook Air",
          size: "13-inch",
          processor: "",
          year: "Mid 2013",
          additional: ""
        },
        {
          key: "MacBookAir6,1",
          name: "MacBook Air",
          size: "11-inch",
          processor: "",
          year: "Mid 2013",
          additional: ""
        },
        {
          key: "MacBookAir5,2",
          name: "MacBook Air",
          size: "13-inch",
          processor: "",
          year: "Mid 2012",
          additional: ""
        },
        {
          key: "MacBookAir5,1",
          name: "MacBook Air",
          size: "11-inch",
          processor: "",
          year: "Mid 2012",
          additional: ""
        },
        {
          key: "MacBookAir4,2",
          name: "MacBook Air",
          size: "13-inch",
          processor: "",
          year: "Mid 2011",
          additional: ""
        },
        {
          key: "MacBookAir4,1",
          name: "MacBook Air",
          size: "11-inch",
          processor: "",
          year: "Mid 2011",
          additional: ""
        },
        {
          key: "MacBookAir3,2",
          name: "MacBook Air",
          size: "13-inch",
          processor: "",
          year: "Late 2010",
          additional: ""
        },
        {
          key: "MacBookAir3,1",
          name: "MacBook Air",
          size: "11-inch",
          processor: "",
          year: "Late 2010",
          additional: ""
        },
        {
          key: "MacBookAir2,1",
          name: "MacBook Air",
          size: "13-inch",
          processor: "",
          year: "Mid 2009",
          additional: ""
        },
        {
          key: "Mac16,1",
          name: "MacBook Pro",
          size: "14-inch",
          processor: "M4",
          year: "2024",
          additional: ""
        },
        {
          key: "Mac16,6",
          name: "MacBook Pro",
          size: "14-inch",
          processor: "M4 Pro",
          year: "2024",
          additional: ""
        },
        {
          key: "Mac16,8",
          name: "MacBook Pro",
          size: "14-inch",
          processor: "M4 Max",
          year: "2024",
          additional: ""
        },
        {
          key: "Mac16,5",
          name: "MacBook Pro",
          size: "16-inch",
          processor: "M4 Pro",
          year: "2024",
          additional: ""
        },
        {
          key: "Mac16,6",
          name: "MacBook Pro",
          size: "16-inch",
          processor: "M4 Max",
          year: "2024",
          additional: ""
        },
        {
          key: "Mac15,3",
          name: "MacBook Pro",
          size: "14-inch",
          processor: "M3",
          year: "Nov 2023",
          additional: ""
        },
        {
          key: "Mac15,6",
          name: "MacBook Pro",
          size: "14-inch",
          processor: "M3 Pro",
          year: "Nov 2023",
          additional: ""
        },
        {
          key: "Mac15,8",
          name: "MacBook Pro",
          size: "14-inch",
          processor: "M3 Pro",
          year: "Nov 2023",
          additional: ""
        },
        {
          key: "Mac15,10",
          name: "MacBook Pro",
          size: "14-inch",
          processor: "M3 Max",
          year: "Nov 2023",
          additional: ""
        },
        {
          key: "Mac15,7",
          name: "MacBook Pro",
          size: "16-inch",
          processor: "M3 Pro",
          year: "Nov 2023",
          additional: ""
        },
        {
          key: "Mac15,9",
          name: "MacBook Pro",
          size: "16-inch",
          processor: "M3 Pro",
          year: "Nov 2023",
          additional: ""
        },
        {
          key: "Mac15,11",
          name: "MacBook Pro",
          size: "16-inch",
          processor: "M3 Max",
          year: "Nov 2023",
          additional: ""
        },
        {
          key: "Mac14,5",
          name: "MacBook Pro",
          size: "14-inch",
          processor: "M2 Max",
          year: "2023",
          additional: ""
        },
        {
          key: "Mac14,9",
          name: "MacBook Pro",
          size: "14-inch",
          processor: "M2 Max",
          year: "2023",
          additional: ""
        },
        {
          key: "Mac14,6",
          name: "MacBook Pro",
          size: "16-inch",
          processor: "M2 Max",
          year: "2023",
          additional: ""
        },
        {
          key: "Mac14,10",
          name: "MacBook Pro",
          size: "16-inch",
          processor: "M2 Max",
          year: "2023",
          additional: ""
        },
        {
          key: "Mac14,7",
          name: "MacBook Pro",
          size: "13-inch",
          processor: "M2",
          year: "2022",
          additional: ""
        },
        {
          key: "MacBookPro18,3",
          name: "MacBook Pro",
          size: "14-inch",
          processor: "M1 Pro",
          year: "2021",
          additional: ""
        },
        {
          key: "MacBookPro18,4",
          name: "MacBook Pro",
          size: "14-inch",
          processor: "M1 Max",
          year: "2021",
          additional: ""
        },
        {
          key: "MacBookPro18,1",
          name: "MacBook Pro",
          size: "16-inch",
          processor: "M1 Pro",
          year: "2021",
          additional: ""
        },
        {
          key: "MacBookPro18,2",
          name: "MacBook Pro",
          size: "16-inch",
          processor: "M1 Max",
          year: "2021",
          additional: ""
        },
        {
          key: "MacBookPro17,1",
          name: "MacBook Pro",
          size: "13-inch",
          processor: "M1",
          year: "2020",
          additional: ""
        },
        {
          key: "MacBookPro16,3",
          name: "MacBook Pro",
          size: "13-inch",
          processor: "",
          year: "2020",
          additional: "Two Thunderbolt 3 ports"
        },
        {
          key: "MacBookPro16,2",
          name: "MacBook Pro",
          size: "13-inch",
          processor: "",
          year: "2020",
          additional: "Four Thunderbolt 3 ports"
        },
        {
          key: "MacBookPro16,1",
          name: "MacBook Pro",
          size: "16-inch",
          processor: "",
          year: "2019",
          additional: ""
        },
        {
          key: "MacBookPro16,4",
          name: "MacBook Pro",
          size: "16-inch",
          processor: "",
          year: "2019",
          additional: ""
        },
        {
          key: "MacBookPro15,3",
          name: "MacBook Pro",
          size: "15-inch",
          processor: "",
          year: "2019",
          additional: ""
        },
        {
          key: "MacBookPro15,2",
          name: "MacBook Pro",
          size: "13-inch",
          processor: "",
          year: "2019",
          additional: ""
        },
        {
          key: "MacBookPro15,1",
          name: "MacBook Pro",
          size: "15-inch",
          processor: "",
          year: "2019",
          additional: ""
        },
        {
          key: "MacBookPro15,4",
          name: "MacBook Pro",
          size: "13-inch",
          processor: "",
          year: "2019",
          additional: "Two Thunderbolt 3 ports"
        },
        {
          key: "MacBookPro15,1",
          name: "MacBook Pro",
          size: "15-inch",
          processor: "",
          year: "2018",
          additional: ""
        },
        {
          key: "MacBookPro15,2",
          name: "MacBook Pro",
          size: "13-inch",
          processor: "",
          year: "2018",
          additional: "Four Thunderbolt 3 ports"
        },
        {
          key: "MacBookPro14,1",
          name: "MacBook Pro",
          size: "13-inch",
          processor: "",
          year: "2017",
          additional: "Two Thunderbolt 3 ports"
        },
        {
          key: "MacBookPro14,2",
          name: "MacBook Pro",
          size: "13-inch",
          processor: "",
          year: "2017",
          additional: "Four Thunderbolt 3 ports"
        },
        {
          key: "MacBookPro14,3",
          name: "MacBook Pro",
          size: "15-inch",
          processor: "",
          year: "2017",
          additional: ""
        },
        {
          key: "MacBookPro13,1",
          name: "MacBook Pro",
          size: "13-inch",
          processor: "",
          year: "2016",
          additional: "Two Thunderbolt 3 ports"
        },
        {
          key: "MacBookPro13,2",
          name: "MacBook Pro",
          size: "13-inch",
          processor: "",
          year: "2016",
          additional: "Four Thunderbolt 3 ports"
        },
        {
          key: "MacBookPro13,3",
          name: "MacBook Pro",
          size: "15-inch",
          processor: "",
          year: "2016",
          additional: ""
        },
        {
          key: "MacBookPro11,4",
          name: "MacBook Pro",
          size: "15-inch",
          processor: "",
          year: "Mid 2015",
          additional: ""
        },
        {
          key: "MacBookPro11,5",
          name: "MacBook Pro",
          size: "15-inch",
          processor: "",
          year: "Mid 2015",
          additional: ""
        },
        {
          key: "MacBookPro12,1",
          name: "MacBook Pro",
          size: "13-inch",
          processor: "",
          year: "Early 2015",
          additional: ""
        },
        {
          key: "MacBookPro11,2",
          name: "MacBook Pro",
          size: "15-inch",
          processor: "",
          year: "Late 2013",
          additional: ""
        },
        {
          key: "MacBookPro11,3",
          name: "MacBook Pro",
          size: "15-inch",
          processor: "",
          year: "Late 2013",
          additional: ""
        },
        {
          key: "MacBookPro11,1",
          name: "MacBook Pro",
          size: "13-inch",
          processor: "",
          year: "Late 2013",
          additional: ""
        },
        {
          key: "MacBookPro10,1",
          name: "MacBook Pro",
          size: "15-inch",
          processor: "",
          year: "Mid 2012",
          additional: ""
        },
        {
          key: "MacBookPro10,2",
          name: "MacBook Pro",
          size: "13-inch",
          processor: "",
          year: "Late 2012",
          additional: ""
        },
        {
          key: "MacBookPro9,1",
          name: "MacBook Pro",
          size: "15-inch",
          processor: "",
          year: "Mid 2012",
          additional: ""
        },
        {
          key: "MacBookPro9,2",
          name: "MacBook Pro",
          size: "13-inch",
          processor: "",
          year: "Mid 2012",
          additional: ""
        },
        {
          key: "MacBookPro8,3",
          name: "MacBook Pro",
          size: "17-inch",
          processor: "",
          year: "Early 2011",
          additional: ""
        },
        {
          key: "MacBookPro8,2",
          name: "MacBook Pro",
          size: "15-inch",
          processor: "",
          year: "Early 2011",
          additional: ""
        },
        {
          key: "MacBookPro8,1",
          name: "MacBook Pro",
          size: "13-inch",
          processor: "",
          year: "Early 2011",
          additional: ""
        },
        {
          key: "MacBookPro6,1",
          name: "MacBook Pro",
          size: "17-inch",
          processor: "",
          year: "Mid 2010",
          additional: ""
        },
        {
          key: "MacBookPro6,2",
          name: "MacBook Pro",
          size: "15-inch",
          processor: "",
          year: "Mid 2010",
          additional: ""
        },
        {
          key: "MacBookPro7,1",
          name: "MacBook Pro",
          size: "13-inch",
          processor: "",
          year: "Mid 2010",
          additional: ""
        },
        {
          key: "MacBookPro5,2",
          name: "MacBook Pro",
          size: "17-inch",
          processor: "",
          year: "Early 2009",
          additional: ""
        },
        {
          key: "MacBookPro5,3",
          name: "MacBook Pro",
          size: "15-inch",
          processor: "",
          year: "Mid 2009",
          additional: ""
        },
        {
          key: "MacBookPro5,5",
          name: "MacBook Pro",
          size: "13-inch",
          processor: "",
          year: "Mid 2009",
          additional: ""
        },
        {
          key: "MacBookPro5,1",
          name: "MacBook Pro",
          size: "15-inch",
          processor: "",
          year: "Late 2008",
          additional: ""
        },
        {
          key: "MacBookPro4,1",
          name: "MacBook Pro",
          size: "15-inch",
          processor: "",
          year: "Early 2008",
          additional: ""
        },
        {
          key: "MacBook10,1",
          name: "MacBook",
          size: "12-inch",
          processor: "",
          year: "2017",
          additional: ""
        },
        {
          key: "MacBook9,1",
          name: "MacBook",
          size: "12-inch",
          processor: "",
          year: "Early 2016",
          additional: ""
        },
        {
          key: "MacBook8,1",
          name: "MacBook",
          size: "12-inch",
          processor: "",
          year: "Early 2015",
          additional: ""
        },
        {
          key: "MacBook7,1",
          name: "MacBook",
          size: "13-inch",
          processor: "",
          year: "Mid 2010",
          additional: ""
        },
        {
          key: "MacBook6,1",
          name: "MacBook",
          size: "13-inch",
          processor: "",
          year: "Late 2009",
          additional: ""
        },
        {
          key: "MacBook5,2",
          name: "MacBook",
          size: "13-inch",
          processor: "",
          year: "Early 2009",
          additional: ""
        },
        {
          key: "Mac14,13",
          name: "Mac Studio",
          size: "",
          processor: "M2 Max",
          year: "2023",
          additional: ""
        },
        {
          key: "Mac14,14",
          name: "Mac Studio",
          size: "",
          processor: "M2 Ultra",
          year: "2023",
          additional: ""
        },
        {
          key: "Mac15,14",
          name: "Mac Studio",
          size: "",
          processor: "M3 Ultra",
          year: "2025",
          additional: ""
        },
        {
          key: "Mac16,9",
          name: "Mac Studio",
          size: "",
          processor: "M4 Max",
          year: "2025",
          additional: ""
        },
        {
          key: "Mac13,1",
          name: "Mac Studio",
          size: "",
          processor: "M1 Max",
          year: "2022",
          additional: ""
        },
        {
          key: "Mac13,2",
          name: "Mac Studio",
          size: "",
          processor: "M1 Ultra",
          year: "2022",
          additional: ""
        },
        {
          key: "Mac16,11",
          name: "Mac mini",
          size: "",
          processor: "M4 Pro",
          year: "2024",
          additional: ""
        },
        {
          key: "Mac16,10",
          name: "Mac mini",
          size: "",
          processor: "M4",
          year: "2024",
          additional: ""
        },
        {
          key: "Mac14,3",
          name: "Mac mini",
          size: "",
          processor: "M2",
          year: "2023",
          additional: ""
        },
        {
          key: "Mac14,12",
          name: "Mac mini",
          size: "",
          processor: "M2 Pro",
          year: "2023",
          additional: ""
        },
        {
          key: "Macmini9,1",
          name: "Mac mini",
          size: "",
          processor: "M1",
          year: "2020",
          additional: ""
        },
        {
          key: "Macmini8,1",
          name: "Mac mini",
          size: "",
          processor: "",
          year: "Late 2018",
          additional: ""
        },
        {
          key: "Macmini7,1",
          name: "Mac mini",
          size: "",
          processor: "",
          year: "Late 2014",
          additional: ""
        },
        {
          key: "Macmini6,1",
          name: "Mac mini",
          size: "",
          processor: "",
          year: "Late 2012",
          additional: ""
        },
        {
          key: "Macmini6,2",
          name: "Mac mini",
          size: "",
          processor: "",
          year: "Late 2012",
          additional: ""
        },
        {
          key: "Macmini5,1",
          name: "Mac mini",
          size: "",
          processor: "",
          year: "Mid 2011",
          additional: ""
        },
        {
          key: "Macmini5,2",
          name: "Mac mini",
          size: "",
          processor: "",
          year: "Mid 2011",
          additional: ""
        },
        {
          key: "Macmini4,1",
          name: "Mac mini",
          size: "",
          processor: "",
          year: "Mid 2010",
          additional: ""
        },
        {
          key: "Macmini3,1",
          name: "Mac mini",
          size: "",
          processor: "",
          year: "Early 2009",
          additional: ""
        },
        {
          key: "Mac16,3",
          name: "iMac",
          size: "24-inch",
          processor: "M4",
          year: "2024",
          additional: "Four ports"
        },
        {
          key: "Mac16,2",
          name: "iMac",
          size: "24-inch",
          processor: "M4",
          year: "2024",
          additional: "Two ports"
        },
        {
          key: "Mac15,5",
          name: "iMac",
          size: "24-inch",
          processor: "M3",
          year: "2023",
          additional: "Four ports"
        },
        {
          key: "Mac15,4",
          name: "iMac",
          size: "24-inch",
          processor: "M3",
          year: "2023",
          additional: "Two ports"
        },
        {
          key: "iMac21,1",
          name: "iMac",
          size: "24-inch",
          processor: "M1",
          year: "2021",
          additional: ""
        },
        {
          key: "iMac21,2",
          name: "iMac",
          size: "24-inch",
          processor: "M1",
          year: "2021",
          additional: ""
        },
        {
          key: "iMac20,1",
          name: "iMac",
          size: "27-inch",
          processor: "",
          year: "2020",
          additional: "Retina 5K"
        },
        {
          key: "iMac20,2",
          name: "iMac",
          size: "27-inch",
          processor: "",
          year: "2020",
          additional: "Retina 5K"
        },
        {
          key: "iMac19,1",
          name: "iMac",
          size: "27-inch",
          processor: "",
          year: "2019",
          additional: "Retina 5K"
        },
        {
          key: "iMac19,2",
          name: "iMac",
          size: "21.5-inch",
          processor: "",
          year: "2019",
          additional: "Retina 4K"
        },
        {
          key: "iMacPro1,1",
          name: "iMac Pro",
          size: "",
          processor: "",
          year: "2017",
          additional: ""
        },
        {
          key: "iMac18,3",
          name: "iMac",
          size: "27-inch",
          processor: "",
          year: "2017",
          additional: "Retina 5K"
        },
        {
          key: "iMac18,2",
          name: "iMac",
          size: "21.5-inch",
          processor: "",
          year: "2017",
          additional: "Retina 4K"
        },
        {
          key: "iMac18,1",
          name: "iMac",
          size: "21.5-inch",
          processor: "",
          year: "2017",
          additional: ""
        },
        {
          key: "iMac17,1",
          name: "iMac",
          size: "27-inch",
          processor: "",
          year: "Late 2015",
          additional: "Retina 5K"
        },
        {
          key: "iMac16,2",
          name: "iMac",
          size: "21.5-inch",
          processor: "",
          year: "Late 2015",
          additional: "Retina 4K"
        },
        {
          key: "iMac16,1",
          name: "iMac",
          size: "21.5-inch",
          processor: "",
          year: "Late 2015",
          additional: ""
        },
        {
          key: "iMac15,1",
          name: "iMac",
          size: "27-inch",
          processor: "",
          year: "Late 2014",
          additional: "Retina 5K"
        },
        {
          key: "iMac14,4",
          name: "iMac",
          size: "21.5-inch",
          processor: "",
          year: "Mid 2014",
          additional: ""
        },
        {
          key: "iMac14,2",
          name: "iMac",
          size: "27-inch",
          processor: "",
          year: "Late 2013",
          additional: ""
        },
        {
          key: "iMac14,1",
          name: "iMac",
          size: "21.5-inch",
          processor: "",
          year: "Late 2013",
          additional: ""
        },
        {
          key: "iMac13,2",
          name: "iMac",
          size: "27-inch",
          processor: "",
          year: "Late 2012",
          additional: ""
        },
        {
          key: "iMac13,1",
          name: "iMac",
          size: "21.5-inch",
          processor: "",
          year: "Late 2012",
          additional: ""
        },
        {
          key: "iMac12,2",
          name: "iMac",
          size: "27-inch",
          processor: "",
          year: "Mid 2011",
          additional: ""
        },
        {
          key: "iMac12,1",
          name: "iMac",
          size: "21.5-inch",
          processor: "",
          year: "Mid 2011",
          additional: ""
        },
        {
          key: "iMac11,3",
          name: "iMac",
          size: "27-inch",
          processor: "",
          year: "Mid 2010",
          additional: ""
        },
        {
          key: "iMac11,2",
          name: "iMac",
          size: "21.5-inch",
          processor: "",
          year: "Mid 2010",
          additional: ""
        },
        {
          key: "iMac10,1",
          name: "iMac",
          size: "21.5-inch",
          processor: "",
          year: "Late 2009",
          additional: ""
        },
        {
          key: "iMac9,1",
          name: "iMac",
          size: "20-inch",
          processor: "",
          year: "Early 2009",
          additional: ""
        },
        {
          key: "Mac14,8",
          name: "Mac Pro",
          size: "",
          processor: "",
          year: "2023",
          additional: ""
        },
        {
          key: "Mac14,8",
          name: "Mac Pro",
          size: "",
          processor: "",
          year: "2023",
          additional: "Rack"
        },
        {
          key: "MacPro7,1",
          name: "Mac Pro",
          size: "",
          processor: "",
          year: "2019",
          additional: ""
        },
        {
          key: "MacPro7,1",
          name: "Mac Pro",
          size: "",
          processor: "",
          year: "2019",
          additional: "Rack"
        },
        {
          key: "MacPro6,1",
          name: "Mac Pro",
          size: "",
          processor: "",
          year: "Late 2013",
          additional: ""
        },
        {
          key: "MacPro5,1",
          name: "Mac Pro",
          size: "",
          processor: "",
          year: "Mid 2012",
          additional: ""
        },
        {
          key: "MacPro5,1",
          name: "Mac Pro Server",
          size: "",
          processor: "",
          year: "Mid 2012",
          additional: "Server"
        },
        {
          key: "MacPro5,1",
          name: "Mac Pro",
          size: "",
          processor: "",
          year: "Mid 2010",
          additional: ""
        },
        {
          key: "MacPro5,1",
          name: "Mac Pro Server",
          size: "",
          processor: "",
          year: "Mid 2010",
          additional: "Server"
        },
        {
          key: "MacPro4,1",
          name: "Mac Pro",
          size: "",
          processor: "",
          year: "Early 2009",
          additional: ""
        }
      ];
      const list = appleModelIds.filter((model) => model.key === key);
      if (list.length === 0) {
        return {
          key,
          model: "Apple",
          version: "Unknown"
        };
      }
      const features = [];
      if (list[0].size) {
        features.push(list[0].size);
      }
      if (list[0].processor) {
        features.push(list[0].processor);
      }
      if (list[0].year) {
        features.push(list[0].year);
      }
      if (list[0].additional) {
        features.push(list[0].additional);
      }
      return {
        key,
        model: list[0].name,
        version: list[0].name + " (" + features.join(", ") + ")"
      };
    }
    function checkWebsite(url, timeout = 5e3) {
      const http = url.startsWith("https:") || url.indexOf(":443/") > 0 || url.indexOf(":8443/") > 0 ? __require("https") : __require("http");
      const t = Date.now();
      return new Promise((resolve2) => {
        try {
          const request = http.get(url, (res) => {
            res.on("data", () => {
            });
            res.on("end", () => {
              resolve2({
                url,
                statusCode: res.statusCode,
                message: res.statusMessage,
                time: Date.now() - t
              });
            });
          }).on("error", (e) => {
            resolve2({
              url,
              statusCode: 404,
              message: e.message,
              time: Date.now() - t
            });
          }).setTimeout(timeout, () => {
            request.destroy();
            resolve2({
              url,
              statusCode: 408,
              message: "Request Timeout",
              time: Date.now() - t
            });
          });
        } catch (e) {
          resolve2({
            url,
            statusCode: 404,
            message: e.message,
            time: Date.now() - t
          });
        }
      });
    }
    function cleanString(str) {
      return str.replace(/To Be Filled By O.E.M./g, "");
    }
    function grep(str, pattern) {
      const result = str.split("\n").filter((line) => line.includes(pattern)).join("\n");
      return result;
    }
    function noop() {
    }
    function isProtoKey(key) {
      return key === "__proto__" || key === "constructor" || key === "prototype";
    }
    exports.toInt = toInt;
    exports.splitByNumber = splitByNumber;
    exports.execOptsWin = execOptsWin;
    exports.execCwd = execCwd;
    exports.execOptsLinux = execOptsLinux;
    exports.getCodepage = getCodepage;
    exports.execWin = execWin;
    exports.isFunction = isFunction;
    exports.unique = unique;
    exports.sortByKey = sortByKey;
    exports.cores = cores;
    exports.getValue = getValue;
    exports.decodeEscapeSequence = decodeEscapeSequence;
    exports.parseDateTime = parseDateTime;
    exports.parseHead = parseHead;
    exports.findObjectByKey = findObjectByKey;
    exports.darwinXcodeExists = darwinXcodeExists;
    exports.getVboxmanage = getVboxmanage;
    exports.powerShell = powerShell;
    exports.powerShellStart = powerShellStart;
    exports.powerShellRelease = powerShellRelease;
    exports.execSafe = execSafe;
    exports.nanoSeconds = nanoSeconds;
    exports.countUniqueLines = countUniqueLines;
    exports.countLines = countLines;
    exports.noop = noop;
    exports.isRaspberry = isRaspberry;
    exports.isRaspbian = isRaspbian;
    exports.sanitizeShellString = sanitizeShellString;
    exports.sanitizeContainerID = sanitizeContainerID;
    exports.sanitizeImageID = sanitizeImageID;
    exports.isPrototypePolluted = isPrototypePolluted;
    exports.sanitizeString = sanitizeString;
    exports.sanitizeDriveLetter = sanitizeDriveLetter;
    exports.decodePiCpuinfo = decodePiCpuinfo;
    exports.getRpiGpu = getRpiGpu;
    exports.promiseAll = promiseAll;
    exports.promisify = promisify;
    exports.promisifySave = promisifySave;
    exports.smartMonToolsInstalled = smartMonToolsInstalled;
    exports.linuxVersion = linuxVersion;
    exports.plistParser = plistParser;
    exports.plistReader = plistReader;
    exports.stringObj = stringObj;
    exports.stringReplace = stringReplace;
    exports.stringToLower = stringToLower;
    exports.stringToString = stringToString;
    exports.stringSubstr = stringSubstr;
    exports.stringSubstring = stringSubstring;
    exports.stringTrim = stringTrim;
    exports.stringStartWith = stringStartWith;
    exports.stringSplit = stringSplit;
    exports.mathMin = mathMin;
    exports.WINDIR = WINDIR;
    exports.getFilesInPath = getFilesInPath;
    exports.semverCompare = semverCompare;
    exports.getAppleModel = getAppleModel;
    exports.checkWebsite = checkWebsite;
    exports.cleanString = cleanString;
    exports.grep = grep;
    exports.getPowershell = getPowershell;
  }
});

// node_modules/systeminformation/lib/cpu.js
var require_cpu = __commonJS({
  "node_modules/systeminformation/lib/cpu.js"(exports) {
    "use strict";
    var os = __require("os");
    var exec = __require("child_process").exec;
    var execSync = __require("child_process").execSync;
    var fs = __require("fs");
    var util = require_util();
    var _platform = process.platform;
    var _linux = _platform === "linux" || _platform === "android";
    var _darwin = _platform === "darwin";
    var _windows = _platform === "win32";
    var _freebsd = _platform === "freebsd";
    var _openbsd = _platform === "openbsd";
    var _netbsd = _platform === "netbsd";
    var _sunos = _platform === "sunos";
    var _cpu_speed = 0;
    var _current_cpu = {
      user: 0,
      nice: 0,
      system: 0,
      idle: 0,
      irq: 0,
      steal: 0,
      guest: 0,
      load: 0,
      tick: 0,
      ms: 0,
      currentLoad: 0,
      currentLoadUser: 0,
      currentLoadSystem: 0,
      currentLoadNice: 0,
      currentLoadIdle: 0,
      currentLoadIrq: 0,
      currentLoadSteal: 0,
      currentLoadGuest: 0,
      rawCurrentLoad: 0,
      rawCurrentLoadUser: 0,
      rawCurrentLoadSystem: 0,
      rawCurrentLoadNice: 0,
      rawCurrentLoadIdle: 0,
      rawCurrentLoadIrq: 0,
      rawCurrentLoadSteal: 0,
      rawCurrentLoadGuest: 0
    };
    var _cpus = [];
    var _corecount = 0;
    var AMDBaseFrequencies = {
      8346: "1.8",
      8347: "1.9",
      8350: "2.0",
      8354: "2.2",
      "8356|SE": "2.4",
      8356: "2.3",
      8360: "2.5",
      2372: "2.1",
      2373: "2.1",
      2374: "2.2",
      2376: "2.3",
      2377: "2.3",
      2378: "2.4",
      2379: "2.4",
      2380: "2.5",
      2381: "2.5",
      2382: "2.6",
      2384: "2.7",
      2386: "2.8",
      2387: "2.8",
      2389: "2.9",
      2393: "3.1",
      8374: "2.2",
      8376: "2.3",
      8378: "2.4",
      8379: "2.4",
      8380: "2.5",
      8381: "2.5",
      8382: "2.6",
      8384: "2.7",
      8386: "2.8",
      8387: "2.8",
      8389: "2.9",
      8393: "3.1",
      "2419EE": "1.8",
      "2423HE": "2.0",
      "2425HE": "2.1",
      2427: "2.2",
      2431: "2.4",
      2435: "2.6",
      "2439SE": "2.8",
      "8425HE": "2.1",
      8431: "2.4",
      8435: "2.6",
      "8439SE": "2.8",
      4122: "2.2",
      4130: "2.6",
      "4162EE": "1.7",
      "4164EE": "1.8",
      "4170HE": "2.1",
      "4174HE": "2.3",
      "4176HE": "2.4",
      4180: "2.6",
      4184: "2.8",
      "6124HE": "1.8",
      "6128HE": "2.0",
      "6132HE": "2.2",
      6128: "2.0",
      6134: "2.3",
      6136: "2.4",
      6140: "2.6",
      "6164HE": "1.7",
      "6166HE": "1.8",
      6168: "1.9",
      6172: "2.1",
      6174: "2.2",
      6176: "2.3",
      "6176SE": "2.3",
      "6180SE": "2.5",
      3250: "2.5",
      3260: "2.7",
      3280: "2.4",
      4226: "2.7",
      4228: "2.8",
      4230: "2.9",
      4234: "3.1",
      4238: "3.3",
      4240: "3.4",
      4256: "1.6",
      4274: "2.5",
      4276: "2.6",
      4280: "2.8",
      4284: "3.0",
      6204: "3.3",
      6212: "2.6",
      6220: "3.0",
      6234: "2.4",
      6238: "2.6",
      "6262HE": "1.6",
      6272: "2.1",
      6274: "2.2",
      6276: "2.3",
      6278: "2.4",
      "6282SE": "2.6",
      "6284SE": "2.7",
      6308: "3.5",
      6320: "2.8",
      6328: "3.2",
      "6338P": "2.3",
      6344: "2.6",
      6348: "2.8",
      6366: "1.8",
      "6370P": "2.0",
      6376: "2.3",
      6378: "2.4",
      6380: "2.5",
      6386: "2.8",
      "FX|4100": "3.6",
      "FX|4120": "3.9",
      "FX|4130": "3.8",
      "FX|4150": "3.8",
      "FX|4170": "4.2",
      "FX|6100": "3.3",
      "FX|6120": "3.6",
      "FX|6130": "3.6",
      "FX|6200": "3.8",
      "FX|8100": "2.8",
      "FX|8120": "3.1",
      "FX|8140": "3.2",
      "FX|8150": "3.6",
      "FX|8170": "3.9",
      "FX|4300": "3.8",
      "FX|4320": "4.0",
      "FX|4350": "4.2",
      "FX|6300": "3.5",
      "FX|6350": "3.9",
      "FX|8300": "3.3",
      "FX|8310": "3.4",
      "FX|8320": "3.5",
      "FX|8350": "4.0",
      "FX|8370": "4.0",
      "FX|9370": "4.4",
      "FX|9590": "4.7",
      "FX|8320E": "3.2",
      "FX|8370E": "3.3",
      // ZEN Desktop CPUs
      1200: "3.1",
      "Pro 1200": "3.1",
      "1300X": "3.5",
      "Pro 1300": "3.5",
      1400: "3.2",
      "1500X": "3.5",
      "Pro 1500": "3.5",
      1600: "3.2",
      "1600X": "3.6",
      "Pro 1600": "3.2",
      1700: "3.0",
      "Pro 1700": "3.0",
      "1700X": "3.4",
      "Pro 1700X": "3.4",
      "1800X": "3.6",
      "1900X": "3.8",
      1920: "3.2",
      "1920X": "3.5",
      "1950X": "3.4",
      // ZEN Desktop APUs
      "200GE": "3.2",
      "Pro 200GE": "3.2",
      "220GE": "3.4",
      "240GE": "3.5",
      "3000G": "3.5",
      "300GE": "3.4",
      "3050GE": "3.4",
      "2200G": "3.5",
      "Pro 2200G": "3.5",
      "2200GE": "3.2",
      "Pro 2200GE": "3.2",
      "2400G": "3.6",
      "Pro 2400G": "3.6",
      "2400GE": "3.2",
      "Pro 2400GE": "3.2",
      // ZEN Mobile APUs
      "Pro 200U": "2.3",
      "300U": "2.4",
      "2200U": "2.5",
      "3200U": "2.6",
      "2300U": "2.0",
      "Pro 2300U": "2.0",
      "2500U": "2.0",
      "Pro 2500U": "2.2",
      "2600H": "3.2",
      "2700U": "2.0",
      "Pro 2700U": "2.2",
      "2800H": "3.3",
      // ZEN Server Processors
      7351: "2.4",
      "7351P": "2.4",
      7401: "2.0",
      "7401P": "2.0",
      "7551P": "2.0",
      7551: "2.0",
      7251: "2.1",
      7261: "2.5",
      7281: "2.1",
      7301: "2.2",
      7371: "3.1",
      7451: "2.3",
      7501: "2.0",
      7571: "2.2",
      7601: "2.2",
      // ZEN Embedded Processors
      V1500B: "2.2",
      V1780B: "3.35",
      V1202B: "2.3",
      V1404I: "2.0",
      V1605B: "2.0",
      V1756B: "3.25",
      V1807B: "3.35",
      3101: "2.1",
      3151: "2.7",
      3201: "1.5",
      3251: "2.5",
      3255: "2.5",
      3301: "2.0",
      3351: "1.9",
      3401: "1.85",
      3451: "2.15",
      // ZEN+ Desktop
      "1200|AF": "3.1",
      "2300X": "3.5",
      "2500X": "3.6",
      2600: "3.4",
      "2600E": "3.1",
      "1600|AF": "3.2",
      "2600X": "3.6",
      2700: "3.2",
      "2700E": "2.8",
      "Pro 2700": "3.2",
      "2700X": "3.7",
      "Pro 2700X": "3.6",
      "2920X": "3.5",
      "2950X": "3.5",
      "2970WX": "3.0",
      "2990WX": "3.0",
      // ZEN+ Desktop APU
      "Pro 300GE": "3.4",
      "Pro 3125GE": "3.4",
      "3150G": "3.5",
      "Pro 3150G": "3.5",
      "3150GE": "3.3",
      "Pro 3150GE": "3.3",
      "3200G": "3.6",
      "Pro 3200G": "3.6",
      "3200GE": "3.3",
      "Pro 3200GE": "3.3",
      "3350G": "3.6",
      "Pro 3350G": "3.6",
      "3350GE": "3.3",
      "Pro 3350GE": "3.3",
      "3400G": "3.7",
      "Pro 3400G": "3.7",
      "3400GE": "3.3",
      "Pro 3400GE": "3.3",
      // ZEN+ Mobile
      "3300U": "2.1",
      "PRO 3300U": "2.1",
      "3450U": "2.1",
      "3500U": "2.1",
      "PRO 3500U": "2.1",
      "3500C": "2.1",
      "3550H": "2.1",
      "3580U": "2.1",
      "3700U": "2.3",
      "PRO 3700U": "2.3",
      "3700C": "2.3",
      "3750H": "2.3",
      "3780U": "2.3",
      // ZEN2 Desktop CPUS
      3100: "3.6",
      "3300X": "3.8",
      3500: "3.6",
      "3500X": "3.6",
      3600: "3.6",
      "Pro 3600": "3.6",
      "3600X": "3.8",
      "3600XT": "3.8",
      "Pro 3700": "3.6",
      "3700X": "3.6",
      "3800X": "3.9",
      "3800XT": "3.9",
      3900: "3.1",
      "Pro 3900": "3.1",
      "3900X": "3.8",
      "3900XT": "3.8",
      "3950X": "3.5",
      "3960X": "3.8",
      "3970X": "3.7",
      "3990X": "2.9",
      "3945WX": "4.0",
      "3955WX": "3.9",
      "3975WX": "3.5",
      "3995WX": "2.7",
      // ZEN2 Desktop APUs
      "4300GE": "3.5",
      "Pro 4300GE": "3.5",
      "4300G": "3.8",
      "Pro 4300G": "3.8",
      "4600GE": "3.3",
      "Pro 4650GE": "3.3",
      "4600G": "3.7",
      "Pro 4650G": "3.7",
      "4700GE": "3.1",
      "Pro 4750GE": "3.1",
      "4700G": "3.6",
      "Pro 4750G": "3.6",
      "4300U": "2.7",
      "4450U": "2.5",
      "Pro 4450U": "2.5",
      "4500U": "2.3",
      "4600U": "2.1",
      "PRO 4650U": "2.1",
      "4680U": "2.1",
      "4600HS": "3.0",
      "4600H": "3.0",
      "4700U": "2.0",
      "PRO 4750U": "1.7",
      "4800U": "1.8",
      "4800HS": "2.9",
      "4800H": "2.9",
      "4900HS": "3.0",
      "4900H": "3.3",
      "5300U": "2.6",
      "5500U": "2.1",
      "5700U": "1.8",
      // ZEN2 - EPYC
      "7232P": "3.1",
      "7302P": "3.0",
      "7402P": "2.8",
      "7502P": "2.5",
      "7702P": "2.0",
      7252: "3.1",
      7262: "3.2",
      7272: "2.9",
      7282: "2.8",
      7302: "3.0",
      7352: "2.3",
      7402: "2.8",
      7452: "2.35",
      7502: "2.5",
      7532: "2.4",
      7542: "2.9",
      7552: "2.2",
      7642: "2.3",
      7662: "2.0",
      7702: "2.0",
      7742: "2.25",
      "7H12": "2.6",
      "7F32": "3.7",
      "7F52": "3.5",
      "7F72": "3.2",
      // Epyc (Milan)
      "7773X": "2.2",
      7763: "2.45",
      7713: "2.0",
      "7713P": "2.0",
      7663: "2.0",
      7643: "2.3",
      "7573X": "2.8",
      "75F3": "2.95",
      7543: "2.8",
      "7543P": "2.8",
      7513: "2.6",
      "7473X": "2.8",
      7453: "2.75",
      "74F3": "3.2",
      7443: "2.85",
      "7443P": "2.85",
      7413: "2.65",
      "7373X": "3.05",
      "73F3": "3.5",
      7343: "3.2",
      7313: "3.0",
      "7313P": "3.0",
      "72F3": "3.7",
      // ZEN3
      "5600X": "3.7",
      "5800X": "3.8",
      "5900X": "3.7",
      "5950X": "3.4",
      "5945WX": "4.1",
      "5955WX": "4.0",
      "5965WX": "3.8",
      "5975WX": "3.6",
      "5995WX": "2.7",
      "7960X": "4.2",
      "7970X": "4.0",
      "7980X": "3.2",
      "7965WX": "4.2",
      "7975WX": "4.0",
      "7985WX": "3.2",
      "7995WX": "2.5",
      // ZEN4
      9754: "2.25",
      "9754S": "2.25",
      9734: "2.2",
      "9684X": "2.55",
      "9384X": "3.1",
      "9184X": "3.55",
      "9654P": "2.4",
      9654: "2.4",
      9634: "2.25",
      "9554P": "3.1",
      9554: "3.1",
      9534: "2.45",
      "9474F": "3.6",
      "9454P": "2.75",
      9454: "2.75",
      "9374F": "3.85",
      "9354P": "3.25",
      9354: "3.25",
      9334: "2.7",
      "9274F": "4.05",
      9254: "2.9",
      9224: "2.5",
      "9174F": "4.1",
      9124: "3.0",
      // Epyc 4th gen
      "4124P": "3.8",
      "4244P": "3.8",
      "4344P": "3.8",
      "4364P": "4.5",
      "4464P": "3.7",
      "4484PX": "4.4",
      "4564P": "4.5",
      "4584PX": "4.2",
      "8024P": "2.4",
      "8024PN": "2.05",
      "8124P": "2.45",
      "8124PN": "2.0",
      "8224P": "2.55",
      "8224PN": "2.0",
      "8324P": "2.65",
      "8324PN": "2.05",
      "8434P": "2.5",
      "8434PN": "2.0",
      "8534P": "2.3",
      "8534PN": "2.0",
      // Epyc 5th gen
      9115: "2.6",
      9135: "3.65",
      "9175F": "4.2",
      9255: "3.25",
      "9275F": "4.1",
      9335: "3.0",
      "9355P": "3.55",
      9355: "3.55",
      "9375F": "3.8",
      9365: "3.4",
      "9455P": "3.15",
      9455: "3.15",
      "9475F": "3.65",
      9535: "2.4",
      "9555P": "3.2",
      9555: "3.2",
      "9575F": "3.3",
      9565: "3.15",
      "9655P": "2.5",
      9655: "2.5",
      9755: "2.7",
      "4245P": "3.9",
      "4345P": "3.8",
      "4465P": "3.4",
      "4545P": "3.0",
      "4565P": "4.3",
      "4585PX": "4.3",
      "5900XT": "3.3",
      5900: "3.0",
      5945: "3.0",
      "5800X3D": "3.4",
      "5800XT": "3.8",
      5800: "3.4",
      "5700X3D": "3.0",
      "5700X": "3.4",
      5845: "3.4",
      "5600X3D": "3.3",
      "5600XT": "3.7",
      "5600T": "3.5",
      5600: "3.5",
      "5600F": "3.0",
      5645: "3.7",
      "5500X3D": "3.0",
      "5980HX": "3.3",
      "5980HS": "3.0",
      "5900HX": "3.3",
      "5900HS": "3.0",
      "5800H": "3.2",
      "5800HS": "2.8",
      "5800U": "1.9",
      "5600H": "3.3",
      "5600HS": "3.0",
      "5600U": "2.3",
      "5560U": "2.3",
      "5400U": "2.7",
      "5825U": "2.0",
      "5625U": "2.3",
      "5425U": "2.7",
      "5125C": "3.0",
      "7730U": "2.0",
      "7530U": "2.0",
      "7430U": "2.3",
      "7330U": "2.3",
      7203: "2.8",
      7303: "2.4",
      "7663P": "2.0",
      "6980HX": "3.3",
      "6980HS": "3.3",
      "6900HX": "3.3",
      "6900HS": "3.3",
      "6800H": "3.2",
      "6800HS": "3.2",
      "6800U": "2.7",
      "6600H": "3.3",
      "6600HS": "3.3",
      "6600U": "2.9",
      "7735HS": "3.2",
      "7735H": "3.2",
      "7736U": "2.7",
      "7735U": "2.7",
      "7435HS": "3.1",
      "7435H": "3.1",
      "7535HS": "3.3",
      "7535H": "3.3",
      "7535U": "2.9",
      "7235HS": "3.2",
      "7235H": "3.2",
      "7335U": "3.0",
      270: "4.0",
      260: "3.8",
      250: "3.3",
      240: "4.3",
      230: "3.5",
      220: "3.0",
      210: "2.8",
      "8945HS": "4.0",
      "8845HS": "3.8",
      "8840HS": "3.3",
      "8840U": "3.3",
      "8645HS": "4.3",
      "8640HS": "3.5",
      "8640U": "3.5",
      "8540U": "3.0",
      "8440U": "2.8",
      "9950X3D": "4.3",
      "9950X": "4.3",
      "9900X3D": "4.4",
      "9900X": "4.4",
      "9800X3D": "4.7",
      "9700X": "3.8",
      "9700F": "3.8",
      "9600X": "3.9",
      9600: "3.8",
      "9500F": "3.8",
      "9995WX": "2.5",
      "9985WX": "3.2",
      "9975WX": "4.0",
      "9965WX": "4.2",
      "9955WX": "4.5",
      "9945WX": "4.7",
      "9980X": "3.2",
      "9970X": "4.0",
      "9960X": "4.2",
      "PRO HX375": "2.0",
      HX375: "2.0",
      "PRO HX370": "2.0",
      HX370: "2.0",
      365: "2.0",
      "PRO 360": "2.0",
      350: "2.0",
      "PRO 350": "2.0",
      340: "2.0",
      "PRO 340": "2.0",
      330: "2.0",
      395: "3.0",
      "PRO 395": "3.0",
      390: "3.2",
      "PRO 390": "3.2",
      385: "3.6",
      "PRO 385": "3.6",
      "PRO 380": "3.6",
      "9955HX3D": "2.3",
      "9955HX": "2.5",
      "9850HX": "3.0",
      9015: "3.6",
      9965: "2.25",
      9845: "2.1",
      9825: "2.2",
      9745: "2.4",
      9645: "2.3"
    };
    var socketTypes = {
      1: "Other",
      2: "Unknown",
      3: "Daughter Board",
      4: "ZIF Socket",
      5: "Replacement/Piggy Back",
      6: "None",
      7: "LIF Socket",
      8: "Slot 1",
      9: "Slot 2",
      10: "370 Pin Socket",
      11: "Slot A",
      12: "Slot M",
      13: "423",
      14: "A (Socket 462)",
      15: "478",
      16: "754",
      17: "940",
      18: "939",
      19: "mPGA604",
      20: "LGA771",
      21: "LGA775",
      22: "S1",
      23: "AM2",
      24: "F (1207)",
      25: "LGA1366",
      26: "G34",
      27: "AM3",
      28: "C32",
      29: "LGA1156",
      30: "LGA1567",
      31: "PGA988A",
      32: "BGA1288",
      33: "rPGA988B",
      34: "BGA1023",
      35: "BGA1224",
      36: "LGA1155",
      37: "LGA1356",
      38: "LGA2011",
      39: "FS1",
      40: "FS2",
      41: "FM1",
      42: "FM2",
      43: "LGA2011-3",
      44: "LGA1356-3",
      45: "LGA1150",
      46: "BGA1168",
      47: "BGA1234",
      48: "BGA1364",
      49: "AM4",
      50: "LGA1151",
      51: "BGA1356",
      52: "BGA1440",
      53: "BGA1515",
      54: "LGA3647-1",
      55: "SP3",
      56: "SP3r2",
      57: "LGA2066",
      58: "BGA1392",
      59: "BGA1510",
      60: "BGA1528",
      61: "LGA4189",
      62: "LGA1200",
      63: "LGA4677",
      64: "LGA1700",
      65: "BGA1744",
      66: "BGA1781",
      67: "BGA1211",
      68: "BGA2422",
      69: "LGA1211",
      70: "LGA2422",
      71: "LGA5773",
      72: "BGA5773",
      73: "AM5",
      74: "SP5",
      75: "SP6",
      76: "BGA883",
      77: "BGA1190",
      78: "BGA4129",
      79: "LGA4710",
      80: "LGA7529",
      81: "BGA1964",
      82: "BGA1792",
      83: "BGA2049",
      84: "BGA2551",
      85: "LGA1851",
      86: "BGA2114",
      87: "BGA2833"
    };
    var socketTypesByName = {
      LGA1150: "i7-5775C i3-4340 i3-4170 G3250 i3-4160T i3-4160 E3-1231 G3258 G3240 i7-4790S i7-4790K i7-4790 i5-4690K i5-4690 i5-4590T i5-4590S i5-4590 i5-4460 i3-4360 i3-4150 G1820 G3420 G3220 i7-4771 i5-4440 i3-4330 i3-4130T i3-4130 E3-1230 i7-4770S i7-4770K i7-4770 i5-4670K i5-4670 i5-4570T i5-4570S i5-4570 i5-4430",
      LGA1151: "i9-9900KS E-2288G E-2224 G5420 i9-9900T i9-9900 i7-9700T i7-9700F i7-9700E i7-9700 i5-9600 i5-9500T i5-9500F i5-9500 i5-9400T i3-9350K i3-9300 i3-9100T i3-9100F i3-9100 G4930 i9-9900KF i7-9700KF i5-9600KF i5-9400F i5-9400 i3-9350KF i9-9900K i7-9700K i5-9600K G5500 G5400 i7-8700T i7-8086K i5-8600 i5-8500T i5-8500 i5-8400T i3-8300 i3-8100T G4900 i7-8700K i7-8700 i5-8600K i5-8400 i3-8350K i3-8100 E3-1270 G4600 G4560 i7-7700T i7-7700K i7-7700 i5-7600K i5-7600 i5-7500T i5-7500 i5-7400 i3-7350K i3-7300 i3-7100T i3-7100 G3930 G3900 G4400 i7-6700T i7-6700K i7-6700 i5-6600K i5-6600 i5-6500T i5-6500 i5-6400T i5-6400 i3-6300 i3-6100T i3-6100 E3-1270 E3-1270 T4500 T4400",
      1155: "G440 G460 G465 G470 G530T G540T G550T G1610T G1620T G530 G540 G1610 G550 G1620 G555 G1630 i3-2100T i3-2120T i3-3220T i3-3240T i3-3250T i3-2100 i3-2105 i3-2102 i3-3210 i3-3220 i3-2125 i3-2120 i3-3225 i3-2130 i3-3245 i3-3240 i3-3250 i5-3570T i5-2500T i5-2400S i5-2405S i5-2390T i5-3330S i5-2500S i5-3335S i5-2300 i5-3450S i5-3340S i5-3470S i5-3475S i5-3470T i5-2310 i5-3550S i5-2320 i5-3330 i5-3350P i5-3450 i5-2400 i5-3340 i5-3570S i5-2380P i5-2450P i5-3470 i5-2500K i5-3550 i5-2500 i5-3570 i5-3570K i5-2550K i7-3770T i7-2600S i7-3770S i7-2600K i7-2600 i7-3770 i7-3770K i7-2700K G620T G630T G640T G2020T G645T G2100T G2030T G622 G860T G620 G632 G2120T G630 G640 G2010 G840 G2020 G850 G645 G2030 G860 G2120 G870 G2130 G2140 E3-1220L E3-1220L E3-1260L E3-1265L E3-1220 E3-1225 E3-1220 E3-1235 E3-1225 E3-1230 E3-1230 E3-1240 E3-1245 E3-1270 E3-1275 E3-1240 E3-1245 E3-1270 E3-1280 E3-1275 E3-1290 E3-1280 E3-1290"
    };
    function getSocketTypesByName(str) {
      let result = "";
      for (const key in socketTypesByName) {
        const names = socketTypesByName[key].split(" ");
        names.forEach((element) => {
          if (str.indexOf(element) >= 0) {
            result = key;
          }
        });
      }
      return result;
    }
    function cpuManufacturer(str) {
      let result = str;
      str = str.toLowerCase();
      if (str.indexOf("intel") >= 0) {
        result = "Intel";
      }
      if (str.indexOf("amd") >= 0) {
        result = "AMD";
      }
      if (str.indexOf("qemu") >= 0) {
        result = "QEMU";
      }
      if (str.indexOf("hygon") >= 0) {
        result = "Hygon";
      }
      if (str.indexOf("centaur") >= 0) {
        result = "WinChip/Via";
      }
      if (str.indexOf("vmware") >= 0) {
        result = "VMware";
      }
      if (str.indexOf("Xen") >= 0) {
        result = "Xen Hypervisor";
      }
      if (str.indexOf("tcg") >= 0) {
        result = "QEMU";
      }
      if (str.indexOf("apple") >= 0) {
        result = "Apple";
      }
      if (str.indexOf("sifive") >= 0) {
        result = "SiFive";
      }
      if (str.indexOf("thead") >= 0) {
        result = "T-Head";
      }
      if (str.indexOf("andestech") >= 0) {
        result = "Andes Technology";
      }
      return result;
    }
    function cpuBrandManufacturer(res) {
      res.brand = res.brand.replace(/\(R\)+/g, "\xAE").replace(/\s+/g, " ").trim();
      res.brand = res.brand.replace(/\(TM\)+/g, "\u2122").replace(/\s+/g, " ").trim();
      res.brand = res.brand.replace(/\(C\)+/g, "\xA9").replace(/\s+/g, " ").trim();
      res.brand = res.brand.replace(/CPU+/g, "").replace(/\s+/g, " ").trim();
      res.manufacturer = cpuManufacturer(res.brand);
      const parts = res.brand.split(" ");
      parts.shift();
      res.brand = parts.join(" ");
      return res;
    }
    function getAMDSpeed(brand) {
      let result = "0";
      for (const key in AMDBaseFrequencies) {
        if ({}.hasOwnProperty.call(AMDBaseFrequencies, key)) {
          const parts = key.split("|");
          let found = 0;
          parts.forEach((item) => {
            if (brand.indexOf(item) > -1) {
              found++;
            }
          });
          if (found === parts.length) {
            result = AMDBaseFrequencies[key];
          }
        }
      }
      return parseFloat(result);
    }
    function getCpu() {
      return new Promise((resolve2) => {
        process.nextTick(() => {
          const UNKNOWN = "unknown";
          let result = {
            manufacturer: UNKNOWN,
            brand: UNKNOWN,
            vendor: "",
            family: "",
            model: "",
            stepping: "",
            revision: "",
            voltage: "",
            speed: 0,
            speedMin: 0,
            speedMax: 0,
            governor: "",
            cores: util.cores(),
            physicalCores: util.cores(),
            performanceCores: util.cores(),
            efficiencyCores: 0,
            processors: 1,
            socket: "",
            flags: "",
            virtualization: false,
            cache: {}
          };
          cpuFlags().then((flags) => {
            result.flags = flags;
            result.virtualization = flags.indexOf("vmx") > -1 || flags.indexOf("svm") > -1;
            if (_darwin) {
              exec("sysctl machdep.cpu hw.cpufrequency_max hw.cpufrequency_min hw.packages hw.physicalcpu_max hw.ncpu hw.tbfrequency hw.cpufamily hw.cpusubfamily", (error, stdout) => {
                const lines = stdout.toString().split("\n");
                const modelline = util.getValue(lines, "machdep.cpu.brand_string");
                const modellineParts = modelline.split("@");
                result.brand = modellineParts[0].trim();
                const speed = modellineParts[1] ? modellineParts[1].trim() : "0";
                result.speed = parseFloat(speed.replace(/GHz+/g, ""));
                let tbFrequency = util.getValue(lines, "hw.tbfrequency") / 1e9;
                tbFrequency = tbFrequency < 0.1 ? tbFrequency * 100 : tbFrequency;
                result.speed = result.speed === 0 ? tbFrequency : result.speed;
                _cpu_speed = result.speed;
                result = cpuBrandManufacturer(result);
                result.speedMin = util.getValue(lines, "hw.cpufrequency_min") ? util.getValue(lines, "hw.cpufrequency_min") / 1e9 : result.speed;
                result.speedMax = util.getValue(lines, "hw.cpufrequency_max") ? util.getValue(lines, "hw.cpufrequency_max") / 1e9 : result.speed;
                result.vendor = util.getValue(lines, "machdep.cpu.vendor") || "Apple";
                result.family = util.getValue(lines, "machdep.cpu.family") || util.getValue(lines, "hw.cpufamily");
                result.model = util.getValue(lines, "machdep.cpu.model");
                result.stepping = util.getValue(lines, "machdep.cpu.stepping") || util.getValue(lines, "hw.cpusubfamily");
                result.virtualization = true;
                const countProcessors = util.getValue(lines, "hw.packages");
                const countCores = util.getValue(lines, "hw.physicalcpu_max");
                const countThreads = util.getValue(lines, "hw.ncpu");
                if (os.arch() === "arm64") {
                  result.socket = "SOC";
                  try {
                    const clusters = execSync("ioreg -c IOPlatformDevice -d 3 -r | grep cluster-type").toString().split("\n");
                    const efficiencyCores = clusters.filter((line) => line.indexOf('"E"') >= 0).length + clusters.filter((line) => line.indexOf('"M"') >= 0).length;
                    const performanceCores = clusters.filter((line) => line.indexOf('"P"') >= 0).length;
                    result.efficiencyCores = efficiencyCores;
                    result.performanceCores = performanceCores;
                  } catch {
                    util.noop();
                  }
                }
                if (countProcessors) {
                  result.processors = parseInt(countProcessors, 10) || 1;
                }
                if (countCores && countThreads) {
                  result.cores = parseInt(countThreads) || util.cores();
                  result.physicalCores = parseInt(countCores) || util.cores();
                }
                cpuCache().then((res) => {
                  result.cache = res;
                  resolve2(result);
                });
              });
            }
            if (_linux) {
              let modelline = "";
              let lines = [];
              if (os.cpus()[0] && os.cpus()[0].model) {
                modelline = os.cpus()[0].model;
              }
              exec('export LC_ALL=C; lscpu; echo -n "Governor: "; cat /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor 2>/dev/null; echo; unset LC_ALL', (error, stdout) => {
                if (!error) {
                  lines = stdout.toString().split("\n");
                }
                modelline = util.getValue(lines, "model name") || modelline;
                modelline = util.getValue(lines, "bios model name") || modelline;
                modelline = util.cleanString(modelline);
                const modellineParts = modelline.split("@");
                result.brand = modellineParts[0].trim();
                if (result.brand.indexOf("Unknown") >= 0) {
                  result.brand = result.brand.split("Unknown")[0].trim();
                }
                result.speed = modellineParts[1] ? parseFloat(modellineParts[1].trim()) : 0;
                if (result.speed === 0 && (result.brand.indexOf("AMD") > -1 || result.brand.toLowerCase().indexOf("ryzen") > -1)) {
                  result.speed = getAMDSpeed(result.brand);
                }
                if (result.speed === 0) {
                  const current = getCpuCurrentSpeedSync();
                  if (current.avg !== 0) {
                    result.speed = current.avg;
                  }
                }
                _cpu_speed = result.speed;
                result.speedMin = Math.round(parseFloat(util.getValue(lines, "cpu min mhz").replace(/,/g, ".")) / 10) / 100 || result.speedMin;
                result.speedMax = Math.round(parseFloat(util.getValue(lines, "cpu max mhz").replace(/,/g, ".")) / 10) / 100 || result.speedMax;
                result = cpuBrandManufacturer(result);
                result.vendor = cpuManufacturer(util.getValue(lines, "vendor id"));
                result.family = util.getValue(lines, "cpu family");
                result.model = util.getValue(lines, "model:");
                result.stepping = util.getValue(lines, "stepping");
                result.revision = util.getValue(lines, "cpu revision");
                result.cache.l1d = util.getValue(lines, "l1d cache");
                if (result.cache.l1d) {
                  result.cache.l1d = parseInt(result.cache.l1d) * (result.cache.l1d.indexOf("M") !== -1 ? 1024 * 1024 : result.cache.l1d.indexOf("K") !== -1 ? 1024 : 1);
                }
                result.cache.l1i = util.getValue(lines, "l1i cache");
                if (result.cache.l1i) {
                  result.cache.l1i = parseInt(result.cache.l1i) * (result.cache.l1i.indexOf("M") !== -1 ? 1024 * 1024 : result.cache.l1i.indexOf("K") !== -1 ? 1024 : 1);
                }
                result.cache.l2 = util.getValue(lines, "l2 cache");
                if (result.cache.l2) {
                  result.cache.l2 = parseInt(result.cache.l2) * (result.cache.l2.indexOf("M") !== -1 ? 1024 * 1024 : result.cache.l2.indexOf("K") !== -1 ? 1024 : 1);
                }
                result.cache.l3 = util.getValue(lines, "l3 cache");
                if (result.cache.l3) {
                  result.cache.l3 = parseInt(result.cache.l3) * (result.cache.l3.indexOf("M") !== -1 ? 1024 * 1024 : result.cache.l3.indexOf("K") !== -1 ? 1024 : 1);
                }
                const threadsPerCore = util.getValue(lines, "thread(s) per core") || "1";
                const processors = util.getValue(lines, "socket(s)") || "1";
                const threadsPerCoreInt = parseInt(threadsPerCore, 10);
                const processorsInt = parseInt(processors, 10) || 1;
                const coresPerSocket = parseInt(util.getValue(lines, "core(s) per socket"), 10);
                result.physicalCores = coresPerSocket ? coresPerSocket * processorsInt : result.cores / threadsPerCoreInt;
                result.performanceCores = threadsPerCoreInt > 1 ? result.cores - result.physicalCores : result.cores;
                result.efficiencyCores = threadsPerCoreInt > 1 ? result.cores - threadsPerCoreInt * result.performanceCores : 0;
                result.processors = processorsInt;
                result.governor = util.getValue(lines, "governor") || "";
                if (result.vendor === "ARM" && util.isRaspberry()) {
                  const rPIRevision = util.decodePiCpuinfo();
                  result.family = result.manufacturer;
                  result.manufacturer = rPIRevision.manufacturer;
                  result.brand = rPIRevision.processor;
                  result.revision = rPIRevision.revisionCode;
                  result.socket = "SOC";
                }
                if (util.getValue(lines, "architecture") === "riscv64") {
                  try {
                    const linesRiscV = fs.readFileSync("/proc/cpuinfo").toString().split("\n");
                    const uarch = util.getValue(linesRiscV, "uarch") || "";
                    if (uarch.indexOf(",") > -1) {
                      const split = uarch.split(",");
                      result.manufacturer = cpuManufacturer(split[0]);
                      result.brand = split[1];
                    }
                  } catch {
                    util.noop();
                  }
                }
                let lines2 = [];
                exec('export LC_ALL=C; dmidecode -t 4 2>/dev/null | grep "Upgrade: Socket"; unset LC_ALL', (error2, stdout2) => {
                  lines2 = stdout2.toString().split("\n");
                  if (lines2 && lines2.length) {
                    result.socket = util.getValue(lines2, "Upgrade").replace("Socket", "").trim() || result.socket;
                  }
                  resolve2(result);
                });
              });
            }
            if (_freebsd || _openbsd || _netbsd) {
              let modelline = "";
              let lines = [];
              if (os.cpus()[0] && os.cpus()[0].model) {
                modelline = os.cpus()[0].model;
              }
              exec("export LC_ALL=C; dmidecode -t 4; dmidecode -t 7; unset LC_ALL", (error, stdout) => {
                let cache = [];
                if (!error) {
                  const data = stdout.toString().split("# dmidecode");
                  const processor = data.length > 1 ? data[1] : "";
                  cache = data.length > 2 ? data[2].split("Cache Information") : [];
                  lines = processor.split("\n");
                }
                result.brand = modelline.split("@")[0].trim();
                result.speed = modelline.split("@")[1] ? parseFloat(modelline.split("@")[1].trim()) : 0;
                if (result.speed === 0 && (result.brand.indexOf("AMD") > -1 || result.brand.toLowerCase().indexOf("ryzen") > -1)) {
                  result.speed = getAMDSpeed(result.brand);
                }
                if (result.speed === 0) {
                  const current = getCpuCurrentSpeedSync();
                  if (current.avg !== 0) {
                    result.speed = current.avg;
                  }
                }
                _cpu_speed = result.speed;
                result.speedMin = result.speed;
                result.speedMax = Math.round(parseFloat(util.getValue(lines, "max speed").replace(/Mhz/g, "")) / 10) / 100 || result.speed;
                result = cpuBrandManufacturer(result);
                result.vendor = cpuManufacturer(util.getValue(lines, "manufacturer"));
                let sig = util.getValue(lines, "signature");
                sig = sig.split(",");
                for (let i = 0; i < sig.length; i++) {
                  sig[i] = sig[i].trim();
                }
                result.family = util.getValue(sig, "Family", " ", true);
                result.model = util.getValue(sig, "Model", " ", true);
                result.stepping = util.getValue(sig, "Stepping", " ", true);
                result.revision = "";
                const voltage = parseFloat(util.getValue(lines, "voltage"));
                result.voltage = isNaN(voltage) ? "" : voltage.toFixed(2);
                for (let i = 0; i < cache.length; i++) {
                  lines = cache[i].split("\n");
                  let cacheType = util.getValue(lines, "Socket Designation").toLowerCase().replace(" ", "-").split("-");
                  cacheType = cacheType.length ? cacheType[0] : "";
                  const sizeParts = util.getValue(lines, "Installed Size").split(" ");
                  let size = parseInt(sizeParts[0], 10);
                  const unit = sizeParts.length > 1 ? sizeParts[1] : "kb";
                  size = size * (unit === "kb" ? 1024 : unit === "mb" ? 1024 * 1024 : unit === "gb" ? 1024 * 1024 * 1024 : 1);
                  if (cacheType) {
                    if (cacheType === "l1") {
                      result.cache[cacheType + "d"] = size / 2;
                      result.cache[cacheType + "i"] = size / 2;
                    } else {
                      result.cache[cacheType] = size;
                    }
                  }
                }
                result.socket = util.getValue(lines, "Upgrade").replace("Socket", "").trim();
                const threadCount = util.getValue(lines, "thread count").trim();
                const coreCount = util.getValue(lines, "core count").trim();
                if (coreCount && threadCount) {
                  result.cores = parseInt(threadCount, 10);
                  result.physicalCores = parseInt(coreCount, 10);
                }
                resolve2(result);
              });
            }
            if (_sunos) {
              resolve2(result);
            }
            if (_windows) {
              try {
                const workload = [];
                workload.push(
                  util.powerShell(
                    "Get-CimInstance Win32_processor | select Name, Revision, L2CacheSize, L3CacheSize, Manufacturer, MaxClockSpeed, Description, UpgradeMethod, Caption, NumberOfLogicalProcessors, NumberOfCores | fl"
                  )
                );
                workload.push(util.powerShell("Get-CimInstance Win32_CacheMemory | select CacheType,InstalledSize,Level | fl"));
                workload.push(util.powerShell("(Get-CimInstance Win32_ComputerSystem).HypervisorPresent"));
                Promise.all(workload).then((data) => {
                  const lines = data[0].split("\r\n");
                  const name = util.getValue(lines, "name", ":") || "";
                  if (name.indexOf("@") >= 0) {
                    result.brand = name.split("@")[0].trim();
                    result.speed = name.split("@")[1] ? parseFloat(name.split("@")[1].trim()) : 0;
                    _cpu_speed = result.speed;
                  } else {
                    result.brand = name.trim();
                    result.speed = 0;
                  }
                  result = cpuBrandManufacturer(result);
                  result.revision = util.getValue(lines, "revision", ":");
                  result.vendor = util.getValue(lines, "manufacturer", ":");
                  result.speedMax = Math.round(parseFloat(util.getValue(lines, "maxclockspeed", ":").replace(/,/g, ".")) / 10) / 100 || result.speedMax;
                  if (result.speed === 0 && (result.brand.indexOf("AMD") > -1 || result.brand.toLowerCase().indexOf("ryzen") > -1)) {
                    result.speed = getAMDSpeed(result.brand);
                  }
                  if (result.speed === 0) {
                    result.speed = result.speedMax;
                  }
                  result.speedMin = result.speed;
                  const description = util.getValue(lines, "description", ":").split(" ");
                  for (let i = 0; i < description.length; i++) {
                    if (description[i].toLowerCase().startsWith("family") && i + 1 < description.length && description[i + 1]) {
                      result.family = description[i + 1];
                    }
                    if (description[i].toLowerCase().startsWith("model") && i + 1 < description.length && description[i + 1]) {
                      result.model = description[i + 1];
                    }
                    if (description[i].toLowerCase().startsWith("stepping") && i + 1 < description.length && description[i + 1]) {
                      result.stepping = description[i + 1];
                    }
                  }
                  const socketId = util.getValue(lines, "UpgradeMethod", ":");
                  if (socketTypes[socketId]) {
                    result.socket = socketTypes[socketId];
                  }
                  const socketByName = getSocketTypesByName(name);
                  if (socketByName) {
                    result.socket = socketByName;
                  }
                  const countProcessors = util.countLines(lines, "Caption");
                  const countThreads = util.getValue(lines, "NumberOfLogicalProcessors", ":");
                  const countCores = util.getValue(lines, "NumberOfCores", ":");
                  if (countProcessors) {
                    result.processors = parseInt(countProcessors) || 1;
                  }
                  if (countCores && countThreads) {
                    result.cores = parseInt(countThreads) || util.cores();
                    result.physicalCores = parseInt(countCores) || util.cores();
                  }
                  if (countProcessors > 1) {
                    result.cores = result.cores * countProcessors;
                    result.physicalCores = result.physicalCores * countProcessors;
                  }
                  result.cache = parseWinCache(data[0], data[1]);
                  const hyperv = data[2] ? data[2].toString().toLowerCase() : "";
                  result.virtualization = hyperv.indexOf("true") !== -1;
                  resolve2(result);
                });
              } catch (e) {
                resolve2(result);
              }
            }
          });
        });
      });
    }
    function cpu2(callback) {
      callback = util.isFunction(callback) ? callback : null;
      return new Promise((resolve2) => {
        process.nextTick(() => {
          getCpu().then((result) => {
            if (callback) {
              callback(result);
            }
            resolve2(result);
          });
        });
      });
    }
    exports.cpu = cpu2;
    function getCpuCurrentSpeedSync() {
      const cpus = os.cpus();
      let minFreq = 999999999;
      let maxFreq = 0;
      let avgFreq = 0;
      const cores = [];
      const speeds = [];
      if (cpus && cpus.length && {}.hasOwnProperty.call(cpus[0], "speed")) {
        for (const i in cpus) {
          speeds.push(cpus[i].speed > 100 ? (cpus[i].speed + 1) / 1e3 : cpus[i].speed / 10);
        }
      } else if (_linux) {
        try {
          const speedStrings = execSync('cat /proc/cpuinfo | grep "cpu MHz" | cut -d " " -f 3', util.execOptsLinux).toString().split("\n").filter((line) => line.length > 0);
          for (const i in speedStrings) {
            speeds.push(Math.floor(parseInt(speedStrings[i], 10) / 10) / 100);
          }
        } catch {
          util.noop();
        }
      }
      if (speeds && speeds.length) {
        try {
          for (const i in speeds) {
            avgFreq = avgFreq + speeds[i];
            if (speeds[i] > maxFreq) {
              maxFreq = speeds[i];
            }
            if (speeds[i] < minFreq) {
              minFreq = speeds[i];
            }
            cores.push(parseFloat(speeds[i].toFixed(2)));
          }
          avgFreq = avgFreq / speeds.length;
          return {
            min: parseFloat(minFreq.toFixed(2)),
            max: parseFloat(maxFreq.toFixed(2)),
            avg: parseFloat(avgFreq.toFixed(2)),
            cores
          };
        } catch (e) {
          return {
            min: 0,
            max: 0,
            avg: 0,
            cores
          };
        }
      } else {
        return {
          min: 0,
          max: 0,
          avg: 0,
          cores
        };
      }
    }
    function cpuCurrentSpeed(callback) {
      callback = util.isFunction(callback) ? callback : null;
      return new Promise((resolve2) => {
        process.nextTick(() => {
          let result = getCpuCurrentSpeedSync();
          if (result.avg === 0 && _cpu_speed !== 0) {
            const currCpuSpeed = parseFloat(_cpu_speed);
            result = {
              min: currCpuSpeed,
              max: currCpuSpeed,
              avg: currCpuSpeed,
              cores: []
            };
          }
          if (callback) {
            callback(result);
          }
          resolve2(result);
        });
      });
    }
    exports.cpuCurrentSpeed = cpuCurrentSpeed;
    function cpuTemperature(callback) {
      callback = util.isFunction(callback) ? callback : null;
      return new Promise((resolve2) => {
        process.nextTick(() => {
          let result = {
            main: null,
            cores: [],
            max: null,
            socket: [],
            chipset: null
          };
          if (_linux) {
            let cpuThermal = null;
            try {
              const cmd2 = 'cat /sys/class/thermal/thermal_zone*/type  2>/dev/null; echo "-----"; cat /sys/class/thermal/thermal_zone*/temp 2>/dev/null;';
              const parts = execSync(cmd2, util.execOptsLinux).toString().split("-----\n");
              if (parts.length === 2) {
                const lines = parts[0].split("\n");
                const lines2 = parts[1].split("\n");
                for (let i = 0; i < lines.length; i++) {
                  const line = lines[i].trim();
                  if (line.startsWith("acpi") && lines2[i]) {
                    result.socket.push(Math.round(parseInt(lines2[i], 10) / 100) / 10);
                  }
                  if (line.startsWith("pch") && lines2[i]) {
                    result.chipset = Math.round(parseInt(lines2[i], 10) / 100) / 10;
                  }
                  if (cpuThermal === null && line.toLowerCase().indexOf("cpu") !== -1 && lines2[i]) {
                    cpuThermal = Math.round(parseInt(lines2[i], 10) / 100) / 10;
                  }
                }
              }
            } catch (e) {
              util.noop();
            }
            const cmd = 'for mon in /sys/class/hwmon/hwmon*; do for label in "$mon"/temp*_label; do if [ -f $label ]; then value=${label%_*}_input; echo $(cat "$label")___$(cat "$value"); fi; done; done;';
            try {
              exec(cmd, (error, stdout) => {
                stdout = stdout.toString();
                const tdiePos = stdout.toLowerCase().indexOf("tdie");
                if (tdiePos !== -1) {
                  stdout = stdout.substring(tdiePos);
                }
                const lines = stdout.split("\n");
                let tctl = 0;
                lines.forEach((line) => {
                  const parts = line.split("___");
                  const label = parts[0];
                  const value = parts.length > 1 && parts[1] ? parts[1] : "0";
                  if (value && label && label.toLowerCase() === "tctl") {
                    tctl = result.main = Math.round(parseInt(value, 10) / 100) / 10;
                  }
                  if (value && (label === void 0 || label && label.toLowerCase().startsWith("core"))) {
                    result.cores.push(Math.round(parseInt(value, 10) / 100) / 10);
                  } else if (value && label && result.main === null && (label.toLowerCase().indexOf("package") >= 0 || label.toLowerCase().indexOf("physical") >= 0 || label.toLowerCase() === "tccd1")) {
                    result.main = Math.round(parseInt(value, 10) / 100) / 10;
                  }
                });
                if (tctl && result.main === null) {
                  result.main = tctl;
                }
                if (result.cores.length > 0) {
                  if (result.main === null) {
                    result.main = Math.round(result.cores.reduce((a, b) => a + b, 0) / result.cores.length);
                  }
                  const maxtmp = Math.max.apply(Math, result.cores);
                  result.max = maxtmp > result.main ? maxtmp : result.main;
                }
                if (result.main !== null) {
                  if (result.max === null) {
                    result.max = result.main;
                  }
                  if (callback) {
                    callback(result);
                  }
                  resolve2(result);
                  return;
                }
                if (cpuThermal !== null) {
                  result.main = cpuThermal;
                  result.max = cpuThermal;
                  if (callback) {
                    callback(result);
                  }
                  resolve2(result);
                  return;
                }
                exec("sensors", (error2, stdout2) => {
                  if (!error2) {
                    const lines2 = stdout2.toString().split("\n");
                    let tdieTemp = null;
                    let cpuThermalTemp = null;
                    let newSectionStarts = true;
                    let section = "";
                    lines2.forEach((line) => {
                      if (line.trim() === "") {
                        newSectionStarts = true;
                      } else if (newSectionStarts) {
                        const s = line.trim().toLowerCase();
                        if (s.startsWith("acpi")) section = "acpi";
                        else if (s.startsWith("pch")) section = "pch";
                        else if (s.startsWith("coretemp") || s.startsWith("core")) section = "core";
                        else if (s.startsWith("k10temp")) section = "coreAMD";
                        else if (s.startsWith("cpu_thermal") || s.startsWith("cpu-thermal") || s.startsWith("soc_thermal") || s.startsWith("cpu")) section = "cpuThermal";
                        else section = "other";
                        newSectionStarts = false;
                      }
                      const regex = /[+-]([^°]*)/g;
                      const temps = line.match(regex);
                      const firstPart = line.split(":")[0].toUpperCase();
                      if (section === "acpi") {
                        if (firstPart.indexOf("TEMP") !== -1 && temps) {
                          result.socket.push(parseFloat(temps));
                        }
                      } else if (section === "pch") {
                        if (firstPart.indexOf("TEMP") !== -1 && !result.chipset && temps) {
                          result.chipset = parseFloat(temps);
                        }
                      }
                      if ((firstPart.indexOf("PHYSICAL") !== -1 || firstPart.indexOf("PACKAGE") !== -1 || section === "coreAMD" && firstPart.indexOf("TDIE") !== -1) && temps) {
                        result.main = parseFloat(temps);
                      }
                      if (firstPart.indexOf("CORE ") !== -1 && temps) {
                        result.cores.push(parseFloat(temps));
                      }
                      if (firstPart.indexOf("TDIE") !== -1 && tdieTemp === null && temps) {
                        tdieTemp = parseFloat(temps);
                      }
                      if (section === "cpuThermal" && firstPart.indexOf("TEMP") !== -1 && cpuThermalTemp === null && temps) {
                        cpuThermalTemp = parseFloat(temps);
                      }
                    });
                    if (result.cores.length > 0) {
                      result.main = Math.round(result.cores.reduce((a, b) => a + b, 0) / result.cores.length);
                      const maxtmp = Math.max.apply(Math, result.cores);
                      result.max = maxtmp > result.main ? maxtmp : result.main;
                    } else {
                      if (result.main === null && cpuThermalTemp !== null) {
                        result.main = cpuThermalTemp;
                        result.max = cpuThermalTemp;
                      } else if (result.main === null && tdieTemp !== null) {
                        result.main = tdieTemp;
                        result.max = tdieTemp;
                      }
                    }
                    if (result.main !== null && result.max === null) {
                      result.max = result.main;
                    }
                    if (result.main !== null || result.max !== null) {
                      if (callback) {
                        callback(result);
                      }
                      resolve2(result);
                      return;
                    }
                  }
                  fs.stat("/sys/class/thermal/thermal_zone0/temp", (err) => {
                    if (err === null) {
                      fs.readFile("/sys/class/thermal/thermal_zone0/temp", (error3, stdout3) => {
                        if (!error3) {
                          const lines2 = stdout3.toString().split("\n");
                          if (lines2.length > 0) {
                            result.main = parseFloat(lines2[0]) / 1e3;
                            result.max = result.main;
                          }
                        }
                        if (callback) {
                          callback(result);
                        }
                        resolve2(result);
                      });
                    } else {
                      exec("/opt/vc/bin/vcgencmd measure_temp", (error3, stdout3) => {
                        if (!error3) {
                          const lines2 = stdout3.toString().split("\n");
                          if (lines2.length > 0 && lines2[0].indexOf("=") !== -1) {
                            result.main = parseFloat(lines2[0].split("=")[1]);
                            result.max = result.main;
                          }
                        }
                        if (callback) {
                          callback(result);
                        }
                        resolve2(result);
                      });
                    }
                  });
                });
              });
            } catch {
              if (callback) {
                callback(result);
              }
              resolve2(result);
            }
          }
          if (_freebsd || _openbsd || _netbsd) {
            exec("sysctl dev.cpu | grep temp", (error, stdout) => {
              if (!error) {
                const lines = stdout.toString().split("\n");
                let sum = 0;
                lines.forEach((line) => {
                  const parts = line.split(":");
                  if (parts.length > 1) {
                    const temp = parseFloat(parts[1].replace(",", "."));
                    if (temp > result.max) {
                      result.max = temp;
                    }
                    sum = sum + temp;
                    result.cores.push(temp);
                  }
                });
                if (result.cores.length) {
                  result.main = Math.round(sum / result.cores.length * 100) / 100;
                }
              }
              if (callback) {
                callback(result);
              }
              resolve2(result);
            });
          }
          if (_darwin) {
            try {
              const osxTemp = __require("osx-temperature-sensor");
              result = osxTemp.cpuTemperature();
              if (result.main) {
                result.main = Math.round(result.main * 100) / 100;
              }
              if (result.max) {
                result.max = Math.round(result.max * 100) / 100;
              }
              if (result && result.cores && result.cores.length) {
                for (let i = 0; i < result.cores.length; i++) {
                  result.cores[i] = Math.round(result.cores[i] * 100) / 100;
                }
              }
            } catch {
              util.noop();
            }
            try {
              const macosTemp = __require("macos-temperature-sensor");
              const res = macosTemp.temperature();
              if (res.cpu) {
                result.main = Math.round(res.cpu * 100) / 100;
                result.max = result.main;
              }
              if (res.soc) {
                result.chipset = Math.round(res.soc * 100) / 100;
              }
              if (res && res.cpuDieTemps.length) {
                for (const temp of res.cpuDieTemps) {
                  result.cores.push(Math.round(temp * 100) / 100);
                }
              }
            } catch {
              util.noop();
            }
            if (callback) {
              callback(result);
            }
            resolve2(result);
          }
          if (_sunos) {
            if (callback) {
              callback(result);
            }
            resolve2(result);
          }
          if (_windows) {
            try {
              util.powerShell('Get-CimInstance MSAcpi_ThermalZoneTemperature -Namespace "root/wmi" | Select CurrentTemperature').then((stdout, error) => {
                if (!error) {
                  let sum = 0;
                  const lines = stdout.split("\r\n").filter((line) => line.trim() !== "").filter((line, idx) => idx > 0);
                  lines.forEach((line) => {
                    const value = (parseInt(line, 10) - 2732) / 10;
                    if (!isNaN(value)) {
                      sum = sum + value;
                      if (value > result.max) {
                        result.max = value;
                      }
                      result.cores.push(value);
                    }
                  });
                  if (result.cores.length) {
                    result.main = sum / result.cores.length;
                  }
                }
                if (callback) {
                  callback(result);
                }
                resolve2(result);
              });
            } catch {
              if (callback) {
                callback(result);
              }
              resolve2(result);
            }
          }
        });
      });
    }
    exports.cpuTemperature = cpuTemperature;
    function cpuFlags(callback) {
      callback = util.isFunction(callback) ? callback : null;
      return new Promise((resolve2) => {
        process.nextTick(() => {
          let result = "";
          if (_windows) {
            try {
              exec('reg query "HKEY_LOCAL_MACHINE\\HARDWARE\\DESCRIPTION\\System\\CentralProcessor\\0" /v FeatureSet', util.execOptsWin, (error, stdout) => {
                if (!error) {
                  const flag_hex = stdout.split("0x").pop().trim();
                  const flag_bin_unpadded = parseInt(flag_hex, 16).toString(2);
                  const flag_bin = "0".repeat(32 - flag_bin_unpadded.length) + flag_bin_unpadded;
                  const all_flags = [
                    "fpu",
                    "vme",
                    "de",
                    "pse",
                    "tsc",
                    "msr",
                    "pae",
                    "mce",
                    "cx8",
                    "apic",
                    "",
                    "sep",
                    "mtrr",
                    "pge",
                    "mca",
                    "cmov",
                    "pat",
                    "pse-36",
                    "psn",
                    "clfsh",
                    "",
                    "ds",
                    "acpi",
                    "mmx",
                    "fxsr",
                    "sse",
                    "sse2",
                    "ss",
                    "htt",
                    "tm",
                    "ia64",
                    "pbe"
                  ];
                  for (let f = 0; f < all_flags.length; f++) {
                    if (flag_bin[f] === "1" && all_flags[f] !== "") {
                      result += " " + all_flags[f];
                    }
                  }
                  result = result.trim().toLowerCase();
                }
                if (callback) {
                  callback(result);
                }
                resolve2(result);
              });
            } catch {
              if (callback) {
                callback(result);
              }
              resolve2(result);
            }
          }
          if (_linux) {
            try {
              exec("export LC_ALL=C; lscpu; unset LC_ALL", (error, stdout) => {
                if (!error) {
                  const lines = stdout.toString().split("\n");
                  lines.forEach((line) => {
                    if (line.split(":")[0].toUpperCase().indexOf("FLAGS") !== -1) {
                      result = line.split(":")[1].trim().toLowerCase();
                    }
                  });
                }
                if (!result) {
                  fs.readFile("/proc/cpuinfo", (error2, stdout2) => {
                    if (!error2) {
                      const lines = stdout2.toString().split("\n");
                      result = util.getValue(lines, "features", ":", true).toLowerCase();
                    }
                    if (callback) {
                      callback(result);
                    }
                    resolve2(result);
                  });
                } else {
                  if (callback) {
                    callback(result);
                  }
                  resolve2(result);
                }
              });
            } catch {
              if (callback) {
                callback(result);
              }
              resolve2(result);
            }
          }
          if (_freebsd || _openbsd || _netbsd) {
            exec("export LC_ALL=C; dmidecode -t 4 2>/dev/null; unset LC_ALL", (error, stdout) => {
              const flags = [];
              if (!error) {
                const parts = stdout.toString().split("	Flags:");
                const lines = parts.length > 1 ? parts[1].split("	Version:")[0].split("\n") : [];
                lines.forEach((line) => {
                  const flag = (line.indexOf("(") ? line.split("(")[0].toLowerCase() : "").trim().replace(/\t/g, "");
                  if (flag) {
                    flags.push(flag);
                  }
                });
              }
              result = flags.join(" ").trim().toLowerCase();
              if (callback) {
                callback(result);
              }
              resolve2(result);
            });
          }
          if (_darwin) {
            exec("sysctl machdep.cpu.features", (error, stdout) => {
              if (!error) {
                const lines = stdout.toString().split("\n");
                if (lines.length > 0 && lines[0].indexOf("machdep.cpu.features:") !== -1) {
                  result = lines[0].split(":")[1].trim().toLowerCase();
                }
              }
              if (callback) {
                callback(result);
              }
              resolve2(result);
            });
          }
          if (_sunos) {
            if (callback) {
              callback(result);
            }
            resolve2(result);
          }
        });
      });
    }
    exports.cpuFlags = cpuFlags;
    function cpuCache(callback) {
      callback = util.isFunction(callback) ? callback : null;
      return new Promise((resolve2) => {
        process.nextTick(() => {
          let result = {
            l1d: null,
            l1i: null,
            l2: null,
            l3: null
          };
          if (_linux) {
            try {
              exec("export LC_ALL=C; lscpu; unset LC_ALL", (error, stdout) => {
                if (!error) {
                  const lines = stdout.toString().split("\n");
                  lines.forEach((line) => {
                    const parts = line.split(":");
                    if (parts[0].toUpperCase().indexOf("L1D CACHE") !== -1) {
                      result.l1d = parseInt(parts[1].trim()) * (parts[1].indexOf("M") !== -1 ? 1024 * 1024 : parts[1].indexOf("K") !== -1 ? 1024 : 1);
                    }
                    if (parts[0].toUpperCase().indexOf("L1I CACHE") !== -1) {
                      result.l1i = parseInt(parts[1].trim()) * (parts[1].indexOf("M") !== -1 ? 1024 * 1024 : parts[1].indexOf("K") !== -1 ? 1024 : 1);
                    }
                    if (parts[0].toUpperCase().indexOf("L2 CACHE") !== -1) {
                      result.l2 = parseInt(parts[1].trim()) * (parts[1].indexOf("M") !== -1 ? 1024 * 1024 : parts[1].indexOf("K") !== -1 ? 1024 : 1);
                    }
                    if (parts[0].toUpperCase().indexOf("L3 CACHE") !== -1) {
                      result.l3 = parseInt(parts[1].trim()) * (parts[1].indexOf("M") !== -1 ? 1024 * 1024 : parts[1].indexOf("K") !== -1 ? 1024 : 1);
                    }
                  });
                }
                if (callback) {
                  callback(result);
                }
                resolve2(result);
              });
            } catch {
              if (callback) {
                callback(result);
              }
              resolve2(result);
            }
          }
          if (_freebsd || _openbsd || _netbsd) {
            exec("export LC_ALL=C; dmidecode -t 7 2>/dev/null; unset LC_ALL", (error, stdout) => {
              let cache = [];
              if (!error) {
                const data = stdout.toString();
                cache = data.split("Cache Information");
                cache.shift();
              }
              for (let i = 0; i < cache.length; i++) {
                const lines = cache[i].split("\n");
                let cacheType = util.getValue(lines, "Socket Designation").toLowerCase().replace(" ", "-").split("-");
                cacheType = cacheType.length ? cacheType[0] : "";
                const sizeParts = util.getValue(lines, "Installed Size").split(" ");
                let size = parseInt(sizeParts[0], 10);
                const unit = sizeParts.length > 1 ? sizeParts[1] : "kb";
                size = size * (unit === "kb" ? 1024 : unit === "mb" ? 1024 * 1024 : unit === "gb" ? 1024 * 1024 * 1024 : 1);
                if (cacheType) {
                  if (cacheType === "l1") {
                    result[cacheType + "d"] = size / 2;
                    result[cacheType + "i"] = size / 2;
                  } else {
                    result[cacheType] = size;
                  }
                }
              }
              if (callback) {
                callback(result);
              }
              resolve2(result);
            });
          }
          if (_darwin) {
            exec("sysctl hw.l1icachesize hw.l1dcachesize hw.l2cachesize hw.l3cachesize", (error, stdout) => {
              if (!error) {
                const lines = stdout.toString().split("\n");
                lines.forEach((line) => {
                  const parts = line.split(":");
                  if (parts[0].toLowerCase().indexOf("hw.l1icachesize") !== -1) {
                    result.l1i = parseInt(parts[1].trim()) * (parts[1].indexOf("K") !== -1 ? 1024 : 1);
                  }
                  if (parts[0].toLowerCase().indexOf("hw.l1dcachesize") !== -1) {
                    result.l1d = parseInt(parts[1].trim()) * (parts[1].indexOf("K") !== -1 ? 1024 : 1);
                  }
                  if (parts[0].toLowerCase().indexOf("hw.l2cachesize") !== -1) {
                    result.l2 = parseInt(parts[1].trim()) * (parts[1].indexOf("K") !== -1 ? 1024 : 1);
                  }
                  if (parts[0].toLowerCase().indexOf("hw.l3cachesize") !== -1) {
                    result.l3 = parseInt(parts[1].trim()) * (parts[1].indexOf("K") !== -1 ? 1024 : 1);
                  }
                });
              }
              if (callback) {
                callback(result);
              }
              resolve2(result);
            });
          }
          if (_sunos) {
            if (callback) {
              callback(result);
            }
            resolve2(result);
          }
          if (_windows) {
            try {
              const workload = [];
              workload.push(util.powerShell("Get-CimInstance Win32_processor | select L2CacheSize, L3CacheSize | fl"));
              workload.push(util.powerShell("Get-CimInstance Win32_CacheMemory | select CacheType,InstalledSize,Level | fl"));
              Promise.all(workload).then((data) => {
                result = parseWinCache(data[0], data[1]);
                if (callback) {
                  callback(result);
                }
                resolve2(result);
              });
            } catch {
              if (callback) {
                callback(result);
              }
              resolve2(result);
            }
          }
        });
      });
    }
    function parseWinCache(linesProc, linesCache) {
      const result = {
        l1d: null,
        l1i: null,
        l2: null,
        l3: null
      };
      const lines = linesProc.split("\r\n");
      result.l1d = 0;
      result.l1i = 0;
      result.l2 = util.getValue(lines, "l2cachesize", ":");
      result.l3 = util.getValue(lines, "l3cachesize", ":");
      if (result.l2) {
        result.l2 = parseInt(result.l2, 10) * 1024;
      } else {
        result.l2 = 0;
      }
      if (result.l3) {
        result.l3 = parseInt(result.l3, 10) * 1024;
      } else {
        result.l3 = 0;
      }
      const parts = linesCache.split(/\n\s*\n/);
      let l1i = 0;
      let l1d = 0;
      let l2 = 0;
      parts.forEach((part) => {
        const lines2 = part.split("\r\n");
        const cacheType = util.getValue(lines2, "CacheType");
        const level = util.getValue(lines2, "Level");
        const installedSize = util.getValue(lines2, "InstalledSize");
        if (level === "3" && cacheType === "3") {
          result.l1i = result.l1i + parseInt(installedSize, 10) * 1024;
        }
        if (level === "3" && cacheType === "4") {
          result.l1d = result.l1d + parseInt(installedSize, 10) * 1024;
        }
        if (level === "3" && cacheType === "5") {
          l1i = parseInt(installedSize, 10) / 2;
          l1d = parseInt(installedSize, 10) / 2;
        }
        if (level === "4" && cacheType === "5") {
          l2 = l2 + parseInt(installedSize, 10) * 1024;
        }
      });
      if (!result.l1i && !result.l1d) {
        result.l1i = l1i;
        result.l1d = l1d;
      }
      if (l2) {
        result.l2 = l2;
      }
      return result;
    }
    exports.cpuCache = cpuCache;
    function getLoad() {
      return new Promise((resolve2) => {
        process.nextTick(() => {
          const loads = os.loadavg().map((x) => {
            return x / util.cores();
          });
          const avgLoad = parseFloat(Math.max.apply(Math, loads).toFixed(2));
          let result = {};
          const now = Date.now() - _current_cpu.ms;
          if (now >= 200) {
            _current_cpu.ms = Date.now();
            const cpus = os.cpus().map((cpu3) => {
              cpu3.times.steal = 0;
              cpu3.times.guest = 0;
              if (_windows) {
                cpu3.times.sys = Math.max(0, cpu3.times.sys - cpu3.times.irq);
              }
              return cpu3;
            });
            let totalUser = 0;
            let totalSystem = 0;
            let totalNice = 0;
            let totalIrq = 0;
            let totalIdle = 0;
            let totalSteal = 0;
            let totalGuest = 0;
            const cores = [];
            _corecount = cpus && cpus.length ? cpus.length : 0;
            if (_linux) {
              try {
                const lines = execSync("cat /proc/stat 2>/dev/null | grep cpu", util.execOptsLinux).toString().split("\n");
                if (lines.length > 1) {
                  lines.shift();
                  if (lines.length === cpus.length) {
                    for (let i = 0; i < lines.length; i++) {
                      const parts = lines[i].split(" ");
                      if (parts.length >= 10) {
                        const steal = parseFloat(parts[8]) || 0;
                        const guest = parseFloat(parts[9]) || 0;
                        cpus[i].times.steal = steal;
                        cpus[i].times.guest = guest;
                      }
                    }
                  }
                }
              } catch {
                util.noop();
              }
            }
            for (let i = 0; i < _corecount; i++) {
              const cpu3 = cpus[i].times;
              totalUser += cpu3.user;
              totalSystem += cpu3.sys;
              totalNice += cpu3.nice;
              totalIdle += cpu3.idle;
              totalIrq += cpu3.irq;
              totalSteal += cpu3.steal || 0;
              totalGuest += cpu3.guest || 0;
              const tmpTick = _cpus && _cpus[i] && _cpus[i].totalTick ? _cpus[i].totalTick : 0;
              const tmpLoad = _cpus && _cpus[i] && _cpus[i].totalLoad ? _cpus[i].totalLoad : 0;
              const tmpUser = _cpus && _cpus[i] && _cpus[i].user ? _cpus[i].user : 0;
              const tmpSystem = _cpus && _cpus[i] && _cpus[i].sys ? _cpus[i].sys : 0;
              const tmpNice = _cpus && _cpus[i] && _cpus[i].nice ? _cpus[i].nice : 0;
              const tmpIdle = _cpus && _cpus[i] && _cpus[i].idle ? _cpus[i].idle : 0;
              const tmpIrq = _cpus && _cpus[i] && _cpus[i].irq ? _cpus[i].irq : 0;
              const tmpSteal = _cpus && _cpus[i] && _cpus[i].steal ? _cpus[i].steal : 0;
              const tmpGuest = _cpus && _cpus[i] && _cpus[i].guest ? _cpus[i].guest : 0;
              _cpus[i] = cpu3;
              _cpus[i].totalTick = _cpus[i].user + _cpus[i].sys + _cpus[i].nice + _cpus[i].irq + _cpus[i].steal + _cpus[i].guest + _cpus[i].idle;
              _cpus[i].totalLoad = _cpus[i].user + _cpus[i].sys + _cpus[i].nice + _cpus[i].irq + _cpus[i].steal + _cpus[i].guest;
              _cpus[i].currentTick = _cpus[i].totalTick - tmpTick;
              _cpus[i].load = _cpus[i].totalLoad - tmpLoad;
              _cpus[i].loadUser = _cpus[i].user - tmpUser;
              _cpus[i].loadSystem = _cpus[i].sys - tmpSystem;
              _cpus[i].loadNice = _cpus[i].nice - tmpNice;
              _cpus[i].loadIdle = _cpus[i].idle - tmpIdle;
              _cpus[i].loadIrq = _cpus[i].irq - tmpIrq;
              _cpus[i].loadSteal = _cpus[i].steal - tmpSteal;
              _cpus[i].loadGuest = _cpus[i].guest - tmpGuest;
              cores[i] = {};
              const coreTick = _cpus[i].currentTick || 1;
              cores[i].load = _cpus[i].load / coreTick * 100;
              cores[i].loadUser = _cpus[i].loadUser / coreTick * 100;
              cores[i].loadSystem = _cpus[i].loadSystem / coreTick * 100;
              cores[i].loadNice = _cpus[i].loadNice / coreTick * 100;
              cores[i].loadIdle = _cpus[i].loadIdle / coreTick * 100;
              cores[i].loadIrq = _cpus[i].loadIrq / coreTick * 100;
              cores[i].loadSteal = _cpus[i].loadSteal / coreTick * 100;
              cores[i].loadGuest = _cpus[i].loadGuest / coreTick * 100;
              cores[i].rawLoad = _cpus[i].load;
              cores[i].rawLoadUser = _cpus[i].loadUser;
              cores[i].rawLoadSystem = _cpus[i].loadSystem;
              cores[i].rawLoadNice = _cpus[i].loadNice;
              cores[i].rawLoadIdle = _cpus[i].loadIdle;
              cores[i].rawLoadIrq = _cpus[i].loadIrq;
              cores[i].rawLoadSteal = _cpus[i].loadSteal;
              cores[i].rawLoadGuest = _cpus[i].loadGuest;
            }
            const totalTick = totalUser + totalSystem + totalNice + totalIrq + totalSteal + totalGuest + totalIdle;
            const totalLoad = totalUser + totalSystem + totalNice + totalIrq + totalSteal + totalGuest;
            const currentTick = totalTick - _current_cpu.tick || 1;
            result = {
              avgLoad,
              currentLoad: (totalLoad - _current_cpu.load) / currentTick * 100,
              currentLoadUser: (totalUser - _current_cpu.user) / currentTick * 100,
              currentLoadSystem: (totalSystem - _current_cpu.system) / currentTick * 100,
              currentLoadNice: (totalNice - _current_cpu.nice) / currentTick * 100,
              currentLoadIdle: (totalIdle - _current_cpu.idle) / currentTick * 100,
              currentLoadIrq: (totalIrq - _current_cpu.irq) / currentTick * 100,
              currentLoadSteal: (totalSteal - _current_cpu.steal) / currentTick * 100,
              currentLoadGuest: (totalGuest - _current_cpu.guest) / currentTick * 100,
              rawCurrentLoad: totalLoad - _current_cpu.load,
              rawCurrentLoadUser: totalUser - _current_cpu.user,
              rawCurrentLoadSystem: totalSystem - _current_cpu.system,
              rawCurrentLoadNice: totalNice - _current_cpu.nice,
              rawCurrentLoadIdle: totalIdle - _current_cpu.idle,
              rawCurrentLoadIrq: totalIrq - _current_cpu.irq,
              rawCurrentLoadSteal: totalSteal - _current_cpu.steal,
              rawCurrentLoadGuest: totalGuest - _current_cpu.guest,
              cpus: cores
            };
            _current_cpu = {
              user: totalUser,
              nice: totalNice,
              system: totalSystem,
              idle: totalIdle,
              irq: totalIrq,
              steal: totalSteal,
              guest: totalGuest,
              tick: totalTick,
              load: totalLoad,
              ms: _current_cpu.ms,
              currentLoad: result.currentLoad,
              currentLoadUser: result.currentLoadUser,
              currentLoadSystem: result.currentLoadSystem,
              currentLoadNice: result.currentLoadNice,
              currentLoadIdle: result.currentLoadIdle,
              currentLoadIrq: result.currentLoadIrq,
              currentLoadSteal: result.currentLoadSteal,
              currentLoadGuest: result.currentLoadGuest,
              rawCurrentLoad: result.rawCurrentLoad,
              rawCurrentLoadUser: result.rawCurrentLoadUser,
              rawCurrentLoadSystem: result.rawCurrentLoadSystem,
              rawCurrentLoadNice: result.rawCurrentLoadNice,
              rawCurrentLoadIdle: result.rawCurrentLoadIdle,
              rawCurrentLoadIrq: result.rawCurrentLoadIrq,
              rawCurrentLoadSteal: result.rawCurrentLoadSteal,
              rawCurrentLoadGuest: result.rawCurrentLoadGuest
            };
          } else {
            const cores = [];
            for (let i = 0; i < _corecount; i++) {
              cores[i] = {};
              const coreTick = _cpus[i].currentTick || 1;
              cores[i].load = _cpus[i].load / coreTick * 100;
              cores[i].loadUser = _cpus[i].loadUser / coreTick * 100;
              cores[i].loadSystem = _cpus[i].loadSystem / coreTick * 100;
              cores[i].loadNice = _cpus[i].loadNice / coreTick * 100;
              cores[i].loadIdle = _cpus[i].loadIdle / coreTick * 100;
              cores[i].loadIrq = _cpus[i].loadIrq / coreTick * 100;
              cores[i].loadSteal = _cpus[i].loadSteal / coreTick * 100;
              cores[i].loadGuest = _cpus[i].loadGuest / coreTick * 100;
              cores[i].rawLoad = _cpus[i].load;
              cores[i].rawLoadUser = _cpus[i].loadUser;
              cores[i].rawLoadSystem = _cpus[i].loadSystem;
              cores[i].rawLoadNice = _cpus[i].loadNice;
              cores[i].rawLoadIdle = _cpus[i].loadIdle;
              cores[i].rawLoadIrq = _cpus[i].loadIrq;
              cores[i].rawLoadSteal = _cpus[i].loadSteal;
              cores[i].rawLoadGuest = _cpus[i].loadGuest;
            }
            result = {
              avgLoad,
              currentLoad: _current_cpu.currentLoad,
              currentLoadUser: _current_cpu.currentLoadUser,
              currentLoadSystem: _current_cpu.currentLoadSystem,
              currentLoadNice: _current_cpu.currentLoadNice,
              currentLoadIdle: _current_cpu.currentLoadIdle,
              currentLoadIrq: _current_cpu.currentLoadIrq,
              currentLoadSteal: _current_cpu.currentLoadSteal,
              currentLoadGuest: _current_cpu.currentLoadGuest,
              rawCurrentLoad: _current_cpu.rawCurrentLoad,
              rawCurrentLoadUser: _current_cpu.rawCurrentLoadUser,
              rawCurrentLoadSystem: _current_cpu.rawCurrentLoadSystem,
              rawCurrentLoadNice: _current_cpu.rawCurrentLoadNice,
              rawCurrentLoadIdle: _current_cpu.rawCurrentLoadIdle,
              rawCurrentLoadIrq: _current_cpu.rawCurrentLoadIrq,
              rawCurrentLoadSteal: _current_cpu.rawCurrentLoadSteal,
              rawCurrentLoadGuest: _current_cpu.rawCurrentLoadGuest,
              cpus: cores
            };
          }
          resolve2(result);
        });
      });
    }
    function currentLoad(callback) {
      callback = util.isFunction(callback) ? callback : null;
      return new Promise((resolve2) => {
        process.nextTick(() => {
          if (_current_cpu.ms === 0) {
            getLoad().then(() => {
              setTimeout(() => {
                getLoad().then((result) => {
                  if (callback) {
                    callback(result);
                  }
                  resolve2(result);
                });
              }, 500);
            });
          } else {
            getLoad().then((result) => {
              if (callback) {
                callback(result);
              }
              resolve2(result);
            });
          }
        });
      });
    }
    exports.currentLoad = currentLoad;
    function getFullLoad() {
      return new Promise((resolve2) => {
        process.nextTick(() => {
          const cpus = os.cpus();
          let totalUser = 0;
          let totalSystem = 0;
          let totalNice = 0;
          let totalIrq = 0;
          let totalIdle = 0;
          let result = 0;
          if (cpus && cpus.length) {
            for (let i = 0, len = cpus.length; i < len; i++) {
              const cpu3 = cpus[i].times;
              totalUser += cpu3.user;
              totalSystem += _windows ? Math.max(0, cpu3.sys - cpu3.irq) : cpu3.sys;
              totalNice += cpu3.nice;
              totalIrq += cpu3.irq;
              totalIdle += cpu3.idle;
            }
            const totalTicks = totalIdle + totalIrq + totalNice + totalSystem + totalUser;
            result = (totalTicks - totalIdle) / totalTicks * 100;
          }
          resolve2(result);
        });
      });
    }
    function fullLoad(callback) {
      callback = util.isFunction(callback) ? callback : null;
      return new Promise((resolve2) => {
        process.nextTick(() => {
          getFullLoad().then((result) => {
            if (callback) {
              callback(result);
            }
            resolve2(result);
          });
        });
      });
    }
    exports.fullLoad = fullLoad;
  }
});

// lib/concurrency/facts.ts
var import_node_fs = __toESM(require_node_fs(), 1);
var import_node_path = __toESM(require_node_path(), 1);
function firstLine(path) {
  try {
    return (0, import_node_fs.readFileSync)(path, "utf8").split("\n")[0].trim();
  } catch {
    return null;
  }
}
function isDir(path) {
  try {
    return (0, import_node_fs.statSync)(path).isDirectory();
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
    text = (0, import_node_fs.readFileSync)(path, "utf8");
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
    cpuinfo = (0, import_node_fs.readFileSync)((0, import_node_path.join)(root, "proc/cpuinfo"), "utf8");
  } catch {
    return field("/proc/self/status", "Cpus_allowed_list");
  }
  const n = countCpuinfoProcessors(cpuinfo);
  return n > 0 ? `0-${n - 1}` : null;
}
function readFacts(root, env) {
  const cg = (0, import_node_path.join)(root, "sys/fs/cgroup");
  const cgroup = (0, import_node_fs.existsSync)((0, import_node_path.join)(cg, "cgroup.controllers")) ? "v2" : isDir((0, import_node_path.join)(cg, "memory")) ? "v1" : "none";
  let memoryRaw = null;
  let cpuQuotaRaw = null;
  if (cgroup === "v2") {
    memoryRaw = firstLine((0, import_node_path.join)(cg, "memory.max"));
    cpuQuotaRaw = firstLine((0, import_node_path.join)(cg, "cpu.max"));
  } else if (cgroup === "v1") {
    memoryRaw = firstLine((0, import_node_path.join)(cg, "memory/memory.limit_in_bytes"));
    const q = firstLine((0, import_node_path.join)(cg, "cpu/cpu.cfs_quota_us"));
    const p = firstLine((0, import_node_path.join)(cg, "cpu/cpu.cfs_period_us"));
    cpuQuotaRaw = q !== null && p !== null ? `${q} ${p}` : null;
  }
  const kb = field((0, import_node_path.join)(root, "proc/meminfo"), "MemTotal");
  const memTotalKb = kb !== null && /^[0-9]+$/.test(kb) ? Number(kb) : null;
  const list = field((0, import_node_path.join)(root, "proc/self/status"), "Cpus_allowed_list") ?? fallbackCpuList(root);
  const affinityCpus = (list === null ? null : countCpuList(list)) ?? 1;
  return { cgroup, memoryRaw, memTotalKb, affinityCpus, cpuQuotaRaw, env };
}

// lib/concurrency/usage.ts
var import_node_fs2 = __toESM(require_node_fs(), 1);
var import_node_path2 = __toESM(require_node_path(), 1);
function read(path) {
  try {
    return (0, import_node_fs2.readFileSync)(path, "utf8");
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
  const dir = (0, import_node_path2.join)(root, "sys/fs/cgroup", cgroup === "v1" ? "memory" : "");
  const raw = read((0, import_node_path2.join)(dir, cgroup === "v1" ? "memory.usage_in_bytes" : "memory.current"))?.trim();
  if (raw === void 0 || !/^[0-9]+$/.test(raw)) return null;
  const usage = Number(raw);
  const stat = read((0, import_node_path2.join)(dir, "memory.stat"));
  const inactive = stat === null ? null : statField(stat, cgroup === "v1" ? "total_inactive_file" : "inactive_file");
  const inUse = inactive === null || inactive > usage ? usage : usage - inactive;
  return { usageMb: usage / 1048576, inUseMb: inUse / 1048576 };
}

// lib/config/errors.ts
var ConfigError = class extends Error {
  name = "ConfigError";
};

// lib/buildpack/entry.ts
var import_node_fs4 = __toESM(require_node_fs(), 1);

// lib/buildpack/files.ts
var import_node_fs3 = __toESM(require_node_fs(), 1);
var import_node_path3 = __toESM(require_node_path(), 1);

// lib/buildpack/output.ts
var BuildError = class extends Error {
  lines;
  constructor(lines) {
    super(lines.join("\n"));
    this.lines = lines;
  }
};

// lib/buildpack/files.ts
function exists(path) {
  try {
    (0, import_node_fs3.statSync)(path);
    return true;
  } catch {
    return false;
  }
}
function readAppFile(dir, rel) {
  const path = (0, import_node_path3.join)(dir, rel);
  if (!exists(path)) return null;
  try {
    return (0, import_node_fs3.readFileSync)(path, "utf8");
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
      `${(0, import_node_path3.join)(dir, rel)} is not valid JSON: ${e.message}.`,
      `Fix the file (\`node -e "JSON.parse(require('fs').readFileSync('${rel}','utf8'))"\` shows the error) and build again.`
    ]);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new BuildError([`${(0, import_node_path3.join)(dir, rel)} must hold a JSON object, not ${JSON.stringify(value)}.`]);
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
  return findEntry(pkg?.main, new Set((0, import_node_fs4.readdirSync)(appDir)));
}
function webCommand(entry) {
  return /^[A-Za-z0-9_./:@-]+$/.test(entry) ? `tsicorn ${entry}` : `tsicorn '${entry.replace(/'/g, `'\\''`)}'`;
}

// lib/http/ip.ts
var isDigit = (c) => c >= 48 && c <= 57;
var isHex = (c) => isDigit(c) || c >= 97 && c <= 102 || c >= 65 && c <= 70;
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
var isZoneChar = (c) => isDigit(c) || c >= 97 && c <= 122 || c >= 65 && c <= 90 || c === 45 || c === 46 || c === 58;
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

// lib/server/bind.ts
var BindError = class extends Error {
};
var DEFAULT_PORT = 8e3;
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

// lib/server/contract/timing.ts
var DYNO_GRACEFUL_TIMEOUT = 25;
var DYNO_KEEPALIVE = 95;

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

// lib/config/settings.ts
function setting(d) {
  return { kind: "setting", ...d };
}
var intRange = (min, max, what = "") => (v) => v < min || v > max ? `must be from ${min} to ${max}${what}` : null;
var DEFAULT_ACCESS_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"';
var MAX_WORKERS = 1e3;
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
var SETTINGS = [
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
var ACTIONS = [
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
var HOOKS = [
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
var FILE_ALIASES = [
  {
    name: "reuse_port",
    flag: "--reuse-port",
    target: "distribution",
    type: "bool",
    convert: (v) => v ? "reuseport" : void 0,
    help: "Gunicorn spelling: true (or the flag) means distribution = reuseport."
  }
];
function splitComma(s) {
  return s.split(",").map((x) => x.trim()).filter(Boolean);
}
function staticDefaults() {
  const out = {};
  for (const s of SETTINGS) out[s.key] = structuredClone(s.default);
  return out;
}

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
var looksLikeFlag = (w) => w.length > 1 && w.startsWith("-") && !/^-\d/.test(w);
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

// lib/config/configfile.ts
var import_node_fs5 = __toESM(require_node_fs(), 1);
var import_node_module = __toESM(require_node_module(), 1);
var import_node_path4 = __toESM(require_node_path(), 1);
var import_node_url2 = __toESM(require_node_url(), 1);

// lib/app/syntax-location.ts
var import_node_child_process = __toESM(require_node_child_process(), 1);
var import_node_url = __toESM(require_node_url(), 1);
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

// lib/config/configfile.ts
var CONFIG_FILE_NAMES = ["ts", "mts", "js", "mjs", "cjs", "json"].map((e) => `tsicorn.config.${e}`);
function findConfigFile(cwd) {
  const found = CONFIG_FILE_NAMES.filter((n) => (0, import_node_fs5.existsSync)((0, import_node_path4.join)(cwd, n)));
  if (found.length > 1)
    throw new ConfigError(
      `several config files in ${cwd}: ${found.join(", ")}. Keep one, or choose with -c/--config FILE`
    );
  return found.length ? (0, import_node_path4.join)(cwd, found[0]) : null;
}
function displayPath(file, cwd) {
  const rel = (0, import_node_path4.relative)(cwd, file);
  return rel && !rel.startsWith("..") && !(0, import_node_path4.isAbsolute)(rel) ? rel : file;
}
var generation = 0;
async function loadConfigObject(file, shown = file) {
  if (!(0, import_node_fs5.existsSync)(file))
    throw new ConfigError(`config file ${shown} does not exist (check the -c/--config path)`);
  if (file.endsWith(".json")) {
    let text;
    try {
      text = (0, import_node_fs5.readFileSync)(file, "utf8");
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
  const req = (0, import_node_module.createRequire)(file);
  delete req.cache[file];
  let ns;
  try {
    ns = await import(`${(0, import_node_url2.pathToFileURL)(file).href}?tsicorn-load=${++generation}`);
  } catch (e) {
    const err = e;
    if (err?.code === "ERR_UNKNOWN_FILE_EXTENSION" && /\.m?ts$/.test(file))
      throw new ConfigError(
        `cannot load ${shown}: Node ${process.version} cannot run TypeScript without a build step (type stripping needs Node 22.18+ or 24). Use a newer Node, or rename it to ${(0, import_node_path4.basename)(file).replace(/ts$/, "js")} without type annotations`
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
var OWN_CODE = import.meta.url;
var FRAME_LOCATION = /^\s+at (?:.*\()?((?:file:\/\/)?\/[^()]*?):(\d+):(\d+)\)?$/;
function describeLoadFailure(e, file, shown) {
  const err = e;
  if (!err?.stack) return `: ${String(e)}`;
  const show = (path) => {
    const p = path.startsWith("file://") ? (0, import_node_url2.fileURLToPath)(path) : path;
    return p === file ? shown : p;
  };
  if (lacksLocation(err)) {
    const at = esmSyntaxLocation((0, import_node_url2.pathToFileURL)(file).href);
    if (at) {
      const [where2, ...source] = at.split("\n");
      const m = /^(.*)(:\d+)$/.exec(where2);
      return ` at ${show(m[1])}${m[2]}:
${source.join("\n")}
${err.name}: ${err.message}`;
    }
    return `: ${err.name}: ${err.message}`;
  }
  const lines = err.stack.replace(/\?tsicorn-load=\d+/g, "").split("\n").filter((l) => !/^\s+at /.test(l) || !(l.includes("node:") || l.includes(OWN_CODE)));
  const frame = lines.map((l) => FRAME_LOCATION.exec(l)).find((m) => m);
  const header = /^((?:file:\/\/)?\/[^\n]*):(\d+)$/.exec(lines[0] ?? "");
  const where = frame ? `${show(frame[1])}:${frame[2]}:${frame[3]}` : header ? `${show(header[1])}:${header[2]}` : null;
  const body = header ? lines.slice(1).join("\n").replace(/^\n/, "") : lines.join("\n");
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
  return (0, import_node_path4.isAbsolute)(p) ? p : (0, import_node_path4.resolve)(base, p);
}

// lib/config/resolve.ts
var ACTION_ORDER = ["help", "version", "print-config", "check-config"];
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
var USAGE = "Usage: tsicorn [OPTIONS] MODULE[:EXPORT]";
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

// lib/server/pidfile.ts
var import_node_fs6 = __toESM(require_node_fs(), 1);
var import_node_module2 = __toESM(require_node_module(), 1);
var import_node_path5 = __toESM(require_node_path(), 1);
function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}
function readPidfile(path) {
  let fd;
  try {
    fd = (0, import_node_fs6.openSync)(path, import_node_fs6.constants.O_RDONLY | import_node_fs6.constants.O_NOFOLLOW | import_node_fs6.constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    if (!(0, import_node_fs6.fstatSync)(fd).isFile()) return null;
    const buf = Buffer.alloc(32);
    const text = buf.subarray(0, (0, import_node_fs6.readSync)(fd, buf, 0, buf.length, 0)).toString("latin1").trim();
    return /^\d{1,10}$/.test(text) ? Number(text) : null;
  } catch {
    return null;
  } finally {
    (0, import_node_fs6.closeSync)(fd);
  }
}

// lib/server/status-file.ts
var import_node_fs7 = __toESM(require_node_fs(), 1);
var statusPath = (pidfile) => `${pidfile}.status`;
function readStatus(pidfile) {
  try {
    const data = JSON.parse((0, import_node_fs7.readFileSync)(statusPath(pidfile), "utf8"));
    return typeof data?.pid === "number" && Array.isArray(data.workers) ? data : null;
  } catch {
    return null;
  }
}

// lib/doctor/host.ts
var import_cpu = __toESM(require_cpu(), 1);
async function readHostFacts(timeoutMs = 3e3) {
  let timer;
  try {
    const c = await Promise.race([
      (0, import_cpu.cpu)(),
      new Promise((resolve2) => {
        timer = setTimeout(() => resolve2(null), timeoutMs);
      })
    ]);
    if (c === null) return null;
    const model = [c.manufacturer, c.brand].filter(Boolean).join(" ").trim();
    return {
      cpuModel: model === "" ? null : model,
      physicalCores: c.physicalCores || null,
      logicalCpus: c.cores || null
    };
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

// lib/concurrency/dynos.ts
var DYNO_SIZES = [
  { name: "standard-1x", aliases: ["eco", "basic"], memoryMb: 512, nproc: 8, expected: 2 },
  { name: "standard-2x", aliases: [], memoryMb: 1024, nproc: 8, expected: 4 },
  { name: "performance-m", aliases: [], memoryMb: 2560, nproc: 2, expected: 5 },
  { name: "performance-l", aliases: [], memoryMb: 14336, nproc: 8, expected: 17 },
  { name: "performance-l-ram", aliases: [], memoryMb: 30720, nproc: 4, expected: 9 },
  { name: "performance-xl", aliases: [], memoryMb: 63488, nproc: 8, expected: 17 },
  { name: "performance-2xl", aliases: [], memoryMb: 129024, nproc: 16, expected: 33 },
  { name: "private-s", aliases: ["shield-s"], memoryMb: 1024, nproc: 2, expected: 4 },
  { name: "private-m", aliases: ["shield-m"], memoryMb: 2560, nproc: 2, expected: 5 },
  { name: "private-l", aliases: ["shield-l"], memoryMb: 14336, nproc: 8, expected: 17 },
  { name: "private-l-ram", aliases: ["shield-l-ram"], memoryMb: 30720, nproc: 4, expected: 9 },
  { name: "private-xl", aliases: ["shield-xl"], memoryMb: 63488, nproc: 8, expected: 17 },
  { name: "private-2xl", aliases: ["shield-2xl"], memoryMb: 129024, nproc: 16, expected: 33 }
];
var MB_PER_WORKER = 256;
function workersFor(memoryMb, cpus) {
  return Math.min(Math.max(1, Math.floor(memoryMb / MB_PER_WORKER)), 2 * cpus + 1);
}
function workersForUnknownMemory(cpus, memTotalMb) {
  const byCpu = 2 * cpus + 1;
  return memTotalMb === null ? byCpu : Math.min(byCpu, Math.max(1, Math.floor(memTotalMb / MB_PER_WORKER)));
}

// lib/concurrency/heroku-nodejs.ts
var NODEJS_DEFAULT_MEMORY_MB = 512;
var NODEJS_MAX_MEMORY_MB = 129024;
var BREAKPOINT_MB = 16384;
var U64_MAX = 18446744073709551615n;
function parseUnsigned(text) {
  if (!/^\+?[0-9]+$/.test(text)) return null;
  const n = BigInt(text.replace(/^\+/, ""));
  return n <= U64_MAX ? n : null;
}
function nodejsMemoryMb(cgroup, memoryRaw) {
  const bytes = cgroup === "none" || memoryRaw === null ? null : parseUnsigned(memoryRaw.trim());
  if (bytes === null) return NODEJS_DEFAULT_MEMORY_MB;
  const mb = bytes / 1048576n;
  return mb > BigInt(NODEJS_MAX_MEMORY_MB) ? NODEJS_MAX_MEMORY_MB : Number(mb);
}
function nodejsExecdComputes(cgroup, memoryRaw, webMemory) {
  const memoryMb = nodejsMemoryMb(cgroup, memoryRaw);
  const given = webMemory === void 0 ? null : parseUnsigned(webMemory);
  const webMemoryMb = given ?? (memoryMb > BREAKPOINT_MB ? 2048n : 512n);
  if (webMemoryMb === 0n) return null;
  const q = BigInt(memoryMb) / webMemoryMb;
  return { memoryMb, webMemoryMb, workers: q < 1n ? 1 : Number(q) };
}

// lib/concurrency/decide.ts
var DIGITS = /^[0-9]+$/;
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
  const mb = Math.floor(Number(v) / 1048576);
  if (memTotalKb !== null && Number(v) > memTotalKb * 1024) {
    return { known: false, why: `limit ${mb} MB above MemTotal ${Math.floor(memTotalKb / 1024)} MB` };
  }
  return { known: true, mb };
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
function describe2(mem, cpus, cgroup, memTotalKb) {
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
var CANONICAL = /^(0|[1-9][0-9]*)$/;
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
  const { n, basis, rule } = describe2(mem, cpus, facts.cgroup, facts.memTotalKb);
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

// lib/autotune/share.ts
var HEADROOM = 0.9;
var DEFAULT_NON_HEAP_MB = 64;
var MIN_HEAP_MB = 64;
function budgetMb(limitMb, masterMb) {
  return HEADROOM * limitMb - masterMb;
}
function fairShareMb(limitMb, masterMb, workers) {
  return Math.max(1, Math.floor(budgetMb(limitMb, masterMb) / Math.max(1, workers)));
}
function heapLimitMb(limitMb, masterMb, workers, nonHeapMb) {
  const n = Math.max(1, workers);
  const raw = Math.floor((limitMb - masterMb) / n - nonHeapMb);
  const mb = Math.max(MIN_HEAP_MB, raw);
  const formula = `(${limitMb} MB limit - ${Math.round(masterMb)} MB master) / ${n} worker${n === 1 ? "" : "s"} - ${Math.round(nonHeapMb)} MB non-heap = ${raw} MB` + (mb !== raw ? `, raised to the ${MIN_HEAP_MB} MB minimum` : "");
  return { mb, formula };
}
var HEAP_FLAG = /^--max[-_](?:old[-_]space|heap)[-_]size(?:=|$)/;
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
var BOOT_HEAP_FACTOR = 1.5;
var BOOT_RSS_FACTOR = 1.25;
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

// lib/autotune/boot-fit.ts
function dynoMemory(facts) {
  const mem = parseMemory(facts.cgroup, facts.memoryRaw, facts.memTotalKb);
  const tableWorkers = tableDecision(facts).workers;
  const cpus = cpusFrom(facts).count;
  return mem.known ? { limitMb: mem.mb, text: `${mem.mb} MB limit (cgroup ${facts.cgroup})`, tableWorkers, cpus } : { limitMb: null, text: `memory limit unknown (${mem.why})`, tableWorkers, cpus };
}

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

// lib/doctor/report.ts
var round = (n) => Math.round(n);
function doctorReport(d) {
  const { facts } = d;
  const dyno = dynoMemory(facts);
  const cpus = cpusFrom(facts);
  const nproc = nprocFrom(facts.affinityCpus, facts.env);
  const origin = countOrigin(d.sources.workers, facts);
  const table = tableDecision(facts);
  const reasons = [];
  reasons.push(
    dyno.limitMb === null ? `Memory: ${dyno.text}: nothing is fitted, capped or replaced by size.` : `Memory: ${dyno.text}${d.usage ? `; ${round(d.usage.inUseMb)} MB in use (${round(d.usage.usageMb)} MB charged, minus inactive file cache)` : ""}.`
  );
  reasons.push(
    `CPUs: ${cpus.count} (${facts.affinityCpus} in the affinity mask, nproc ${nproc}${cpus.quota === null ? ", no lower CPU quota" : `, CPU quota ${cpus.quota}`}).`
  );
  const exact = DYNO_SIZES.filter((s) => s.memoryMb === dyno.limitMb && s.nproc === nproc);
  const byMemory = DYNO_SIZES.filter((s) => s.memoryMb === dyno.limitMb);
  const type = exact[0] ?? null;
  if (type)
    reasons.push(
      `Dyno type: ${[type.name, ...type.aliases].join(" / ")} (${type.memoryMb} MB, nproc ${type.nproc}).`
    );
  else if (byMemory.length > 0)
    reasons.push(
      `Dyno type: none matches exactly; ${dyno.limitMb} MB is ${byMemory.map((s) => `${s.name} (nproc ${s.nproc})`).join(", ")}, but nproc here is ${nproc}.`
    );
  else reasons.push("Dyno type: no row of the dyno table has this memory.");
  reasons.push(`Dyno table: ${table.reason}.`);
  const wc = facts.env.WEB_CONCURRENCY ?? null;
  const setBy = facts.env.WEB_CONCURRENCY_SET_BY || null;
  const forNewStart = d.live ? "For a new start with this shell's settings: " : "";
  reasons.push(
    `${forNewStart}Worker count: ${origin.detail} (${origin.kind === "user" ? "chosen by the user: obeyed" : origin.kind === "platform" ? "a platform default: fitted to the app at boot" : "nobody chose it"}).`
  );
  let workers;
  if (origin.kind === "user" || dyno.limitMb === null) {
    workers = d.settings.workers;
    reasons.push(`${forNewStart}Workers: ${workers}, as configured.`);
  } else {
    workers = dyno.tableWorkers;
    reasons.push(
      `${forNewStart}Workers: at most ${workers} (the dyno table); fewer if they do not fit: the first worker boots alone and 90 % of the ${dyno.limitMb} MB limit, minus the master, divided by its RSS is the count.`
    );
  }
  if (d.live) {
    workers = d.live.target;
    reasons.push(`Running master ${d.live.pid}: ${workers} worker(s) now (${d.live.countChosenBy}).`);
  } else reasons.push(`No live figures: ${d.liveWhy}.`);
  const masterMb = d.live?.masterRssMb ?? d.selfRssMb;
  const limits = workerLimits({
    limitMb: dyno.limitMb,
    masterMb,
    workers,
    nonHeapMb: null,
    userHeap: userHeapSetting({ nodeOptions: d.nodeOptions, nodeArgs: nodeArgWords(d.settings.nodeArgs) }),
    userMaxWorkerMemory: d.sources.maxWorkerMemory.kind === "default" ? null : d.settings.maxWorkerMemory
  });
  const heapLimitMb2 = d.live ? d.live.heapLimitMb : limits.heapMb;
  const maxWorkerMemoryMb = d.live ? d.live.maxWorkerMemoryMb : limits.maxWorkerMemoryMb;
  if (d.live)
    reasons.push(
      `Heap limit per worker: ${heapLimitMb2 === null ? "V8's default or the user's" : `${heapLimitMb2} MB`}; --max-worker-memory ${maxWorkerMemoryMb} MB (the running master's).`
    );
  else {
    const estimate = ` (master RSS estimated from this process: ${round(masterMb)} MB)`;
    reasons.push(`${limits.heapReason}${limits.heapMb === null ? "" : estimate}.`);
    reasons.push(`${limits.maxWorkerMemoryReason}.`);
  }
  if (d.host?.cpuModel)
    reasons.push(
      `Host: ${d.host.cpuModel}, ${d.host.physicalCores ?? "?"} physical cores, ${d.host.logicalCpus ?? "?"} logical CPUs (the host's, not the dyno's: sizing uses the cgroup and affinity above).`
    );
  return {
    cgroupVersion: facts.cgroup === "v1" ? 1 : facts.cgroup === "v2" ? 2 : null,
    memoryLimitMb: dyno.limitMb,
    memoryInUseMb: d.usage ? round(d.usage.inUseMb) : null,
    memoryUsageMb: d.usage ? round(d.usage.usageMb) : null,
    cpuCount: cpus.count,
    cpus: { affinity: facts.affinityCpus, nproc, quota: cpus.quota },
    dynoType: type?.name ?? null,
    dynoAliases: type?.aliases ?? [],
    webConcurrency: { value: wc, setBy, chosenBy: origin.kind },
    tableWorkers: dyno.tableWorkers,
    workers,
    heapLimitMb: heapLimitMb2,
    maxWorkerMemoryMb,
    host: d.host,
    live: d.live,
    reasons
  };
}
function renderDoctor(r, now) {
  const lines = [
    "tsicorn doctor",
    `  cgroup:          ${r.cgroupVersion === null ? "none" : `v${r.cgroupVersion}`}`,
    `  memory limit:    ${r.memoryLimitMb === null ? "unknown" : `${r.memoryLimitMb} MB`}${r.memoryInUseMb === null ? "" : `, ${r.memoryInUseMb} MB in use`}`,
    `  CPUs:            ${r.cpuCount}`,
    `  dyno type:       ${r.dynoType === null ? "no exact match" : [r.dynoType, ...r.dynoAliases].join(" / ")}`,
    `  WEB_CONCURRENCY: ${r.webConcurrency.value ?? "unset"}${r.webConcurrency.setBy ? ` (set by ${r.webConcurrency.setBy})` : ""}; count chosen by: ${r.webConcurrency.chosenBy}`,
    `  workers:         ${r.workers} (dyno table: ${r.tableWorkers})`,
    `  heap limit:      ${r.heapLimitMb === null ? "V8's default (or yours)" : `${r.heapLimitMb} MB per worker`}`,
    `  max memory:      ${r.maxWorkerMemoryMb === 0 ? "off" : `${r.maxWorkerMemoryMb} MB per worker`}`,
    "Why:",
    ...r.reasons.map((x) => `  - ${x}`)
  ];
  if (r.live) {
    lines.push(`Live (master ${r.live.pid}, status ${((now - r.live.at) / 1e3).toFixed(0)} s old):`);
    for (const w of r.live.workers)
      lines.push(
        `  worker ${w.pid} (#${w.age}, ${w.state}): ${round(w.rssMb)} MB RSS, heap ${round(w.heapUsedMb)} MB used` + (w.heapLimitMb === null ? "" : ` of ${w.heapLimitMb} MB`)
      );
    lines.push(
      `  master: ${round(r.live.masterRssMb)} MB RSS; cgroup in use: ${r.live.inUseMb === null ? "unreadable" : `${round(r.live.inUseMb)} MB`}`
    );
    lines.push("Decisions so far:");
    for (const dcs of r.live.decisions) lines.push(`  ${new Date(dcs.at).toISOString()} ${dcs.text}`);
    if (r.live.decisions.length === 0) lines.push("  (none)");
  }
  return `${lines.join("\n")}
`;
}

// lib/doctor/doctor.ts
var STALE_MS = 15e3;
function liveStatus(pidfile, now) {
  if (!pidfile)
    return {
      live: null,
      why: "no pid file given (--pid FILE, or -p in TSICORN_CMD_ARGS or the config file)"
    };
  const pid = readPidfile(pidfile);
  if (pid === null)
    return { live: null, why: `${pidfile} holds no pid (is tsicorn running with -p ${pidfile}?)` };
  if (!processAlive(pid)) return { live: null, why: `${pidfile} names pid ${pid}, which is not running` };
  const status = readStatus(pidfile);
  if (status === null) return { live: null, why: `master ${pid} has not written ${statusPath(pidfile)} yet` };
  if (status.pid !== pid)
    return { live: null, why: `${statusPath(pidfile)} belongs to pid ${status.pid}, not ${pid}` };
  if (now - status.at > STALE_MS)
    return { live: null, why: `${statusPath(pidfile)} is ${((now - status.at) / 1e3).toFixed(0)} s old` };
  return { live: status, why: "" };
}
async function runDoctor(launch, argv) {
  const json = argv.includes("--json");
  let resolved;
  try {
    resolved = await resolveConfig({
      argv: argv.filter((a) => a !== "--json"),
      env: launch.env,
      cwd: launch.cwd,
      appOptional: true
    });
  } catch (e) {
    process.stderr.write(`Error: ${e instanceof ConfigError ? e.message : e.stack ?? e}
`);
    return 1;
  }
  const root = launch.env.TSICORN_CGROUP_ROOT || "/";
  const facts = readFacts(root, launch.env);
  const now = Date.now();
  const { live, why } = liveStatus(resolved.config.pidfile, now);
  const report = doctorReport({
    facts,
    usage: readCgroupUsage(root, facts.cgroup),
    settings: resolved.config,
    sources: { workers: resolved.sources.workers, maxWorkerMemory: resolved.sources.maxWorkerMemory },
    nodeOptions: launch.env.NODE_OPTIONS,
    selfRssMb: process.memoryUsage.rss() / 1048576,
    host: await readHostFacts(),
    live,
    liveWhy: why
  });
  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}
` : renderDoctor(report, now));
  return 0;
}
export {
  runDoctor
};
