/**
 * Our package registry serves only Linux builds of native packages (other platforms' optional
 * binaries answer 404), so npm cannot record them in package-lock.json, and `npm ci` then refuses
 * the lock as "Missing: @swc/core-darwin-arm64 ...". This adds the missing platform-tagged entries
 * (npm never installs them on another platform), exactly as a lock written elsewhere would have.
 * Run after changing dependencies: `npm run lock:complete`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

interface LockEntry {
  version?: string;
  optionalDependencies?: Record<string, string>;
  [key: string]: unknown;
}

const PLATFORM =
  /-(darwin|linux|win32|freebsd|android|openbsd|netbsd|sunos|aix)-(arm64|x64|arm|ia32|ppc64|s390x|riscv64|loong64|mips64el)(?:-(gnu|musl|msvc|gnueabihf|eabi))?$/;

export function completeLock(lockPath: string): string[] {
  const lock = JSON.parse(readFileSync(lockPath, 'utf8')) as { packages: Record<string, LockEntry> };
  const added: string[] = [];
  for (const entry of Object.values(lock.packages)) {
    for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
      const key = `node_modules/${name}`;
      const m = PLATFORM.exec(name);
      if (lock.packages[key] || !m) continue;
      const [, os, cpu, abi] = m;
      lock.packages[key] = {
        version,
        optional: true,
        os: [os],
        cpu: [cpu],
        ...(abi === 'gnu' || abi === 'musl' ? { libc: [abi === 'gnu' ? 'glibc' : 'musl'] } : {}),
      };
      added.push(`${name}@${version}`);
    }
  }
  lock.packages = Object.fromEntries(
    Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
  );
  writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
  return added;
}

if (require.main === module) {
  const added = completeLock(path.resolve(__dirname, '../package-lock.json'));
  process.stdout.write(
    added.length ? `added ${added.length} platform entries: ${added.join(', ')}\n` : 'lockfile complete\n',
  );
}
