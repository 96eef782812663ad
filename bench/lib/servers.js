import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('../server.js', import.meta.url));

/** Starts one variant's server in a child process; resolves once it listens. */
export function startServer(variant, workdir, { execArgv = [] } = {}) {
  return new Promise((resolve, reject) => {
    const child = fork(SERVER, [variant, workdir], {
      execArgv,
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const fail = (why) => reject(new Error(`server ${variant}: ${why}\n${stderr}`));
    child.once('error', fail);
    child.once('exit', (code, signal) => fail(`exited (${code ?? signal}) before listening`));
    child.once('message', ({ port }) => {
      child.removeAllListeners('exit');
      child.stderr.on('data', (chunk) => process.stderr.write(`[${variant}] ${chunk}`));
      resolve({ variant, port, url: `http://127.0.0.1:${port}/`, child });
    });
  });
}

/** Stops a server and waits for its process to end. */
export function stopServer(server) {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      resolve();
      return;
    }
    // Disconnecting lets the server exit normally, so `--cpu-prof` still writes its profile.
    const timer = setTimeout(() => server.child.kill('SIGKILL'), 5000);
    server.child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (server.child.connected) server.child.disconnect();
    else server.child.kill('SIGTERM');
  });
}
