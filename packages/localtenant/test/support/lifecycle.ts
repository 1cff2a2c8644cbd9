import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:https';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../bin/localtenant.js', import.meta.url));

/** A `localtenant start` child process, its output so far, and its exit. */
export interface CliServer {
  child: ChildProcess;
  url: string;
  port: number;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Resolves once stdout contains `text`. */
  printed(text: string): Promise<void>;
}

/** Runs `localtenant start --port 0 …args` and resolves once it printed its banner. */
export async function startCli(args: string[]): Promise<CliServer> {
  const child = spawn(process.execPath, [cli, 'start', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { text: string; ok: () => void }[] = [];
  child.stdout?.on('data', (d) => {
    stdout += d;
    for (const w of waiters.filter((w) => stdout.includes(w.text))) w.ok();
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  const printed = (text: string) =>
    new Promise<void>((ok, fail) => {
      if (stdout.includes(text)) return ok();
      waiters.push({ text, ok });
      void exited.then((code) => fail(new Error(`exited ${code} before printing "${text}": ${stderr}`)));
    });
  await printed('Press Ctrl-C to stop.');
  const url = /running at (https:\/\/localhost:\d+)/.exec(stdout)?.[1] as string;
  return {
    child,
    url,
    port: Number(new URL(url).port),
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    printed,
  };
}

/** An HTTP answer with its JSON body. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

/** A POST the server is serving but whose body the client has not sent yet. */
export interface HeldRequest {
  /** Sends the body and resolves with the answer. */
  finish(): Promise<Answer>;
  /** Resolves with the answer, or rejects if the connection ends without one. */
  answer: Promise<Answer>;
}

/**
 * Starts a form POST on its own connection with `Expect: 100-continue` and resolves once the server has read its
 * headers (it answered 100 Continue), keeping the body back: a request in flight for as long as the test wants.
 */
export async function holdPost(url: string, form: Record<string, string>): Promise<HeldRequest> {
  const body = new URLSearchParams(form).toString();
  const req = request(url, {
    method: 'POST',
    agent: false,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': Buffer.byteLength(body),
      expect: '100-continue',
    },
  });
  const answer = new Promise<Answer>((ok, fail) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d) => {
        text += d;
      });
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) }));
    });
    req.on('error', fail);
  });
  answer.catch(() => {});
  await new Promise<void>((ok, fail) => {
    req.once('continue', ok);
    req.once('error', fail);
    req.flushHeaders();
  });
  return {
    answer,
    finish() {
      req.end(body);
      return answer;
    },
  };
}

/** Opens a TCP connection to the port: `connected`, or the error code (`ECONNREFUSED`). */
export function tryConnect(port: number): Promise<string> {
  return new Promise((ok) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      ok('connected');
    });
    socket.once('error', (e: Error & { code?: string }) => ok(e.code ?? e.message));
  });
}
