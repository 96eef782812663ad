/** The adapter contract (./contract.ts) through real Express 5 and Express 4 servers. */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type Request, type Response } from 'express';
import express4Module from 'express4';
import {
  hreflangLinks,
  type LocaleMiddlewareOptions,
  localeMiddleware,
  setLocale,
} from '../../src/adapters/express.js';
import { describeAdapterContract, errorAnswer, handle, type RequestView } from './contract.js';

const express4 = express4Module as unknown as typeof express;

function view(req: Request, res: Response): RequestView {
  return {
    method: req.method,
    url: req.url,
    locale: () => req.locale,
    locals: () => res.locals as Record<string, unknown>,
    setLocale: (code, remember) => setLocale(req, code, { remember }),
    links: () => hreflangLinks(req),
    body: req.body,
  };
}

for (const [name, makeExpress] of [
  ['Express 5', express],
  ['Express 4', express4],
] as const) {
  describeAdapterContract({
    name,
    stripsPrefix: true,
    errorKeepsHeaders: true,
    async start(i18n, options, settings = {}) {
      const app = makeExpress();
      if (settings.trustProxy) app.set('trust proxy', true);
      const { vary } = settings;
      if (vary !== undefined) {
        app.use((_req, res, next) => {
          res.setHeader('Vary', vary);
          next();
        });
      }
      app.use(localeMiddleware(i18n, options as LocaleMiddlewareOptions));
      app.use(makeExpress.json());
      app.use((req, res, next) => {
        handle(view(req, res)).then((body) => res.json(body), next);
      });
      const onError: ErrorRequestHandler = (err, req, res, _next) => {
        res.status(500).json(errorAnswer(err, view(req, res)));
      };
      app.use(onError);
      const server = createServer(app);
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      return {
        base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        async close() {
          server.closeAllConnections();
          server.close();
          await once(server, 'close');
        },
      };
    },
  });
}
