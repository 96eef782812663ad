/**
 * One variant's server, in its own process so it never shares a heap or an event loop with the
 * load generator: `node bench/server.js <variant> <workdir>`. Reports its port over IPC.
 */
const [variant, workdir] = process.argv.slice(2);
const { createApp } = await import(`./variants/${variant}.js`);
const app = await createApp(workdir);
const server = app.listen(0, '127.0.0.1', () => {
  process.send({ port: server.address().port });
});
process.on('disconnect', () => process.exit(0));
