import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * A private Dovecot IMAP server (Debian's dovecot-imapd; `.ci/run` installs it when missing): its
 * own config, a passwd-file user and a Maildir in a temp directory, on a free port of 127.0.0.1.
 * Runs as the current user; as root (CI) the mail user and login processes run as Dovecot's own
 * unprivileged users, which Dovecot requires.
 */
export interface ImapServer {
  host: string;
  port: number;
  user: string;
  pass: string;
  /** Puts one message into a folder ('INBOX' or e.g. 'Processed') as a mail server's delivery would (Maildir new/). */
  deliver(raw: string, folder?: string): void;
  /** How many messages a folder holds. */
  count(folder?: string): number;
  /** The env of an app that reads this mailbox. */
  env(): Record<string, string>;
  stop(): Promise<void>;
}

const DOVECOT = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'];

function dovecotBinary(): string {
  for (const path of DOVECOT) {
    try {
      execFileSync(path, ['--version'], { stdio: 'ignore' });
      return path;
    } catch {
      // next
    }
  }
  throw new Error('Dovecot is not installed: apt-get install -y dovecot-imapd (.ci/run does this)');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const idOf = (name: string, flag: '-u' | '-g'): number => Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());

async function answers(port: number, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const greeting = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      let data = '';
      socket.on('data', (chunk) => {
        data += chunk.toString();
        if (data.includes('\n')) socket.end();
      });
      socket.on('close', () => resolve(data));
      socket.on('error', () => resolve(''));
    });
    if (greeting.startsWith('* OK')) return;
    if (Date.now() > until) throw new Error(`Dovecot did not answer on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function startImapServer(): Promise<ImapServer> {
  const binary = dovecotBinary();
  const dir = mkdtempSync(join(tmpdir(), 'civic-dovecot-'));
  const port = await freePort();
  const user = 'bounces';
  const pass = randomBytes(12).toString('hex');
  const me = userInfo();
  const root = me.uid === 0;
  // As root: Dovecot refuses mail access and login processes as uid 0; its package's users do that.
  const mailUid = root ? idOf('dovecot', '-u') : me.uid;
  const mailGid = root ? idOf('dovecot', '-g') : me.gid;
  const loginUser = root ? 'dovenull' : me.username;
  const internalUser = root ? 'dovecot' : me.username;
  const home = join(dir, 'home');
  const maildir = join(home, 'Maildir');
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(maildir, sub), { recursive: true });
  mkdirSync(join(dir, 'run'), { recursive: true });
  writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${pass}:${mailUid}:${mailGid}::${home}::\n`);
  writeFileSync(
    join(dir, 'dovecot.conf'),
    [
      `base_dir = ${join(dir, 'run')}`,
      `state_dir = ${join(dir, 'run')}`,
      `instance_name = civic-dovecot-${port}`,
      'protocols = imap',
      `listen = 127.0.0.1`,
      'ssl = no',
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain login',
      `default_login_user = ${loginUser}`,
      `default_internal_user = ${internalUser}`,
      // Not root: the services' sockets belong to the current user's group, which Dovecot may chown to.
      ...(root ? [] : [`default_internal_group = ${execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim()}`]),
      `first_valid_uid = ${mailUid}`,
      `last_valid_uid = ${mailUid}`,
      `first_valid_gid = 0`,
      `log_path = ${join(dir, 'dovecot.log')}`,
      `mail_location = maildir:~/Maildir`,
      'passdb {',
      '  driver = passwd-file',
      `  args = scheme=PLAIN ${join(dir, 'passwd')}`,
      '}',
      'userdb {',
      '  driver = passwd-file',
      `  args = ${join(dir, 'passwd')}`,
      '}',
      'service imap-login {',
      '  inet_listener imap {',
      `    port = ${port}`,
      '  }',
      '  inet_listener imaps {',
      '    port = 0',
      '  }',
      ...(root ? [] : ['  chroot =', `  user = ${me.username}`]),
      '}',
      ...(root ? [] : ['service anvil {', '  chroot =', '}', 'service imap {', `  user = ${me.username}`, '}']),
      ...(root ? [] : ['service auth {', `  user = ${me.username}`, '}', 'service auth-worker {', `  user = ${me.username}`, '}']),
      'service stats {',
      '  unix_listener stats-reader {',
      `    user = ${internalUser}`,
      '  }',
      '  unix_listener stats-writer {',
      `    user = ${internalUser}`,
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  if (root) {
    for (const path of [home, join(home, 'Maildir'), ...['cur', 'new', 'tmp'].map((sub) => join(maildir, sub))]) chownSync(path, mailUid, mailGid);
    chmodSync(dir, 0o755);
  }
  const child: ChildProcess = spawn(binary, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await Promise.race([
      answers(port),
      exited.then(() => {
        throw new Error(`Dovecot exited: ${stderr}`);
      }),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  let sequence = 0;
  const folderDir = (folder: string) => (folder === 'INBOX' ? maildir : join(maildir, `.${folder}`));
  return {
    host: '127.0.0.1',
    port,
    user,
    pass,
    deliver(raw, folder = 'INBOX') {
      const target = folderDir(folder);
      const name = `${Date.now()}.M${++sequence}P${process.pid}.civic-test`;
      writeFileSync(join(target, 'tmp', name), raw.replace(/\r?\n/g, '\n'));
      // Maildir delivery: written in tmp/, then moved into new/ in one step.
      execFileSync('mv', [join(target, 'tmp', name), join(target, 'new', name)]);
      if (root) chownSync(join(target, 'new', name), mailUid, mailGid);
    },
    count(folder = 'INBOX') {
      const target = folderDir(folder);
      try {
        return readdirSync(join(target, 'new')).length + readdirSync(join(target, 'cur')).length;
      } catch {
        return 0;
      }
    },
    env() {
      return {
        CIVIC_BOUNCES_IMAP_HOST: '127.0.0.1',
        CIVIC_BOUNCES_IMAP_PORT: String(port),
        CIVIC_BOUNCES_IMAP_SECURE: 'false',
        CIVIC_BOUNCES_IMAP_USER: user,
        CIVIC_BOUNCES_IMAP_PASS: pass,
        // Read when the test says so.
        CIVIC_BOUNCES_IMAP_POLL_MS: '0',
      };
    },
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
