// Starts dynalite (in-memory DynamoDB) for the local stack and the tests.
// Usage: node dynalite-server.js PORT
// Prints "dynalite listening on PORT" once ready. Exits when its standard input closes,
// so it never outlives the JVM that started it, even if that JVM is killed.
'use strict';
const dynalite = require('dynalite');

const port = parseInt(process.argv[2] || '0', 10);
// createTableMs etc. default to 500 ms of simulated CREATING state; the local stack wants tables at once.
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });

server.listen(port, '127.0.0.1', (err) => {
  if (err) {
    console.error(`dynalite failed to start: ${err.message}`);
    process.exit(1);
  }
  console.log(`dynalite listening on ${server.address().port}`);
});

const stop = () => server.close(() => process.exit(0));
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
