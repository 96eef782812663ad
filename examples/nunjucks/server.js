// `node examples/nunjucks/server.js` (after `npm run build`): the Nunjucks variant of the demo.
import { createNunjucksApp } from './app.js';

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 3001);
const app = await createNunjucksApp();
const server = app.listen(port, host, () => {
  console.log(`localekit demo (Nunjucks): http://${host}:${server.address().port}/`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
