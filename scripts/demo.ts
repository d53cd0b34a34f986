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
import { bold, dim, mask, openDemoSession, out, printOutcome, type DemoSession, type StartedRun } from './demo-session';
import { cacheRoot, TEMPORAL_CLI_VERSION } from './temporal-binaries';

// Polls each second (the defaults wait 30 s to 5 min), so a flow sees the simulated human at once.
const FAST = { pollEvery: '1s', remindEvery: '1h' };

export async function runDemo(config: Config): Promise<void> {
  const demo = openDemoSession(config);
  await cloudApiPortIn(demo);
  await onPremisePortIn(demo);
  await portOut(demo);
  await partnerChange(demo);
  // 5. A batch: many numbers of one client in one call, paced as one.
  await demoBatch(demo, 'Demo 5/5', FAST);
  printWhereToLook(config, demo.started);
}

/** 1. Cloud-API port-in by Embedded Signup: the owner moves the number in Meta's popup, we do the rest. */
async function cloudApiPortIn(demo: DemoSession): Promise<void> {
  const { api, sim, http, curl, migrationUrl } = demo;
  const { cloudNumber, sourceWabaId, destWabaId, business } = await seedCloudNumber(demo);
  out(
    bold(
      `\n▸ Demo 1/5: Cloud-API port-in of ${cloudNumber} by Embedded Signup (export API=${api} TOKEN=<one of API_TOKENS>)`,
    ),
  );
  const cloudPortIn = await demo.start('port-ins', {
    phoneNumber: cloudNumber,
    wabaId: destWabaId,
    metaBusinessId: business,
    businessWebsite: `${sim}/sites/demo-shop`,
    attestations: { adminAccess: true, phoneAccess: true },
    timings: FAST,
    path: 'cloud-api',
    cloud: { way: 'embedded-signup', sourceWabaId, creditLine: { id: 'cl-360dialog', currency: 'EUR' } },
  });
  printOutcome(
    await demo.follow(cloudPortIn, {
      AWAITING_EMBEDDED_SIGNUP: async () => {
        out(dim("  (the owner turns 2FA off and completes Meta's popup, typing Meta's code there: simulated)"));
        const session = await demo.simPost('/_sim/cloud/embedded-signup', { e164: cloudNumber, wabaId: destWabaId });
        const body = { wabaId: session.wabaId, phoneNumberId: session.phoneNumberId, code: session.code ?? '' };
        // The signup code is a one-time credential: masked on screen, sealed before Temporal sees it.
        curl('POST', migrationUrl(cloudPortIn, '/embedded-signup'), { ...body, code: '<code from FB.login>' });
        out(`  → ${JSON.stringify(await http('POST', migrationUrl(cloudPortIn, '/embedded-signup'), body))}`);
      },
    }),
  );
  const cloudKey = await http<{ apiKey: string; keyId: string; twoFactorPin?: string }>(
    'GET',
    migrationUrl(cloudPortIn, '/api-key'),
  );
  curl('GET', migrationUrl(cloudPortIn, '/api-key'));
  out(
    `  → API key ${mask(cloudKey.apiKey)} (id ${cloudKey.keyId}) and the number's new two-step PIN ${cloudKey.twoFactorPin ? '••••••' : '(none)'}: the owner turns 2FA back on with it\n`,
  );
}

/**
 * The number on another BSP's WABA, with three templates of which Meta refuses to copy one, and the
 * WABA it moves to, both in one Meta business (templates are copied within a business only).
 */
async function seedCloudNumber(demo: DemoSession) {
  const cloudNumber = `+4917${randomInt(100_000_000, 999_999_999)}`;
  const tag = randomInt(1e9, 1e10);
  const [sourceWabaId, destWabaId, business] = [`waba-other-bsp-${tag}`, `waba-demo-${tag}`, '1234567890'];
  await demo.simPost(`/_sim/cloud/numbers/${encodeURIComponent(cloudNumber)}`, {
    sourceWabaId,
    businessId: business,
    templates: [
      { name: 'order_update' },
      { name: 'welcome' },
      { name: 'promo_blast', failReason: 'Incorrect category' },
    ],
  });
  await demo.simPost(`/_sim/cloud/wabas/${destWabaId}`, { businessId: business });
  return { cloudNumber, sourceWabaId, destWabaId, business };
}

