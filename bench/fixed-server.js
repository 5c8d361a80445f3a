// A minimal fixed-response Timeback on loopback, run in its own process so the
// benchmark measures client cost, not server cost: one token route, one user route.
import http from 'node:http';

const USER = JSON.stringify({
  user: {
    sourcedId: 'bench-user',
    status: 'active',
    enabledUser: 'true',
    givenName: 'Ada',
    familyName: 'Lovelace',
    roles: [{ roleType: 'primary', role: 'teacher', org: { href: 'http://127.0.0.1/orgs/1', sourcedId: 'org-1', type: 'org' } }],
    agents: [],
    userProfiles: [],
    email: 'ada@example.org',
  },
});
const USER_BODY = Buffer.from(USER);
const USER_HEADERS = { 'Content-Type': 'application/json', 'Content-Length': USER_BODY.length };

let tokenTtlSeconds = 3600;
let tokenRequests = 0;
let issued = 0;

const server = http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/oauth2/token') {
    tokenRequests += 1;
    req.resume();
    req.on('end', () => {
      const body = JSON.stringify({ access_token: `bench-token-${++issued}`, expires_in: tokenTtlSeconds, token_type: 'Bearer' });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(body);
    });
    return;
  }
  if (req.method === 'GET' && req.url?.startsWith('/ims/oneroster/rostering/v1p2/users/')) {
    res.writeHead(200, USER_HEADERS);
    res.end(USER_BODY);
    return;
  }
  res.writeHead(404);
  res.end();
});
server.keepAliveTimeout = 60_000;

process.on('message', (message) => {
  if (message.type === 'stats') process.send({ type: 'stats', tokenRequests });
  if (message.type === 'reset') {
    tokenRequests = 0;
    process.send({ type: 'reset' });
  }
  if (message.type === 'ttl') {
    tokenTtlSeconds = message.seconds;
    process.send({ type: 'ttl' });
  }
  if (message.type === 'stop') server.close(() => process.exit(0));
});

server.listen(0, '127.0.0.1', () => process.send({ type: 'ready', port: server.address().port }));
