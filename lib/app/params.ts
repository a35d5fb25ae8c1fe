// Reads the declared parameter names of a function from its source text, to tell a request
// listener `(req, res)` from a Fastify plugin `(fastify, opts)`: both are functions of two
// parameters, and only the names say which one the author wrote. Pure.

/** The text between the parentheses of the parameter list, or of a lone arrow parameter. */
function parameterText(source: string): string | null {
  let s = source.trimStart();
  if (s.startsWith('async')) s = s.slice(5).trimStart();
  const arrow = /^([A-Za-z_$][\w$]*)\s*=>/.exec(s);
  if (arrow) return arrow[1]!;
  const open = s.indexOf('(');
  if (open < 0) return null;
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < s.length; i++) {
    const ch = s[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) return s.slice(open + 1, i);
    }
  }
  return null;
}

/** Split at top-level commas (not those inside defaults or destructuring patterns). */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/**
 * Declared parameter names, in order: '' for a destructured parameter, '...name' for a rest one.
 * null when the source cannot be read (native or bound functions).
 */
export function parameterNames(fn: (...args: never[]) => unknown): string[] | null {
  let source: string;
  try {
    source = Function.prototype.toString.call(fn);
  } catch {
    return null;
  }
  if (/\{\s*\[native code\]\s*\}\s*$/.test(source)) return null;
  const text = parameterText(source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, ''));
  if (text === null) return null;
  if (text.trim() === '') return [];
  return splitTopLevel(text).map((p) => {
    const m = /^\s*(\.\.\.)?\s*([A-Za-z_$][\w$]*)/.exec(p);
    return m ? `${m[1] ?? ''}${m[2]}` : '';
  });
}

const LISTENER_FIRST = /^_*(req|request|incoming|incomingMessage)$/i;
const LISTENER_SECOND = /^_*(res|resp|response|serverResponse|outgoing)$/i;
const PLUGIN_FIRST = /^_*(fastify|fastifyInstance|instance|app|server|f|api|root|scope)$/i;
const PLUGIN_SECOND = /^_*(opts|options|pluginOptions|opt|o|config|conf|settings)$/i;

/** What the parameter names say the function is; null when they say nothing either way. */
export function readParameterNames(names: readonly string[] | null): 'listener' | 'plugin' | null {
  if (!names || names.length < 2) return null;
  const [a = '', b = ''] = names;
  if (LISTENER_FIRST.test(a) || LISTENER_SECOND.test(b)) return 'listener';
  if (PLUGIN_FIRST.test(a) && PLUGIN_SECOND.test(b)) return 'plugin';
  return null;
}
