// The floor of any design where a Node master starts a Node process that serves: a launcher that
// does nothing else. It starts `node raw.mjs APP_FILE PORT` (the bench's `node app.js`) at once,
// passes SIGTERM on and exits with it. Start to first 200 through it, against raw.mjs alone, is
// what a second Node start costs before a single line of a master's own work.
//   node scripts/bench/peers/launcher.mjs APP_FILE PORT
import { spawn } from 'node:child_process';

const child = spawn(
  process.execPath,
  [new URL('raw.mjs', import.meta.url).pathname, ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
