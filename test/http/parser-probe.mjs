// Run by test/http/parser-audit.test.ts under each Node: serves node:http with the parser options
// tsicorn's HTTP layer uses (insecureHTTPParser off, requireHostHeader off, argv[2] = maxHeaderSize),
// sends each request of argv[3] (JSON { name: text }) on a fresh connection, and prints JSON
// { name: 'delivered' | 'refused <llhttp code>' }: what Node's own parser lets through to 'request'.
import http from 'node:http';
import net from 'node:net';

const cases = JSON.parse(process.argv[3]);
const server = http.createServer({ maxHeaderSize: Number(process.argv[2]), requireHostHeader: false });
let settle = null;
server.on('request', (req, res) => {
  settle?.('delivered');
  req.resume();
  req.on('end', () => res.end());
});
server.on('clientError', (err, sock) => {
  settle?.(`refused ${err.code}`);
  sock.destroy();
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const { port } = server.address();
const out = {};
for (const [name, text] of Object.entries(cases))
  out[name] = await new Promise((resolve) => {
    const timer = setTimeout(() => settle?.('undecided'), 2000);
    settle = (v) => {
      clearTimeout(timer);
      settle = null;
      resolve(v);
    };
    const sock = net.connect(port, '127.0.0.1', () => sock.write(text));
    sock.on('error', () => {});
  });
process.stdout.write(`${JSON.stringify(out)}\n`);
server.close();
process.exit(0);
