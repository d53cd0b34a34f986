/**
 * The unit tier stays server-free: its config has no global setup, and nothing its test files
 * import (followed through every relative import, production code included) reaches the Temporal
 * test server, the harness that boots the dev server, the binaries or a browser. Test-side files
 * do not read the TEST_* variables the global setup exports.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import unitConfig from '../../jest.unit.config';

const ROOT = path.resolve(__dirname, '../..');
const FORBIDDEN_PACKAGES = ['@temporalio/testing', 'playwright-core'];
const FORBIDDEN_PATHS = ['test/harness/', 'scripts/stack/', 'scripts/temporal-binaries.ts'];

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return testFiles(full);
    return full.endsWith('.test.ts') ? [full] : [];
  });
}

function resolve(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  return [`${base}.ts`, path.join(base, 'index.ts'), base].find((p) => existsSync(p) && statSync(p).isFile());
}

/** Every file reachable through relative imports, with the packages each one imports. */
function closure(entries: string[]): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const queue = [...entries];
  for (let file = queue.pop(); file; file = queue.pop()) {
    if (seen.has(file) || !file.endsWith('.ts')) continue;
    const source = readFileSync(file, 'utf8');
    const specs = [...source.matchAll(/(?:from|import|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1] as string);
    seen.set(
      file,
      specs.filter((s) => !s.startsWith('.')),
    );
    for (const s of specs.filter((x) => x.startsWith('.'))) {
      const target = resolve(file, s);
      if (target) queue.push(target);
    }
  }
  return seen;
}

test('the unit config boots nothing: no global setup or teardown, only test/unit', () => {
  expect(unitConfig.globalSetup).toBeUndefined();
  expect(unitConfig.globalTeardown).toBeUndefined();
  expect(unitConfig.setupFiles ?? []).toEqual([]);
  expect(unitConfig.roots).toEqual(['<rootDir>/test/unit']);
});

test('nothing the unit tests import reaches a server binary, the harness or a browser', () => {
  const files = closure(testFiles(__dirname));
  const offenders: string[] = [];
  for (const [file, packages] of files) {
    const rel = path.relative(ROOT, file);
    if (FORBIDDEN_PATHS.some((p) => rel.startsWith(p))) offenders.push(rel);
    for (const pkg of packages) if (FORBIDDEN_PACKAGES.includes(pkg)) offenders.push(`${rel} imports ${pkg}`);
    if (rel.startsWith('test/') && /process\.env\.TEST_|process\.env\[['"]TEST_/.test(readFileSync(file, 'utf8')))
      offenders.push(`${rel} reads TEST_*`);
  }
  expect(offenders).toEqual([]);
  // The walk really follows imports: the simulator fixture and the adapters are in the closure.
  expect([...files.keys()].map((f) => path.relative(ROOT, f))).toEqual(
    expect.arrayContaining(['test/integrations/sim-fixture.ts', 'integrations/dialog360.ts', 'simulator/server.ts']),
  );
});
