// Shared harness of the browser tests (console.test.mjs, care.test.mjs,
// school.test.mjs): starts the real denen binary on a fresh SQLite database and a
// free port, and drives its pages with headless Chromium.
//
// Everything one test file needs to keep (work folder, server process and log,
// base URL, browser, pages, whether a step failed, CSP violations and page errors)
// lives in one BrowserTest object that the file creates; this module keeps no
// state of its own.
//
// Needs: DENEN_BIN (the built binary), DENEN_WEB_ROOT (the repo's web/), Chromium at
// /usr/bin/chromium (or DENEN_CHROMIUM) and `npm ci` run in this folder. A missing
// piece fails the test; it is never skipped.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));

export const CHROMIUM = process.env.DENEN_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
export const SERVER_START_TIMEOUT_MS = 20_000;
export const STEP_TIMEOUT_MS = 60_000;

/** The absolute path of an existing file named by the environment variable `name`. */
export function requireEnvFile(name, testFile) {
  const value = process.env[name];
  assert.ok(value, `${name} must be set (see the comment at the top of ${testFile})`);
  assert.ok(fs.existsSync(value), `${name}=${value} does not exist`);
  return path.resolve(value);
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Runs one denen command to the end; fails unless it exits with 0. */
export function runDenen(bin, args, input) {
  const result = spawnSync(bin, args, { input, encoding: 'utf8', timeout: 30_000 });
  assert.equal(result.status, 0,
    `denen ${args.join(' ')} exited with ${result.status ?? result.signal}\n` +
    `stdout:\n${result.stdout}\nstderr:\n${result.stderr}${result.error ? '\n' + result.error : ''}`);
  return result.stdout;
}

/** Imports playwright-core's chromium; fails (never skips) when it is not installed. */
export async function loadChromium() {
  assert.ok(fs.existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}`);
  try {
    const { chromium } = await import('playwright-core');
    return chromium;
  } catch (e) {
    assert.fail(`playwright-core is not installed: run "npm ci" in ${HERE}\n${e.message}`);
  }
}

/** The state of one test file: its server, browser and pages, and whether a step failed. */
export class BrowserTest {
  /**
   * @param {string} name  short name, used for the work folder (denen-<name>-test-…)
   * @param {string} testFileUrl  import.meta.url of the test file, named in error messages
   */
  constructor(name, testFileUrl) {
    this.name = name;
    this.testFile = fileURLToPath(testFileUrl);
    this.workDir = undefined;
    this.config = undefined;
    this.server = undefined;
    this.serverLog = '';  // every start's output, for failure messages
    this.serverLogFrom = 0;  // where the current start's output begins in serverLog
    this.bin = undefined;
    this.baseUrl = undefined;
    this.browser = undefined;
    this.page = undefined;
    this.failed = false;
    this.cspViolations = [];
    this.pageErrors = [];
  }

  /**
   * Registers the before/after hooks of the enclosing describe(). `setUp` defaults
   * to start(options); a failing set-up marks the test failed so the work folder is kept.
   */
  hooks(setUp) {
    before(async () => {
      try {
        await setUp();
      } catch (e) {
        this.failed = true;
        throw e;
      }
    });
    after(() => this.tearDown());
  }

  /**
   * Checks the prerequisites, writes the config into a fresh work folder, migrates,
   * adds `users` ([{username, displayName, password}, role] pairs), serves, waits
   * for /healthz, launches Chromium and opens the main page (this.page).
   */
  async start({ users = [], extraConfig = [] } = {}) {
    const bin = requireEnvFile('DENEN_BIN', this.testFile);
    this.bin = bin;
    const webRoot = requireEnvFile('DENEN_WEB_ROOT', this.testFile);
    const chromium = await loadChromium();

    this.workDir = fs.mkdtempSync(path.join(os.tmpdir(), `denen-${this.name}-test-`));
    this.config = path.join(this.workDir, 'denen.toml');
    // The port was free when probed; another test may take it before denen
    // binds it. denen then refuses to start (it never shares a port), and the
    // test tries another port.
    for (let attempt = 1; ; ++attempt) {
      const port = await freePort();
      this.baseUrl = `http://127.0.0.1:${port}`;
      fs.writeFileSync(this.config, [
        '[municipality]',
        'code = "062090"',
        'name = "長井市"',
        '[database]',
        `url = "sqlite:${path.join(this.workDir, 'denen.db')}"`,
        '[server]',
        `listen = "127.0.0.1:${port}"`,
        `web_root = "${webRoot}"`,
        ...extraConfig,
        '',
      ].join('\n'));

      if (attempt === 1) {
        runDenen(bin, ['migrate', '--config', this.config]);
        for (const [user, role] of users) {
          runDenen(bin, ['user', 'add', '--config', this.config, '--username', user.username,
            '--display-name', user.displayName, '--role', role, '--password-stdin'],
          user.password + '\n');
        }
      }

      const portTaken = await this.startServer(attempt < 5);
      if (!portTaken) break;
    }

    // launch() gives the browser a fresh temporary profile of its own.
    this.browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    this.page = await this.newPage();
  }

  /**
   * Opens a page in a new browser context (own cookies and localStorage) whose CSP
   * violations and uncaught errors are collected.
   */
  async newPage(contextOptions = { viewport: { width: 1280, height: 900 }, locale: 'ja-JP' }) {
    const context = await this.browser.newContext(contextOptions);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) this.cspViolations.push(msg.text());
    });
    page.on('pageerror', (error) => this.pageErrors.push(error.message));
    return page;
  }

  /**
   * Starts `denen serve` on this test's config (again, after stopServer) and
   * waits until it answers (waitForHealthy).
   */
  startServer(mayRetry = false) {
    this.serverLogFrom = this.serverLog.length;
    this.server = spawn(this.bin, ['serve', '--config', this.config], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.server.stdout.on('data', (d) => { this.serverLog += d; });
    this.server.stderr.on('data', (d) => { this.serverLog += d; });
    return this.waitForHealthy(`${this.baseUrl}/healthz`, mayRetry);
  }

  /**
   * Waits until this test's server has bound its port (it says so on stdout:
   * 「…を起動しました」) and answers /healthz, so that no other process's server
   * on the same port is ever taken for it. Returns true, when mayRetry, if the
   * server exited because the port was taken; fails on any other early exit.
   */
  async waitForHealthy(url, mayRetry = false) {
    const server = this.server;
    const deadline = Date.now() + SERVER_START_TIMEOUT_MS;
    // Only this start's output: a server started before on the same port said
    // 「…を起動しました」 too.
    const output = () => this.serverLog.slice(this.serverLogFrom);
    while (Date.now() < deadline) {
      if (server.exitCode !== null || server.signalCode !== null) {
        if (mayRetry && output().includes('bind_failed')) return true;
        assert.fail(`denen serve exited early (${server.exitCode ?? server.signalCode}):\n${this.serverLog}`);
      }
      if (output().includes('を起動しました')) {
        try {
          const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
          if (response.status === 200) {
            assert.deepEqual(await response.json(), { status: 'ok' }, 'GET /healthz body');
            return false;
          }
        } catch {
          // Not answering yet.
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.fail(`denen serve did not answer ${url} within ${SERVER_START_TIMEOUT_MS / 1000}s:\n${this.serverLog}`);
  }

  stopServer() {
    const server = this.server;
    if (!server || server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const killer = setTimeout(() => server.kill('SIGKILL'), 5_000);
      server.once('exit', () => {
        clearTimeout(killer);
        resolve();
      });
      server.kill('SIGTERM');
    });
  }

  /** Closes the browser, stops the server; keeps the work folder (and says so) after a failure. */
  async tearDown() {
    await this.browser?.close().catch(() => {});
    await this.stopServer();
    if (this.failed && this.workDir) {
      console.error(`kept ${this.workDir}; server output:\n${this.serverLog}`);
    } else if (this.workDir) {
      fs.rmSync(this.workDir, { recursive: true, force: true });
    }
  }

  /** A test step; the first failure keeps the work folder and saves a screenshot. */
  step(name, fn) {
    it(name, { timeout: STEP_TIMEOUT_MS }, async () => {
      try {
        await fn();
      } catch (e) {
        if (!this.failed && this.page) {
          const shot = path.join(this.workDir, 'failure.png');
          await this.page.screenshot({ path: shot, fullPage: true }).catch(() => {});
          console.error(`failure screenshot: ${shot} (page ${this.page.url()})`);
        }
        this.failed = true;
        throw e;
      }
    });
  }

  /** Submits by clicking `button` and returns the response of the API call it makes. */
  async submitAndCapture(button, method, apiPath) {
    const [response] = await Promise.all([
      this.page.waitForResponse((r) => r.request().method() === method &&
        new URL(r.url()).pathname === apiPath),
      button.click(),
    ]);
    // A response the page navigated away from has no body left to read.
    const body = response.status() === 204 ? null : await response.json().catch(() => undefined);
    return { status: response.status(), body };
  }

  /** Calls the API from the page, with its cookie, as the pages themselves do. */
  apiFromPage(method, apiPath, body) {
    return this.page.evaluate(async ({ method, apiPath, body }) => {
      const headers = { 'Content-Type': 'application/json' };
      if (method !== 'GET') {
        const session = await fetch('/api/v1/auth/session').then((r) => r.json());
        headers['X-CSRF-Token'] = session.csrf_token;
      }
      const response = await fetch('/api/v1' + apiPath, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    }, { method, apiPath, body });
  }

  /** Fills the login form on the current page and submits it; answers the login response. */
  async logIn(username, password) {
    await this.page.getByLabel('ユーザー名').fill(username);
    await this.page.getByLabel('パスワード').fill(password);
    return this.submitAndCapture(
      this.page.getByRole('button', { name: 'ログイン', exact: true }), 'POST', '/api/v1/auth/login');
  }

  /** Waits until the console home page has loaded its module cards. */
  async waitForModules() {
    await this.page.locator('#loading').waitFor({ state: 'hidden' });
  }
}
