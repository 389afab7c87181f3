// The floor of the "same instant" sync burst on this machine: a bare node:http server that
// answers every POST with a constant sync response after one turn of the event loop (as the
// real server's group commit does), with no framework, auth, validation or database. The same
// generator against it shows what the machine and the generator cost before any server work.
import http from 'node:http';

const server = http.createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    const mid = /"mid":(\d+)/.exec(body)?.[1] ?? '0';
    setImmediate(() => {
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.end(`{"lastMid":${mid},"cursor":1,"more":false,"changes":[]}`);
    });
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
