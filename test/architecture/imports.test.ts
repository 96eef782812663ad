/**
 * The folders are the architecture (STYLE.md): imports point down only, and no module imports
 * itself back through a cycle. This reads every import specifier of src/ and cli/src/ and checks
 * both rules, so a change that breaks the layering fails here rather than in a review.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

/** Lower ranks are lower layers; a module may import its own layer or lower ones only. */
const LAYER_RANK: Record<string, number> = {
  errors: 0,
  formats: 1,
  negotiation: 1,
  text: 1,
  core: 2,
  adapters: 3,
  index: 4,
};

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const rel = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(rel));
    else if (entry.name.endsWith('.ts')) out.push(rel);
  }
  return out.sort();
}

/** Every module specifier a file imports or re-exports, statically or with `import()`. */
function specifiers(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const found: string[] = [];
  const pattern =
    /(?:^|[\s;}])(?:import|export)\b[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm;
  for (const match of text.matchAll(pattern)) {
    const spec = match[1] ?? match[2] ?? match[3];
    if (spec !== undefined) found.push(spec);
  }
  return found;
}

/** `src/formats/po.ts` → `formats`; `src/index.ts` → `index`; `src/errors.ts` → `errors`. */
function layerOf(file: string): string {
  const parts = relative('src', file).split('/');
  if (parts.length === 1) return (parts[0] as string).replace(/\.ts$/, '');
  return parts[0] as string;
}

function resolveLocal(from: string, spec: string): string {
  return normalize(join(dirname(from), spec)).replace(/\.js$/, '.ts');
}

const runtime = sourceFiles('src');
const cli = sourceFiles('cli/src');

describe('runtime layering (src/)', () => {
  it('knows every folder of src/ as a layer', () => {
    const layers = new Set(runtime.map(layerOf));
    expect([...layers].filter((l) => !(l in LAYER_RANK))).toEqual([]);
    expect(layers.has('formats') && layers.has('core') && layers.has('adapters')).toBe(true);
  });

  it('imports point down only, and never into the CLI', () => {
    const upward: string[] = [];
    for (const file of runtime) {
      const rank = LAYER_RANK[layerOf(file)] as number;
      for (const spec of specifiers(file)) {
        if (!spec.startsWith('.')) {
          if (spec.startsWith('localekit'))
            upward.push(`${file} → ${spec} (the runtime imports itself by name)`);
          continue;
        }
        const target = resolveLocal(file, spec);
        if (!target.startsWith('src/')) {
          upward.push(`${file} → ${target} (outside the runtime)`);
          continue;
        }
        const targetLayer = layerOf(target);
        const targetRank = LAYER_RANK[targetLayer] as number;
        const sideways = targetRank === rank && targetLayer !== layerOf(file);
        if (targetRank > rank || sideways) upward.push(`${file} → ${target}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('has no import cycle', () => {
    const graph = new Map<string, string[]>();
    for (const file of runtime) {
      graph.set(
        file,
        specifiers(file)
          .filter((s) => s.startsWith('.'))
          .map((s) => resolveLocal(file, s)),
      );
    }
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...stack.slice(stack.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      stack.push(file);
      for (const next of graph.get(file) ?? []) visit(next);
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of runtime) visit(file);
    expect(cycles).toEqual([]);
  });
});

describe('the CLI package (cli/src/)', () => {
  it('reaches the runtime only through its public entry points', () => {
    const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      exports: Record<string, unknown>;
    };
    const publicPaths = new Set(
      Object.keys(packageJson.exports).map((k) =>
        k === '.' ? 'localekit' : `localekit/${k.slice(2)}`,
      ),
    );
    const wrong: string[] = [];
    for (const file of cli) {
      for (const spec of specifiers(file)) {
        if (spec.startsWith('.')) {
          const target = resolveLocal(file, spec);
          if (!target.startsWith('cli/src/')) wrong.push(`${file} → ${target}`);
        } else if (spec.startsWith('localekit') && !publicPaths.has(spec)) {
          wrong.push(`${file} → ${spec} (not in the runtime's exports map)`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(cli.some((f) => specifiers(f).includes('localekit/formats'))).toBe(true);
  });
});

describe('the runtime package.json', () => {
  it('depends only on what src/ imports', () => {
    const { dependencies = {}, peerDependencies = {} } = JSON.parse(
      readFileSync(join(ROOT, 'package.json'), 'utf8'),
    ) as {
      dependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
    };
    const imported = new Set<string>();
    for (const file of runtime) {
      for (const spec of specifiers(file)) {
        if (spec.startsWith('.') || spec.startsWith('node:')) continue;
        const name = spec.startsWith('@')
          ? spec.split('/').slice(0, 2).join('/')
          : spec.split('/')[0];
        imported.add(name as string);
      }
    }
    // The frameworks an adapter serves are optional peers (the adapters import only their types).
    const peers = Object.keys(peerDependencies);
    expect(peers).toEqual(expect.arrayContaining(['express', 'fastify', 'koa']));
    expect(Object.keys(dependencies).sort()).toEqual(
      [...imported].filter((n) => !peers.includes(n)).sort(),
    );
  });
});
