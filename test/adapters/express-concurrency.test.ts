/**
 * 1,000 concurrent requests in six languages against a real Express (5 and 4) server listening in
 * this process, 100 in flight at a time over keep-alive `fetch`. Each handler waits on timers,
 * awaited promises and an EventEmitter hop with random delays, so requests interleave; at every
 * step each must still see only its own locale through `req.locale`, `res.locals._` and
 * `currentLocale()`.
 */
import { EventEmitter, once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import express from 'express';
import express4Module from 'express4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localeMiddleware } from '../../src/adapters/express.js';
import { currentLocale, loadTranslations, type Translations } from '../../src/index.js';

const express4 = express4Module as unknown as typeof express;
const here = path.dirname(fileURLToPath(import.meta.url));
const LOCALES = path.join(here, '..', 'fixtures', 'express', 'locales');

const TOTAL = 1000;
const IN_FLIGHT = 100;
/** code → [the `Accept-Language` that picks it, "Hello" in it, its tag] */
const LANGUAGES: Record<string, [string, string, string]> = {
  en_US: ['en-GB', 'Hello', 'en-US'],
  fr_FR: ['fr-CA', 'Bonjour', 'fr-FR'],
  de_DE: ['de-AT', 'Hallo', 'de-DE'],
  ru_RU: ['ru', 'Привет', 'ru-RU'],
  ar: ['ar-EG', 'مرحبا', 'ar'],
  zh_TW: ['zh-HK', '哈囉', 'zh-TW'],
};
const CODES = Object.keys(LANGUAGES);

let i18n: Translations;

beforeAll(async () => {
  i18n = await loadTranslations(LOCALES, { defaultLocale: 'en_US', onWarning() {} });
});

/** Up to `ms` milliseconds, different every time, so requests finish out of order. */
const jitter = (ms: number) => Math.floor(Math.random() * ms);

describe.each([
  ['Express 5', express],
  ['Express 4', express4],
] as const)('%s', (_name, makeExpress) => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const app = makeExpress();
    app.use(localeMiddleware(i18n));
    app.get('/hello/:i', (req, res, next) => {
      const seen: string[] = [];
      const look = (step: string) =>
        seen.push(`${step} ${req.locale.code} ${res.locals._('Hello')} ${currentLocale().code}`);
      const run = async () => {
        look('start');
        await sleep(jitter(8));
        look('timer');
        await new Promise<void>((resolve) => setTimeout(resolve, jitter(4)));
        await Promise.all([sleep(jitter(3)), Promise.resolve().then(() => look('microtask'))]);
        look('await');
        const hop = new EventEmitter();
        hop.on('ping', () => look('listener'));
        const arrived = once(hop, 'pong');
        setTimeout(() => {
          hop.emit('ping');
          setImmediate(() => hop.emit('pong'));
        }, jitter(5));
        await arrived;
        look('emitter');
        res.json({ i: Number(req.params.i), seen });
      };
      run().catch(next);
    });
    server = createServer(app);
    server.keepAliveTimeout = 10_000;
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  it(`answers ${TOTAL} interleaved requests, each in its own language at every step`, async () => {
    // Each request picks its language one of three ways: query, cookie or Accept-Language.
    const plan = Array.from({ length: TOTAL }, (_, i) => {
      const code = CODES[i % CODES.length]!;
      const [acceptLanguage] = LANGUAGES[code]!;
      const way = Math.floor(i / CODES.length) % 3;
      const headers: Record<string, string> = {
        'Accept-Language': way === 2 ? acceptLanguage : 'xx',
      };
      if (way === 1) headers.Cookie = `theme=dark; locale=${code}`;
      return { i, code, url: `${base}/hello/${i}${way === 0 ? `?locale=${code}` : ''}`, headers };
    });

    const answers = new Map<
      number,
      { code: string; seen: string[]; contentLanguage: string | null }
    >();
    let next = 0;
    const worker = async () => {
      while (next < plan.length) {
        const item = plan[next++]!;
        const res = await fetch(item.url, { headers: item.headers });
        expect(res.status).toBe(200);
        const body = (await res.json()) as { i: number; seen: string[] };
        answers.set(body.i, {
          code: item.code,
          seen: body.seen,
          contentLanguage: res.headers.get('content-language'),
        });
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));

    expect(answers.size).toBe(TOTAL);
    const perLanguage = new Map<string, number>();
    for (const [, answer] of answers) {
      const { code } = answer;
      const [, hello, tag] = LANGUAGES[code]!;
      const expected = ['start', 'microtask', 'timer', 'await', 'listener', 'emitter'].map(
        (step) => `${step} ${code} ${hello} ${code}`,
      );
      // `microtask` runs inside Promise.all after `timer`; sort both to compare the set of steps.
      expect([...answer.seen].sort()).toEqual([...expected].sort());
      expect(answer.contentLanguage).toBe(tag);
      perLanguage.set(code, (perLanguage.get(code) ?? 0) + 1);
    }
    expect(Object.fromEntries(perLanguage)).toEqual({
      en_US: 167,
      fr_FR: 167,
      de_DE: 167,
      ru_RU: 167,
      ar: 166,
      zh_TW: 166,
    });
  });

  it('leaves no locale behind outside the requests', () => {
    expect(currentLocale().code).toBe('en_US');
  });
});
