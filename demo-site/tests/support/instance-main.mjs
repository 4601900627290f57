// One Strapi instance of the demo app in its own process, started by instances.ts (fork with IPC)
// and by scripts/release-fixture.mjs.
// Out of process so that SIGKILL is a real crash: no destroy(), no finally, connections just drop.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { appDir } from '../../scripts/lib/app-env.mjs';

// STRAPI_APP_DIR boots another checkout's demo app (scripts/release-fixture.mjs: the previous release).
const dir = process.env.STRAPI_APP_DIR || appDir;
// Strapi's ES module build does not load under plain Node; its CommonJS build does.
const { createStrapi } = createRequire(join(dir, 'package.json'))('@strapi/strapi');

// The test process gone (even by SIGKILL) means this instance has no one to answer: stop too.
process.on('disconnect', () => process.exit(0));

const strapi = await createStrapi({ appDir: dir, distDir: join(dir, 'dist') }).load();
strapi.log.level = process.env.INSTANCE_LOG_LEVEL || 'error';
await strapi.listen();

/** JSON has no dates: `{ $date: iso }` stands for one in call arguments. */
const revive = (value) =>
  value && typeof value === 'object'
    ? '$date' in value
      ? new Date(value.$date)
      : Array.isArray(value)
        ? value.map(revive)
        : Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, revive(inner)]))
    : value;

// call(target, method, args): a plugin service by name, or Strapi's document service by UID.
process.on('message', async ({ id, target, method, args }) => {
  try {
    const object = target.includes('::') ? strapi.documents(target) : strapi.plugin('civic-dialog').service(target);
    const result = await object[method](...revive(args));
    process.send({ id, result: result === undefined ? null : JSON.parse(JSON.stringify(result)) });
  } catch (error) {
    process.send({ id, error: error?.stack ?? String(error) });
  }
});

process.on('SIGTERM', async () => {
  await strapi.destroy();
  process.exit(0);
});

process.send({ ready: true, pid: process.pid });
