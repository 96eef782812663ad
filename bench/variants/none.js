/** (a) No i18n: the same page with static English strings. The ceiling. */
import express from 'express';
import { renderPage } from '../lib/page.js';
import { referenceStrings } from '../lib/workload.js';
import { readWorkload } from '../lib/workdir.js';

export async function createApp(workdir) {
  const strings = referenceStrings(readWorkload(workdir), 'en');
  const app = express();
  app.disable('x-powered-by');
  // No placeholders to fill: the Tornado-style page is the same static page.
  app.get(['/', '/tornado'], (_req, res) => {
    res.send(renderPage('en', 'ltr', strings));
  });
  return app;
}
