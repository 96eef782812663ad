import { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CATALOG_STATUS_MESSAGE,
  type CatalogStatus,
  loadTranslations,
  RELOAD_MESSAGE,
  reloadOnMessage,
  reloadWorkers,
} from '../../src/index.js';
import { makeDir } from '../helpers/tmp.js';

/** A worker's IPC channel: messages in through `emit`, reports out into `sent`. */
function fakeChannel() {
  const channel = new EventEmitter() as EventEmitter & { send: (m: unknown) => boolean };
  const sent: { type: string; status: CatalogStatus }[] = [];
  channel.send = (m) => {
    sent.push(m as { type: string; status: CatalogStatus });
    return true;
  };
  return { channel, sent };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
let cleanup = (): void => {};
afterEach(() => cleanup());

describe('reloadOnMessage', () => {
  it('reloads on the primary message, reports each generation, keeps old catalogs on failure', async () => {
    const dir = makeDir({ 'fr_FR.csv': '"Hello","Bonjour"\n' });
    cleanup = dir.cleanup;
    const i18n = await loadTranslations(dir.dir, { onWarning() {} });
    const { channel, sent } = fakeChannel();
    const errors: string[] = [];
    const reloader = reloadOnMessage(i18n, {
      channel,
      onError: (error, status) => errors.push(`${status.generation}: ${(error as Error).message}`),
    });
    expect(sent.map((m) => [m.type, m.status.generation])).toEqual([[CATALOG_STATUS_MESSAGE, 1]]);

    writeFileSync(path.join(dir.dir, 'fr_FR.csv'), '"Hello","Salut"\n');
    channel.emit('message', { type: 'something else' });
    await settle();
    expect(i18n.get('fr').translate('Hello')).toBe('Bonjour');
    channel.emit('message', { type: RELOAD_MESSAGE });
    await expect.poll(() => reloader.status().generation).toBe(2);
    expect(i18n.get('fr').translate('Hello')).toBe('Salut');
    expect(sent.at(-1)?.status).toMatchObject({ pid: process.pid, generation: 2 });
    expect(sent.at(-1)?.status.failed).toBeUndefined();

    writeFileSync(path.join(dir.dir, 'fr_FR.csv'), '"Hello","unterminated\n');
    channel.emit('message', { type: RELOAD_MESSAGE });
    await expect.poll(() => reloader.status().failed).toBeDefined();
    expect(i18n.get('fr').translate('Hello')).toBe('Salut');
    expect(reloader.status().generation).toBe(2);
    expect(reloader.status().failed?.message).toContain('fr_FR.csv');
    expect(sent.at(-1)?.status.failed?.message).toContain('fr_FR.csv');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^2: .*fr_FR\.csv/);

    // A later success clears the failure; close() stops listening.
    expect((await reloader.reload()).generation).toBe(2);
    expect(errors).toHaveLength(2);
    writeFileSync(path.join(dir.dir, 'fr_FR.csv'), '"Hello","Coucou"\n');
    const next = await reloader.reload();
    expect([next.generation, next.failed]).toEqual([3, undefined]);
    reloader.close();
    expect(channel.listenerCount('message')).toBe(0);
    expect(reloader.noteReload().generation).toBe(4);
  });

  it('rejects unknown options', async () => {
    const dir = makeDir({});
    cleanup = dir.cleanup;
    const i18n = await loadTranslations(dir.dir);
    expect(() => reloadOnMessage(i18n, { onReloaded() {} } as never)).toThrow(
      /unknown option "onReloaded"/,
    );
  });
});

describe('reloadWorkers', () => {
  it('sends the reload message to every connected worker of cluster.workers', () => {
    const got: string[] = [];
    const worker = (id: string, connected: boolean) => ({
      send: (m: { type: string }) => {
        got.push(`${id}:${m.type}`);
        return false;
      },
      isConnected: () => connected,
    });
    expect(
      reloadWorkers({
        1: worker('a', true),
        2: undefined,
        3: worker('b', false),
        4: worker('c', true),
      }),
    ).toBe(2);
    expect(got).toEqual([`a:${RELOAD_MESSAGE}`, `c:${RELOAD_MESSAGE}`]);
    expect(reloadWorkers(undefined)).toBe(0);
    expect(reloadWorkers([worker('d', true)])).toBe(1);
  });
});
