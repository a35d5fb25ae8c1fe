// Splits TSICORN_CMD_ARGS into words the way a POSIX shell would (quotes and backslashes; no expansion).
import { ConfigError } from './errors.ts';

export function shellSplit(input: string, what = 'TSICORN_CMD_ARGS'): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
      else cur += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < input.length && '"\\$`\n'.includes(input[i + 1]!)) cur += input[++i];
      else cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 < input.length) cur += input[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
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

/** --node-args as the Node flags each worker gets: the split its validation checked (none for ''). */
export function nodeArgWords(text: string): string[] {
  return shellSplit(text, '--node-args');
}
