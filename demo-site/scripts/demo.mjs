// `pnpm start`: the whole Musterstadt demo on one machine — CMS with admin panel, town website,
// and a real SMTP mail catcher with a web inbox. Seeds topics, consent texts and (DEMO_ADMIN=1, the default
// here) a demo admin whose password is generated on first start and kept in demo-site/.env.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { appDir, baseEnv, demoAdminPassword, ensureDotEnv } from './lib/app-env.mjs';
import { startWebsite } from '../website/server.mjs';
import { startSmsGateway } from './lib/sms-gateway.mjs';

const require = createRequire(import.meta.url);
const MailDev = require('maildev');

const ports = {
  cms: Number(process.env.PORT ?? 1337),
  website: Number(process.env.WEBSITE_PORT ?? 8080),
  smtp: Number(process.env.SMTP_PORT ?? 1025),
  inbox: Number(process.env.MAILDEV_WEB_PORT ?? 1080),
  sms: Number(process.env.SMS_GATEWAY_PORT ?? 1090),
};
const cmsUrl = process.env.PUBLIC_URL ?? `http://localhost:${ports.cms}`;
const websiteUrl = `http://localhost:${ports.website}`;
const strapiBin = join(appDir, 'node_modules', '.bin', 'strapi');

// Everything listens on localhost unless HOST says otherwise (e.g. HOST=0.0.0.0 inside a container).
const host = process.env.HOST ?? '127.0.0.1';
// The demo admin: asked for here (DEMO_ADMIN=0 skips it), with a password of this machine's own.
const wantsDemoAdmin = process.env.DEMO_ADMIN !== '0';
const dotEnv = ensureDotEnv();
const demoAdmin = wantsDemoAdmin
  ? { email: process.env.DEMO_ADMIN_EMAIL ?? 'admin@musterstadt.example', ...demoAdminPassword() }
  : null;

const env = {
  ...process.env,
  ...baseEnv,
  ...dotEnv,
  HOST: host,
  DEMO_ADMIN: demoAdmin ? '1' : '',
  ...(demoAdmin ? { DEMO_ADMIN_EMAIL: demoAdmin.email, DEMO_ADMIN_PASSWORD: demoAdmin.password } : {}),
  PORT: String(ports.cms),
  PUBLIC_URL: cmsUrl,
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: String(ports.smtp),
  CIVIC_ALLOWED_ORIGINS: process.env.CIVIC_ALLOWED_ORIGINS ?? websiteUrl,
  TOWN_WEBSITE_URL: websiteUrl,
  TOWN_PRIVACY_URL: `${websiteUrl}/datenschutz.html`,
  // SMS go to the local gateway (its page lists them); its delivery reports come back with this secret.
  CIVIC_SMS_ENABLED: process.env.CIVIC_SMS_ENABLED ?? 'true',
  CIVIC_SMS_HTTP_URL: process.env.CIVIC_SMS_HTTP_URL ?? `http://127.0.0.1:${ports.sms}/messages`,
  CIVIC_SMS_WEBHOOK_SECRET: process.env.CIVIC_SMS_WEBHOOK_SECRET ?? 'demo-sms-webhook-secret',
};

mkdirSync(join(appDir, 'public', 'uploads'), { recursive: true });

const maildev = new MailDev({ smtp: ports.smtp, web: ports.inbox, ip: '127.0.0.1', silent: true });
await new Promise((resolve, reject) => maildev.listen((err) => (err ? reject(err) : resolve())));
const smsGateway = await startSmsGateway({
  port: ports.sms,
  reportUrl: `${cmsUrl}/api/civic-dialog/sms/delivery-report`,
  reportSecret: env.CIVIC_SMS_WEBHOOK_SECRET,
});

console.log('Building the admin panel (a minute or two)…');
const build = spawnSync(strapiBin, ['build'], { cwd: appDir, env, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const cms = spawn(strapiBin, ['start'], { cwd: appDir, env, stdio: ['ignore', 'inherit', 'inherit'] });
const website = await startWebsite({ port: ports.website, host, cmsUrl });

async function waitForCms() {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${cmsUrl}/_health`)).ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('the CMS did not start within 2 minutes');
}
await waitForCms();

const adminLogin = demoAdmin
  ? `${demoAdmin.email} / ${demoAdmin.password}${demoAdmin.created ? '   (generated now, kept in demo-site/.env)' : ''}`
  : 'none seeded (DEMO_ADMIN=0): create the first admin in the panel';
console.log(`
  Musterstadt is running.

  Town website (embeds the widgets): ${websiteUrl}/newsletter.html
    preference center, export, erasure:  ${websiteUrl}/mein-newsletter.html
    events:                              ${websiteUrl}/veranstaltungen.html
    surveys:                             ${websiteUrl}/umfrage.html
    news (newsletter article links):     ${websiteUrl}/aktuelles.html
  CMS admin panel:                   ${cmsUrl}/admin
    demo login:                      ${adminLogin}
  Mail inbox (every mail sent):      http://localhost:${ports.inbox}
  SMS inbox (local SMS gateway):     http://localhost:${ports.sms}

  Press Ctrl+C to stop.
`);

const stop = async () => {
  cms.kill('SIGTERM');
  await website.close();
  maildev.close();
  await smsGateway.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
cms.on('exit', (code) => {
  console.error(`The CMS stopped (exit code ${code}).`);
  process.exit(code ?? 1);
});