/** 2. Port-in from another BSP's On-Premise API (the legacy path): the requester types the PIN. */
async function onPremisePortIn(demo: DemoSession): Promise<void> {
  const { sim, http, curl, migrationUrl } = demo;
  const e164 = `+4915${randomInt(100_000_000, 999_999_999)}`;
  out(bold(`▸ Demo 2/5: On-Premise port-in of ${e164} to 360dialog (the legacy path)`));
  const portIn = await demo.start('port-ins', {
    path: 'on-premise',
    phoneNumber: e164,
    wabaId: `waba-${e164.slice(1)}`,
    metaBusinessId: '1234567890',
    businessWebsite: `${sim}/sites/demo-shop`,
    attestations: { adminAccess: true, phoneAccess: true },
    codeMethod: 'SMS',
    timings: { ...FAST, resendCooldown: '5s' },
  });
  printOutcome(
    await demo.follow(portIn, {
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
        curl('POST', migrationUrl(portIn, '/pin'), { pin: '<6 digits>' });
        out(`  → ${JSON.stringify(await http('POST', migrationUrl(portIn, '/pin'), { pin }))}`);
      },
    }),
  );
  const key = await http<{ apiKey: string; keyId: string }>('GET', migrationUrl(portIn, '/api-key'));
  curl('GET', migrationUrl(portIn, '/api-key'));
  out(
    `  → API key ${mask(key.apiKey)} (id ${key.keyId}), fetchable for API_KEY_PICKUP_WINDOW (7 days) after completion, never logged\n`,
  );
}

/** 3. Port-out: a number leaves 360dialog; cancelling the subscription needs an explicit confirmation. */
async function portOut(demo: DemoSession): Promise<void> {
  const { sim, http, curl, migrationUrl } = demo;
  const outWaba = await demo.seedWaba(1);
  const leaving = outWaba.channels[0]?.e164 ?? '';
  out(bold(`▸ Demo 3/5: port-out of ${leaving} (WABA ${outWaba.wabaId}) to another BSP`));
  const portOut = await demo.start('port-outs', { phoneNumber: leaving, wabaId: outWaba.wabaId, timings: FAST });
  printOutcome(
    await demo.follow(portOut, {
      AWAITING_NUMBER_LEFT: async () => {
        out(dim('  (the new BSP migrates the number away: simulated)'));
        await http('POST', `${sim}/_sim/numbers/${encodeURIComponent(leaving)}/left`, undefined, false);
      },
      AWAITING_CANCELLATION_CONFIRMATION: async () => {
        const body = { confirm: true, confirmedBy: 'demo@example.com' };
        curl('POST', migrationUrl(portOut, '/subscription/cancel'), body);
        out(`  → ${JSON.stringify(await http('POST', migrationUrl(portOut, '/subscription/cancel'), body))}`);
      },
    }),
  );
}

/** 4. Partner change: a WABA with two numbers moves to another integration partner inside 360dialog. */
async function partnerChange(demo: DemoSession): Promise<void> {
  const { http, curl, migrationUrl } = demo;
  const pcWaba = await demo.seedWaba(2);
  const partner = `DEMO${randomInt(10_000, 99_999)}PA`;
  out(bold(`▸ Demo 4/5: partner change of WABA ${pcWaba.wabaId} (2 numbers) to ${partner}`));
  const change = await demo.start('partner-changes', {
    wabaId: pcWaba.wabaId,
    destinationPartnerId: partner,
    timings: FAST,
  });
  printOutcome(
    await demo.follow(change, {
      AWAITING_NUMBER_CONFIRMATION: async () => {
        const body = { phoneNumbers: pcWaba.channels.map((c) => c.e164) };
        curl('POST', migrationUrl(change, '/numbers/confirm'), body);
        await http('POST', migrationUrl(change, '/numbers/confirm'), body);
      },
      AWAITING_PERMISSION_SELECTION: async () => {
        const body = { channelIds: pcWaba.channels.map((c) => c.id) };
        curl('POST', migrationUrl(change, '/numbers/permissions'), body);
        await http('POST', migrationUrl(change, '/numbers/permissions'), body);
      },
    }),
  );
}

function printWhereToLook(config: Config, runs: StartedRun[]): void {
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
