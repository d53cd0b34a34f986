/**
 * The `npm start` demo: drives a Cloud-API port-in (Embedded Signup, how numbers move today), a
 * port-in from another BSP's On-Premise API (the legacy path), a port-out and a partner change
 * through the HTTP API (the same calls as the curl walk-through in docs/api.md), playing the humans
 * through the simulator, with a live step timeline. Fresh numbers and WABAs every run, so runs never
 * collide.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { randomInt } from 'node:crypto';
import type { Config } from '../temporal.config';
import { demoBatch } from './demo-batch';
import { cacheRoot, TEMPORAL_CLI_VERSION } from './temporal-binaries';

interface Timeline {
  step: string;
  outcome?: string;
  reason?: string;
  timeline: { step: string; at: string; note?: string }[];
  /** The number owner's page while the migration waits for the owner. */
  ownerAction?: { action: string; url: string; expiresAt: string };
}
type Actions = Record<string, (status: Timeline) => Promise<void>>;

const bold = (s: string) => `\x1b[1m${s}\x1b[0m`;
const dim = (s: string) => `\x1b[2m${s}\x1b[0m`;
const out = (s = '') => process.stdout.write(`${s}\n`);
const time = (iso: string) => new Date(iso).toISOString().slice(11, 23);
const mask = (secret: string) => `${secret.slice(0, 4)}…${'•'.repeat(6)}`;

