import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ImapFlow } from "imapflow";

/**
 * A real IMAP server for tests: Debian's dovecot-imapd, started with a throwaway config on a free
 * loopback port, plain auth allowed, one passwd-file user and a Maildir in a temp folder.
 * `dovecotAvailable()` lets tests skip on a developer machine without it (CI must install it).
 */
const DOVECOT = ["/usr/sbin/dovecot", "/usr/local/sbin/dovecot"].find((p) => existsSync(p));

/**
 * Whether dovecot is installed. Without it a suite skips on a developer machine (with a warning
 * naming `what`); under CI=true a missing dovecot is a failure, never a silent skip.
 */
export function dovecotAvailable(what = "IMAP tests"): boolean {
  if (DOVECOT) return true;
  if (process.env.CI === "true") throw new Error("dovecot is not installed but CI=true: add dovecot-imapd to the CI apt packages");
  console.warn(`Skipping ${what}: dovecot is not installed (apt-get install -y dovecot-imapd)`);
  return false;
}

export interface Dovecot {
  host: string;
  port: number;
  user: string;
  pass: string;
  /** Adds a message to a mailbox over IMAP APPEND (as a mail delivery would). */
  append(raw: string | Buffer, mailbox?: string): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

// Dovecot refuses to keep mail as root, so as root the mail is owned by "nobody".
function mailOwner(): { uid: number; gid: number } {
  const uid = process.getuid?.() ?? 0;
  if (uid !== 0) return { uid, gid: process.getgid?.() ?? uid };
  const id = (flag: string) => Number(spawnSync("id", [flag, "nobody"]).stdout.toString().trim());
  return { uid: id("-u"), gid: id("-g") };
}

function config(dir: string, port: number, owner: { uid: number; gid: number }): string {
  const uid = process.getuid?.() ?? 0;
  const login = spawnSync("id", ["-un"]).stdout.toString().trim() || "root";
  return `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${dir}/mail/%u
first_valid_uid = 0
first_valid_gid = 0
default_login_user = ${uid === 0 ? "dovenull" : login}
default_internal_user = ${uid === 0 ? "dovecot" : login}
passdb {
  driver = passwd-file
  args = ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${owner.uid} gid=${owner.gid} home=${dir}/home/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
`;
}

function waitForPort(port: number, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) {
        const log = existsSync(logFile) ? readFileSync(logFile, "utf8") : "";
        return reject(new Error(`dovecot exited with ${child.exitCode}: ${log.slice(-2000)}`));
      }
      const socket = createConnection({ host: "127.0.0.1", port });
      socket.once("data", () => {
        socket.destroy();
        resolve();
      });
      socket.once("error", () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error("dovecot did not start listening within 15 s"));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

export async function freeLoopbackPort(): Promise<number> {
  return freePort();
}

export async function startDovecot(opts: { port?: number } = {}): Promise<Dovecot> {
  if (!DOVECOT) throw new Error("dovecot is not installed (apt-get install -y dovecot-imapd)");
  const dir = mkdtempSync(join(tmpdir(), "sb-dovecot-"));
  // Dovecot's auth process runs as the unprivileged "dovecot" user and must read the passwd file.
  chmodSync(dir, 0o755);
  for (const sub of ["run", "state", "mail", "home"]) mkdirSync(join(dir, sub));
  const user = "support";
  const pass = "imap-test-password";
  writeFileSync(join(dir, "passwd"), `${user}:{PLAIN}${pass}::::::\n`);
  const owner = mailOwner();
  for (const sub of ["mail", "home"]) chownSync(join(dir, sub), owner.uid, owner.gid);
  const port = opts.port ?? (await freePort());
  writeFileSync(join(dir, "dovecot.conf"), config(dir, port, owner));
  const child = spawn(DOVECOT, ["-F", "-c", join(dir, "dovecot.conf")], { stdio: ["ignore", "ignore", "pipe"] });
  // Never leave a dovecot behind if the test process dies without calling stop().
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  try {
    await waitForPort(port, child, join(dir, "dovecot.log"));
  } catch (err) {
    child.kill("SIGKILL");
    throw new Error(`${(err as Error).message}\n${stderr}`);
  }
  return {
    host: "127.0.0.1",
    port,
    user,
    pass,
    async append(raw, mailbox = "INBOX") {
      const client = new ImapFlow({ host: "127.0.0.1", port, secure: false, auth: { user, pass }, logger: false });
      await client.connect();
      try {
        await client.append(mailbox, raw);
      } finally {
        await client.logout();
      }
    },
    async stop() {
      process.off("exit", killOnExit);
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