export async function runDemo(config: Config): Promise<void> {
  const api = `http://127.0.0.1:${config.API_PORT}`;
  const sim = `http://127.0.0.1:${config.SIMULATOR_PORT}`;
  const token = config.API_TOKENS[0] ?? '';
  const http = async <T>(method: string, url: string, body?: unknown, auth = true): Promise<T> => {
    const res = await fetch(url, {
      method,
      headers: {
        ...(auth ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url} -> ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const m = (id: string, suffix = '') => `${api}/v1/migrations/${encodeURIComponent(id)}${suffix}`;
  const curl = (method: string, url: string, body?: unknown) =>
    out(
      dim(
        `  $ curl -sX ${method} ${url.replace(api, '$API')} -H "Authorization: Bearer $TOKEN"${body ? ` -H 'content-type: application/json' -d '${JSON.stringify(body)}'` : ''}`,
      ),
    );

  /** Prints timeline entries as they appear and runs each step's action once; resolves at the outcome. */
  async function follow(id: string, actions: Actions = {}): Promise<Timeline> {
    let shown = 0;
    const done = new Set<string>();
    const deadline = Date.now() + 120_000;
    for (;;) {
      const s = await http<Timeline>('GET', m(id));
      for (const e of s.timeline.slice(shown)) out(`  ${dim(time(e.at))}  ${bold(e.step.padEnd(36))} ${e.note ?? ''}`);
      shown = s.timeline.length;
      const action = actions[s.step];
      if (action && !done.has(s.step)) {
        done.add(s.step);
        if (s.ownerAction) {
          out(
            `  ${bold("owner's page")} (${s.ownerAction.action}, until ${s.ownerAction.expiresAt}): ${s.ownerAction.url}`,
          );
        }
        await action(s);
      }
      if (s.outcome) return s;
      if (Date.now() > deadline) throw new Error(`${id} did not finish within 2 minutes (step ${s.step})`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  const started: { migrationId: string; runId: string }[] = [];
  const start = async (kind: string, body: unknown): Promise<string> => {
    curl('POST', `${api}/v1/${kind}`, body);
    const run = await http<{ migrationId: string; runId: string; created: boolean }>('POST', `${api}/v1/${kind}`, body);
    out(`  → ${bold(run.migrationId)} ${run.created ? 'started' : 'already running'}`);
    started.push(run);
    return run.migrationId;
  };
  // Seeded with fresh IDs: the dev server keeps finished migrations across runs (SQLite).
  const seedWaba = (count: number) =>
    http<{ wabaId: string; channels: { id: string; e164: string }[] }>(
      'POST',
      `${sim}/_sim/wabas`,
      {
        wabaId: `waba-demo-${randomInt(1e9, 1e10)}`,
        numbers: Array.from({ length: count }, () => `+4917${randomInt(100_000_000, 999_999_999)}`),
        twoFaEnabled: false,
      },
      false,
    );
  const end = (s: Timeline) =>
    out(
      `  ${s.outcome === 'completed' ? '✔' : '✖'} outcome ${bold(s.outcome ?? '?')}${s.reason ? ` (${s.reason})` : ''}\n`,
    );
  const fast = { pollEvery: '1s', remindEvery: '1h' };

  const simPost = (url: string, body: unknown) => http<Record<string, string>>('POST', `${sim}${url}`, body, false);

  // 1. Cloud-API port-in by Embedded Signup: the owner moves the number in Meta's popup, we do the rest.
  const cloudNumber = `+4917${randomInt(100_000_000, 999_999_999)}`;
  const tag = randomInt(1e9, 1e10);
  const [sourceWabaId, destWabaId, business] = [`waba-other-bsp-${tag}`, `waba-demo-${tag}`, '1234567890'];
  await simPost(`/_sim/cloud/numbers/${encodeURIComponent(cloudNumber)}`, {
    sourceWabaId,
    businessId: business,
    templates: [
      { name: 'order_update' },
      { name: 'welcome' },
      { name: 'promo_blast', failReason: 'Incorrect category' },
    ],
  });
  await simPost(`/_sim/cloud/wabas/${destWabaId}`, { businessId: business });
  out(
    bold(
      `\n▸ Demo 1/5: Cloud-API port-in of ${cloudNumber} by Embedded Signup (export API=${api} TOKEN=<one of API_TOKENS>)`,
    ),
  );
  const cloudPortIn = await start('port-ins', {
    phoneNumber: cloudNumber,
    wabaId: destWabaId,
    metaBusinessId: business,
    businessWebsite: `${sim}/sites/demo-shop`,
    attestations: { adminAccess: true, phoneAccess: true },
    timings: fast,
    path: 'cloud-api',
    cloud: { way: 'embedded-signup', sourceWabaId, creditLine: { id: 'cl-360dialog', currency: 'EUR' } },
  });
  end(
    await follow(cloudPortIn, {
      AWAITING_EMBEDDED_SIGNUP: async () => {
        out(dim("  (the owner turns 2FA off and completes Meta's popup, typing Meta's code there: simulated)"));
        const session = await simPost('/_sim/cloud/embedded-signup', { e164: cloudNumber, wabaId: destWabaId });
        const body = { wabaId: session.wabaId, phoneNumberId: session.phoneNumberId, code: session.code ?? '' };
        // The signup code is a one-time credential: masked on screen, sealed before Temporal sees it.
        curl('POST', m(cloudPortIn, '/embedded-signup'), { ...body, code: '<code from FB.login>' });
        out(`  → ${JSON.stringify(await http('POST', m(cloudPortIn, '/embedded-signup'), body))}`);
      },
    }),
  );
  const cloudKey = await http<{ apiKey: string; keyId: string; twoFactorPin?: string }>(
    'GET',
    m(cloudPortIn, '/api-key'),
  );
  curl('GET', m(cloudPortIn, '/api-key'));
  out(
    `  → API key ${mask(cloudKey.apiKey)} (id ${cloudKey.keyId}) and the number's new two-step PIN ${cloudKey.twoFactorPin ? '••••••' : '(none)'}: the owner turns 2FA back on with it\n`,
  );

  // 2. Port-in from another BSP's On-Premise API (the legacy path): the requester types the PIN.
  const e164 = `+4915${randomInt(100_000_000, 999_999_999)}`;
  out(bold(`▸ Demo 2/5: On-Premise port-in of ${e164} to 360dialog (the legacy path)`));
  const portIn = await start('port-ins', {
    path: 'on-premise',
    phoneNumber: e164,
    wabaId: `waba-${e164.slice(1)}`,
    metaBusinessId: '1234567890',
    businessWebsite: `${sim}/sites/demo-shop`,
    attestations: { adminAccess: true, phoneAccess: true },
    codeMethod: 'SMS',
    timings: { ...fast, resendCooldown: '5s' },
  });
  end(
    await follow(portIn, {
      AWAITING_PIN: async () => {
        const inbox = await http<{ code: string; method: string }[]>(
          'GET',
          `${sim}/_sim/inbox/${encodeURIComponent(e164)}`,
          undefined,
          false,
        );
        const pin = inbox.at(-1)?.code ?? '';
        // The PIN is a secret even in a demo: never on screen, not even in part.
        out(
          dim(
            `  (the phone received a ${pin.length}-digit code by ${inbox.at(-1)?.method}; the owner could type it on the page above, here the requester submits it)`,
          ),
        );
        curl('POST', m(portIn, '/pin'), { pin: '<6 digits>' });
        out(`  → ${JSON.stringify(await http('POST', m(portIn, '/pin'), { pin }))}`);
      },
    }),
  );
  const key = await http<{ apiKey: string; keyId: string }>('GET', m(portIn, '/api-key'));
  curl('GET', m(portIn, '/api-key'));
  out(
    `  → API key ${mask(key.apiKey)} (id ${key.keyId}), fetchable for API_KEY_PICKUP_WINDOW (7 days) after completion, never logged\n`,
  );

  // 3. Port-out: a number leaves 360dialog; cancelling the subscription needs an explicit confirmation.
  const outWaba = await seedWaba(1);
  const leaving = outWaba.channels[0]?.e164 ?? '';
  out(bold(`▸ Demo 3/5: port-out of ${leaving} (WABA ${outWaba.wabaId}) to another BSP`));
  const portOut = await start('port-outs', { phoneNumber: leaving, wabaId: outWaba.wabaId, timings: fast });
  end(
    await follow(portOut, {
      AWAITING_NUMBER_LEFT: async () => {
        out(dim('  (the new BSP migrates the number away: simulated)'));
        await http('POST', `${sim}/_sim/numbers/${encodeURIComponent(leaving)}/left`, undefined, false);
      },
      AWAITING_CANCELLATION_CONFIRMATION: async () => {
        const body = { confirm: true, confirmedBy: 'demo@example.com' };
        curl('POST', m(portOut, '/subscription/cancel'), body);
        out(`  → ${JSON.stringify(await http('POST', m(portOut, '/subscription/cancel'), body))}`);
      },
    }),
  );

  // 4. Partner change: a WABA with two numbers moves to another integration partner inside 360dialog.
  const pcWaba = await seedWaba(2);
  const partner = `DEMO${randomInt(10_000, 99_999)}PA`;
  out(bold(`▸ Demo 4/5: partner change of WABA ${pcWaba.wabaId} (2 numbers) to ${partner}`));
  const change = await start('partner-changes', {
    wabaId: pcWaba.wabaId,
    destinationPartnerId: partner,
    timings: fast,
  });
  end(
    await follow(change, {
      AWAITING_NUMBER_CONFIRMATION: async () => {
        const body = { phoneNumbers: pcWaba.channels.map((c) => c.e164) };
        curl('POST', m(change, '/numbers/confirm'), body);
        await http('POST', m(change, '/numbers/confirm'), body);
      },
      AWAITING_PERMISSION_SELECTION: async () => {
        const body = { channelIds: pcWaba.channels.map((c) => c.id) };
        curl('POST', m(change, '/numbers/permissions'), body);
        await http('POST', m(change, '/numbers/permissions'), body);
      },
    }),
  );

  // 5. A batch: many numbers of one client in one call, paced as one.
  const text = async (url: string, accept: string) =>
    (await fetch(url, { headers: { authorization: `Bearer ${token}`, accept } })).text();
  await demoBatch({ api, sim, http, text, curl, out, bold, dim }, 'Demo 5/5', fast);

  printWhereToLook(config, started);
}

function printWhereToLook(config: Config, runs: { migrationId: string; runId: string }[]): void {
  const ids = runs.map((r) => r.migrationId);
  const ui = `http://127.0.0.1:${config.DEV_UI_PORT}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows`;
  const cached = path.join(cacheRoot(config), `temporal-cli-${TEMPORAL_CLI_VERSION}`, 'temporal');
  const cli = config.TEMPORAL_CLI_PATH ?? (existsSync(cached) ? cached : 'temporal');
  const address = config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.DEV_SERVER_PORT}`;
  out(bold('▸ Where to look'));
  // The Web UI is the dev server's: on another server (TEMPORAL_ADDRESS) the CLI below is the way in.
  if (config.TEMPORAL_ADDRESS) out(dim(`  (no Web UI of ours beside ${address}: read with the CLI)`));
  else {
    for (const r of runs) out(`  Web UI  ${ui}/${encodeURIComponent(r.migrationId)}/${r.runId}/history`);
    out(
      `  All migrations: ${ui}?query=${encodeURIComponent("MigrationKind IN ('port-in','port-out','partner-change')")}`,
    );
  }
  out(bold('▸ CLI recipes') + dim(` (more in docs/ops.md; CLI at ${cli})`));
  // Query answers are encrypted payloads: the CLI decodes them through the codec server with a token.
  const codec = `--codec-endpoint http://127.0.0.1:${config.CODEC_SERVER_PORT} --codec-auth "Bearer $CODEC_TOKEN"`;
  if (config.CODEC_AUTH_TOKENS.length === 0) {
    out(
      dim(
        '  (the CLI decodes payloads with a codec token: start the stack with CODEC_AUTH_TOKENS=<token>, export CODEC_TOKEN=<token>)',
      ),
    );
  }
  out(`  temporal --address ${address} workflow query --workflow-id '${ids[0] ?? ''}' --name getStatus ${codec}`);
  out(`  temporal --address ${address} workflow describe --workflow-id '${ids[0] ?? ''}'`);
  out(
    `  temporal --address ${address} workflow list --query "MigrationKind = 'port-in' AND ExecutionStatus = 'Completed'"`,
  );
  out(`  temporal --address ${address} workflow list --query "Escalated = true AND ExecutionStatus = 'Running'"\n`);
}
